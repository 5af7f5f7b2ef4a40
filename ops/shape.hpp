// Ops that rearrange entries: concatenation, stacking, row and column slices, reshaping, picking
// one column per row (gather), and one-hot rows. Their backward puts each gradient entry back where its value came from.
#pragma once

#include "../core/tape.hpp"

#include <initializer_list>
#include <span>
#include <vector>

namespace tapegrad {

/// Side by side: y = [a b c].   parts: (m, n_k)  y: (m, n_1 + n_2 + ...)
/// dL/dpart_k = the columns of dL/dy that part k filled. All parts must have the same rows.
template <class T> Var<T> concat_cols(std::span<const Var<T>> parts);
/// Stacked: y = [a; b; c].      parts: (m_k, n)  y: (m_1 + m_2 + ..., n)
/// dL/dpart_k = the rows of dL/dy that part k filled. All parts must have the same columns.
template <class T> Var<T> concat_rows(std::span<const Var<T>> parts);
/// Rows begin .. begin + count - 1 of x.     x: (m,n)  y: (count,n)
/// dL/dx = dL/dy in those rows, 0 elsewhere. Needs 0 <= begin, 0 <= count, begin + count <= m.
template <class T> Var<T> slice_rows(Var<T> x, Index begin, Index count);
/// Columns begin .. begin + count - 1 of x.  x: (m,n)  y: (m,count)
/// dL/dx = dL/dy in those columns, 0 elsewhere. Needs 0 <= begin, 0 <= count, begin + count <= n.
template <class T> Var<T> slice_cols(Var<T> x, Index begin, Index count);
/// The same entries read row by row into rows x cols (torch.reshape of a contiguous tensor).
///   x: (m,n)  y: (rows,cols), rows cols = m n      dL/dx = dL/dy read back into (m,n)
template <class T> Var<T> reshape(Var<T> x, Index rows, Index cols);
/// k parts of one shape (m,n), each laid out row by row as one row of y: y is (k, m n).
/// torch.stack(parts).reshape(k, -1): 1x1 parts give a column of k numbers, 1xn parts a (k,n) batch.
/// dL/dpart_k = row k of dL/dy, read back into (m,n).
template <class T> Var<T> stack(std::span<const Var<T>> parts);
/// y_i = x(i, index_i): one column picked in each row.   x: (m,n)  index: m entries  y: (m,1)
/// dL/dx(i, index_i) = dL/dy_i, 0 elsewhere. Each index must be in 0 .. n-1 (ValueError if not).
template <class T> Var<T> gather(Var<T> x, std::span<const Index> index);
/// A constant (m, num_classes) with a 1 at column classes_i of row i and 0 elsewhere.
/// Each class must be in 0 .. num_classes-1 (ValueError if not). No gradient flows through it.
template <class T> Var<T> one_hot(Tape<T>& tape, std::span<const Index> classes, Index num_classes);

/// concat_cols({a, b, c}) and concat_cols(vector_of_vars), without spelling out a span.
template <class T> Var<T> concat_cols(std::initializer_list<Var<T>> parts) {
    return concat_cols<T>(std::span<const Var<T>>(parts.begin(), parts.size()));
}
template <class T> Var<T> concat_cols(const std::vector<Var<T>>& parts) {
    return concat_cols<T>(std::span<const Var<T>>(parts));
}
template <class T> Var<T> stack(std::initializer_list<Var<T>> parts) {
    return stack<T>(std::span<const Var<T>>(parts.begin(), parts.size()));
}
template <class T> Var<T> stack(const std::vector<Var<T>>& parts) {
    return stack<T>(std::span<const Var<T>>(parts));
}
template <class T> Var<T> concat_rows(std::initializer_list<Var<T>> parts) {
    return concat_rows<T>(std::span<const Var<T>>(parts.begin(), parts.size()));
}
template <class T> Var<T> concat_rows(const std::vector<Var<T>>& parts) {
    return concat_rows<T>(std::span<const Var<T>>(parts));
}

}  // namespace tapegrad
