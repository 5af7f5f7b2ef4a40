// The tensor type: a dense 2-D matrix backed by Eigen. Rows are examples in a batch, columns are
// features or classes; a scalar is 1x1. Training uses Tensor<float>, gradient checks Tensor<double>.
#pragma once

// GCC 12 warns that a variable "may be used uninitialized" inside its own AVX-512 intrinsics
// (avx512fintrin.h initialises __Y from itself on purpose; GCC bug 105593, fixed in GCC 13)
// wherever Eigen's vectorised code is inlined: hundreds of warnings about a third-party header
// that bury our own. The warning is raised after inlining, so -isystem does not hide it; it is
// silenced here, around the one include that brings in those headers, and nowhere else.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#include <Eigen/Dense>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

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
