// Initialisation schemes. Each draws from the project's Rng (uniform and Box-Muller normal written
// in core/rng.hpp), never from std:: distributions, so a seed means the same weights everywhere.
#include "init.hpp"

#include "activations.hpp"

#include "../core/error.hpp"

#include <cmath>

namespace tapegrad {

Init init_from_name(std::string_view name) {
    if (name == "zeros") return Init::zeros;
    if (name == "xavier_uniform" || name == "glorot_uniform") return Init::xavier_uniform;
    if (name == "xavier_normal" || name == "glorot_normal") return Init::xavier_normal;
    if (name == "kaiming_uniform" || name == "he_uniform") return Init::kaiming_uniform;
    if (name == "kaiming_normal" || name == "he_normal") return Init::kaiming_normal;
    throw ValueError("init: unknown scheme '" + std::string(name) +
                     "'; known: zeros, xavier_uniform, xavier_normal, kaiming_uniform, kaiming_normal");
}

std::string init_name(Init init) {
    switch (init) {
        case Init::zeros: return "zeros";
        case Init::xavier_uniform: return "xavier_uniform";
        case Init::xavier_normal: return "xavier_normal";
        case Init::kaiming_uniform: return "kaiming_uniform";
        case Init::kaiming_normal: return "kaiming_normal";
    }
    return "?";
}

double recommended_gain(std::string_view activation, double leaky_slope) {
    if (activation == "none" || activation == "linear") return 1.0;
    return find_activation(activation, "recommended_gain").gain(leaky_slope);  // nn/activations.cpp
}

double default_gain(Init init) {
    return (init == Init::kaiming_uniform || init == Init::kaiming_normal) ? std::sqrt(2.0) : 1.0;
}

template <class T>
Tensor<T> initial_weights(Init init, Index fan_in, Index fan_out, Rng& rng, double gain) {
    if (fan_in <= 0 || fan_out <= 0)
        throw ShapeError("initial_weights: fan_in (" + std::to_string(fan_in) + ") and fan_out (" +
                         std::to_string(fan_out) + ") must be positive");
    if (gain <= 0) gain = default_gain(init);
    const double fan_avg = 0.5 * static_cast<double>(fan_in + fan_out);
    const double in = static_cast<double>(fan_in);
    // A uniform U(-a, a) has variance a^2 / 3, so a = sqrt(3) * (the standard deviation we want).
    switch (init) {
        case Init::zeros: return Tensor<T>::Zero(fan_in, fan_out);
        case Init::xavier_uniform: {
            const double a = gain * std::sqrt(3.0 / fan_avg);  // = gain sqrt(6 / (fan_in + fan_out))
            return rng.uniform_tensor<T>(fan_in, fan_out, -a, a);
        }
        case Init::xavier_normal: return rng.normal_tensor<T>(fan_in, fan_out, 0, gain / std::sqrt(fan_avg));
        case Init::kaiming_uniform: {
            const double a = gain * std::sqrt(3.0 / in);
            return rng.uniform_tensor<T>(fan_in, fan_out, -a, a);
        }
        case Init::kaiming_normal: return rng.normal_tensor<T>(fan_in, fan_out, 0, gain / std::sqrt(in));
    }
    return Tensor<T>::Zero(fan_in, fan_out);
}

template Tensor<float> initial_weights<float>(Init, Index, Index, Rng&, double);
template Tensor<double> initial_weights<double>(Init, Index, Index, Rng&, double);

}  // namespace tapegrad
