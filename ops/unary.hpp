// Entry-wise math functions: exp, log, sqrt, pow, abs, clamp. Each maps an (m,n) tensor to an
// (m,n) tensor, and its backward multiplies dL/dy by the derivative at each entry.
#pragma once

#include "../core/tape.hpp"

#include <type_traits>

namespace tapegrad {

/// y = e^x                          dy/dx = e^x = y
template <class T> Var<T> exp(Var<T> x);
/// y = ln x                         dy/dx = 1 / x     (x > 0; ln 0 = -inf, ln of x < 0 is NaN, as std::log)
template <class T> Var<T> log(Var<T> x);
/// y = sqrt(x)                      dy/dx = 1 / (2 sqrt(x))     (x >= 0; the gradient at 0 is +inf)
template <class T> Var<T> sqrt(Var<T> x);
/// y = x^p for a fixed number p     dy/dx = p x^(p-1)     (p = 0 gives gradient 0 everywhere)
template <class T> Var<T> pow(Var<T> x, std::type_identity_t<T> p);
/// y = |x|                          dy/dx = sign(x), and 0 at x = 0, as in PyTorch
template <class T> Var<T> abs(Var<T> x);
/// y = min(max(x, lo), hi)          dy/dx = 1 where lo <= x <= hi, else 0. Needs lo <= hi.
template <class T> Var<T> clamp(Var<T> x, std::type_identity_t<T> lo, std::type_identity_t<T> hi);

}  // namespace tapegrad
