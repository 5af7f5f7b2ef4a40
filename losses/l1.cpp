// L1 loss (mean absolute error), as PyTorch's nn.L1Loss: one file plus the line X(l1, other) in
// registry.cpp. Composed from ops, so there is no backward to write.
//
//   L = mean over entries of |pred - target|          pred, target: (m,n)
//   dL/dpred = sign(pred - target) / (m n)            (0 where pred = target, as PyTorch)
// Unlike MSE, a large error pulls no harder than a small one: the gradient is +-1/(m n) whatever
// the size of the mistake, which makes L1 robust to outliers and slow near the answer.
#include "loss.hpp"

#include "../ops/ops.hpp"
#include "validate.hpp"

namespace tapegrad {

std::unique_ptr<Loss> make_l1(LossConfig& config) {
    const Reduction reduction = config.reduction();
    return loss_from_body(config, Link::identity, [reduction]<class T>(Var<T> pred, const Target<T>& target) {
        Var<T> t = dense_target(pred, target, Link::identity, "l1");
        return reduce(abs(pred - t), reduction, "l1");  // |pred - target|, (m,n), then reduced
    });
}

}  // namespace tapegrad
