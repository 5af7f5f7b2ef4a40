// Matrix product and transpose, forward and backward side by side.
#include "matmul.hpp"

#include <string>

namespace tapegrad {

// y = a b                   a: (n,k)  b: (k,m)  y: (n,m)
// dL/da = dL/dy b^T         dL/db = a^T dL/dy
template <class T>
Var<T> matmul(Var<T> a, Var<T> b) {
    const Tensor<T>& A = a.value();
    const Tensor<T>& B = b.value();
    if (A.cols() != B.rows())
        throw ShapeError("matmul: a (" + shape_of(A) + ") times b (" + shape_of(B) + "): a.cols() (" +
                         std::to_string(A.cols()) + ") must equal b.rows() (" +
                         std::to_string(B.rows()) + ")" +
                         (A.cols() == B.cols() ? "; did you mean matmul(a, transpose(b))?" : ""));
    Node<T>& y = a.tape().record("matmul", {a, b});
    y.out().noalias() = A * B;
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        Node<T>& a = tape.node(y.inputs[0]);
        Node<T>& b = tape.node(y.inputs[1]);
        // noalias: the products go straight into the gradients, without a temporary.
        if (a.requires_grad) a.grad().noalias() += y.grad() * b.value().transpose();
        if (b.requires_grad) b.grad().noalias() += a.value().transpose() * y.grad();
    };
    return y.var();
}

// y = x^T
// dL/dx = (dL/dy)^T
template <class T>
Var<T> transpose(Var<T> x) {
    Node<T>& y = x.tape().record("transpose", {x});
    y.out() = x.value().transpose();
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        Node<T>& x = tape.node(y.inputs[0]);
        if (x.requires_grad) x.grad() += y.grad().transpose();
    };
    return y.var();
}

template Var<float> matmul(Var<float>, Var<float>);
template Var<double> matmul(Var<double>, Var<double>);
template Var<float> transpose(Var<float>);
template Var<double> transpose(Var<double>);

}  // namespace tapegrad
