// MLP: layers built from the same Rng in order, so a seed fixes every weight; the forward pass
// alternates Linear and the activation (by name, from nn/activations.cpp), and leaves the last
// layer's output as logits.
#include "mlp.hpp"

namespace tapegrad {

template <class T>
MLP<T>::MLP(Index in, const std::vector<Index>& hidden, Index out, Rng& rng, const MLPOptions& options)
    : options_(options) {
    const auto layer_options =
        LinearOptions().init(options.init()).gain(options.activation().gain(options.leaky_slope()));
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
        if (i + 1 < layers.size()) h = options_.activation()(h, options_.leaky_slope());
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

template class MLP<float>;
template class MLP<double>;

}  // namespace tapegrad
