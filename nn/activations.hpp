// Activations by name: the one list the MLP, a config's `model.activation` and the export read.
// Each entry says how to apply the activation, the initialisation that suits it and its gain, and
// the PyTorch module it corresponds to. Adding an activation is its op (ops/activation.cpp) plus one
// entry in nn/activations.cpp (docs/extending.md).
#pragma once

#include "init.hpp"

#include "../core/tape.hpp"

#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace tapegrad {

/// An activation applied to a layer's output, in float32 (training) or float64 (gradcheck).
/// `leaky_slope` is MLPOptions::leaky_slope; only leaky_relu reads it.
template <class T>
using ActivationFunction = Var<T> (*)(Var<T> x, double leaky_slope);

struct ActivationEntry {
    std::string name;  // what model.activation says: "relu", "gelu", ...
    ActivationFunction<float> f32 = nullptr;
    ActivationFunction<double> f64 = nullptr;
    Init init = Init::kaiming_uniform;  // the MLP's default initialisation before this activation
    double (*gain)(double leaky_slope) = nullptr;  // the initialisation gain (PyTorch's calculate_gain where it has one)
    std::string (*pytorch)(double leaky_slope) = nullptr;  // the torch.nn module: "nn.GELU()"

    template <class T>
    Var<T> operator()(Var<T> x, double leaky_slope = 0.01) const {
        if constexpr (std::is_same_v<T, float>) return f32(x, leaky_slope);
        else return f64(x, leaky_slope);
    }
};

/// Every activation, in the order of nn/activations.cpp.
const std::vector<ActivationEntry>& activations();
/// "relu, tanh, ...": their names.
std::vector<std::string> activation_names();
/// The activation called `name`. Otherwise a ValueError naming `path`, the nearest name and the known
/// ones: model.activation: unknown activation "gelz"; did you mean "gelu"? (known activations: relu, ...)
const ActivationEntry& find_activation(std::string_view name, const std::string& path = "model.activation");

}  // namespace tapegrad
