// Softmax and log-softmax over rows, then over columns. Each op: the math, the forward, and right below it the backward.
// Shapes: x: (m,n) scores, one row per example; y: (m,n). The stable arithmetic of both forwards is
// log_softmax_row in softmax.hpp: shift the row by its max, so no e^ ever overflows.
// e^ is std::exp, not Eigen's vectorised exp: for double, Eigen clamps the argument near -709, so
// e^-2e4 would come out as 5.6e-309 instead of 0, and softmax(+-1e4) would not be exactly [1, 0].
#include "softmax.hpp"

#include <cmath>

namespace tapegrad {

// y_ij = e^x_ij / sum_k e^x_ik = e^(x_ij - M_i) / s_i        M_i = max_k x_ik, s_i = sum_k e^(x_ik - M_i)
// dL/dx_ij = y_ij (dL/dy_ij - sum_k dL/dy_ik y_ik)
//   (the Jacobian is diag(y) - y y^T for each row; applying it to dL/dy gives the line above)
// The e^ runs once over the whole batch (exp_in_place); a row whose max is not finite (all -inf,
// +inf, NaN) is redone by log_softmax_row, which defines those rows.
template <class T>
Var<T> softmax(Var<T> x) {
    const Tensor<T>& X = x.value();
    Node<T>& y = x.tape().record("softmax", {x});
    Tensor<T>& p = y.out();
    Tensor<T>& row_max = y.saved[0];  // (m,1)
    row_max.resize(X.rows(), 1);
    shift_rows_by_max(X, p, row_max.data());
    exp_in_place(p);
    for (Index i = 0; i < X.rows(); ++i) {
        if (!std::isfinite(row_max(i, 0))) {
            T* row = p.data() + i * X.cols();
            log_softmax_row(X.data() + i * X.cols(), X.cols(), row);
            for (Index j = 0; j < X.cols(); ++j) row[j] = std::exp(row[j]);
        } else {
            const T inv = T(1) / row_sum(p, i);
            for (T* v = p.data() + i * X.cols(), *end = v + X.cols(); v != end; ++v) *v *= inv;
        }
    }
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        Node<T>& x = tape.node(y.inputs[0]);
        if (!x.requires_grad) return;
        const Tensor<T>& p = y.value();
        const Tensor<T>& g = y.grad();  // dL/dy
        Tensor<T>& dx = x.grad();
        const Index n = p.cols();
        for (Index i = 0; i < p.rows(); ++i) {
            const T* gi = g.data() + i * n;
            const T* pi = p.data() + i * n;
            T g_dot_p = 0;  // sum_k dL/dy_ik y_ik
            for (Index k = 0; k < n; ++k) g_dot_p += gi[k] * pi[k];
            T* di = dx.data() + i * n;
            for (Index k = 0; k < n; ++k) di[k] += pi[k] * (gi[k] - g_dot_p);
        }
    };
    return y.var();
}

// y_ij = (x_ij - m_i) - ln sum_k e^(x_ik - m_i)        m_i = max_k x_ik
// dL/dx_ij = dL/dy_ij - softmax_ij sum_k dL/dy_ik      softmax_ij = e^y_ij
//   (every y_ij contains -ln sum_k e^x_ik, whose derivative in x_ij is softmax_ij)
template <class T>
Var<T> log_softmax(Var<T> x) {
    const Tensor<T>& X = x.value();
    Node<T>& y = x.tape().record("log_softmax", {x});
    y.out().resize(X.rows(), X.cols());
    for (Index i = 0; i < X.rows(); ++i)
        log_softmax_row(X.data() + i * X.cols(), X.cols(), y.out().data() + i * X.cols());
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        Node<T>& x = tape.node(y.inputs[0]);
        if (!x.requires_grad) return;
        const Tensor<T>& g = y.grad();  // dL/dy
        for (Index i = 0; i < g.rows(); ++i) {
            const T g_sum = g.row(i).sum();  // sum_k dL/dy_ik
            const auto p = y.value().row(i).unaryExpr([](T v) { return std::exp(v); }).array();  // softmax
            x.grad().row(i).array() += g.row(i).array() - p * g_sum;
        }
    };
    return y.var();
}

// Down each column (torch.softmax(x, dim=0)): the same stable arithmetic, run on the rows of x^T.
// saved[0] holds x^T (n,m), turned into its row-wise log-softmax in place.

// y_ij = e^x_ij / sum_k e^x_kj
// dL/dx_ij = y_ij (dL/dy_ij - sum_k dL/dy_kj y_kj)
template <class T>
Var<T> colwise_softmax(Var<T> x) {
    Node<T>& y = x.tape().record("colwise_softmax", {x});
    Tensor<T>& t = y.saved[0];
    t = x.value().transpose();
    for (Index j = 0; j < t.rows(); ++j) log_softmax_row(t.data() + j * t.cols(), t.cols(), t.data() + j * t.cols());
    y.out() = t.transpose().unaryExpr([](T v) { return std::exp(v); });
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        Node<T>& x = tape.node(y.inputs[0]);
        if (!x.requires_grad) return;
        const auto p = y.value().array();
        const auto g = y.grad().array();                                // dL/dy
        const Eigen::Array<T, 1, Eigen::Dynamic> g_dot_p = (g * p).colwise().sum();  // sum_k dL/dy_kj y_kj
        x.grad().array() += p * (g.rowwise() - g_dot_p);
    };
    return y.var();
}

// y_ij = x_ij - ln sum_k e^x_kj
// dL/dx_ij = dL/dy_ij - softmax_ij sum_k dL/dy_kj       softmax_ij = e^y_ij
template <class T>
Var<T> colwise_log_softmax(Var<T> x) {
    Node<T>& y = x.tape().record("colwise_log_softmax", {x});
    Tensor<T>& t = y.saved[0];
    t = x.value().transpose();
    for (Index j = 0; j < t.rows(); ++j) log_softmax_row(t.data() + j * t.cols(), t.cols(), t.data() + j * t.cols());
    y.out() = t.transpose();
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        Node<T>& x = tape.node(y.inputs[0]);
        if (!x.requires_grad) return;
        const auto g = y.grad().array();
        const Eigen::Array<T, 1, Eigen::Dynamic> g_sum = g.colwise().sum();  // sum_k dL/dy_kj
        const auto p = y.value().unaryExpr([](T v) { return std::exp(v); }).array();
        x.grad().array() += g - p.rowwise() * g_sum;
    };
    return y.var();
}

template Var<float> softmax<float>(Var<float>);
template Var<double> softmax<double>(Var<double>);
template Var<float> log_softmax<float>(Var<float>);
template Var<double> log_softmax<double>(Var<double>);
template Var<float> colwise_softmax<float>(Var<float>);
template Var<double> colwise_softmax<double>(Var<double>);
template Var<float> colwise_log_softmax<float>(Var<float>);
template Var<double> colwise_log_softmax<double>(Var<double>);

}  // namespace tapegrad
