// Ops that rearrange entries: concatenation, row slices, picking one column per row, one-hot.
#pragma once

#include "../core/tape.hpp"

#include <span>

namespace tapegrad {

/// Side by side: [a b c]. All parts must have the same number of rows.
template <class T> Var<T> concat_cols(std::span<const Var<T>> parts);
/// Stacked: [a; b; c]. All parts must have the same number of columns.
template <class T> Var<T> concat_rows(std::span<const Var<T>> parts);
/// Rows begin .. begin + count - 1 of x.
template <class T> Var<T> slice_rows(Var<T> x, Index begin, Index count);
/// y_i = x(i, index_i): one column picked in each row.   x: (m,n)  index: m entries  y: (m,1)
template <class T> Var<T> gather(Var<T> x, std::span<const Index> index);
/// A constant (m, classes) with a 1 at column classes_i of row i.
template <class T> Var<T> one_hot(Tape<T>& tape, std::span<const Index> classes, Index num_classes);

}  // namespace tapegrad
