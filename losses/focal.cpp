// Focal loss (Lin et al., 2017), added the way you would add your own loss: this one file, plus
// the line X(focal) in registry.cpp. It is composed from ops, so there is no backward to write,
// and the registry test gradchecks it like every other registered loss.
//
// Cross-entropy scaled down on the rows the model already gets right, so training attends to the
// hard ones:   L_n = -sum_c t_nc (1 - p_nc)^gamma log p_nc,     p = softmax(logits)
// gamma = 0 is plain cross-entropy; the paper's default, gamma = 2, nearly silences a row the
// model gives p = 0.9 ((1 - 0.9)^2 = 0.01) while a row at p = 0.1 keeps 81% of its weight.
#include "loss.hpp"

#include "../ops/ops.hpp"

namespace tapegrad {

namespace {

template <class T>
Var<T> focal_loss(Var<T> logits, Var<T> target, T gamma, Reduction reduction) {
    Var<T> log_p = log_softmax(logits);       // (m,C), stable at any logit
    Var<T> p = exp(log_p);                    // (m,C)
    Var<T> modulation = pow(T(1) - p, gamma);  // (1 - p)^gamma: near 0 where p is near 1
    Var<T> per_row = -rowwise_sum(target * modulation * log_p);  // (m,1)
    return reduce(per_row, reduction, "focal");
}

}  // namespace

// The registry's constructor for "focal": read the options (every one, so that unknown keys
// are caught), then give the body, written once for float and double.
std::unique_ptr<Loss> make_focal(LossConfig& config) {
    const double gamma = config.number("gamma", 2.0, 0.0, 10.0);
    const Reduction reduction = config.reduction();
    // Below 1, (1 - p)^gamma has an infinite slope at p = 1, and a saturated row would give NaN.
    if (gamma > 0 && gamma < 1)
        config.reject("gamma", "must be 0 or a number in [1, 10]");
    return loss_from_body(config, Link::softmax, [gamma, reduction]<class T>(Var<T> logits, const Target<T>& target) {
        Var<T> t = dense_target(logits, target, Link::softmax, "focal");
        return focal_loss(logits, t, static_cast<T>(gamma), reduction);
    });
}

}  // namespace tapegrad
