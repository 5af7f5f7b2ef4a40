// The lab's verdict, computed from the arms' numbers and nothing else: how much of the gap
// between the reference loss (the first one) and each other loss closes when the gradient scales
// are matched, how much more when each loss has its own learning rate, what remains, whether
// saturation (measured at epoch 0) explains the remainder, and from which initial scale the
// reference's advantage appears. The report's headline is the text it returns; a test checks the
// text against the numbers.
#pragma once

#include <nlohmann/json.hpp>

namespace tapegrad {

/// Two paces count as the same when the other loss reached the target in every run and needed at
/// most max(1, 20% of the reference's) epochs more.
bool keeps_pace(double reference_epochs, double other_epochs, bool other_always_reached);

/// Epoch 0's saturated share at or above this names saturation as a cause.
inline constexpr double saturation_threshold = 0.05;

/// {"reference", "pairs": [{"loss", "epochs_to_target": {arm: {"reference", "other", "gap"}},
///  "closed_by_scale", "closed_by_lr", "remaining", "tuned_keeps_pace", "saturation_explains",
///  "start": [...], "advantage_appears_at", "headline"}], "headline", "takeaway", "try_next"}
nlohmann::json compute_verdict(const nlohmann::json& compare);

}  // namespace tapegrad
