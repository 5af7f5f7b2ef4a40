// Matrix product and transpose.
#pragma once

#include "../core/tape.hpp"

namespace tapegrad {

/// y = a b, the matrix product.   a: (n,k)  b: (k,m)  y: (n,m)
template <class T> Var<T> matmul(Var<T> a, Var<T> b);
/// y = x^T.   x: (m,n)  y: (n,m)
template <class T> Var<T> transpose(Var<T> x);

}  // namespace tapegrad
