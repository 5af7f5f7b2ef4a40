// Product, variance, standard deviation and p-norm. Each op: the math, the forward, and right below
// it the backward. Each family reduces "lines" of x: all of it (-> 1x1), each row (-> mx1) or each
// column (-> 1xn); output entry l summarises line l, and its backward writes only into line l.
// The node keeps the family's number (correction, p) in scalar[0] and which lines in scalar[1].
#include "statistics.hpp"

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

namespace tapegrad {

namespace {

enum class Over { all = 0, rows = 1, cols = 2 };

std::string number(double v) {  // 0.5, not 0.500000
    std::ostringstream out;
    out << v;
    return out.str();
}

// The entries output l reduces: x.data()[l * step + k * stride] for k = 0 .. length-1.
struct Lines {
    Index count, length, stride, step;
    Lines(Index m, Index n, Over over)
        : count(over == Over::all ? 1 : over == Over::rows ? m : n),
          length(over == Over::all ? m * n : over == Over::rows ? n : m),
          stride(over == Over::cols ? n : 1),
          step(over == Over::all ? 0 : over == Over::rows ? n : 1) {}
    Index at(Index l, Index k) const { return l * step + k * stride; }
};

template <class T>
Lines lines_of(const Node<T>& y, const Tensor<T>& x) {
    return Lines(x.rows(), x.cols(), static_cast<Over>(static_cast<int>(y.scalar[1])));
}

// Appends the node, keeps `number` and `over` on it, and sizes its output (one entry per line).
template <class T>
Node<T>& record_lines(const char* op, Var<T> x, Over over, double number) {
    Node<T>& y = x.tape().record(op, {x});
    y.scalar[0] = number;
    y.scalar[1] = static_cast<double>(over);
    y.out().resize(over == Over::rows ? x.rows() : 1, over == Over::cols ? x.cols() : 1);
    return y;
}

// ---- product ------------------------------------------------------------------------------------
// y_l = prod_k x_lk, accumulated in long double so that float products far past 1e38 (or below
// 1e-38) are only rounded at the end.
// dL/dx_lk = dL/dy_l prod_{j != k} x_lj = dL/dy_l (x_l0 ... x_l,k-1) (x_l,k+1 ... x_l,n-1)
//   (prefix times suffix: no division, so a zero entry gets the product of the others, exactly)
template <class T>
void prod_backward(Node<T>& y, Tape<T>& tape) {
    Node<T>& x = tape.node(y.inputs[0]);
    if (!x.requires_grad) return;
    const Lines lines = lines_of(y, x.value());
    const T* X = x.value().data();
    T* dx = x.grad().data();
    std::vector<long double> suffix(static_cast<std::size_t>(lines.length) + 1);
    for (Index l = 0; l < lines.count; ++l) {
        suffix[static_cast<std::size_t>(lines.length)] = 1;
        for (Index k = lines.length - 1; k >= 0; --k)
            suffix[static_cast<std::size_t>(k)] = suffix[static_cast<std::size_t>(k + 1)] * X[lines.at(l, k)];
        long double prefix = 1;
        const long double g = y.grad().data()[l];
        for (Index k = 0; k < lines.length; ++k) {
            dx[lines.at(l, k)] += static_cast<T>(g * prefix * suffix[static_cast<std::size_t>(k + 1)]);
            prefix *= X[lines.at(l, k)];
        }
    }
}

template <class T>
Var<T> prod_over(const char* op, Var<T> x, Over over) {
    Node<T>& y = record_lines(op, x, over, 0);
    const Lines lines = lines_of(y, x.value());
    for (Index l = 0; l < lines.count; ++l) {
        long double p = 1;
        for (Index k = 0; k < lines.length; ++k) p *= x.value().data()[lines.at(l, k)];
        y.out().data()[l] = static_cast<T>(p);
    }
    y.backward = prod_backward<T>;
    return y.var();
}

// ---- variance and standard deviation -------------------------------------------------------------
// mean_l = sum_k x_lk / n         v_l = sum_k (x_lk - mean_l)^2 / (n - c)       s_l = sqrt(v_l)
// dv_l/dx_lk = 2 (x_lk - mean_l) / (n - c)
//   (the mean's own dependence on x_lk adds -2/(n (n-c)) sum_j (x_lj - mean_l) = 0)
// ds_l/dx_lk = dv_l/dx_lk / (2 s_l) = (x_lk - mean_l) / ((n - c) s_l), taken as 0 where s_l = 0
// saved[0] keeps each line's mean.
template <class T>
void check_correction(const char* op, Var<T> x, Index n, int correction, const char* per) {
    if (correction < 0)
        throw ValueError(std::string(op) + ": correction is " + std::to_string(correction) + ": must be >= 0");
    if (n <= correction)
        throw ShapeError(std::string(op) + ": x is " + x.shape() + ": " + per + " has " + std::to_string(n) +
                         (n == 1 ? " entry" : " entries") + ", and correction " + std::to_string(correction) +
                         " needs more than " + std::to_string(correction));
}

template <class T>
Var<T> spread_over(const char* op, Var<T> x, Over over, int correction, bool take_sqrt) {
    const Lines shape(x.rows(), x.cols(), over);
    check_correction(op, x, shape.length, correction, over == Over::all ? "x" : over == Over::rows ? "each row" : "each column");
    Node<T>& y = record_lines(op, x, over, correction);
    const Lines lines = lines_of(y, x.value());
    const T* X = x.value().data();
    Tensor<T>& mean = y.saved[0];
    mean.resize(y.rows(), y.cols());
    for (Index l = 0; l < lines.count; ++l) {
        T sum = 0;
        for (Index k = 0; k < lines.length; ++k) sum += X[lines.at(l, k)];
        const T mu = sum / static_cast<T>(lines.length);
        T squares = 0;
        for (Index k = 0; k < lines.length; ++k) squares += (X[lines.at(l, k)] - mu) * (X[lines.at(l, k)] - mu);
        const T v = squares / static_cast<T>(lines.length - correction);
        mean.data()[l] = mu;
        y.out().data()[l] = take_sqrt ? std::sqrt(v) : v;
    }
    return y.var();
}

template <class T>
void var_backward(Node<T>& y, Tape<T>& tape) {
    Node<T>& x = tape.node(y.inputs[0]);
    if (!x.requires_grad) return;
    const Lines lines = lines_of(y, x.value());
    const T denominator = static_cast<T>(lines.length - static_cast<Index>(y.scalar[0]));  // n - c
    for (Index l = 0; l < lines.count; ++l) {
        const T g = y.grad().data()[l], mu = y.saved[0].data()[l];
        for (Index k = 0; k < lines.length; ++k) {
            const Index at = lines.at(l, k);
            x.grad().data()[at] += g * T(2) * (x.value().data()[at] - mu) / denominator;
        }
    }
}

template <class T>
void stddev_backward(Node<T>& y, Tape<T>& tape) {
    Node<T>& x = tape.node(y.inputs[0]);
    if (!x.requires_grad) return;
    const Lines lines = lines_of(y, x.value());
    const T denominator = static_cast<T>(lines.length - static_cast<Index>(y.scalar[0]));  // n - c
    for (Index l = 0; l < lines.count; ++l) {
        const T g = y.grad().data()[l], mu = y.saved[0].data()[l], s = y.value().data()[l];
        if (s == T(0)) continue;  // every entry equal: 0 rather than 0/0
        for (Index k = 0; k < lines.length; ++k) {
            const Index at = lines.at(l, k);
            x.grad().data()[at] += g * (x.value().data()[at] - mu) / (denominator * s);
        }
    }
}

// ---- p-norm -------------------------------------------------------------------------------------
// a_l = max_k |x_lk|        y_l = a_l (sum_k (|x_lk| / a_l)^p)^(1/p)   (= (sum_k |x_lk|^p)^(1/p))
//   Dividing by a_l first keeps every power <= 1, so neither large entries nor a large p overflow.
// dL/dx_lk = dL/dy_l sign(x_lk) (|x_lk| / y_l)^(p-1)      (p = 1: dL/dy_l sign(x_lk)); 0 where y_l = 0
template <class T>
Var<T> norm_over(const char* op, Var<T> x, Over over, double p) {
    if (!(p >= 1) || !std::isfinite(p))
        throw ValueError(std::string(op) + ": p is " + number(p) + ": must be a finite number >= 1");
    Node<T>& y = record_lines(op, x, over, p);
    const Lines lines = lines_of(y, x.value());
    const T* X = x.value().data();
    for (Index l = 0; l < lines.count; ++l) {
        T a = 0;
        for (Index k = 0; k < lines.length; ++k) a = std::max(a, std::abs(X[lines.at(l, k)]));
        T sum = 0;
        if (a > T(0))
            for (Index k = 0; k < lines.length; ++k) sum += std::pow(std::abs(X[lines.at(l, k)]) / a, static_cast<T>(p));
        y.out().data()[l] = a > T(0) ? a * std::pow(sum, static_cast<T>(1 / p)) : T(0);
    }
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        Node<T>& x = tape.node(y.inputs[0]);
        if (!x.requires_grad) return;
        const Lines lines = lines_of(y, x.value());
        const T p = static_cast<T>(y.scalar[0]);
        for (Index l = 0; l < lines.count; ++l) {
            const T g = y.grad().data()[l], n = y.value().data()[l];
            if (n == T(0)) continue;
            for (Index k = 0; k < lines.length; ++k) {
                const Index at = lines.at(l, k);
                const T v = x.value().data()[at];
                const T sign = v > T(0) ? T(1) : v < T(0) ? T(-1) : T(0);
                x.grad().data()[at] += g * sign * (p == T(1) ? T(1) : std::pow(std::abs(v) / n, p - T(1)));
            }
        }
    };
    return y.var();
}

template <class T>
Var<T> var_over(const char* op, Var<T> x, Over over, int correction) {
    Var<T> y = spread_over(op, x, over, correction, false);
    y.node().backward = var_backward<T>;
    return y;
}

template <class T>
Var<T> stddev_over(const char* op, Var<T> x, Over over, int correction) {
    Var<T> y = spread_over(op, x, over, correction, true);
    y.node().backward = stddev_backward<T>;
    return y;
}

}  // namespace

template <class T> Var<T> prod(Var<T> x) { return prod_over("prod", x, Over::all); }
template <class T> Var<T> rowwise_prod(Var<T> x) { return prod_over("rowwise_prod", x, Over::rows); }
template <class T> Var<T> colwise_prod(Var<T> x) { return prod_over("colwise_prod", x, Over::cols); }
template <class T> Var<T> var(Var<T> x, int c) { return var_over("var", x, Over::all, c); }
template <class T> Var<T> rowwise_var(Var<T> x, int c) { return var_over("rowwise_var", x, Over::rows, c); }
template <class T> Var<T> colwise_var(Var<T> x, int c) { return var_over("colwise_var", x, Over::cols, c); }
template <class T> Var<T> stddev(Var<T> x, int c) { return stddev_over("stddev", x, Over::all, c); }
template <class T> Var<T> rowwise_stddev(Var<T> x, int c) { return stddev_over("rowwise_stddev", x, Over::rows, c); }
template <class T> Var<T> colwise_stddev(Var<T> x, int c) { return stddev_over("colwise_stddev", x, Over::cols, c); }
template <class T> Var<T> norm(Var<T> x, double p) { return norm_over("norm", x, Over::all, p); }
template <class T> Var<T> rowwise_norm(Var<T> x, double p) { return norm_over("rowwise_norm", x, Over::rows, p); }
template <class T> Var<T> colwise_norm(Var<T> x, double p) { return norm_over("colwise_norm", x, Over::cols, p); }

#define TAPEGRAD_INSTANTIATE(T)                                                            \
    template Var<T> prod<T>(Var<T>);                                                       \
    template Var<T> rowwise_prod<T>(Var<T>);                                               \
    template Var<T> colwise_prod<T>(Var<T>);                                               \
    template Var<T> var<T>(Var<T>, int);                                                   \
    template Var<T> rowwise_var<T>(Var<T>, int);                                           \
    template Var<T> colwise_var<T>(Var<T>, int);                                           \
    template Var<T> stddev<T>(Var<T>, int);                                                \
    template Var<T> rowwise_stddev<T>(Var<T>, int);                                        \
    template Var<T> colwise_stddev<T>(Var<T>, int);                                        \
    template Var<T> norm<T>(Var<T>, double);                                               \
    template Var<T> rowwise_norm<T>(Var<T>, double);                                       \
    template Var<T> colwise_norm<T>(Var<T>, double);
TAPEGRAD_INSTANTIATE(float)
TAPEGRAD_INSTANTIATE(double)

}  // namespace tapegrad
