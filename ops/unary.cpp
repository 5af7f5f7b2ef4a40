// Entry-wise math functions. Each op: the math, the forward, and right below it the backward.
// Shapes: x: (m,n)  y: (m,n)  dL/dx: (m,n). Products like dL/dy * y are entry by entry.
#include "unary.hpp"

#include "broadcast.hpp"

#include <cmath>
#include <sstream>
#include <string>

namespace tapegrad {

namespace {
// A number as a reader would write it: 0.5, 1, -2 (std::to_string would print 0.500000).
template <class T>
std::string number(T v) {
    std::ostringstream out;
    out << v;
    return out.str();
}
}  // namespace

// y = e^x
// dL/dx = dL/dy * e^x = dL/dy * y        (reuses the output instead of computing e^x again)
// std::exp rather than Eigen's vectorised exp, which for double clamps its argument near -709
// and so gives e^-1e4 = 5.6e-309 instead of 0.
template <class T>
Var<T> exp(Var<T> x) {
    Node<T>& y = x.tape().record("exp", {x});
    y.out() = x.value().unaryExpr([](T v) { return std::exp(v); });
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        send_grad(tape, y.inputs[0], y.grad().cwiseProduct(y.value()));
    };
    return y.var();
}

// y = ln x
// dL/dx = dL/dy / x
template <class T>
Var<T> log(Var<T> x) {
    Node<T>& y = x.tape().record("log", {x});
    y.out() = x.value().array().log();
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        const Tensor<T>& x = tape.node(y.inputs[0]).value();
        send_grad(tape, y.inputs[0], y.grad().cwiseQuotient(x));
    };
    return y.var();
}

// y = sqrt(x)
// dL/dx = dL/dy / (2 sqrt(x)) = dL/dy / (2 y)
template <class T>
Var<T> sqrt(Var<T> x) {
    Node<T>& y = x.tape().record("sqrt", {x});
    y.out() = x.value().array().sqrt();
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        send_grad(tape, y.inputs[0], y.grad().array() / (T(2) * y.value().array()));
    };
    return y.var();
}

// y = x^p                 p: a fixed number, kept in scalar[0]
// dL/dx = dL/dy * p x^(p-1)
// For p = 0, y = 1 does not depend on x: the gradient is 0, even at x = 0 where p x^(p-1) = 0 * inf.
template <class T>
Var<T> pow(Var<T> x, std::type_identity_t<T> p) {
    Node<T>& y = x.tape().record("pow", {x});
    y.scalar[0] = static_cast<double>(p);
    y.out() = x.value().array().pow(p);
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        const T p = static_cast<T>(y.scalar[0]);
        if (p == T(0)) return;
        const Tensor<T>& x = tape.node(y.inputs[0]).value();
        send_grad(tape, y.inputs[0], y.grad().array() * p * x.array().pow(p - T(1)));
    };
    return y.var();
}

// y = |x|
// dL/dx = dL/dy * sign(x)        sign(0) = 0: at the kink we send nothing, as PyTorch does
template <class T>
Var<T> abs(Var<T> x) {
    Node<T>& y = x.tape().record("abs", {x});
    y.out() = x.value().cwiseAbs();
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        const Tensor<T>& x = tape.node(y.inputs[0]).value();
        send_grad(tape, y.inputs[0], y.grad().cwiseProduct(x.cwiseSign()));
    };
    return y.var();
}

// y = min(max(x, lo), hi)        lo, hi kept in scalar[0], scalar[1]
// dL/dx = dL/dy where lo <= x <= hi (the ends included, as PyTorch), 0 where x was clipped
template <class T>
Var<T> clamp(Var<T> x, std::type_identity_t<T> lo, std::type_identity_t<T> hi) {
    if (!(lo <= hi))
        throw ValueError("clamp: lo (" + number(lo) + ") must not exceed hi (" + number(hi) + ")");
    Node<T>& y = x.tape().record("clamp", {x});
    y.scalar[0] = static_cast<double>(lo);
    y.scalar[1] = static_cast<double>(hi);
    y.out() = x.value().cwiseMax(lo).cwiseMin(hi);
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        const T lo = static_cast<T>(y.scalar[0]), hi = static_cast<T>(y.scalar[1]);
        const auto x = tape.node(y.inputs[0]).value().array();
        const auto inside = (x >= lo && x <= hi).template cast<T>();
        send_grad(tape, y.inputs[0], y.grad().array() * inside);
    };
    return y.var();
}

#define TAPEGRAD_INSTANTIATE(T)                        \
    template Var<T> exp<T>(Var<T>);                    \
    template Var<T> log<T>(Var<T>);                    \
    template Var<T> sqrt<T>(Var<T>);                   \
    template Var<T> pow<T>(Var<T>, T);                 \
    template Var<T> abs<T>(Var<T>);                    \
    template Var<T> clamp<T>(Var<T>, T, T);
TAPEGRAD_INSTANTIATE(float)
TAPEGRAD_INSTANTIATE(double)

}  // namespace tapegrad
