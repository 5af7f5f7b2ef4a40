// The checks behind every loss's error messages.
#include "validate.hpp"

#include <cmath>
#include <sstream>

namespace tapegrad {

std::string format_number(double x) {
    std::ostringstream out;
    out.precision(6);
    out << x;
    return out.str();
}

template <class T>
void check_same_shape(const char* op, const char* a_name, const Tensor<T>& a, const char* b_name,
                      const Tensor<T>& b) {
    if (a.rows() == b.rows() && a.cols() == b.cols()) return;
    throw ShapeError(std::string(op) + ": " + a_name + " (" + shape_of(a) + ") and " + b_name + " (" +
                     shape_of(b) + ") must have the same shape");
}

template <class T>
void check_probabilities(const char* op, const char* name, const Tensor<T>& x) {
    // The usual case in three vectorised reductions (a NaN makes the sum NaN); the loop below only
    // runs to name the entry that fails.
    if (x.size() == 0 || (x.minCoeff() >= T(0) && x.maxCoeff() <= T(1) && std::isfinite(x.sum()))) return;
    for (Index i = 0; i < x.rows(); ++i)
        for (Index j = 0; j < x.cols(); ++j)
            if (!(x(i, j) >= T(0) && x(i, j) <= T(1)))
                throw ValueError(std::string(op) + ": " + name + "(" + std::to_string(i) + "," +
                                 std::to_string(j) + ") = " + format_number(static_cast<double>(x(i, j))) +
                                 " is not a probability: entries must lie in [0, 1]");
}

template <class T>
void check_distributions(const char* op, const char* name, const Tensor<T>& x) {
    check_probabilities(op, name, x);
    for (Index i = 0; i < x.rows(); ++i) {
        T row_total = 0;  // a plain loop: Eigen's row sums are slow on short rows
        for (const T* v = x.data() + i * x.cols(), *end = v + x.cols(); v != end; ++v) row_total += *v;
        const double total = static_cast<double>(row_total);
        if (std::abs(total - 1) > probability_sum_tolerance)
            throw ValueError(std::string(op) + ": " + name + " row " + std::to_string(i) + " sums to " +
                             format_number(total) + ", not 1 (tolerance " +
                             format_number(probability_sum_tolerance) +
                             "): each row must be a probability distribution over the classes");
    }
}

void check_classes(const char* op, std::span<const Index> target, Index rows, Index classes,
                   std::optional<Index> ignore) {
    if (static_cast<Index>(target.size()) != rows)
        throw ShapeError(std::string(op) + ": " + std::to_string(rows) + " rows of scores and " +
                         std::to_string(target.size()) + " class indices: give one class index per row");
    for (std::size_t i = 0; i < target.size(); ++i) {
        const Index c = target[i];
        if ((c >= 0 && c < classes) || (ignore && c == *ignore)) continue;
        std::string hint;
        if (c == classes) hint = "; if your labels count from 1, subtract 1";
        if (c < 0) hint = "; to skip rows, set ignore_index";
        throw ValueError(std::string(op) + ": class index " + std::to_string(c) + " in row " +
                         std::to_string(i) + " is out of range for " + std::to_string(classes) +
                         " classes (0.." + std::to_string(classes - 1) + ")" + hint);
    }
}

void check_weights(const char* op, const char* what, std::span<const double> weights, Index classes) {
    if (weights.empty()) return;
    if (static_cast<Index>(weights.size()) != classes)
        throw ShapeError(std::string(op) + ": " + std::to_string(weights.size()) + " " + what + " for " +
                         std::to_string(classes) + " classes: give one per class (column)");
    for (std::size_t c = 0; c < weights.size(); ++c)
        if (!(weights[c] >= 0 && std::isfinite(weights[c])))
            throw ValueError(std::string(op) + ": " + what + "[" + std::to_string(c) + "] = " +
                             format_number(weights[c]) + ": weights must be finite and >= 0");
}

#define TAPEGRAD_INSTANTIATE(T)                                                                       \
    template void check_same_shape(const char*, const char*, const Tensor<T>&, const char*,           \
                                   const Tensor<T>&);                                                 \
    template void check_probabilities(const char*, const char*, const Tensor<T>&);                    \
    template void check_distributions(const char*, const char*, const Tensor<T>&);
TAPEGRAD_INSTANTIATE(float)
TAPEGRAD_INSTANTIATE(double)

}  // namespace tapegrad
