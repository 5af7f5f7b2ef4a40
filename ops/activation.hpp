// Activation functions: tanh, sigmoid, relu, leaky_relu, softplus, log_sigmoid.
#pragma once

#include "../core/tape.hpp"

namespace tapegrad {

/// y = tanh(x)
template <class T> Var<T> tanh(Var<T> x);
/// y = 1 / (1 + e^-x), computed without overflow: sigmoid(+-1e4) is exactly 1 and 0
template <class T> Var<T> sigmoid(Var<T> x);
/// y = max(x, 0)
template <class T> Var<T> relu(Var<T> x);
/// y = x if x > 0 else slope * x
template <class T> Var<T> leaky_relu(Var<T> x, T slope = T(0.01));
/// y = ln(1 + e^x) = max(x, 0) + log1p(e^-|x|), stable for any x
template <class T> Var<T> softplus(Var<T> x);
/// y = ln sigmoid(x) = min(x, 0) - log1p(e^-|x|), stable for any x
template <class T> Var<T> log_sigmoid(Var<T> x);

}  // namespace tapegrad
