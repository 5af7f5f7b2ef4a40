// The lab's experiment runner: trains the same experiment under each loss and seed (same data,
// split, initial weights, optimizer and schedule: the loss is the only difference), with the one
// training loop (train/trainer.hpp) and the lab's diagnostics added to every epoch's record, and
// gathers everything into compare.json (docs/compare-format.md), a function of the inputs only.
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
    long seeds = 5;       // seed, seed + 1, ... for each loss
    double target = 0.9;  // epochs to reach this test accuracy (micro F1 for multi-label)
};

struct CompareResult {
    nlohmann::json compare;  // compare.json
    nlohmann::json timings;  // timings.json: seconds per run (varies from run to run, so kept apart)
};

/// Runs every (loss, seed). `progress` is told about each run as it starts ("mse_softmax, seed 2").
CompareResult run_comparison(const RunConfig& base, const CompareOptions& options,
                             const std::function<void(const std::string&)>& progress = {});

/// Writes compare.json, timings.json, compare.csv, charts/ and report.html into `dir`.
void write_comparison(const CompareResult& result, const std::filesystem::path& dir);

}  // namespace tapegrad
