// MSE between softmax(logits) and the target rows: the "wrong" loss for single-label
// classification, kept to show why cross-entropy is used. The softmax is the softmax op, so its
// Jacobian p (delta - p) sits in the gradient (ops/softmax.cpp applies it) and shrinks it
// wherever the softmax saturates. The squared error after it is one node with its backward written
// here, for speed only: as mse() composes it (difference, square, reduction), it records three
// nodes and makes five passes over the batch where this makes two, which on a 64x10 batch was most
// of the cost above a hand-written step. Under reduction none it is mse() itself.
// tests/losses/test_mse.cpp checks this node against mse(softmax(z), t), value and gradients.
#include "mse.hpp"

#include "../ops/softmax.hpp"
#include "loss.hpp"
#include "validate.hpp"

namespace tapegrad {

namespace {

// L = s sum_ij (p_ij - t_ij)^2     s = 1/(m n) (mean), 1/m (batch_mean), 1 (sum)    p, t: (m,n)
// dL/dp = 2 s g (p - t)      dL/dt = -2 s g (p - t)       g = dL/dL (1x1)
template <class T>
Var<T> squared_error(Var<T> p, Var<T> t, Reduction reduction) {
    empty_batch_check("mse", p.rows(), reduction);
    const Index m = p.rows(), n = p.cols();
    const double scale = reduction == Reduction::mean ? 1.0 / static_cast<double>(m * n)
                       : reduction == Reduction::batch_mean ? 1.0 / static_cast<double>(m) : 1.0;
    Node<T>& y = p.tape().record("mse", {p, t});
    y.scalar[0] = scale;
    y.out().resize(1, 1);
    y.out()(0, 0) = static_cast<T>(scale) * (p.value() - t.value()).squaredNorm();
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        Node<T>& p = tape.node(y.inputs[0]);
        Node<T>& t = tape.node(y.inputs[1]);
        const T two_s_g = T(2) * static_cast<T>(y.scalar[0]) * y.grad()(0, 0);
        const auto d = p.value().array() - t.value().array();  // p - t, an expression: no buffer
        if (p.requires_grad) p.add_grad(two_s_g * d);
        if (t.requires_grad) t.add_grad(-two_s_g * d);
    };
    return y.var();
}

}  // namespace

template <class T>
Var<T> mse_softmax(Var<T> logits, Var<T> target, const MseOptions& options) {
    check_same_shape("mse_softmax", "logits", logits.value(), "target", target.value());
    check_distributions("mse_softmax", "target", target.value());
    if (options.reduction() == Reduction::none) return mse(softmax(logits), target, options);
    return squared_error(softmax(logits), target, options.reduction());
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
