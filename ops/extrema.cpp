// Minima and the positions of extrema. Each op: the math, the forward, and right below it the
// backward. Shapes: x: (m,n); min -> (1,1), rowwise_min -> (m,1), colwise_min -> (1,n).
// Every min op keeps, for each output entry k, the position in x (row by row) of the entry it
// copied, in indices[k]; the one backward below sends dL/dy_k there and nowhere else.
#include "extrema.hpp"

#include <cmath>
#include <string>

namespace tapegrad {

namespace {

// The first of n entries x[0], x[stride], ... that is the largest (want_max) or the smallest. A NaN
// wins at once: an extremum must not hide that the data went wrong.
template <class T>
Index first_extreme(const T* x, Index n, Index stride, bool want_max) {
    Index best = 0;
    for (Index j = 1; j < n && !std::isnan(x[best * stride]); ++j) {
        const T v = x[j * stride], b = x[best * stride];
        if (std::isnan(v) || (want_max ? v > b : v < b)) best = j;
    }
    return best;
}

template <class T>
void require_entries(const char* op, const Tensor<T>& x, bool ok, const char* rule) {
    if (!ok) throw ShapeError(std::string(op) + ": x is " + shape_of(x) + ": " + rule);
}

// dL/dx[indices[k]] += dL/dy_k: each output's gradient to the one entry it was copied from
template <class T>
void copied_entries_backward(Node<T>& y, Tape<T>& tape) {
    Node<T>& x = tape.node(y.inputs[0]);
    if (!x.requires_grad) return;
    const T* g = y.grad().data();
    T* dx = x.grad().data();
    for (std::size_t k = 0; k < y.indices.size(); ++k) dx[y.indices[k]] += g[k];
}

}  // namespace

// y = x_k, k = the first entry (row by row) attaining the min
// dL/dx_k = dL/dy, and 0 for every other entry
template <class T>
Var<T> min(Var<T> x) {
    const Tensor<T>& X = x.value();
    require_entries("min", X, X.size() > 0, "the min of no entries is undefined");
    Node<T>& y = x.tape().record("min", {x});
    const Index k = first_extreme(X.data(), X.size(), 1, false);
    y.indices.assign(1, k);
    y.out().setConstant(1, 1, X.data()[k]);
    y.backward = copied_entries_backward<T>;
    return y.var();
}

// y_i = x_i,k_i, k_i = the first column attaining row i's min
// dL/dx_i,k_i = dL/dy_i, and 0 elsewhere in the row
template <class T>
Var<T> rowwise_min(Var<T> x) {
    const Tensor<T>& X = x.value();
    require_entries("rowwise_min", X, X.cols() > 0, "a row of no entries has no min");
    Node<T>& y = x.tape().record("rowwise_min", {x});
    y.indices.resize(static_cast<std::size_t>(X.rows()));
    y.out().resize(X.rows(), 1);
    for (Index i = 0; i < X.rows(); ++i) {
        const Index at = i * X.cols() + first_extreme(X.data() + i * X.cols(), X.cols(), 1, false);
        y.indices[static_cast<std::size_t>(i)] = at;
        y.out()(i, 0) = X.data()[at];
    }
    y.backward = copied_entries_backward<T>;
    return y.var();
}

// y_j = x_k_j,j, k_j = the first row attaining column j's min
// dL/dx_k_j,j = dL/dy_j, and 0 elsewhere in the column
template <class T>
Var<T> colwise_min(Var<T> x) {
    const Tensor<T>& X = x.value();
    require_entries("colwise_min", X, X.rows() > 0, "a column of no entries has no min");
    Node<T>& y = x.tape().record("colwise_min", {x});
    y.indices.resize(static_cast<std::size_t>(X.cols()));
    y.out().resize(1, X.cols());
    for (Index j = 0; j < X.cols(); ++j) {
        const Index at = first_extreme(X.data() + j, X.rows(), X.cols(), false) * X.cols() + j;  // down column j
        y.indices[static_cast<std::size_t>(j)] = at;
        y.out()(0, j) = X.data()[at];
    }
    y.backward = copied_entries_backward<T>;
    return y.var();
}

// Positions only: no node, no gradient (a position does not change when x moves a little).
template <class T>
Index argmax(const Tensor<T>& x) {
    require_entries("argmax", x, x.size() > 0, "no entries, so no position of a max");
    return first_extreme(x.data(), x.size(), 1, true);
}

template <class T>
Index argmin(const Tensor<T>& x) {
    require_entries("argmin", x, x.size() > 0, "no entries, so no position of a min");
    return first_extreme(x.data(), x.size(), 1, false);
}

namespace {
template <class T>
std::vector<Index> per_row(const char* op, const Tensor<T>& x, bool want_max) {
    require_entries(op, x, x.cols() > 0, "a row of no entries has no extremum");
    std::vector<Index> at(static_cast<std::size_t>(x.rows()));
    for (Index i = 0; i < x.rows(); ++i)
        at[static_cast<std::size_t>(i)] = first_extreme(x.data() + i * x.cols(), x.cols(), 1, want_max);
    return at;
}

template <class T>
std::vector<Index> per_col(const char* op, const Tensor<T>& x, bool want_max) {
    require_entries(op, x, x.rows() > 0, "a column of no entries has no extremum");
    std::vector<Index> at(static_cast<std::size_t>(x.cols()));
    for (Index j = 0; j < x.cols(); ++j)
        at[static_cast<std::size_t>(j)] = first_extreme(x.data() + j, x.rows(), x.cols(), want_max);
    return at;
}
}  // namespace

template <class T>
std::vector<Index> rowwise_argmax(const Tensor<T>& x) { return per_row("rowwise_argmax", x, true); }
template <class T>
std::vector<Index> rowwise_argmin(const Tensor<T>& x) { return per_row("rowwise_argmin", x, false); }
template <class T>
std::vector<Index> colwise_argmax(const Tensor<T>& x) { return per_col("colwise_argmax", x, true); }
template <class T>
std::vector<Index> colwise_argmin(const Tensor<T>& x) { return per_col("colwise_argmin", x, false); }

#define TAPEGRAD_INSTANTIATE(T)                                          \
    template Var<T> min<T>(Var<T>);                                      \
    template Var<T> rowwise_min<T>(Var<T>);                              \
    template Var<T> colwise_min<T>(Var<T>);                              \
    template Index argmax<T>(const Tensor<T>&);                          \
    template Index argmin<T>(const Tensor<T>&);                          \
    template std::vector<Index> rowwise_argmax<T>(const Tensor<T>&);     \
    template std::vector<Index> rowwise_argmin<T>(const Tensor<T>&);     \
    template std::vector<Index> colwise_argmax<T>(const Tensor<T>&);     \
    template std::vector<Index> colwise_argmin<T>(const Tensor<T>&);
TAPEGRAD_INSTANTIATE(float)
TAPEGRAD_INSTANTIATE(double)

}  // namespace tapegrad
