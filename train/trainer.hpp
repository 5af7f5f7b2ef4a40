// Training an Experiment with the one loop: fit() over its training set, then after every epoch
// one evaluation (on the validation split when there is one, else on the test split, for
// monitoring only), the epoch's record, early stopping and the best epoch. What differs between
// the callers (the command line writes files, the lab measures its diagnostics, a progress line
// redraws) comes in through hooks.
#pragma once

#include "early_stopping.hpp"
#include "experiment.hpp"
#include "fit.hpp"

#include <functional>
#include <optional>
#include <vector>

namespace tapegrad {

struct TrainHooks {
    /// After every step: batch b of `batches`, in epoch `epoch`.
    std::function<void(int epoch, Index b, Index batches)> on_step;
    /// After every epoch, with its record (add to it: the lab adds its diagnostics). The record
    /// is final when on_record (below) sees it.
    std::function<void(int epoch, nlohmann::json& record)> on_epoch;
    /// The record, complete: write it out (metrics.jsonl), draw progress.
    std::function<void(const nlohmann::json& record)> on_record;
    /// The epoch just ended is the best so far on the watched metric (write best.ckpt). Called
    /// before on_record sees that epoch's record.
    std::function<void(int epoch)> on_best;
};

/// Where a run stands: after `epoch` epochs, with these records (replayed on resume, so that early
/// stopping and the best epoch continue as if never interrupted).
struct TrainProgress {
    int epoch = 0;
    std::vector<nlohmann::json> records;
};

/// Where a run's time went, in seconds of wall-clock time (std::chrono::steady_clock):
///   training   the optimizer steps: batching, forward, loss, backward, update (fit() minus its epoch hook)
///   evaluation the per-epoch no-grad pass over the validation (or test) split
///   hooks      what the caller does after each epoch: records, checkpoints, progress (TrainHooks)
struct TrainTimings {
    double training_s = 0, evaluation_s = 0, hooks_s = 0;
    nlohmann::json to_json() const;
};

struct TrainResult {
    std::vector<nlohmann::json> records;  // one per epoch, past ones (resumed) included
    int best_epoch = 0;                   // 0: no validation split to judge by
    bool stopped_early = false;
    TrainTimings timings;                 // this call's epochs only (not a resumed run's past ones)
};

/// The prefix of per-epoch figures: "val_" with a validation split, "test_" without.
std::string monitor_prefix(const Experiment& experiment);

/// The metric that decides the best epoch: early_stopping.metric, or val_loss.
std::string watched_metric(const Experiment& experiment);

/// Trains from `from` to config.epochs (or until early stopping says stop). Per-epoch records:
///   {"epoch", "train_loss", "steps", "skipped_steps", ["grad_norm_max", "grad_norm_clipped_max"],
///    "val_loss", "val_accuracy", ... (or "test_..." without a validation split)}
/// Throws ValueError when the training loss becomes inf or NaN (naming the epoch and a remedy).
TrainResult train_experiment(Experiment& experiment, const TrainHooks& hooks = {}, const TrainProgress& from = {});

}  // namespace tapegrad
