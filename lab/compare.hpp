// The lab's controlled experiment. The same data, split, initial weights and seeds, and the loss
// changed; each factor that can make two losses converge at different speeds gets its own arm:
//   configured     every loss with the config's optimizer, learning rate and reduction;
//   scale_matched  every loss with a "reduction" option at batch_mean (sum over outputs, mean over
//                  the batch: the Brier convention for squared error), so no loss is 1/C smaller;
//   tuned          scale-matched, each loss at its own best learning rate, chosen on the
//                  validation split from a log-spaced grid;
//   start          the tuned comparison over initial weight scales, where saturation shows.
// All runs are independent (the tuned and start arms run the whole grid and choose afterwards), so
// they run in parallel (--jobs) and split across machines (--shard K/N, then --merge) with the
// same compare.json bytes. lab/verdict.hpp turns the arms into the report's headline.
#pragma once

#include "../train/config.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace tapegrad {

struct CompareOptions {
    std::vector<std::string> losses = {"softmax_cross_entropy", "mse_softmax"};
    long seeds = 5;       // seed, seed + 1, ... for each loss and arm
    double target = 0.9;  // epochs to reach this test accuracy (micro F1 for multi-label)
    unsigned jobs = 0;    // runs at once; 0: one per core
    int shard = 1, shards = 1;  // run the shard-th of `shards` disjoint slices (1-based)
};

/// What the lab reads from a config's "lab" section (all optional):
///   "lr_grid": [0.01, ...]   learning rates the tuned and start arms try (default: the config's lr
///                            times 10^(k/2), k = -2..4: seven rates over three decades)
///   "init_scales": [1, 2, 4, 8]  the start arm's initial weight scales (the config's own is added)
///   "validation_fraction": 0.2   held out of the training part to choose learning rates by
///   "arms": ["configured", "scale_matched", "tuned", "start"]   which arms to run
struct LabPlan {
    RunConfig base;
    CompareOptions options;
    std::vector<double> lr_grid, init_scales;
    std::vector<std::string> arms;
    double validation_fraction = 0.2;
};
LabPlan make_plan(const RunConfig& base, const CompareOptions& options);

/// One run of the plan: which arm, loss, seed, learning rate, initial scale and reduction.
struct RunSpec {
    std::string arm;   // "configured", "scale_matched" or "grid" (the tuned and start arms choose from the grid)
    std::size_t loss = 0;
    long seed = 0;
    double lr = 0, init_scale = 1;
    RunConfig config;  // the config this run trains
};
std::vector<RunSpec> plan_runs(const LabPlan& plan);

struct CompareResult {
    nlohmann::json compare;  // compare.json, or a shard's partial result
    nlohmann::json timings;  // timings.json: seconds per run (varies from run to run, so kept apart)
};

/// Runs the plan (or this shard of it). `progress` is told as each run ends: (done, total, what).
CompareResult run_comparison(const RunConfig& base, const CompareOptions& options,
                             const std::function<void(std::size_t, std::size_t, const std::string&)>& progress = {});

/// Combines the partial results of shards 1/N .. N/N into the compare.json one run would write.
/// Refuses partials of different experiments, duplicates and missing shards, naming the file.
CompareResult merge_partials(const std::vector<std::filesystem::path>& partial_files);

/// Writes compare.json (or partial.json for a shard), timings.json, compare.csv, charts/ and
/// report.html into `dir`.
void write_comparison(const CompareResult& result, const std::filesystem::path& dir);

}  // namespace tapegrad
