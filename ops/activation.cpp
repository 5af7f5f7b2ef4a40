// Activation functions. Each op: the math, the forward, and right below it the backward.
// Shapes: x: (m,n)  y: (m,n)  dL/dx: (m,n). Products like dL/dy * y are entry by entry.
#include "activation.hpp"

#include "broadcast.hpp"

#include <cmath>
#include <sstream>
#include <string>

namespace tapegrad {

namespace {
// Phi(x) = (1 + erf(x / sqrt 2)) / 2 = erfc(-x / sqrt 2) / 2: erfc keeps Phi's tiny values for x << 0
template <class T>
T normal_cdf(T x) {
    return T(0.5) * std::erfc(-x * T(0.7071067811865476));  // 1 / sqrt 2
}
// u = sqrt(2/pi) (x + 0.044715 x^3), the argument of gelu_tanh's tanh
template <class T>
T gelu_tanh_u(T x) {
    return T(0.7978845608028654) * (x + T(0.044715) * x * x * x);
}
// A number as a reader would write it: 0.5, not 0.500000.
template <class T>
std::string number(T v) {
    std::ostringstream out;
    out << v;
    return out.str();
}
}  // namespace

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

// ---- the activations of transformers and self-normalising networks ----------------------------

// y = x Phi(x) = x (1 + erf(x / sqrt 2)) / 2          Phi: the standard normal's distribution function
// dL/dx = dL/dy * (Phi(x) + x phi(x))                  phi(x) = e^(-x^2/2) / sqrt(2 pi), its density
template <class T>
Var<T> gelu(Var<T> x) {
    Node<T>& y = x.tape().record("gelu", {x});
    y.out() = x.value().unaryExpr([](T v) { return v * normal_cdf(v); });
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        const Tensor<T>& x = tape.node(y.inputs[0]).value();
        send_grad(tape, y.inputs[0], y.grad().cwiseProduct(x.unaryExpr([](T v) {
            return normal_cdf(v) + v * std::exp(T(-0.5) * v * v) * T(0.3989422804014327);  // 1 / sqrt(2 pi)
        })));
    };
    return y.var();
}

// y = x (1 + tanh u) / 2,   u = sqrt(2/pi) (x + 0.044715 x^3)     (PyTorch's approximate="tanh")
// dL/dx = dL/dy * ((1 + tanh u) / 2 + x (1 - tanh^2 u) sqrt(2/pi) (1 + 3 * 0.044715 x^2) / 2)
template <class T>
Var<T> gelu_tanh(Var<T> x) {
    Node<T>& y = x.tape().record("gelu_tanh", {x});
    y.out() = x.value().unaryExpr([](T v) { return T(0.5) * v * (T(1) + std::tanh(gelu_tanh_u(v))); });
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        const Tensor<T>& x = tape.node(y.inputs[0]).value();
        send_grad(tape, y.inputs[0], y.grad().cwiseProduct(x.unaryExpr([](T v) {
            const T t = std::tanh(gelu_tanh_u(v));
            const T du = T(0.7978845608028654) * (T(1) + T(3 * 0.044715) * v * v);  // sqrt(2/pi) (1 + 3 c x^2)
            return T(0.5) * (T(1) + t) + T(0.5) * v * (T(1) - t * t) * du;
        })));
    };
    return y.var();
}

// y = x where x > 0, else alpha (e^x - 1)       alpha kept in scalar[0], scale in scalar[1]
// dL/dx = dL/dy where x > 0, else dL/dy * alpha e^x        (all of it times scale: selu is scale * elu)
// e^x - 1 is std::expm1, which keeps its digits for x near 0.
namespace {
template <class T>
Var<T> scaled_elu(const char* op, Var<T> x, double alpha, double scale) {
    Node<T>& y = x.tape().record(op, {x});
    y.scalar[0] = alpha;
    y.scalar[1] = scale;
    const T a = static_cast<T>(alpha), s = static_cast<T>(scale);
    y.out() = x.value().unaryExpr([a, s](T v) { return s * (v > T(0) ? v : a * std::expm1(v)); });
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        const T a = static_cast<T>(y.scalar[0]), s = static_cast<T>(y.scalar[1]);
        const Tensor<T>& x = tape.node(y.inputs[0]).value();
        send_grad(tape, y.inputs[0],
                  y.grad().cwiseProduct(x.unaryExpr([a, s](T v) { return s * (v > T(0) ? T(1) : a * std::exp(v)); })));
    };
    return y.var();
}
}  // namespace

template <class T>
Var<T> elu(Var<T> x, std::type_identity_t<T> alpha) {
    return scaled_elu("elu", x, static_cast<double>(alpha), 1.0);
}

// selu = scale * elu(x, alpha) with the two constants of Klambauer et al. (2017), as torch.selu
template <class T>
Var<T> selu(Var<T> x) {
    return scaled_elu("selu", x, 1.6732632423543772848170429916717, 1.0507009873554804934193349852946);
}

// y = x sigmoid(x)                                       (also called swish)
// dL/dx = dL/dy * sigmoid(x) (1 + x (1 - sigmoid(x)))
template <class T>
Var<T> silu(Var<T> x) {
    Node<T>& y = x.tape().record("silu", {x});
    y.out() = x.value().unaryExpr([](T v) { return v * stable_sigmoid(v); });
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        const Tensor<T>& x = tape.node(y.inputs[0]).value();
        send_grad(tape, y.inputs[0], y.grad().cwiseProduct(x.unaryExpr([](T v) {
            const T s = stable_sigmoid(v);
            return s * (T(1) + v * (T(1) - s));
        })));
    };
    return y.var();
}

// y = x / (1 + |x|)
// dL/dx = dL/dy / (1 + |x|)^2
template <class T>
Var<T> softsign(Var<T> x) {
    Node<T>& y = x.tape().record("softsign", {x});
    y.out() = x.value().unaryExpr([](T v) { return v / (T(1) + std::abs(v)); });
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        const Tensor<T>& x = tape.node(y.inputs[0]).value();
        send_grad(tape, y.inputs[0], y.grad().cwiseProduct(x.unaryExpr([](T v) {
            const T d = T(1) + std::abs(v);
            return T(1) / (d * d);
        })));
    };
    return y.var();
}

// y = min(max(x, lo), hi)                              lo, hi kept in scalar[0], scalar[1]
// dL/dx = dL/dy where lo < x < hi, 0 elsewhere      (strictly inside, as torch.nn.Hardtanh;
//                                                     clamp keeps the ends, as torch.clamp)
template <class T>
Var<T> hardtanh(Var<T> x, std::type_identity_t<T> lo, std::type_identity_t<T> hi) {
    if (!(lo < hi))
        throw ValueError("hardtanh: lo (" + number(lo) + ") must be less than hi (" + number(hi) + ")");
    Node<T>& y = x.tape().record("hardtanh", {x});
    y.scalar[0] = static_cast<double>(lo);
    y.scalar[1] = static_cast<double>(hi);
    y.out() = x.value().cwiseMax(lo).cwiseMin(hi);
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        const T lo = static_cast<T>(y.scalar[0]), hi = static_cast<T>(y.scalar[1]);
        const auto x = tape.node(y.inputs[0]).value().array();
        send_grad(tape, y.inputs[0], (x > lo && x < hi).select(y.grad().array(), T(0)));
    };
    return y.var();
}

#define TAPEGRAD_INSTANTIATE(T)                       \
    template Var<T> tanh<T>(Var<T>);                  \
    template Var<T> sigmoid<T>(Var<T>);               \
    template Var<T> relu<T>(Var<T>);                  \
    template Var<T> leaky_relu<T>(Var<T>, T);         \
    template Var<T> softplus<T>(Var<T>);              \
    template Var<T> log_sigmoid<T>(Var<T>);           \
    template Var<T> gelu<T>(Var<T>);                  \
    template Var<T> gelu_tanh<T>(Var<T>);             \
    template Var<T> elu<T>(Var<T>, T);                \
    template Var<T> selu<T>(Var<T>);                  \
    template Var<T> silu<T>(Var<T>);                  \
    template Var<T> softsign<T>(Var<T>);              \
    template Var<T> hardtanh<T>(Var<T>, T, T);
TAPEGRAD_INSTANTIATE(float)
TAPEGRAD_INSTANTIATE(double)

}  // namespace tapegrad
