// Binary cross-entropy on probabilities, with a hand-written backward. Composing it from ops,
// log(p) clamped at -100, would give NaN: at p = 0 the clamp's backward multiplies 0 by log's
// backward 1/p = inf. Written directly, the derivative is one bounded expression.
//
// One entry.  p: probability   y: target in [0, 1]
//   L = -[y ln p + (1 - y) ln(1 - p)]          each ln clamped at -100, as PyTorch does
//   dL/dp = -y / p + (1 - y) / (1 - p) = (p - y) / (p (1 - p))
// The denominator is kept >= 1e-12, so the gradient stays finite even at p = 0 or 1.
#include "binary_cross_entropy.hpp"

#include "../ops/activation.hpp"
#include "loss.hpp"
#include "validate.hpp"

#include <algorithm>
#include <cmath>

namespace tapegrad {

namespace {
// -max(ln p, -100) = min(-ln p, 100): the clamped information of an outcome of probability p.
template <class T>
T clamped_minus_log(T p) {
    return std::min(-std::log(p), T(100));
}
}  // namespace

template <class T>
Var<T> binary_cross_entropy(Var<T> probs, Var<T> target, const BinaryCrossEntropyOptions& options) {
    const char* op = "binary_cross_entropy";
    const Tensor<T>& P = probs.value();
    const Tensor<T>& Y = target.value();
    check_same_shape(op, "probs", P, "target", Y);
    check_probabilities(op, "probs", P);
    check_probabilities(op, "target", Y);
    const Reduction reduction = options.reduction();
    empty_batch_check(op, P.rows(), reduction);

    Node<T>& y = probs.tape().record(op, {probs, target});
    y.scalar[0] = reduction == Reduction::mean ? 1.0 / static_cast<double>(P.size())
                : reduction == Reduction::batch_mean ? 1.0 / static_cast<double>(P.rows()) : 1.0;
    if (reduction == Reduction::none) y.out().resize(P.rows(), P.cols());
    else y.out().setZero(1, 1);
    for (Index i = 0; i < P.rows(); ++i)
        for (Index j = 0; j < P.cols(); ++j) {
            const T p = P(i, j), t = Y(i, j);
            const T loss = t * clamped_minus_log(p) + (T(1) - t) * clamped_minus_log(T(1) - p);
            if (reduction == Reduction::none) y.out()(i, j) = loss;
            else y.out()(0, 0) += loss;
        }
    if (reduction != Reduction::none) y.out()(0, 0) *= static_cast<T>(y.scalar[0]);

    // dL/dp = g (p - y) / max(p (1 - p), 1e-12)
    // dL/dy = g (min(-ln p, 100) - min(-ln(1 - p), 100))     (L is linear in y)
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        Node<T>& probs = tape.node(y.inputs[0]);
        Node<T>& target = tape.node(y.inputs[1]);
        const Tensor<T>& G = y.grad();
        const T scale = static_cast<T>(y.scalar[0]);
        for (Index i = 0; i < probs.rows(); ++i)
            for (Index j = 0; j < probs.cols(); ++j) {
                const T g = scale * (G.size() == 1 ? G(0, 0) : G(i, j));
                const T p = probs.value()(i, j), t = target.value()(i, j);
                if (probs.requires_grad) probs.grad()(i, j) += g * (p - t) / std::max(p * (T(1) - p), T(1e-12));
                if (target.requires_grad)
                    target.grad()(i, j) += g * (clamped_minus_log(p) - clamped_minus_log(T(1) - p));
            }
    };
    return y.var();
}

// The registry entry: binary_cross_entropy(sigmoid(logits), target), the two-step form of
// sigmoid_binary_cross_entropy, kept to compare against it.
std::unique_ptr<Loss> make_binary_cross_entropy(LossConfig& config) {
    const BinaryCrossEntropyOptions o = BinaryCrossEntropyOptions().reduction(config.reduction());
    return loss_from_body(config, Link::sigmoid, [o](auto logits, const auto& target) {
        return binary_cross_entropy(sigmoid(logits), dense_target(logits, target, Link::sigmoid, "binary_cross_entropy"), o);
    });
}

template Var<float> binary_cross_entropy(Var<float>, Var<float>, const BinaryCrossEntropyOptions&);
template Var<double> binary_cross_entropy(Var<double>, Var<double>, const BinaryCrossEntropyOptions&);

}  // namespace tapegrad
