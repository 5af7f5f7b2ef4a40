// MLP: layers built from the same Rng in order, so a seed fixes every weight; the forward pass
// alternates Linear and the activation, and leaves the last layer's output as logits.
#include "mlp.hpp"

#include "../ops/activation.hpp"

namespace tapegrad {

Activation activation_from_name(std::string_view name) {
    if (name == "relu") return Activation::relu;
    if (name == "tanh") return Activation::tanh;
    if (name == "sigmoid") return Activation::sigmoid;
    if (name == "leaky_relu") return Activation::leaky_relu;
    throw ValueError("activation: unknown name '" + std::string(name) +
                     "'; known: relu, tanh, sigmoid, leaky_relu");
}

std::string activation_name(Activation a) {
    switch (a) {
        case Activation::relu: return "relu";
        case Activation::tanh: return "tanh";
        case Activation::sigmoid: return "sigmoid";
        case Activation::leaky_relu: return "leaky_relu";
    }
    return "?";
}

template <class T>
Var<T> activate(Activation a, Var<T> x, double leaky_slope) {
    switch (a) {
        case Activation::relu: return relu(x);
        case Activation::tanh: return tanh(x);
        case Activation::sigmoid: return sigmoid(x);
        case Activation::leaky_relu: return leaky_relu(x, static_cast<T>(leaky_slope));
    }
    return x;
}

Init MLPOptions::init() const {
    if (init_) return *init_;
    const bool relu_like = activation_ == Activation::relu || activation_ == Activation::leaky_relu;
    return relu_like ? Init::kaiming_uniform : Init::xavier_uniform;
}

template <class T>
MLP<T>::MLP(Index in, const std::vector<Index>& hidden, Index out, Rng& rng, const MLPOptions& options)
    : options_(options) {
    const auto layer_options = LinearOptions().init(options.init()).gain(
        recommended_gain(activation_name(options.activation()), options.leaky_slope()));
    Index fan_in = in;
    layers.reserve(hidden.size() + 1);
    for (std::size_t i = 0; i <= hidden.size(); ++i) {
        const Index fan_out = i < hidden.size() ? hidden[i] : out;
        layers.emplace_back(fan_in, fan_out, rng, layer_options, std::to_string(i) + ".");
        fan_in = fan_out;
    }
}

template <class T>
Var<T> MLP<T>::forward(Tape<T>& tape, Var<T> x) {
    Var<T> h = x;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        h = layers[i].forward(tape, h);
        if (i + 1 < layers.size()) h = activate(options_.activation(), h, options_.leaky_slope());
    }
    return h;  // logits
}

template <class T>
std::vector<Parameter<T>*> MLP<T>::parameters() {
    std::vector<Parameter<T>*> all;
    for (Linear<T>& layer : layers)
        for (Parameter<T>* p : layer.parameters()) all.push_back(p);
    return all;
}

template <class T>
Parameter<T>* MLP<T>::parameter(std::string_view name) {
    for (Parameter<T>* p : parameters())
        if (p->name == name) return p;
    return nullptr;
}

template Var<float> activate(Activation, Var<float>, double);
template Var<double> activate(Activation, Var<double>, double);
template class MLP<float>;
template class MLP<double>;

}  // namespace tapegrad
