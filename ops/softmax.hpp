// Softmax and log-softmax over each row (each row is one example's scores over the classes).
#pragma once

#include "../core/tape.hpp"

namespace tapegrad {

/// y_ij = e^x_ij / sum_k e^x_ik, each row shifted by its max first so nothing overflows
template <class T> Var<T> softmax(Var<T> x);
/// y_ij = x_ij - ln sum_k e^x_ik, computed as (x_ij - m_i) - ln sum_k e^(x_ik - m_i)
template <class T> Var<T> log_softmax(Var<T> x);

}  // namespace tapegrad
