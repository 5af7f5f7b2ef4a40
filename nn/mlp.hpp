// MLP: a multi-layer perceptron, Linear layers with an activation between them. With no hidden
// layers it is a single Linear: logistic or softmax regression. Its outputs are logits: the loss
// applies the softmax or sigmoid.
#pragma once

#include "activations.hpp"
#include "linear.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tapegrad {

/// Options:  MLPOptions().activation("tanh").init(Init::xavier_normal)
struct MLPOptions {
    /// Any name in nn/activations.cpp (activation_names()); another throws ValueError listing them.
    MLPOptions& activation(std::string_view name) { activation_ = &find_activation(name, "activation"); return *this; }
    /// Default: the activation's own (kaiming_uniform for the relu family, xavier_uniform for tanh,
    /// sigmoid, softsign and hardtanh), with the activation's gain.
    MLPOptions& init(Init i) { init_ = i; return *this; }
    MLPOptions& leaky_slope(double s) { leaky_slope_ = s; return *this; }

    const ActivationEntry& activation() const { return *activation_; }
    Init init() const { return init_ ? *init_ : activation_->init; }
    double leaky_slope() const { return leaky_slope_; }

private:
    const ActivationEntry* activation_ = &find_activation("relu");
    std::optional<Init> init_;
    double leaky_slope_ = 0.01;
};

/// in -> hidden[0] -> ... -> hidden[k-1] -> out, an activation after every layer but the last.
///   x: (batch, in)   logits: (batch, out)
/// Layer i's parameters are named "i.weight" and "i.bias", counting Linear layers from 0.
template <class T>
class MLP {
public:
    MLP(Index in, const std::vector<Index>& hidden, Index out, Rng& rng, const MLPOptions& options = {});

    Var<T> forward(Tape<T>& tape, Var<T> x);
    Var<T> operator()(Tape<T>& tape, Var<T> x) { return forward(tape, x); }

    /// Every layer's parameters in order: "0.weight", "0.bias", "1.weight", ...
    /// The pointers stay valid while the MLP lives (moving it keeps them: layers sit on the heap).
    std::vector<Parameter<T>*> parameters();
    /// The parameter called `name`, or nullptr.
    Parameter<T>* parameter(std::string_view name);

    const MLPOptions& options() const { return options_; }

    std::vector<Linear<T>> layers;

private:
    MLPOptions options_;
};

extern template class MLP<float>;
extern template class MLP<double>;

}  // namespace tapegrad
