// Activation functions: tanh, sigmoid, relu, leaky_relu, softplus, log_sigmoid. Each maps an (m,n)
// tensor to an (m,n) tensor, entry by entry; the stable forms never overflow, whatever x is.
#pragma once

#include "../core/tape.hpp"

#include <cmath>
#include <type_traits>

namespace tapegrad {

/// y = tanh(x)                        dy/dx = 1 - y^2
template <class T> Var<T> tanh(Var<T> x);
/// y = 1 / (1 + e^-x)                 dy/dx = y (1 - y)
/// Computed without overflow: sigmoid(1e4) is exactly 1 and sigmoid(-1e4) exactly 0.
template <class T> Var<T> sigmoid(Var<T> x);
/// y = max(x, 0)                      dy/dx = 1 for x > 0, else 0 (0 at the kink x = 0, as PyTorch)
template <class T> Var<T> relu(Var<T> x);
/// y = x if x > 0 else slope * x      dy/dx = 1 for x > 0, else slope
template <class T> Var<T> leaky_relu(Var<T> x, std::type_identity_t<T> slope = T(0.01));
/// y = ln(1 + e^x), computed as max(x, 0) + log1p(e^-|x|) so that it is exact for any x.
/// dy/dx = sigmoid(x)
template <class T> Var<T> softplus(Var<T> x);
/// y = ln sigmoid(x) = -softplus(-x), computed as min(x, 0) - log1p(e^-|x|).
/// dy/dx = 1 - sigmoid(x) = sigmoid(-x)
template <class T> Var<T> log_sigmoid(Var<T> x);

/// sigmoid of one number, without overflow: for x >= 0, 1 / (1 + e^-x), where e^-x <= 1; for
/// x < 0, e^x / (1 + e^x), where e^x < 1. Either way e^ never sees a large positive argument.
template <class T>
T stable_sigmoid(T x) {
    if (x >= T(0)) return T(1) / (T(1) + std::exp(-x));
    const T e = std::exp(x);
    return e / (T(1) + e);
}

}  // namespace tapegrad
