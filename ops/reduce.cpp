// Reductions. Each op: the math, the forward, and right below it the backward.
// Shapes: x: (m,n); "all" -> (1,1), rowwise -> (m,1), colwise -> (1,n). Backward spreads each
// output's gradient over the entries it was reduced from. logsumexp uses std::exp rather than
// Eigen's vectorised exp, which for double clamps its argument near -709 (see softmax.cpp).
#include "reduce.hpp"

#include "softmax.hpp"

#include <cmath>
#include <string>

namespace tapegrad {

namespace {
// mean and max of nothing are undefined: refuse them with the shape in the message.
template <class T>
void require_entries(const char* op, const Tensor<T>& x, bool ok, const char* rule) {
    if (!ok) throw ShapeError(std::string(op) + ": x is " + shape_of(x) + ": " + rule);
}

// The first of n entries x[0], x[stride], ... that attains their max. A NaN wins at once.
template <class T>
Index first_max(const T* x, Index n, Index stride) {
    Index best = 0;
    for (Index j = 1; j < n && !std::isnan(x[best * stride]); ++j)
        if (x[j * stride] > x[best * stride] || std::isnan(x[j * stride])) best = j;
    return best;
}
}  // namespace

// y = sum_ij x_ij
// dL/dx_ij = dL/dy
template <class T>
Var<T> sum(Var<T> x) {
    Node<T>& y = x.tape().record("sum", {x});
    y.out().setConstant(1, 1, x.value().sum());
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        Node<T>& x = tape.node(y.inputs[0]);
        if (x.requires_grad) x.grad().array() += y.grad()(0, 0);
    };
    return y.var();
}

// y_i = sum_j x_ij
// dL/dx_ij = dL/dy_i      (each row's gradient copied along the row)
template <class T>
Var<T> rowwise_sum(Var<T> x) {
    Node<T>& y = x.tape().record("rowwise_sum", {x});
    y.out() = x.value().rowwise().sum();
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        Node<T>& x = tape.node(y.inputs[0]);
        if (x.requires_grad) x.grad().colwise() += y.grad().col(0);
    };
    return y.var();
}

// y_j = sum_i x_ij
// dL/dx_ij = dL/dy_j      (each column's gradient copied down the column)
template <class T>
Var<T> colwise_sum(Var<T> x) {
    Node<T>& y = x.tape().record("colwise_sum", {x});
    y.out() = x.value().colwise().sum();
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        Node<T>& x = tape.node(y.inputs[0]);
        if (x.requires_grad) x.grad().rowwise() += y.grad().row(0);
    };
    return y.var();
}

// y = sum_ij x_ij / (m n)
// dL/dx_ij = dL/dy / (m n)
template <class T>
Var<T> mean(Var<T> x) {
    require_entries("mean", x.value(), x.value().size() > 0, "the mean of no entries is undefined");
    Node<T>& y = x.tape().record("mean", {x});
    y.out().setConstant(1, 1, x.value().mean());
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        Node<T>& x = tape.node(y.inputs[0]);
        if (x.requires_grad) x.add_grad(Tensor<T>::Constant(x.rows(), x.cols(), y.grad()(0, 0) / static_cast<T>(x.value().size())));
    };
    return y.var();
}

// y_i = sum_j x_ij / n
// dL/dx_ij = dL/dy_i / n
template <class T>
Var<T> rowwise_mean(Var<T> x) {
    require_entries("rowwise_mean", x.value(), x.cols() > 0, "a row of no entries has no mean");
    Node<T>& y = x.tape().record("rowwise_mean", {x});
    y.out() = x.value().rowwise().mean();
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        Node<T>& x = tape.node(y.inputs[0]);
        if (x.requires_grad) x.grad().colwise() += y.grad().col(0) / static_cast<T>(x.cols());
    };
    return y.var();
}

// y_j = sum_i x_ij / m
// dL/dx_ij = dL/dy_j / m
template <class T>
Var<T> colwise_mean(Var<T> x) {
    require_entries("colwise_mean", x.value(), x.rows() > 0, "a column of no entries has no mean");
    Node<T>& y = x.tape().record("colwise_mean", {x});
    y.out() = x.value().colwise().mean();
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        Node<T>& x = tape.node(y.inputs[0]);
        if (x.requires_grad) x.grad().rowwise() += y.grad().row(0) / static_cast<T>(x.rows());
    };
    return y.var();
}

// y = x_k, k = the first entry (row by row) attaining the max; k kept in indices[0]
// dL/dx_k = dL/dy, and 0 for every other entry
template <class T>
Var<T> max(Var<T> x) {
    const Tensor<T>& X = x.value();
    require_entries("max", X, X.size() > 0, "the max of no entries is undefined");
    Node<T>& y = x.tape().record("max", {x});
    const Index k = first_max(X.data(), X.size(), 1);  // row-major: data() is in reading order
    y.indices.assign(1, k);
    y.out().setConstant(1, 1, X.data()[k]);
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        Node<T>& x = tape.node(y.inputs[0]);
        if (x.requires_grad) x.grad().data()[y.indices[0]] += y.grad()(0, 0);
    };
    return y.var();
}

// y_i = x_i,k_i, k_i = the first column attaining row i's max; k kept in indices
// dL/dx_i,k_i = dL/dy_i, and 0 elsewhere in the row
template <class T>
Var<T> rowwise_max(Var<T> x) {
    const Tensor<T>& X = x.value();
    require_entries("rowwise_max", X, X.cols() > 0, "a row of no entries has no max");
    Node<T>& y = x.tape().record("rowwise_max", {x});
    y.indices.resize(static_cast<std::size_t>(X.rows()));
    y.out().resize(X.rows(), 1);
    for (Index i = 0; i < X.rows(); ++i) {
        const Index k = first_max(X.data() + i * X.cols(), X.cols(), 1);
        y.indices[static_cast<std::size_t>(i)] = k;
        y.out()(i, 0) = X(i, k);
    }
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        Node<T>& x = tape.node(y.inputs[0]);
        if (!x.requires_grad) return;
        for (Index i = 0; i < y.rows(); ++i)
            x.grad()(i, y.indices[static_cast<std::size_t>(i)]) += y.grad()(i, 0);
    };
    return y.var();
}

// y_j = x_k_j,j, k_j = the first row attaining column j's max; k kept in indices
// dL/dx_k_j,j = dL/dy_j, and 0 elsewhere in the column
template <class T>
Var<T> colwise_max(Var<T> x) {
    const Tensor<T>& X = x.value();
    require_entries("colwise_max", X, X.rows() > 0, "a column of no entries has no max");
    Node<T>& y = x.tape().record("colwise_max", {x});
    y.indices.resize(static_cast<std::size_t>(X.cols()));
    y.out().resize(1, X.cols());
    for (Index j = 0; j < X.cols(); ++j) {
        const Index k = first_max(X.data() + j, X.rows(), X.cols());  // down column j
        y.indices[static_cast<std::size_t>(j)] = k;
        y.out()(0, j) = X(k, j);
    }
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        Node<T>& x = tape.node(y.inputs[0]);
        if (!x.requires_grad) return;
        for (Index j = 0; j < y.cols(); ++j)
            x.grad()(y.indices[static_cast<std::size_t>(j)], j) += y.grad()(0, j);
    };
    return y.var();
}

// y = ln sum_ij e^x_ij = m + ln sum_ij e^(x_ij - m), m = max: all entries taken as one row
// dL/dx_ij = dL/dy * e^(x_ij - y), the softmax of all entries, kept in saved[0] by the forward
template <class T>
Var<T> logsumexp(Var<T> x) {
    const Tensor<T>& X = x.value();
    Node<T>& y = x.tape().record("logsumexp", {x});
    Tensor<T>& p = y.saved[0];
    p.resize(X.rows(), X.cols());
    y.out().setConstant(1, 1, log_softmax_row(X.data(), X.size(), p.data()));
    p = p.unaryExpr([](T v) { return std::exp(v); });
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        Node<T>& x = tape.node(y.inputs[0]);
        if (x.requires_grad) x.grad() += y.grad()(0, 0) * y.saved[0];
    };
    return y.var();
}

// y_i = ln sum_j e^x_ij, one stable log-sum-exp per row
// dL/dx_ij = dL/dy_i * softmax_ij, the row's softmax kept in saved[0] by the forward
template <class T>
Var<T> rowwise_logsumexp(Var<T> x) {
    const Tensor<T>& X = x.value();
    Node<T>& y = x.tape().record("rowwise_logsumexp", {x});
    Tensor<T>& p = y.saved[0];
    p.resize(X.rows(), X.cols());
    y.out().resize(X.rows(), 1);
    for (Index i = 0; i < X.rows(); ++i)
        y.out()(i, 0) = log_softmax_row(X.data() + i * X.cols(), X.cols(), p.data() + i * X.cols());
    p = p.unaryExpr([](T v) { return std::exp(v); });
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        Node<T>& x = tape.node(y.inputs[0]);
        if (x.requires_grad) x.grad() += y.saved[0].cwiseProduct(y.grad().replicate(1, x.cols()));
    };
    return y.var();
}

// y_j = ln sum_i e^x_ij, one stable log-sum-exp per column, run on the rows of x^T (saved[1])
// dL/dx_ij = dL/dy_j * colwise_softmax_ij, kept in saved[0] by the forward
template <class T>
Var<T> colwise_logsumexp(Var<T> x) {
    Node<T>& y = x.tape().record("colwise_logsumexp", {x});
    Tensor<T>& t = y.saved[1];
    t = x.value().transpose();
    y.out().resize(1, x.cols());
    for (Index j = 0; j < t.rows(); ++j)
        y.out()(0, j) = log_softmax_row(t.data() + j * t.cols(), t.cols(), t.data() + j * t.cols());
    y.saved[0] = t.transpose().unaryExpr([](T v) { return std::exp(v); });
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        Node<T>& x = tape.node(y.inputs[0]);
        if (x.requires_grad) x.grad() += y.saved[0].cwiseProduct(y.grad().replicate(x.rows(), 1));
    };
    return y.var();
}

#define TAPEGRAD_INSTANTIATE(T)                        \
    template Var<T> sum<T>(Var<T>);                    \
    template Var<T> rowwise_sum<T>(Var<T>);            \
    template Var<T> colwise_sum<T>(Var<T>);            \
    template Var<T> mean<T>(Var<T>);                   \
    template Var<T> rowwise_mean<T>(Var<T>);           \
    template Var<T> colwise_mean<T>(Var<T>);           \
    template Var<T> max<T>(Var<T>);                    \
    template Var<T> rowwise_max<T>(Var<T>);            \
    template Var<T> colwise_max<T>(Var<T>);            \
    template Var<T> logsumexp<T>(Var<T>);              \
    template Var<T> rowwise_logsumexp<T>(Var<T>);      \
    template Var<T> colwise_logsumexp<T>(Var<T>);
TAPEGRAD_INSTANTIATE(float)
TAPEGRAD_INSTANTIATE(double)

}  // namespace tapegrad
