// Numbers the command line writes or prints must be numbers: an inf or NaN feature, model output
// or metric is refused with the place it came from (file, row, column, metric), never written
// out as "inf" or "-nan" or printed and ignored.
#pragma once

#include "../train/experiment.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace tapegrad {

/// Throws ValueError("<where>: row R, column \"C\": the feature is inf; ...") at the first
/// feature of `data` that is not finite. Rows count from 1, as in the file written.
void require_finite_features(const Dataset& data, const std::string& where);

/// Throws ValueError("<where>: example R: the model's output is inf; ...") at the first example on
/// which the model's logits are not finite (features far outside the range it was trained on).
void require_finite_outputs(const Experiment& x, const Dataset& data, const std::string& where);

/// Throws ValueError("<where>: test_loss is inf; <hint>") at the first number in `metrics` (an
/// object of figures) that is not finite.
void require_finite_metrics(const nlohmann::json& metrics, const std::string& where, const std::string& hint);

}  // namespace tapegrad
