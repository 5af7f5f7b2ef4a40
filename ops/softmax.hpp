// Softmax and log-softmax over each row (each row is one example's scores over the classes) or each
// column, and
// log_softmax_row, the stable arithmetic they share with logsumexp and the cross-entropy losses.
#pragma once

#include "../core/tape.hpp"

#include <cmath>
#include <limits>
#include <type_traits>

namespace tapegrad {

/// y_ij = e^x_ij / sum_k e^x_ik, each row shifted by its max first so nothing overflows.
///   x: (m,n)  y: (m,n)    dL/dx_ij = y_ij (dL/dy_ij - sum_k dL/dy_ik y_ik)
template <class T> Var<T> softmax(Var<T> x);
/// y_ij = x_ij - ln sum_k e^x_ik, computed as (x_ij - m_i) - ln sum_k e^(x_ik - m_i), m_i = max_k x_ik.
///   x: (m,n)  y: (m,n)    dL/dx_ij = dL/dy_ij - softmax_ij sum_k dL/dy_ik
/// Finite and exact at logits of +-1e4; a row of equal values gives -ln n; shifting a row by a
/// constant (even 1e7 in float64) gives the same answer. A row of -inf only: see log_softmax_row.
template <class T> Var<T> log_softmax(Var<T> x);
/// softmax down each column: y_ij = e^x_ij / sum_k e^x_kj (torch.softmax(x, dim=0)), as stable.
template <class T> Var<T> colwise_softmax(Var<T> x);
/// log_softmax down each column (torch.log_softmax(x, dim=0)), as stable.
template <class T> Var<T> colwise_log_softmax(Var<T> x);

/// The stable arithmetic behind log_softmax, softmax and logsumexp, for one row x[0..n):
///   m = max_j x_j     z_j = x_j - m <= 0, so e^z_j <= 1 never overflows
///   s = sum_j e^z_j = 1 + rest   (the first max contributes e^0 = 1 exactly)
///   out_j = z_j - ln s = log_softmax_j,   returned: m + ln s = ln sum_j e^x_j (logsumexp)
/// ln s is taken as log1p(rest), which keeps a rest far below machine epsilon.
/// Edge rows, documented because losses meet them (a fully masked row is all -inf):
///   - all -inf: taken as the limit of a row of equal values, z_j = 0: out_j = -ln n (softmax
///     1/n each) and the logsumexp is -inf (= ln 0). No NaN appears.
///   - any NaN or +inf: there is no finite answer; NaN appears (inf - inf), as in PyTorch.
///   - empty (n = 0): returns -inf, the log of an empty sum; out is untouched.
/// `out` may be the same memory as `x`.
template <class T>
T log_softmax_row(const T* x, Index n, T* out) {
    constexpr T inf = std::numeric_limits<T>::infinity();
    if (n == 0) return -inf;
    Index top = 0;  // the first entry attaining the max
    for (Index j = 1; j < n; ++j)
        if (x[j] > x[top]) top = j;
    const T m = x[top];
    const bool all_minus_inf = (m == -inf);
    auto z = [&](Index j) { return all_minus_inf ? T(0) : x[j] - m; };
    T rest = 0;  // sum of e^z_j over every j but top
    for (Index j = 0; j < n; ++j)
        if (j != top) rest += std::exp(z(j));
    const T log_sum = std::log1p(rest);
    for (Index j = 0; j < n; ++j) out[j] = z(j) - log_sum;
    return m + log_sum;
}

/// e^x for every entry of x, in place. float: Eigen's vectorised exp on the whole array (exactly 0
/// below -88.7, so e^-inf = 0, and NaN stays NaN). double: std::exp entry by entry, because Eigen's
/// double exp clamps its argument near -709 (e^-2e4 would come out as 5.6e-309 instead of 0).
template <class T>
void exp_in_place(Tensor<T>& x) {
    if constexpr (std::is_same_v<T, float>) x.array() = x.array().exp();
    else x = x.unaryExpr([](T v) { return std::exp(v); });
}

/// Row i of `out` = row i of x minus its max M_i (so every entry is <= 0); M_i goes to max[i].
///   x: (m,n)   out: (m,n), may be x itself   max: m entries
/// A plain loop over each contiguous row: Eigen's rowwise() reductions are several times slower on
/// rows as short as a classifier's (64x10: 490 ns against 80 ns). A NaN may not win the max, but
/// it still makes its own entry NaN; a +inf max makes +inf - +inf = NaN.
template <class T>
void shift_rows_by_max(const Tensor<T>& x, Tensor<T>& out, T* max) {
    const Index n = x.cols();
    out.resize(x.rows(), n);
    for (Index i = 0; i < x.rows(); ++i) {
        const T* row = x.data() + i * n;
        T m = n > 0 ? row[0] : T(0);
        for (Index j = 1; j < n; ++j) m = row[j] > m ? row[j] : m;
        T* o = out.data() + i * n;
        for (Index j = 0; j < n; ++j) o[j] = row[j] - m;
        max[i] = m;
    }
}

/// sum_j x_ij of row i, for contiguous rows (see shift_rows_by_max for why a loop).
template <class T>
T row_sum(const Tensor<T>& x, Index i) {
    const T* row = x.data() + i * x.cols();
    T s = 0;
    for (Index j = 0; j < x.cols(); ++j) s += row[j];
    return s;
}

}  // namespace tapegrad
