// Entry-wise math functions: exp, log, sqrt, pow, abs, clamp.
#pragma once

#include "../core/tape.hpp"

namespace tapegrad {

/// y = e^x
template <class T> Var<T> exp(Var<T> x);
/// y = ln x  (x > 0; ln 0 = -inf, as in std::log)
template <class T> Var<T> log(Var<T> x);
/// y = sqrt(x)
template <class T> Var<T> sqrt(Var<T> x);
/// y = x^p for a fixed number p
template <class T> Var<T> pow(Var<T> x, T p);
/// y = |x|  (gradient 0 at x = 0, as PyTorch)
template <class T> Var<T> abs(Var<T> x);
/// y = min(max(x, lo), hi)  (gradient 1 inside [lo, hi], 0 outside)
template <class T> Var<T> clamp(Var<T> x, T lo, T hi);

}  // namespace tapegrad
