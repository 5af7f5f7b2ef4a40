// Minima, and the positions of maxima and minima. min mirrors max (in reduce.hpp): over everything
// (-> 1x1), over each row (rowwise, -> mx1) or over each column (colwise, -> 1xn).
// argmax and argmin answer "where", not "how much": they are whole numbers, not differentiable, so
// they return plain indices and record nothing on the tape (use them for predictions and metrics).
#pragma once

#include "../core/tape.hpp"

#include <vector>

namespace tapegrad {

/// y = min_ij x_ij              (1,1). The gradient goes to the first entry attaining the min, in
/// reading order (row by row). NaN counts as smaller than anything, so it is never hidden.
template <class T> Var<T> min(Var<T> x);
/// y_i = min_j x_ij             (m,1); gradient to the first column attaining each row's min
template <class T> Var<T> rowwise_min(Var<T> x);
/// y_j = min_i x_ij             (1,n); gradient to the first row attaining each column's min
template <class T> Var<T> colwise_min(Var<T> x);

/// The position of the max of all entries, counted in reading order (row i, column j is i n + j);
/// the first one on a tie, and a NaN wins, as in max. No gradient: nothing is recorded.
template <class T> Index argmax(const Tensor<T>& x);
/// As argmax, for the min (a NaN wins, as in min).
template <class T> Index argmin(const Tensor<T>& x);
/// For each row, the column of its max (its predicted class).    x: (m,n)  ->  m indices
template <class T> std::vector<Index> rowwise_argmax(const Tensor<T>& x);
template <class T> std::vector<Index> rowwise_argmin(const Tensor<T>& x);
/// For each column, the row of its max.                          x: (m,n)  ->  n indices
template <class T> std::vector<Index> colwise_argmax(const Tensor<T>& x);
template <class T> std::vector<Index> colwise_argmin(const Tensor<T>& x);

/// The same, read from a Var's value.
template <class T> Index argmax(Var<T> x) { return argmax(x.value()); }
template <class T> Index argmin(Var<T> x) { return argmin(x.value()); }
template <class T> std::vector<Index> rowwise_argmax(Var<T> x) { return rowwise_argmax(x.value()); }
template <class T> std::vector<Index> rowwise_argmin(Var<T> x) { return rowwise_argmin(x.value()); }
template <class T> std::vector<Index> colwise_argmax(Var<T> x) { return colwise_argmax(x.value()); }
template <class T> std::vector<Index> colwise_argmin(Var<T> x) { return colwise_argmin(x.value()); }

}  // namespace tapegrad
