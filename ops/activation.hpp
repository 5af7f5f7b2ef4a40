// Activation functions: tanh, sigmoid, relu, leaky_relu, softplus, log_sigmoid, gelu, gelu_tanh,
// elu, selu, silu, softsign, hardtanh. Each maps an (m,n) tensor to an (m,n) tensor, entry by entry;
// the stable forms never overflow, whatever x is. Definitions are PyTorch's (torch.nn.GELU, ...).
// The MLP picks one by name from nn/activations.cpp.
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
/// y = x Phi(x) = x (1 + erf(x / sqrt 2)) / 2, Phi the standard normal's CDF     gelu(1) = 0.8413447460685429
/// dy/dx = Phi(x) + x phi(x), phi the standard normal's density
template <class T> Var<T> gelu(Var<T> x);
/// y = x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) / 2, torch's gelu(approximate="tanh")
/// gelu_tanh(1) = 0.8411919906082768, within 5e-4 of gelu everywhere
template <class T> Var<T> gelu_tanh(Var<T> x);
/// y = x if x > 0 else alpha (e^x - 1)       dy/dx = 1 for x > 0, else alpha e^x
template <class T> Var<T> elu(Var<T> x, std::type_identity_t<T> alpha = T(1));
/// y = scale elu(x, alpha), alpha = 1.6732632423543772, scale = 1.0507009873554805 (self-normalising)
template <class T> Var<T> selu(Var<T> x);
/// y = x sigmoid(x) (swish)                  dy/dx = sigmoid(x) (1 + x (1 - sigmoid(x)))
template <class T> Var<T> silu(Var<T> x);
/// y = x / (1 + |x|)                         dy/dx = 1 / (1 + |x|)^2
template <class T> Var<T> softsign(Var<T> x);
/// y = min(max(x, lo), hi)                   dy/dx = 1 for lo < x < hi, else 0. Needs lo < hi.
template <class T> Var<T> hardtanh(Var<T> x, std::type_identity_t<T> lo = T(-1), std::type_identity_t<T> hi = T(1));

/// sigmoid of one number, without overflow: for x >= 0, 1 / (1 + e^-x), where e^-x <= 1; for
/// x < 0, e^x / (1 + e^x), where e^x < 1. Either way e^ never sees a large positive argument.
template <class T>
T stable_sigmoid(T x) {
    if (x >= T(0)) return T(1) / (T(1) + std::exp(-x));
    const T e = std::exp(x);
    return e / (T(1) + e);
}

}  // namespace tapegrad
