// From the lab's runs to compare.json: each arm summarised per loss (epochs to the target, final
// scores on a common yardstick, curves over epochs), the tuned learning rates chosen on the
// validation split, each loss's reduction and the gradient scale it contributes, the gradient
// probe, and the verdict (lab/verdict.hpp). A function of the runs only, so one run, any --jobs,
// and merged shards give the same bytes.
#pragma once

#include "compare.hpp"

namespace tapegrad {

/// compare.json from the plan and its runs (in plan order). docs/compare-format.md lists the fields.
nlohmann::json summarize_comparison(const LabPlan& plan, const nlohmann::json& runs);

/// One summary of a group of runs: "runs", "reached", "epochs_to_target" (stats over the runs that
/// reached the target), "epochs_to_target_censored" (mean, a run that never reached it counting as
/// epochs + 1), "final" (stats of each figure at the last epoch), "at_start" (epoch 0's mean
/// saturation figures) and "curves" (mean, min and max over the runs, per epoch; the gradient
/// norms of layers 1..layers among them).
nlohmann::json summarize_runs(const std::vector<const nlohmann::json*>& runs, long epochs, const std::string& target_metric,
                              long layers);

/// compare.csv: one row per run and epoch.
std::string comparison_csv(const nlohmann::json& compare);

/// "softmax regression on digits (64 features, 10 classes), SGD lr 0.1, initial scale 1": the
/// experiment as the report's title names it.
std::string experiment_title(const RunConfig& config, Index features, Index classes);

}  // namespace tapegrad
