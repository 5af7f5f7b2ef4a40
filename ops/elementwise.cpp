// Arithmetic ops. Each op: the math, the forward, and right below it the backward.
// Shapes: a, b broadcast to y: (m,n); the gradients are summed back to a's and b's own shapes.
#include "elementwise.hpp"

#include "broadcast.hpp"

#include <string>
#include <utility>

namespace tapegrad {

namespace {
// Records a broadcasting binary op: checks shapes, appends the node and leaves the operands,
// repeated to y's shape where needed, for the forward to read.
template <class T>
struct Binary {
    Node<T>& y;
    const Tensor<T>& a;  // a at y's shape
    const Tensor<T>& b;  // b at y's shape
};

template <class T>
Binary<T> record_binary(const char* op, Var<T> a, Var<T> b) {
    auto [rows, cols] = broadcast_shape(op, a.value(), b.value());
    Node<T>& y = a.tape().record(op, {a, b});
    return {y, expand(a.value(), rows, cols, y.saved[0]), expand(b.value(), rows, cols, y.saved[1])};
}
}  // namespace

// y = a + b
// dL/da = dL/dy      dL/db = dL/dy
// When a is only used here (a layer's x W, before its bias), a takes dL/dy's buffer rather than
// a copy of it (Node::take_grad_of); b is sent its share first, while y still holds it.
template <class T>
void add_backward(Node<T>& y, Tape<T>& tape) {
    Node<T>& a = tape.node(y.inputs[0]);
    if (a.requires_grad && y.inputs[0] != y.inputs[1] && a.rows() == y.rows() && a.cols() == y.cols()) {
        send_grad(tape, y.inputs[1], y.grad());
        if (!a.take_grad_of(y)) a.add_grad(y.grad());
        return;
    }
    send_grad(tape, y.inputs[0], y.grad());
    send_grad(tape, y.inputs[1], y.grad());
}

template <class T>
Var<T> add(Var<T> a, Var<T> b) {
    const Tensor<T>& bias = b.value();
    if (bias.rows() == 1 && bias.cols() == a.cols() && a.rows() > 1) {
        // The bias of a layer, x W + b: the row added to every row in one pass, no repeated copy of b.
        Node<T>& y = a.tape().record("add", {a, b});
        y.out() = a.value().rowwise() + bias.row(0);
        y.backward = add_backward<T>;
        return y.var();
    }
    auto [y, A, B] = record_binary("add", a, b);
    y.out() = A + B;
    y.backward = add_backward<T>;
    return y.var();
}

// y = a - b
// dL/da = dL/dy      dL/db = -dL/dy
template <class T>
Var<T> sub(Var<T> a, Var<T> b) {
    auto [y, A, B] = record_binary("sub", a, b);
    y.out() = A - B;
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        send_grad(tape, y.inputs[0], y.grad());
        send_grad(tape, y.inputs[1], -y.grad());
    };
    return y.var();
}

// y = a * b
// dL/da = dL/dy * b      dL/db = dL/dy * a
template <class T>
Var<T> mul(Var<T> a, Var<T> b) {
    auto [y, A, B] = record_binary("mul", a, b);
    y.out() = A.cwiseProduct(B);
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        const Tensor<T>& A = expanded_input(y, tape, 0);
        const Tensor<T>& B = expanded_input(y, tape, 1);
        if (y.inputs[0] == y.inputs[1]) {  // y = a * a: dL/da = 2 dL/dy * a in one pass (the same sum, exactly)
            send_grad(tape, y.inputs[0], (T(2) * y.grad()).cwiseProduct(A));
            return;
        }
        send_grad(tape, y.inputs[0], y.grad().cwiseProduct(B));
        send_grad(tape, y.inputs[1], y.grad().cwiseProduct(A));
    };
    return y.var();
}

// y = a / b
// dL/da = dL/dy / b      dL/db = -dL/dy * a / b^2 = -dL/dy * y / b
template <class T>
Var<T> div(Var<T> a, Var<T> b) {
    auto [y, A, B] = record_binary("div", a, b);
    y.out() = A.cwiseQuotient(B);
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        const Tensor<T>& B = expanded_input(y, tape, 1);
        send_grad(tape, y.inputs[0], y.grad().cwiseQuotient(B));
        send_grad(tape, y.inputs[1], -(y.grad().array() * y.value().array() / B.array()));
    };
    return y.var();
}

// y = -x
// dL/dx = -dL/dy
template <class T>
Var<T> neg(Var<T> x) {
    Node<T>& y = x.tape().record("neg", {x});
    y.out() = -x.value();
    y.backward = [](Node<T>& y, Tape<T>& tape) { send_grad(tape, y.inputs[0], -y.grad()); };
    return y.var();
}

// y = x + s
// dL/dx = dL/dy
template <class T>
Var<T> add_scalar(Var<T> x, T s) {
    Node<T>& y = x.tape().record("add_scalar", {x});
    y.out() = x.value().array() + s;
    y.backward = [](Node<T>& y, Tape<T>& tape) { send_grad(tape, y.inputs[0], y.grad()); };
    return y.var();
}

// y = s * x
// dL/dx = s * dL/dy
template <class T>
Var<T> mul_scalar(Var<T> x, T s) {
    Node<T>& y = x.tape().record("mul_scalar", {x});
    y.scalar[0] = static_cast<double>(s);
    y.out() = s * x.value();
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        send_grad(tape, y.inputs[0], static_cast<T>(y.scalar[0]) * y.grad());
    };
    return y.var();
}

// y = s / x
// dL/dx = dL/dy * (-s / x^2) = -dL/dy * y / x
template <class T>
Var<T> scalar_div(T s, Var<T> x) {
    Node<T>& y = x.tape().record("scalar_div", {x});
    y.out() = x.value().unaryExpr([s](T v) { return s / v; });
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        const Tensor<T>& x = tape.node(y.inputs[0]).value();
        send_grad(tape, y.inputs[0], -(y.grad().array() * y.value().array() / x.array()));
    };
    return y.var();
}

// y_ij = a_ij where mask_ij != 0, else b_ij        mask: (m,n); a and b broadcast to (m,n)
// dL/da = dL/dy where mask != 0, else 0            dL/db = dL/dy where mask == 0, else 0
// (each summed back to a's and b's own shapes). The mask is a choice, not a quantity: it gets none.
template <class T>
Var<T> where(Var<T> mask, Var<T> a, Var<T> b) {
    const Index m = mask.rows(), n = mask.cols();
    for (const auto& [name, v] : {std::pair{"a", a}, std::pair{"b", b}})
        if (!((v.rows() == m || v.rows() == 1) && (v.cols() == n || v.cols() == 1)))
            throw ShapeError(std::string("where: ") + name + " (" + v.shape() + ") does not broadcast to the mask (" +
                             mask.shape() + "): each dimension must equal the mask's, or be 1");
    Node<T>& y = a.tape().record("where", {mask, a, b});
    const Tensor<T>& A = expand(a.value(), m, n, y.saved[0]);
    const Tensor<T>& B = expand(b.value(), m, n, y.saved[1]);
    y.out() = (mask.value().array() != T(0)).select(A, B);
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        const auto chosen = tape.node(y.inputs[0]).value().array() != T(0);
        send_grad(tape, y.inputs[1], chosen.select(y.grad().array(), T(0)).matrix());
        send_grad(tape, y.inputs[2], chosen.select(T(0), y.grad().array()).matrix());
    };
    return y.var();
}

#define TAPEGRAD_INSTANTIATE(T)                 \
    template Var<T> add(Var<T>, Var<T>);        \
    template Var<T> sub(Var<T>, Var<T>);        \
    template Var<T> mul(Var<T>, Var<T>);        \
    template Var<T> div(Var<T>, Var<T>);        \
    template Var<T> neg(Var<T>);                \
    template Var<T> add_scalar(Var<T>, T);      \
    template Var<T> mul_scalar(Var<T>, T);      \
    template Var<T> scalar_div(T, Var<T>);      \
    template Var<T> where(Var<T>, Var<T>, Var<T>);
TAPEGRAD_INSTANTIATE(float)
TAPEGRAD_INSTANTIATE(double)

}  // namespace tapegrad
