// Small helpers shared by the loss tests: tensors written in place, a softmax and a sigmoid
// computed the plain way (to compare the fused losses against), random distributions.
#pragma once

#include <tapegrad/tapegrad.hpp>

#include <cmath>
#include <initializer_list>
#include <vector>

namespace loss_test {

using tapegrad::Index;
using tapegrad::Tensor;

/// A tensor written row by row: rows<double>({{1, 2}, {3, 4}}).
template <class T>
Tensor<T> rows(std::initializer_list<std::initializer_list<double>> values) {
    Tensor<T> t(static_cast<Index>(values.size()), static_cast<Index>(values.begin()->size()));
    Index i = 0;
    for (const auto& r : values) {
        Index j = 0;
        for (double v : r) t(i, j++) = static_cast<T>(v);
        ++i;
    }
    return t;
}

/// softmax of each row, the textbook way (only for moderate logits).
inline Tensor<double> softmax_of(const Tensor<double>& z) {
    Tensor<double> p = z.array().exp().matrix();
    for (Index i = 0; i < p.rows(); ++i) p.row(i) /= p.row(i).sum();
    return p;
}

inline Tensor<double> sigmoid_of(const Tensor<double>& x) {
    return (1.0 / (1.0 + (-x.array()).exp())).matrix();
}

inline Tensor<double> one_hot_of(const std::vector<Index>& classes, Index C) {
    Tensor<double> t = Tensor<double>::Zero(static_cast<Index>(classes.size()), C);
    for (std::size_t i = 0; i < classes.size(); ++i) t(static_cast<Index>(i), classes[i]) = 1;
    return t;
}

/// m random distributions over C outcomes; with `some_zeros`, about a quarter of the entries are 0.
inline Tensor<double> random_distributions(tapegrad::Rng& rng, Index m, Index C, bool some_zeros = false) {
    Tensor<double> p = rng.uniform_tensor<double>(m, C, 0.05, 1.0);
    if (some_zeros)
        for (Index i = 0; i < m; ++i)
            for (Index j = 1; j < C; ++j)  // column 0 stays positive so no row is all zero
                if (rng.uniform() < 0.25) p(i, j) = 0;
    for (Index i = 0; i < m; ++i) p.row(i) /= p.row(i).sum();
    return p;
}

/// Largest |a - b| over all entries.
template <class T>
double max_diff(const Tensor<T>& a, const Tensor<T>& b) {
    return static_cast<double>((a - b).cwiseAbs().maxCoeff());
}

}  // namespace loss_test
