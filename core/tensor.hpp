// The tensor type: a dense 2-D matrix backed by Eigen. Rows are examples in a batch, columns are
// features or classes; a scalar is 1x1. Training uses Tensor<float>, gradient checks Tensor<double>.
#pragma once

#include <Eigen/Dense>

#include <string>

namespace tapegrad {

/// Dense rows x cols matrix of T, stored row by row (one example per row is contiguous).
template <class T>
using Tensor = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

using Index = Eigen::Index;

/// "4x3": how shapes appear in every message.
template <class T>
std::string shape_of(const Tensor<T>& x) {
    return std::to_string(x.rows()) + "x" + std::to_string(x.cols());
}

/// True when every entry is finite (no NaN, no infinity).
template <class T>
bool all_finite(const Tensor<T>& x) {
    return x.size() == 0 || x.array().isFinite().all();
}

}  // namespace tapegrad
