// Smooth L1 loss, as PyTorch's nn.SmoothL1Loss(beta): the Huber loss divided by its threshold,
// so that for large errors it is the L1 loss shifted by beta / 2 (slope 1, not beta). One file plus
// the line X(smooth_l1, other) in registry.cpp.
//
// One entry, d = |pred - target|:
//   l = d^2 / (2 beta)            if d <  beta
//     = d - beta / 2              otherwise          = huber(d; delta = beta) / beta
//   beta = 0 is the L1 loss (PyTorch's rule), computed as such rather than divided by 0.
#include "huber.hpp"
#include "loss.hpp"

#include "../ops/ops.hpp"

namespace tapegrad {

std::unique_ptr<Loss> make_smooth_l1(LossConfig& config) {
    const double beta = config.number("beta", 1.0, 0.0, 1e12);
    const Reduction reduction = config.reduction();
    return loss_from_body(config, Link::identity, [beta, reduction]<class T>(Var<T> pred, const Target<T>& target) {
        Var<T> t = dense_target(pred, target, Link::identity, "smooth_l1");
        Var<T> entries = beta == 0 ? abs(pred - t) : huber_entries(pred, t, beta) * static_cast<T>(1 / beta);
        return reduce(entries, reduction, "smooth_l1");
    });
}

}  // namespace tapegrad
