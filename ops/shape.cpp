// Ops that rearrange entries. Each op: the math, the forward, and right below it the backward.
// None of them does arithmetic: backward copies each gradient entry back to where its value came
// from, adding (+=) so that a part used twice receives both shares.
#include "shape.hpp"

#include <string>

namespace tapegrad {

namespace {
// "2x3, 2x1, 3x2": the parts' shapes, for messages.
template <class T>
std::string shapes_of(std::span<const Var<T>> parts) {
    std::string s;
    for (const Var<T>& p : parts) s += (s.empty() ? "" : ", ") + p.shape();
    return s;
}

// Every part must agree with part 0 on one dimension (rows for concat_cols, columns for concat_rows).
template <class T>
void check_parts(const char* op, std::span<const Var<T>> parts, bool by_rows) {
    if (parts.empty()) throw ShapeError(std::string(op) + ": no parts given: need at least one");
    const char* dim = by_rows ? "rows" : "columns";
    auto size = [&](const Var<T>& p) { return by_rows ? p.rows() : p.cols(); };
    for (std::size_t k = 1; k < parts.size(); ++k)
        if (size(parts[k]) != size(parts[0]))
            throw ShapeError(std::string(op) + ": parts " + shapes_of(parts) +
                             ": every part must have the same " + dim + ", but part " + std::to_string(k) +
                             " has " + std::to_string(size(parts[k])) + " and part 0 has " +
                             std::to_string(size(parts[0])));
}
}  // namespace

// y = [a b c]                  parts: (m, n_k)   y: (m, sum_k n_k)
// dL/dpart_k = dL/dy in the columns part k filled
template <class T>
Var<T> concat_cols(std::span<const Var<T>> parts) {
    check_parts("concat_cols", parts, true);
    Node<T>& y = parts[0].tape().record("concat_cols", parts);
    Index cols = 0;
    for (const Var<T>& p : parts) cols += p.cols();
    y.out().resize(parts[0].rows(), cols);
    Index at = 0;
    for (const Var<T>& p : parts) {
        y.out().middleCols(at, p.cols()) = p.value();
        at += p.cols();
    }
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        Index at = 0;
        for (int id : y.inputs) {
            Node<T>& part = tape.node(id);
            if (part.requires_grad) part.grad() += y.grad().middleCols(at, part.cols());
            at += part.cols();
        }
    };
    return y.var();
}

// y = [a; b; c]                parts: (m_k, n)   y: (sum_k m_k, n)
// dL/dpart_k = dL/dy in the rows part k filled
template <class T>
Var<T> concat_rows(std::span<const Var<T>> parts) {
    check_parts("concat_rows", parts, false);
    Node<T>& y = parts[0].tape().record("concat_rows", parts);
    Index rows = 0;
    for (const Var<T>& p : parts) rows += p.rows();
    y.out().resize(rows, parts[0].cols());
    Index at = 0;
    for (const Var<T>& p : parts) {
        y.out().middleRows(at, p.rows()) = p.value();
        at += p.rows();
    }
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        Index at = 0;
        for (int id : y.inputs) {
            Node<T>& part = tape.node(id);
            if (part.requires_grad) part.grad() += y.grad().middleRows(at, part.rows());
            at += part.rows();
        }
    };
    return y.var();
}

// y = x(begin .. begin + count - 1, :)     x: (m,n)  y: (count,n); begin kept in indices[0]
// dL/dx = dL/dy in those rows, 0 elsewhere
template <class T>
Var<T> slice_rows(Var<T> x, Index begin, Index count) {
    if (begin < 0 || count < 0 || begin + count > x.rows())
        throw ShapeError("slice_rows: begin " + std::to_string(begin) + ", count " + std::to_string(count) +
                         " of x (" + x.shape() + "): need 0 <= begin, 0 <= count and begin + count (" +
                         std::to_string(begin + count) + ") <= x.rows() (" + std::to_string(x.rows()) + ")");
    Node<T>& y = x.tape().record("slice_rows", {x});
    y.indices.assign(1, begin);
    y.out() = x.value().middleRows(begin, count);
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        Node<T>& x = tape.node(y.inputs[0]);
        if (x.requires_grad) x.grad().middleRows(y.indices[0], y.rows()) += y.grad();
    };
    return y.var();
}

// y = x(:, begin .. begin + count - 1)     x: (m,n)  y: (m,count); begin kept in indices[0]
// dL/dx = dL/dy in those columns, 0 elsewhere
template <class T>
Var<T> slice_cols(Var<T> x, Index begin, Index count) {
    if (begin < 0 || count < 0 || begin + count > x.cols())
        throw ShapeError("slice_cols: begin " + std::to_string(begin) + ", count " + std::to_string(count) +
                         " of x (" + x.shape() + "): need 0 <= begin, 0 <= count and begin + count (" +
                         std::to_string(begin + count) + ") <= x.cols() (" + std::to_string(x.cols()) + ")");
    Node<T>& y = x.tape().record("slice_cols", {x});
    y.indices.assign(1, begin);
    y.out() = x.value().middleCols(begin, count);
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        Node<T>& x = tape.node(y.inputs[0]);
        if (x.requires_grad) x.grad().middleCols(y.indices[0], y.cols()) += y.grad();
    };
    return y.var();
}

// y = the entries of x, row by row, laid out as (rows, cols)      x: (m,n), rows cols = m n
// dL/dx = the entries of dL/dy, row by row, laid out as (m,n)
// Tensors are stored row by row, so both directions are a plain copy of the data in order.
template <class T>
Var<T> reshape(Var<T> x, Index rows, Index cols) {
    if (rows < 0 || cols < 0 || rows * cols != x.value().size())
        throw ShapeError("reshape: x (" + x.shape() + ") has " + std::to_string(x.value().size()) +
                         " entries, but " + std::to_string(rows) + "x" + std::to_string(cols) + " holds " +
                         std::to_string(rows * cols) + ": the number of entries must stay the same");
    Node<T>& y = x.tape().record("reshape", {x});
    y.out() = Eigen::Map<const Tensor<T>>(x.value().data(), rows, cols);
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        Node<T>& x = tape.node(y.inputs[0]);
        if (x.requires_grad) x.grad() += Eigen::Map<const Tensor<T>>(y.grad().data(), x.rows(), x.cols());
    };
    return y.var();
}

// y(k, :) = part k, row by row            parts: k of (m,n)   y: (k, m n)
// dL/dpart_k = row k of dL/dy, laid out as (m,n)
template <class T>
Var<T> stack(std::span<const Var<T>> parts) {
    check_parts("stack", parts, true);
    check_parts("stack", parts, false);
    Node<T>& y = parts[0].tape().record("stack", parts);
    const Index entries = parts[0].value().size();
    y.out().resize(static_cast<Index>(parts.size()), entries);
    for (std::size_t k = 0; k < parts.size(); ++k)
        y.out().row(static_cast<Index>(k)) = Eigen::Map<const Eigen::Matrix<T, 1, Eigen::Dynamic>>(parts[k].value().data(), entries);
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        for (std::size_t k = 0; k < y.inputs.size(); ++k) {
            Node<T>& part = tape.node(y.inputs[k]);
            if (part.requires_grad)
                part.grad() += Eigen::Map<const Tensor<T>>(y.grad().data() + static_cast<Index>(k) * y.cols(), part.rows(), part.cols());
        }
    };
    return y.var();
}

// y_i = x(i, k_i)           x: (m,n)  k: m column indices, kept in indices  y: (m,1)
// dL/dx(i, k_i) = dL/dy_i, 0 elsewhere
template <class T>
Var<T> gather(Var<T> x, std::span<const Index> index) {
    const Index m = x.rows(), n = x.cols();
    if (static_cast<Index>(index.size()) != m)
        throw ShapeError("gather: " + std::to_string(index.size()) + " indices for x (" + x.shape() +
                         "): need one index per row (" + std::to_string(m) + ")");
    for (Index i = 0; i < m; ++i) {
        const Index k = index[static_cast<std::size_t>(i)];
        if (k < 0 || k >= n)
            throw ValueError("gather: row " + std::to_string(i) + " asks for column " + std::to_string(k) +
                             ", but x (" + x.shape() + ") has columns 0 .. " + std::to_string(n - 1));
    }
    Node<T>& y = x.tape().record("gather", {x});
    y.indices.assign(index.begin(), index.end());
    y.out().resize(m, 1);
    for (Index i = 0; i < m; ++i) y.out()(i, 0) = x.value()(i, y.indices[static_cast<std::size_t>(i)]);
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        Node<T>& x = tape.node(y.inputs[0]);
        if (!x.requires_grad) return;
        for (Index i = 0; i < y.rows(); ++i)
            x.grad()(i, y.indices[static_cast<std::size_t>(i)]) += y.grad()(i, 0);
    };
    return y.var();
}

// y(i, c_i) = 1, and 0 elsewhere        c: m classes  y: (m, num_classes). A constant: no backward.
template <class T>
Var<T> one_hot(Tape<T>& tape, std::span<const Index> classes, Index num_classes) {
    if (num_classes < 1)
        throw ValueError("one_hot: num_classes is " + std::to_string(num_classes) + ": need at least 1");
    for (std::size_t i = 0; i < classes.size(); ++i)
        if (classes[i] < 0 || classes[i] >= num_classes)
            throw ValueError("one_hot: entry " + std::to_string(i) + " is class " +
                             std::to_string(classes[i]) + ", but num_classes is " + std::to_string(num_classes) +
                             " (classes 0 .. " + std::to_string(num_classes - 1) + ")");
    Node<T>& y = tape.record("one_hot", std::span<const Var<T>>{});
    y.out().setZero(static_cast<Index>(classes.size()), num_classes);
    for (std::size_t i = 0; i < classes.size(); ++i) y.out()(static_cast<Index>(i), classes[i]) = T(1);
    return y.var();
}

#define TAPEGRAD_INSTANTIATE(T)                                                      \
    template Var<T> concat_cols<T>(std::span<const Var<T>>);                         \
    template Var<T> concat_rows<T>(std::span<const Var<T>>);                         \
    template Var<T> slice_rows<T>(Var<T>, Index, Index);                             \
    template Var<T> slice_cols<T>(Var<T>, Index, Index);                             \
    template Var<T> reshape<T>(Var<T>, Index, Index);                                \
    template Var<T> stack<T>(std::span<const Var<T>>);                               \
    template Var<T> gather<T>(Var<T>, std::span<const Index>);                       \
    template Var<T> one_hot<T>(Tape<T>&, std::span<const Index>, Index);
TAPEGRAD_INSTANTIATE(float)
TAPEGRAD_INSTANTIATE(double)

}  // namespace tapegrad
