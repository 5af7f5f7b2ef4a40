// Initialisation: the starting values of weights, drawn from the project's seeded Rng so that a
// seed gives the same network with any compiler. Glorot (Xavier) keeps the variance of signals
// steady through tanh/sigmoid layers; He (Kaiming) does the same through relu layers.
#pragma once

#include "../core/rng.hpp"
#include "../core/tensor.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace tapegrad {

/// How to fill a weight matrix of shape (fan_in, fan_out) = (inputs, outputs).
enum class Init {
    zeros,            ///< all 0 (biases; a weight matrix of zeros never breaks symmetry)
    xavier_uniform,   ///< U(-a, a),  a = gain sqrt(6 / (fan_in + fan_out)),  var = gain^2 2 / (fan_in + fan_out)
    xavier_normal,    ///< N(0, s^2), s = gain sqrt(2 / (fan_in + fan_out))
    kaiming_uniform,  ///< U(-a, a),  a = gain sqrt(3 / fan_in),  var = gain^2 / fan_in  (= 2 / fan_in for relu)
    kaiming_normal,   ///< N(0, s^2), s = gain / sqrt(fan_in)
    kaiming_uniform_fan_out,  ///< as kaiming_uniform with fan_out for fan_in (PyTorch mode="fan_out"):
                              ///< keeps the variance of gradients, not of signals, steady
    kaiming_normal_fan_out,   ///< N(0, s^2), s = gain / sqrt(fan_out)
    truncated_normal,  ///< N(0, s^2) redrawn outside [-2s, 2s]; s = gain / sqrt(fan_in) unless given
                       ///< (so its variance is 0.774 s^2: a normal cut at 2 sigma loses 22.6% of it)
    orthogonal,        ///< gain Q, Q from the QR decomposition of a normal matrix (Saxe et al.): the
                       ///< columns (fan_in >= fan_out) or the rows (fan_in < fan_out) are orthonormal
    torch_default,     ///< PyTorch's nn.Linear default: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for the
                       ///< weights AND the biases (kaiming_uniform with a = sqrt(5)); gain is ignored
};

/// "zeros", "xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal",
/// "kaiming_uniform_fan_out", "kaiming_normal_fan_out", "truncated_normal", "orthogonal",
/// "torch_default" ("glorot_*" and "he_*" are accepted as the same schemes).
/// Throws ValueError for another name, listing these and the nearest one.
Init init_from_name(std::string_view name);
std::string init_name(Init init);

/// The gain an activation wants (its entry in nn/activations.cpp), as PyTorch's calculate_gain:
/// relu sqrt(2), tanh 5/3, sigmoid 1, leaky_relu sqrt(2 / (1 + slope^2)), none (linear) 1.
double recommended_gain(std::string_view activation, double leaky_slope = 0.01);

/// The default gain of each scheme: 1 for Xavier (Glorot's paper), sqrt(2) for Kaiming (relu).
double default_gain(Init init);

/// Every scheme's name, in the order of the enum.
const std::vector<std::string>& init_names();

/// A (fan_in, fan_out) tensor filled by `init`; gain <= 0 means default_gain(init). `stddev` > 0
/// sets truncated_normal's s directly (PyTorch's trunc_normal_(std=s, a=-2s, b=2s)).
template <class T>
Tensor<T> initial_weights(Init init, Index fan_in, Index fan_out, Rng& rng, double gain = 0, double stddev = 0);

/// A layer's starting bias (1, fan_out): zeros, except torch_default's U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
template <class T>
Tensor<T> initial_bias(Init init, Index fan_in, Index fan_out, Rng& rng);

}  // namespace tapegrad
