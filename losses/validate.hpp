// Checks shared by the losses and measures, so each refuses bad input in the same clear words:
// the op, what it received, the rule that failed, and a hint where one helps. Your own loss can
// call them too.
#pragma once

#include "../core/tape.hpp"

#include <optional>
#include <span>
#include <string>

namespace tapegrad {

/// How far a row of probabilities may sum from 1 and still count as a distribution.
inline constexpr double probability_sum_tolerance = 1e-4;

/// "1.5", "nan", "-inf": a number as messages show it.
std::string format_number(double x);

/// Throws ShapeError unless a and b have the same shape:
///   "mse: pred (4x3) and target (4x2) must have the same shape"
template <class T>
void check_same_shape(const char* op, const char* a_name, const Tensor<T>& a, const char* b_name,
                      const Tensor<T>& b);

/// Throws ValueError unless every entry of x lies in [0, 1] (NaN does not).
template <class T>
void check_probabilities(const char* op, const char* name, const Tensor<T>& x);

/// check_probabilities, and every row sums to 1 within probability_sum_tolerance.
template <class T>
void check_distributions(const char* op, const char* name, const Tensor<T>& x);

/// Throws ShapeError unless there is one class index per row, and ValueError unless each lies in
/// 0 .. classes - 1 (or equals `ignore`, when given).
void check_classes(const char* op, std::span<const Index> target, Index rows, Index classes,
                   std::optional<Index> ignore = std::nullopt);

/// Throws ShapeError unless there is one weight per class (or none), ValueError unless each is
/// finite and >= 0. `what` names them in messages: "class weights", "pos_weight".
void check_weights(const char* op, const char* what, std::span<const double> weights, Index classes);

}  // namespace tapegrad
