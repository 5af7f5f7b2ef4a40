// The activation table. One entry per activation:
//   act(name, body, init, gain, torch module)
// body: the op applied to x (see ops/activation.hpp); init: the default initialisation of the layer
// before it (Kaiming for the relu family, Glorot for the squashing ones, as the schemes' papers
// derive them); gain: the factor that initialisation multiplies its spread by.
#include "activations.hpp"

#include "../core/options.hpp"
#include "../ops/activation.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

namespace tapegrad {

namespace {

template <class F>
ActivationEntry act(std::string name, F, Init init, double (*gain)(double), std::string (*pytorch)(double)) {
    ActivationEntry e;
    e.name = std::move(name);
    e.f32 = [](Var<float> x, double slope) -> Var<float> { return F{}(x, slope); };
    e.f64 = [](Var<double> x, double slope) -> Var<double> { return F{}(x, slope); };
    e.init = init;
    e.gain = gain;
    e.pytorch = pytorch;
    return e;
}

// Gains. PyTorch's calculate_gain: relu sqrt 2, tanh 5/3, sigmoid 1, leaky_relu sqrt(2 / (1 + slope^2)).
// PyTorch has none for gelu, silu and elu: they are relu-like (0 for x << 0, x for x >> 0), so they
// take relu's. selu takes 1: with Kaiming's fan_in it gives Var(w) = 1 / fan_in, the LeCun
// initialisation self-normalising networks need. softsign and hardtanh are tanh-like, slope 1 at 0: 1.
double relu_gain(double) { return std::sqrt(2.0); }
double one(double) { return 1.0; }
double tanh_gain(double) { return 5.0 / 3.0; }
double leaky_gain(double slope) { return std::sqrt(2.0 / (1.0 + slope * slope)); }

std::vector<ActivationEntry> build_table() {
    const Init he = Init::kaiming_uniform, glorot = Init::xavier_uniform;
    return {
        act("relu", [](auto x, double) { return relu(x); }, he, relu_gain, [](double) -> std::string { return "nn.ReLU()"; }),
        act("tanh", [](auto x, double) { return tanh(x); }, glorot, tanh_gain, [](double) -> std::string { return "nn.Tanh()"; }),
        act("sigmoid", [](auto x, double) { return sigmoid(x); }, glorot, one, [](double) -> std::string { return "nn.Sigmoid()"; }),
        act("leaky_relu", [](auto x, double slope) { return leaky_relu(x, slope); }, he, leaky_gain,
            [](double slope) { return "nn.LeakyReLU(" + nlohmann::json(slope).dump() + ")"; }),
        act("gelu", [](auto x, double) { return gelu(x); }, he, relu_gain, [](double) -> std::string { return "nn.GELU()"; }),
        act("gelu_tanh", [](auto x, double) { return gelu_tanh(x); }, he, relu_gain,
            [](double) -> std::string { return "nn.GELU(approximate=\"tanh\")"; }),
        act("elu", [](auto x, double) { return elu(x); }, he, relu_gain, [](double) -> std::string { return "nn.ELU()"; }),
        act("selu", [](auto x, double) { return selu(x); }, he, one, [](double) -> std::string { return "nn.SELU()"; }),
        act("silu", [](auto x, double) { return silu(x); }, he, relu_gain, [](double) -> std::string { return "nn.SiLU()"; }),
        act("softsign", [](auto x, double) { return softsign(x); }, glorot, one, [](double) -> std::string { return "nn.Softsign()"; }),
        act("hardtanh", [](auto x, double) { return hardtanh(x); }, glorot, one, [](double) -> std::string { return "nn.Hardtanh()"; }),
    };
}

}  // namespace

const std::vector<ActivationEntry>& activations() {
    static const std::vector<ActivationEntry> table = build_table();
    return table;
}

std::vector<std::string> activation_names() {
    std::vector<std::string> names;
    for (const ActivationEntry& a : activations()) names.push_back(a.name);
    return names;
}

const ActivationEntry& find_activation(std::string_view name, const std::string& path) {
    for (const ActivationEntry& a : activations())
        if (a.name == name) return a;
    const std::vector<std::string> names = activation_names();
    std::string known;
    for (const std::string& n : names) known += (known.empty() ? "" : ", ") + n;
    const auto near = did_you_mean(std::string(name), names);
    throw ValueError(path + ": unknown activation " + Options::describe(std::string(name)) +
                     (near ? "; did you mean \"" + *near + "\"?" : std::string()) + " (known activations: " + known + ")");
}

}  // namespace tapegrad
