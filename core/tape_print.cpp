// Printing the tape: see tape_print.hpp.
#include "tape_print.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <limits>
#include <sstream>

namespace tapegrad {

namespace {
std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}
}  // namespace

template <class T>
double stable_mean(const Tensor<T>& x) {
    if (x.size() == 0) return 0;
    const double mean = x.template cast<double>().mean();
    const double largest = static_cast<double>(x.cwiseAbs().maxCoeff());
    const double noise = static_cast<double>(x.size()) * std::numeric_limits<T>::epsilon() * largest;
    return std::abs(mean) <= noise ? 0.0 : mean;
}

template <class T>
std::string summary(const Tensor<T>& x) {
    if (x.size() == 0) return "-";
    if (x.size() == 1) return number(static_cast<double>(x(0, 0)));
    return "min " + number(static_cast<double>(x.minCoeff())) +
           " mean " + number(stable_mean(x)) +
           " max " + number(static_cast<double>(x.maxCoeff()));
}

template <class T>
std::ostream& operator<<(std::ostream& out, const Tape<T>& tape) {
    for (std::size_t i = 0; i < tape.size(); ++i) {
        const Node<T>& n = tape.node(static_cast<int>(i));
        std::string inputs = "(";
        for (std::size_t k = 0; k < n.inputs.size(); ++k)
            inputs += (k ? ", " : "") + std::to_string(n.inputs[k]);
        inputs += ")";
        const std::string op = n.name ? std::string(n.op) + " " + *n.name : std::string(n.op);
        out << std::setw(4) << i << "  " << std::left << std::setw(20) << op << " " << std::setw(10)
            << inputs << std::setw(9) << shape_of(n.value()) << "value " << std::setw(40)
            << summary(n.value()) << "grad "
            << (n.requires_grad ? summary(n.grad()) : std::string("-")) << std::right << "\n";
    }
    return out;
}

template std::string summary(const Tensor<float>&);
template std::string summary(const Tensor<double>&);
template double stable_mean(const Tensor<float>&);
template double stable_mean(const Tensor<double>&);
template std::ostream& operator<<(std::ostream&, const Tape<float>&);
template std::ostream& operator<<(std::ostream&, const Tape<double>&);

}  // namespace tapegrad
