// Mean squared error, composed from ops: difference, square (as d * d), reduce. The tape does the
// calculus: dL/dpred = 2 (pred - target) / (m n) under the default mean over all entries.
#include "mse.hpp"

#include "../ops/elementwise.hpp"
#include "loss.hpp"
#include "validate.hpp"

namespace tapegrad {

template <class T>
Var<T> mse(Var<T> pred, Var<T> target, const MseOptions& options) {
    check_same_shape("mse", "pred", pred.value(), "target", target.value());
    Var<T> d = pred - target;
    return reduce(d * d, options.reduction(), "mse");
}

// The registry entry: mse on the raw outputs against the dense target rows.
std::unique_ptr<Loss> make_mse(LossConfig& config) {
    const MseOptions o = MseOptions().reduction(config.reduction());
    return loss_from_body(config, Link::identity, [o](auto logits, const auto& target) {
        return mse(logits, dense_target(logits, target, Link::identity, "mse"), o);
    });
}

template Var<float> mse(Var<float>, Var<float>, const MseOptions&);
template Var<double> mse(Var<double>, Var<double>, const MseOptions&);

}  // namespace tapegrad
