// Printing the tape: see tape_print.hpp.
#include "tape_print.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <limits>
#include <sstream>
#include <vector>

namespace tapegrad {

namespace {
std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v == 0 ? 0.0 : v);  // -0 (a gradient times 0) prints as 0
    return buf;
}

// One printed row of the tape, cut into its columns.
struct Row {
    std::string op, inputs, shape, value, grad;
};

template <class T>
Row row_of(const Node<T>& n) {
    Row r;
    r.op = n.name ? std::string(n.op) + " " + *n.name : std::string(n.op);
    r.inputs.push_back('(');  // not = "(": GCC 12 warns falsely there (-Wrestrict, bug 105329)
    for (std::size_t k = 0; k < n.inputs.size(); ++k) r.inputs.append(k ? ", " : "").append(std::to_string(n.inputs[k]));
    r.inputs += ")";
    r.shape = shape_of(n.value());
    r.value = summary(n.value());
    r.grad = n.requires_grad ? summary(n.grad()) : std::string("-");
    return r;
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

// Each column is as wide as its widest entry needs (at least the usual width), so a long op
// name such as "softmax_cross_entropy" or a long summary pushes the whole column, not one row.
template <class T>
std::ostream& operator<<(std::ostream& out, const Tape<T>& tape) {
    std::vector<Row> rows;
    std::size_t op_w = 21, inputs_w = 10, shape_w = 9, value_w = 40;
    for (std::size_t i = 0; i < tape.size(); ++i) {
        rows.push_back(row_of(tape.node(static_cast<int>(i))));
        const Row& r = rows.back();
        op_w = std::max(op_w, r.op.size() + 1);
        inputs_w = std::max(inputs_w, r.inputs.size() + 1);
        shape_w = std::max(shape_w, r.shape.size() + 1);
        value_w = std::max(value_w, r.value.size() + 1);
    }
    auto w = [](std::size_t n) { return std::setw(static_cast<int>(n)); };
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const Row& r = rows[i];
        out << std::setw(4) << i << "  " << std::left << w(op_w) << r.op << w(inputs_w) << r.inputs << w(shape_w)
            << r.shape << "value " << w(value_w) << r.value << "grad " << r.grad << std::right << "\n";
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
