// Sigmoid binary cross-entropy, fused: one tape node from logits to loss, its backward written by
// hand. Composing sigmoid -> log fails once sigmoid(x) rounds to exactly 0 or 1 (x beyond about
// -88 or +17 in float32): log 0 = -inf. Written in terms of softplus, nothing ever overflows.
//
// One entry.  x: logit   y: target in [0, 1]   s = sigmoid(x) = 1 / (1 + e^-x)
//   ln s = -softplus(-x)     ln(1 - s) = -softplus(x)     softplus(x) = ln(1 + e^x)
//   softplus(x) = max(x, 0) + log1p(e^-|x|)                     (e^-|x| <= 1: no overflow)
//   L = -[y ln s + (1 - y) ln(1 - s)] = y softplus(-x) + (1 - y) softplus(x)
//     = max(x, 0) - x y + log1p(e^-|x|)                        (softplus(-x) = softplus(x) - x)
//   dL/dx = -y (1 - s) + (1 - y) s = s - y
// Under mean reduction over m x n entries, dL/dx = (s - y) / (m n).
// pos_weight p scales the positive term:  L = p y softplus(-x) + (1 - y) softplus(x)
//   dL/dx = -p y (1 - s) + (1 - y) s = s (p y + 1 - y) - p y
// weight w multiplies the whole entry:  L = w [p y softplus(-x) + (1 - y) softplus(x)], and so
// both derivatives (dL/dx = w (s (p y + 1 - y) - p y)).
#include "sigmoid_binary_cross_entropy.hpp"

#include "../ops/softmax.hpp"
#include "loss.hpp"
#include "validate.hpp"

#include <cmath>

namespace tapegrad {

namespace {

// ln(1 + e^x) without overflow; softplus(+inf) = inf, softplus(-inf) = 0.
template <class T>
T softplus(T x) {
    return (x > T(0) ? x : T(0)) + std::log1p(std::exp(-std::abs(x)));
}

// 1 / (1 + e^-x) without overflow: e^ only ever sees -|x|.
template <class T>
T sigmoid(T x) {
    const T e = std::exp(-std::abs(x));
    return x >= T(0) ? T(1) / (T(1) + e) : e / (T(1) + e);
}

}  // namespace

// The common case on whole arrays (no pos_weight, a 1x1 loss), one e^ per entry:
//   e = e^-|x|   L = scale sum (max(x, 0) + log1p(e) - x y)   s = sigmoid(x) = (x >= 0 ? 1 : e) / (1 + e)
//   dL/dx = g (s - y)      dL/dy = -g x         g = scale dL/dL
// saved[1] keeps s for the backward. The sum is checked once: an infinite logit gives inf - inf
// = NaN there (the entry-by-entry form below gives the right limit), and so does a NaN.
template <class T>
bool forward_whole(Node<T>& y, const Tensor<T>& X, const Tensor<T>& Y, Reduction reduction) {
    Tensor<T>& s = y.saved[1];
    s.resize(X.rows(), X.cols());
    s.array() = -X.array().abs();
    exp_in_place(s);  // e
    const T total = (X.array().max(T(0)) + s.array().log1p() - X.array() * Y.array()).sum();
    if (!std::isfinite(total)) return false;
    s.array() = (X.array() >= T(0)).select(T(1), s.array()) / (T(1) + s.array());
    y.scalar[0] = reduction == Reduction::mean ? 1.0 / static_cast<double>(X.size())
                : reduction == Reduction::batch_mean ? 1.0 / static_cast<double>(X.rows()) : 1.0;
    y.out().setConstant(1, 1, total * static_cast<T>(y.scalar[0]));
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        Node<T>& logits = tape.node(y.inputs[0]);
        Node<T>& target = tape.node(y.inputs[1]);
        const T g = static_cast<T>(y.scalar[0]) * y.grad()(0, 0);
        if (logits.requires_grad) logits.add_grad(g * (y.saved[1].array() - target.value().array()));
        if (target.requires_grad) target.add_grad(-g * logits.value().array());
    };
    return true;
}

template <class T>
Var<T> sigmoid_binary_cross_entropy(Var<T> logits, Var<T> target, const SigmoidBinaryCrossEntropyOptions& options) {
    const char* op = "sigmoid_binary_cross_entropy";
    const Tensor<T>& X = logits.value();
    const Tensor<T>& Y = target.value();
    check_same_shape(op, "logits", X, "target", Y);
    check_probabilities(op, "target", Y);
    check_weights(op, "pos_weight", options.pos_weight(), X.cols());
    check_weights(op, "weight", options.weight(), X.cols());
    const Reduction reduction = options.reduction();
    empty_batch_check(op, X.rows(), reduction);
    Node<T>* recorded = nullptr;
    if (options.pos_weight().empty() && options.weight().empty() && reduction != Reduction::none && !anomaly_mode()) {
        recorded = &logits.tape().record(op, {logits, target});
        if (forward_whole(*recorded, X, Y, reduction)) return recorded->var();
        // Not finite: an infinite logit (handled below, term by term, on the same node) or a NaN.
    }
    if (X.array().isNaN().any()) throw ValueError(std::string(op) + ": the logits contain NaN");

    Node<T>& y = recorded ? *recorded : logits.tape().record(op, {logits, target});
    // saved[0]: pos_weight as a 1xn row, saved[1]: weight as a 1xn row (all ones without them).
    // scalar[0]: what the sum is scaled by.
    y.saved[0].setOnes(1, X.cols());
    for (std::size_t j = 0; j < options.pos_weight().size(); ++j)
        y.saved[0](0, static_cast<Index>(j)) = static_cast<T>(options.pos_weight()[j]);
    y.saved[1].setOnes(1, X.cols());
    for (std::size_t j = 0; j < options.weight().size(); ++j)
        y.saved[1](0, static_cast<Index>(j)) = static_cast<T>(options.weight()[j]);
    y.scalar[0] = reduction == Reduction::mean ? 1.0 / static_cast<double>(X.size())
                : reduction == Reduction::batch_mean ? 1.0 / static_cast<double>(X.rows()) : 1.0;

    // L = p y softplus(-x) + (1 - y) softplus(x); a term whose weight is 0 is skipped, so that an
    // infinite logit on the side the target rules out adds 0 rather than 0 * inf = NaN.
    if (reduction == Reduction::none) y.out().resize(X.rows(), X.cols());
    else y.out().setZero(1, 1);
    for (Index i = 0; i < X.rows(); ++i)
        for (Index j = 0; j < X.cols(); ++j) {
            const T x = X(i, j), t = Y(i, j), pos = y.saved[0](0, j) * t, neg = T(1) - t;
            const T w = y.saved[1](0, j);
            const T loss = w == T(0) ? T(0)
                         : w * ((pos != T(0) ? pos * softplus(-x) : T(0)) + (neg != T(0) ? neg * softplus(x) : T(0)));
            if (reduction == Reduction::none) y.out()(i, j) = loss;
            else y.out()(0, 0) += loss;
        }
    if (reduction != Reduction::none) y.out()(0, 0) *= static_cast<T>(y.scalar[0]);

    // dL/dx = g (s (p y + 1 - y) - p y)        dL/dy = g (p softplus(-x) - softplus(x))
    // with g = w scale dL/dy (the entry's own under none)
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        Node<T>& logits = tape.node(y.inputs[0]);
        Node<T>& target = tape.node(y.inputs[1]);
        const Tensor<T>& X = logits.value();
        const Tensor<T>& Y = target.value();
        const Tensor<T>& G = y.grad();
        const T scale = static_cast<T>(y.scalar[0]);
        for (Index i = 0; i < X.rows(); ++i)
            for (Index j = 0; j < X.cols(); ++j) {
                const T g = y.saved[1](0, j) * scale * (G.size() == 1 ? G(0, 0) : G(i, j));
                if (g == T(0)) continue;  // a column of weight 0 sends nothing (not 0 * inf)
                const T x = X(i, j), t = Y(i, j), p = y.saved[0](0, j);
                if (logits.requires_grad) logits.grad()(i, j) += g * (sigmoid(x) * (p * t + T(1) - t) - p * t);
                if (target.requires_grad) target.grad()(i, j) += g * (p * softplus(-x) - softplus(x));
            }
    };
    return y.var();
}

// The registry entry: the target's dense n-hot rows (or, for one column, its 0/1 classes).
std::unique_ptr<Loss> make_sigmoid_binary_cross_entropy(LossConfig& config) {
    SigmoidBinaryCrossEntropyOptions o;
    o.reduction(config.reduction());
    if (auto w = config.numbers("pos_weight", 0); !w.empty()) o.pos_weight(w);
    if (auto w = config.numbers("weight", 0); !w.empty()) o.weight(w);
    return loss_from_body(config, Link::sigmoid, [o](auto logits, const auto& target) {
        const char* name = "sigmoid_binary_cross_entropy";
        return sigmoid_binary_cross_entropy(logits, dense_target(logits, target, Link::sigmoid, name), o);
    });
}

template Var<float> sigmoid_binary_cross_entropy(Var<float>, Var<float>, const SigmoidBinaryCrossEntropyOptions&);
template Var<double> sigmoid_binary_cross_entropy(Var<double>, Var<double>, const SigmoidBinaryCrossEntropyOptions&);

}  // namespace tapegrad
