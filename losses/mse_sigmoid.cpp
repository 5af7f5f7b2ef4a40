// MSE between sigmoid(logits) and n-hot targets: the multi-label counterpart of mse_softmax,
// composed from ops, so each entry's gradient carries the sigmoid's derivative s (1 - s).
#include "mse.hpp"

#include "../ops/activation.hpp"
#include "loss.hpp"
#include "validate.hpp"

namespace tapegrad {

template <class T>
Var<T> mse_sigmoid(Var<T> logits, Var<T> target, const MseOptions& options) {
    check_same_shape("mse_sigmoid", "logits", logits.value(), "target", target.value());
    check_probabilities("mse_sigmoid", "target", target.value());
    return mse(sigmoid(logits), target, options);
}

std::unique_ptr<Loss> make_mse_sigmoid(LossConfig& config) {
    const MseOptions o = MseOptions().reduction(config.reduction());
    return loss_from_body(config, Link::sigmoid, [o](auto logits, const auto& target) {
        return mse_sigmoid(logits, dense_target(logits, target, Link::sigmoid, "mse_sigmoid"), o);
    });
}

template Var<float> mse_sigmoid(Var<float>, Var<float>, const MseOptions&);
template Var<double> mse_sigmoid(Var<double>, Var<double>, const MseOptions&);

}  // namespace tapegrad
