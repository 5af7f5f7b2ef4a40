// Linear: the fully connected layer y = x W + b, the building block of every model here.
// W and b are Parameters: they live outside the tape and persist across training steps.
#pragma once

#include "../core/rng.hpp"
#include "../core/tape.hpp"
#include "init.hpp"

#include <string>
#include <vector>

namespace tapegrad {

/// Options:  LinearOptions().init(Init::kaiming_normal).bias(false)
struct LinearOptions {
    /// How to draw W (default xavier_uniform). b starts at zero, except under Init::torch_default
    /// (drawn after W, from the same Rng, as PyTorch's nn.Linear draws it).
    LinearOptions& init(Init i) { init_ = i; return *this; }
    /// The init's gain; 0 (the default) means the scheme's own default (see default_gain).
    LinearOptions& gain(double g) { gain_ = g; return *this; }
    /// Whether the layer adds a bias b (default true).
    LinearOptions& bias(bool b) { bias_ = b; return *this; }

    Init init() const { return init_; }
    double gain() const { return gain_; }
    bool bias() const { return bias_; }

private:
    Init init_ = Init::xavier_uniform;
    double gain_ = 0;
    bool bias_ = true;
};

/// y = x W + b        x: (batch, in)   W: (in, out)   b: (1, out), added to every row   y: (batch, out)
///
/// W is stored (in, out), not PyTorch's (out, in), so the forward is a plain x W with no transpose.
/// Parameters are named prefix + "weight" and prefix + "bias": an MLP passes "0.", "1.", ...
template <class T>
class Linear {
public:
    Linear(Index in, Index out, Rng& rng, const LinearOptions& options = {}, const std::string& prefix = "");

    /// Records x W + b on the tape.
    Var<T> forward(Tape<T>& tape, Var<T> x);
    Var<T> operator()(Tape<T>& tape, Var<T> x) { return forward(tape, x); }

    /// W and, if the layer has one, b. The pointers stay valid while this layer is not moved.
    std::vector<Parameter<T>*> parameters();

    Index in_features() const { return weight.value.rows(); }
    Index out_features() const { return weight.value.cols(); }
    bool has_bias() const { return bias.value.size() > 0; }

    Parameter<T> weight;  // W: (in, out)
    Parameter<T> bias;    // b: (1, out), or 0x0 without a bias
};

extern template class Linear<float>;
extern template class Linear<double>;

}  // namespace tapegrad
