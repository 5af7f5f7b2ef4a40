// Early stopping: watch one validation figure after every epoch and stop when it has not improved
// for `patience` epochs. "Improved" means better than the best so far by more than min_delta:
// lower for a loss, higher for accuracy or F1 (Keras's and Lightning's rule).
#pragma once

#include <string>

namespace tapegrad {

struct EarlyStoppingOptions {
    std::string metric = "val_loss";  // a key of the epoch record: val_loss, val_accuracy, val_micro_f1, ...
    int patience = 5;                 // epochs without improvement before stopping
    double min_delta = 0;             // an improvement smaller than this does not count
};

/// True for figures where larger is better (accuracy, F1); false for losses and error rates.
bool higher_is_better(const std::string& metric);

class EarlyStopping {
public:
    explicit EarlyStopping(EarlyStoppingOptions options);

    /// Records epoch `epoch`'s value of the metric; returns true when it is a new best.
    bool observe(int epoch, double value);
    /// True once `patience` epochs in a row have not improved on the best.
    bool should_stop() const { return epochs_since_best_ >= options_.patience; }

    int best_epoch() const { return best_epoch_; }  // 0 before the first observation
    double best_value() const { return best_; }
    const EarlyStoppingOptions& options() const { return options_; }

private:
    EarlyStoppingOptions options_;
    bool higher_;
    double best_ = 0;
    int best_epoch_ = 0;
    int epochs_since_best_ = 0;
};

}  // namespace tapegrad
