// Statistics of a tensor's entries: product, variance, standard deviation and p-norm, over
// everything (-> 1x1), over each row (rowwise, -> mx1) or over each column (colwise, -> 1xn), with
// PyTorch's definitions (torch.prod, torch.var, torch.std, torch.linalg.vector_norm).
#pragma once

#include "../core/tape.hpp"

namespace tapegrad {

/// y = prod_k x_k                       dL/dx_k = dL/dy prod_{j != k} x_j   (exact with zeros in x)
template <class T> Var<T> prod(Var<T> x);
template <class T> Var<T> rowwise_prod(Var<T> x);
template <class T> Var<T> colwise_prod(Var<T> x);

/// y = sum_k (x_k - mean)^2 / (n - correction)     dL/dx_k = dL/dy 2 (x_k - mean) / (n - correction)
/// correction 1 (the default, as torch.var) is the unbiased sample variance, 0 the population's.
/// Needs n > correction entries per reduction: fewer is a ShapeError, not a NaN.
template <class T> Var<T> var(Var<T> x, int correction = 1);
template <class T> Var<T> rowwise_var(Var<T> x, int correction = 1);
template <class T> Var<T> colwise_var(Var<T> x, int correction = 1);

/// y = sqrt(var(x)) (torch.std)                  dL/dx_k = dL/dy (x_k - mean) / ((n - correction) y)
/// Where every entry is equal (y = 0) the gradient is taken as 0 rather than 0/0.
/// Named stddev, not std, so that it never reads like the std:: namespace.
template <class T> Var<T> stddev(Var<T> x, int correction = 1);
template <class T> Var<T> rowwise_stddev(Var<T> x, int correction = 1);
template <class T> Var<T> colwise_stddev(Var<T> x, int correction = 1);

/// y = (sum_k |x_k|^p)^(1/p), p >= 1    dL/dx_k = dL/dy sign(x_k) (|x_k| / y)^(p-1)
/// p = 2 is the Euclidean length, p = 1 the sum of |x_k|. At x = 0 the gradient is 0. Computed
/// scaled by max |x_k|, so a large p or large entries do not overflow. p < 1 is a ValueError.
template <class T> Var<T> norm(Var<T> x, double p = 2);
template <class T> Var<T> rowwise_norm(Var<T> x, double p = 2);
template <class T> Var<T> colwise_norm(Var<T> x, double p = 2);

}  // namespace tapegrad
