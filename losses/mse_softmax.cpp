// MSE between softmax(logits) and the target rows: the "wrong" loss for single-label
// classification, kept to show why cross-entropy is used. Composed from ops, so the softmax's
// Jacobian p (delta - p) sits in its gradient and shrinks it wherever the softmax saturates.
#include "mse.hpp"

#include "../ops/softmax.hpp"
#include "loss.hpp"
#include "validate.hpp"

namespace tapegrad {

template <class T>
Var<T> mse_softmax(Var<T> logits, Var<T> target, const MseOptions& options) {
    check_same_shape("mse_softmax", "logits", logits.value(), "target", target.value());
    check_distributions("mse_softmax", "target", target.value());
    return mse(softmax(logits), target, options);
}

std::unique_ptr<Loss> make_mse_softmax(LossConfig& config) {
    const MseOptions o = MseOptions().reduction(config.reduction());
    return loss_from_body(config, Link::softmax, [o](auto logits, const auto& target) {
        return mse_softmax(logits, dense_target(logits, target, Link::softmax, "mse_softmax"), o);
    });
}

template Var<float> mse_softmax(Var<float>, Var<float>, const MseOptions&);
template Var<double> mse_softmax(Var<double>, Var<double>, const MseOptions&);

}  // namespace tapegrad
