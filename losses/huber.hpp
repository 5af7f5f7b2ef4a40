// The Huber loss's entry-by-entry form, shared by huber.cpp and smooth_l1.cpp (smooth L1 is
// Huber divided by its threshold).
#pragma once

#include "../core/tape.hpp"

namespace tapegrad {

/// l = d^2 / 2 where d = |pred - target| < delta, delta (d - delta / 2) elsewhere.
///   pred, target: (m,n)   result: (m,n)   delta > 0
template <class T>
Var<T> huber_entries(Var<T> pred, Var<T> target, double delta);

}  // namespace tapegrad
