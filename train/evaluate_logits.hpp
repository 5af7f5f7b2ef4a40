// Scoring logits that are already computed: Experiment::evaluate is this after one forward pass.
// For callers that use the same logits for more (the lab scores the test split and measures its
// yardstick from one forward pass).
#pragma once

#include "experiment.hpp"

namespace tapegrad {

/// Loss and metrics of `logits`, the model's outputs on `data` (Experiment::logits(data)).
Scores evaluate_logits(const Experiment& experiment, const Tensor<float>& logits, const Dataset& data);

}  // namespace tapegrad
