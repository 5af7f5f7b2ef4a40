// Reductions: sum, mean, max and log-sum-exp over everything (-> 1x1), over each row (rowwise,
// -> mx1, one number per example) or over each column (colwise, -> 1xn), as Eigen names them.
#pragma once

#include "../core/tape.hpp"

namespace tapegrad {

template <class T> Var<T> sum(Var<T> x);            // 1x1
template <class T> Var<T> rowwise_sum(Var<T> x);    // mx1
template <class T> Var<T> colwise_sum(Var<T> x);    // 1xn
template <class T> Var<T> mean(Var<T> x);
template <class T> Var<T> rowwise_mean(Var<T> x);
template <class T> Var<T> colwise_mean(Var<T> x);
/// max; the gradient goes to the first entry that attains it
template <class T> Var<T> max(Var<T> x);
template <class T> Var<T> rowwise_max(Var<T> x);
template <class T> Var<T> colwise_max(Var<T> x);
/// ln sum e^x, shifted by the max so it never overflows
template <class T> Var<T> logsumexp(Var<T> x);
template <class T> Var<T> rowwise_logsumexp(Var<T> x);

}  // namespace tapegrad
