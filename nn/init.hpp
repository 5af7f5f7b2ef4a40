// Initialisation: the starting values of weights, drawn from the project's seeded Rng so that a
// seed gives the same network with any compiler. Glorot (Xavier) keeps the variance of signals
// steady through tanh/sigmoid layers; He (Kaiming) does the same through relu layers.
#pragma once

#include "../core/rng.hpp"
#include "../core/tensor.hpp"

#include <string>
#include <string_view>

namespace tapegrad {

/// How to fill a weight matrix of shape (fan_in, fan_out) = (inputs, outputs).
enum class Init {
    zeros,            ///< all 0 (biases; a weight matrix of zeros never breaks symmetry)
    xavier_uniform,   ///< U(-a, a),  a = gain sqrt(6 / (fan_in + fan_out)),  var = gain^2 2 / (fan_in + fan_out)
    xavier_normal,    ///< N(0, s^2), s = gain sqrt(2 / (fan_in + fan_out))
    kaiming_uniform,  ///< U(-a, a),  a = gain sqrt(3 / fan_in),  var = gain^2 / fan_in  (= 2 / fan_in for relu)
    kaiming_normal,   ///< N(0, s^2), s = gain / sqrt(fan_in)
};

/// "zeros", "xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal"
/// ("glorot_*" and "he_*" are accepted as the same schemes).
Init init_from_name(std::string_view name);
std::string init_name(Init init);

/// The gain an activation wants (its entry in nn/activations.cpp), as PyTorch's calculate_gain:
/// relu sqrt(2), tanh 5/3, sigmoid 1, leaky_relu sqrt(2 / (1 + slope^2)), none (linear) 1.
double recommended_gain(std::string_view activation, double leaky_slope = 0.01);

/// The default gain of each scheme: 1 for Xavier (Glorot's paper), sqrt(2) for Kaiming (relu).
double default_gain(Init init);

/// A (fan_in, fan_out) tensor filled by `init`; gain <= 0 means default_gain(init).
template <class T>
Tensor<T> initial_weights(Init init, Index fan_in, Index fan_out, Rng& rng, double gain = 0);

}  // namespace tapegrad
