// Huber loss, as PyTorch's nn.HuberLoss(delta): squared error for small errors, absolute error
// (scaled by delta) for large ones. One file plus the line X(huber, other) in registry.cpp.
//
// One entry, d = |pred - target|:
//   l = d^2 / 2                   if d <  delta
//     = delta (d - delta / 2)     otherwise            (the two pieces meet with equal slope delta)
//   dl/dpred = (pred - target)    if d < delta,   delta sign(pred - target) otherwise
// Composed without a branch: with q = min(d, delta),  l = q^2 / 2 + delta (d - q).
//   d < delta:  q = d      ->  l = d^2 / 2
//   otherwise:  q = delta  ->  l = delta^2 / 2 + delta d - delta^2 = delta (d - delta / 2)
// so the tape differentiates it through clamp and abs, and nothing here has a hand-written backward.
#include "huber.hpp"

#include "../ops/ops.hpp"
#include "loss.hpp"
#include "validate.hpp"

namespace tapegrad {

template <class T>
Var<T> huber_entries(Var<T> pred, Var<T> target, double delta) {
    check_same_shape("huber", "pred", pred.value(), "target", target.value());
    Var<T> d = abs(pred - target);                           // (m,n)
    Var<T> q = clamp(d, T(0), static_cast<T>(delta));        // min(d, delta), as d >= 0
    return T(0.5) * q * q + static_cast<T>(delta) * (d - q);  // (m,n)
}

std::unique_ptr<Loss> make_huber(LossConfig& config) {
    const double delta = config.number("delta", 1.0, 0.0, 1e12);
    if (delta == 0) config.reject("delta", "must be > 0 (PyTorch's rule; use l1 for no quadratic part)");
    const Reduction reduction = config.reduction();
    return loss_from_body(config, Link::identity, [delta, reduction]<class T>(Var<T> pred, const Target<T>& target) {
        Var<T> t = dense_target(pred, target, Link::identity, "huber");
        return reduce(huber_entries(pred, t, delta), reduction, "huber");
    });
}

template Var<float> huber_entries(Var<float>, Var<float>, double);
template Var<double> huber_entries(Var<double>, Var<double>, double);

}  // namespace tapegrad
