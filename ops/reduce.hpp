// Reductions: sum, mean, max and log-sum-exp over everything (-> 1x1), over each row (rowwise,
// -> mx1, one number per example) or over each column (colwise, -> 1xn), as Eigen names them.
// min and argmax are in extrema.hpp; prod, var, stddev and norm in statistics.hpp.
#pragma once

#include "../core/tape.hpp"

namespace tapegrad {

/// y = sum_ij x_ij              x: (m,n)  y: (1,1)   dL/dx_ij = dL/dy
template <class T> Var<T> sum(Var<T> x);
/// y_i = sum_j x_ij             x: (m,n)  y: (m,1)   dL/dx_ij = dL/dy_i
template <class T> Var<T> rowwise_sum(Var<T> x);
/// y_j = sum_i x_ij             x: (m,n)  y: (1,n)   dL/dx_ij = dL/dy_j
template <class T> Var<T> colwise_sum(Var<T> x);

/// y = sum_ij x_ij / (m n)      (1,1); needs at least one entry
template <class T> Var<T> mean(Var<T> x);
/// y_i = sum_j x_ij / n         (m,1); needs n >= 1
template <class T> Var<T> rowwise_mean(Var<T> x);
/// y_j = sum_i x_ij / m         (1,n); needs m >= 1
template <class T> Var<T> colwise_mean(Var<T> x);

/// y = max_ij x_ij              (1,1). The gradient goes to the first entry attaining the max,
/// in reading order (row by row). NaN counts as larger than anything, so it is never hidden.
template <class T> Var<T> max(Var<T> x);
/// y_i = max_j x_ij             (m,1); gradient to the first column attaining each row's max
template <class T> Var<T> rowwise_max(Var<T> x);
/// y_j = max_i x_ij             (1,n); gradient to the first row attaining each column's max
template <class T> Var<T> colwise_max(Var<T> x);

/// y = ln sum_ij e^x_ij, shifted by the max so it never overflows      (1,1)
///   dL/dx_ij = dL/dy * e^(x_ij - y)   (the softmax of all entries)
/// Exact at +-1e4; all -inf gives -inf, with gradient 1/(m n) to each entry (see log_softmax_row).
template <class T> Var<T> logsumexp(Var<T> x);
/// y_i = ln sum_j e^x_ij        (m,1)    dL/dx_ij = dL/dy_i softmax_ij
template <class T> Var<T> rowwise_logsumexp(Var<T> x);
/// y_j = ln sum_i e^x_ij        (1,n)    dL/dx_ij = dL/dy_j colwise_softmax_ij
template <class T> Var<T> colwise_logsumexp(Var<T> x);

}  // namespace tapegrad
