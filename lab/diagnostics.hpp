// The cross-entropy vs MSE lab's measurements: what an epoch did to the gradient at the logits and
// at each layer, how many outputs sit saturated on the wrong side, and the cross-entropy split
// into entropy + KL; and the gradient probe, |dL/dz| at one wrong prediction as its probability
// varies, by autodiff and by the closed form where one is known. docs/compare-format.md describes
// each figure.
#pragma once

#include "../train/experiment.hpp"

#include <optional>
#include <vector>

namespace tapegrad {

struct Diagnostics {
    double grad_logits_mean_abs = 0;  // mean |dL/dz| over logit entries, per example
    // Gradient flow: for each Linear layer, input side first, the norm of the gradient of the
    // training loss (averaged over examples) with respect to the layer's weight and bias together,
    //   ||dL/dtheta_l|| = sqrt(||dL/dW_l||^2 + ||dL/db_l||^2)   (Frobenius norms).
    // A loss whose gradient vanishes at the logits passes that smallness down to every layer.
    std::vector<double> grad_norm_layers;
    // Saturation, none for an identity link. An output is "wrong" when it is on the wrong side:
    // for a softmax, the true class of a misclassified example; for a sigmoid, an output whose
    // thresholded prediction differs from its 0/1 label. sigma' is the link's own slope there:
    // p (1 - p), the factor a squared error's gradient carries and a cross-entropy's cancels.
    std::optional<double> saturated_fraction;  // share of examples (sigmoid: outputs) within 0.001 of the wrong end
    std::optional<double> sigma_prime_wrong;   // mean p (1 - p) over the wrong outputs (none if nothing is wrong)
    std::optional<double> cross_entropy, entropy, kl_divergence;  // mean over examples, nats, against the trained targets
};

/// The per-epoch record's key for layer `layer`'s gradient norm, counting from 1 at the input:
/// "grad_norm_layer1", "grad_norm_layer2", ...
std::string grad_norm_key(long layer);

/// Measures the model of `experiment` on its training set, against the targets its loss trains
/// on (soft ones with label smoothing), in float64 (the gradients come from one forward and
/// backward pass of the tape in float32, train/full_gradient.hpp). The parameters' gradient
/// buffers are lent to that pass and put back, so training goes on exactly as without it.
Diagnostics diagnose(Experiment& experiment);

/// One yardstick for every model, whatever its loss: on `data`'s hard labels, the log-loss
/// (softmax: mean -log p_y; sigmoid: mean over examples of the summed per-output binary
/// cross-entropies) and the Brier score (mean over examples of sum_c (p_c - y_c)^2). None for an
/// identity link, whose outputs are not probabilities. `logits` are the model's on `data`
/// (experiment.logits(data)), passed in so that the caller's one forward pass serves both.
struct Yardstick {
    std::optional<double> log_loss, brier;
};
Yardstick yardstick(const Experiment& experiment, const Tensor<float>& logits, const Dataset& data);

/// Logits for one example whose true class (class 0) gets probability p and the other classes
/// share 1 - p equally: z_0 = ln p, z_k = ln((1 - p) / (C - 1)). For C = 1 (a sigmoid output):
/// z = ln(p / (1 - p)).
Tensor<double> probe_logits(double p, Index classes);

/// |dL/dz_0| at probe_logits(p), computed by the tape in float64 through `loss`.
double probe_gradient(const Loss& loss, double p, Index classes);

/// The same from the formula, for the built-in losses with default options; none otherwise:
///   cross-entropy family:           1 - p
///   mse_softmax (mean over C):      2 p (1 - p)^2 / (C - 1)
///   mse_sigmoid (one label):        2 p (1 - p)^2        (the sigma'(z) = p (1 - p) factor)
std::optional<double> probe_gradient_closed_form(const Loss& loss, double p, Index classes);

}  // namespace tapegrad
