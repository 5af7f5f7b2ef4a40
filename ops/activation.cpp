// Activation functions. Each op: the math, the forward, and right below it the backward.
// Shapes: x: (m,n)  y: (m,n)  dL/dx: (m,n). Products like dL/dy * y are entry by entry.
#include "activation.hpp"

#include "broadcast.hpp"

#include <cmath>

namespace tapegrad {

// y = tanh(x)
// dL/dx = dL/dy * (1 - y^2)
template <class T>
Var<T> tanh(Var<T> x) {
    Node<T>& y = x.tape().record("tanh", {x});
    y.out() = x.value().array().tanh();
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        send_grad(tape, y.inputs[0], y.grad().array() * (T(1) - y.value().array().square()));
    };
    return y.var();
}

// y = 1 / (1 + e^-x), one entry at a time with stable_sigmoid (no e^ of a large number)
// dL/dx = dL/dy * y (1 - y)
template <class T>
Var<T> sigmoid(Var<T> x) {
    Node<T>& y = x.tape().record("sigmoid", {x});
    y.out() = x.value().unaryExpr([](T v) { return stable_sigmoid(v); });
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        const auto s = y.value().array();
        send_grad(tape, y.inputs[0], y.grad().array() * s * (T(1) - s));
    };
    return y.var();
}

// y = max(x, 0)
// dL/dx = dL/dy where x > 0, else 0        (one select, written straight into dL/dx)
template <class T>
Var<T> relu(Var<T> x) {
    Node<T>& y = x.tape().record("relu", {x});
    y.out() = x.value().cwiseMax(T(0));
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        Node<T>& x = tape.node(y.inputs[0]);
        if (x.requires_grad) x.add_grad((x.value().array() > T(0)).select(y.grad().array(), T(0)));
    };
    return y.var();
}

// y = x where x > 0, else slope * x           slope kept in scalar[0]
// dL/dx = dL/dy where x > 0, else slope * dL/dy
template <class T>
Var<T> leaky_relu(Var<T> x, std::type_identity_t<T> slope) {
    Node<T>& y = x.tape().record("leaky_relu", {x});
    y.scalar[0] = static_cast<double>(slope);
    y.out() = (x.value().array() > T(0)).select(x.value().array(), slope * x.value().array());
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        const T slope = static_cast<T>(y.scalar[0]);
        const auto x = tape.node(y.inputs[0]).value().array();
        send_grad(tape, y.inputs[0], (x > T(0)).select(y.grad().array(), slope * y.grad().array()));
    };
    return y.var();
}

// y = ln(1 + e^x) = max(x, 0) + log1p(e^-|x|)
//   The naive form overflows for x > ~88 (float) and loses everything to rounding for x < ~-17
//   (1 + tiny == 1); here e^ only sees -|x| <= 0, and log1p keeps the tiny term.
// dL/dx = dL/dy * sigmoid(x)
template <class T>
Var<T> softplus(Var<T> x) {
    Node<T>& y = x.tape().record("softplus", {x});
    y.out() = x.value().unaryExpr(
        [](T v) { return std::max(v, T(0)) + std::log1p(std::exp(-std::abs(v))); });
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        const Tensor<T>& x = tape.node(y.inputs[0]).value();
        send_grad(tape, y.inputs[0],
                  y.grad().cwiseProduct(x.unaryExpr([](T v) { return stable_sigmoid(v); })));
    };
    return y.var();
}

// y = ln sigmoid(x) = -ln(1 + e^-x) = min(x, 0) - log1p(e^-|x|)      (stable, as softplus)
// dL/dx = dL/dy * (1 - sigmoid(x)) = dL/dy * sigmoid(-x)
template <class T>
Var<T> log_sigmoid(Var<T> x) {
    Node<T>& y = x.tape().record("log_sigmoid", {x});
    y.out() = x.value().unaryExpr(
        [](T v) { return std::min(v, T(0)) - std::log1p(std::exp(-std::abs(v))); });
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        const Tensor<T>& x = tape.node(y.inputs[0]).value();
        send_grad(tape, y.inputs[0],
                  y.grad().cwiseProduct(x.unaryExpr([](T v) { return stable_sigmoid(-v); })));
    };
    return y.var();
}

#define TAPEGRAD_INSTANTIATE(T)                       \
    template Var<T> tanh<T>(Var<T>);                  \
    template Var<T> sigmoid<T>(Var<T>);               \
    template Var<T> relu<T>(Var<T>);                  \
    template Var<T> leaky_relu<T>(Var<T>, T);         \
    template Var<T> softplus<T>(Var<T>);              \
    template Var<T> log_sigmoid<T>(Var<T>);
TAPEGRAD_INSTANTIATE(float)
TAPEGRAD_INSTANTIATE(double)

}  // namespace tapegrad
