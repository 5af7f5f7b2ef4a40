// Early stopping: see early_stopping.hpp.
#include "early_stopping.hpp"

#include <cmath>

namespace tapegrad {

bool higher_is_better(const std::string& metric) {
    for (const char* word : {"accuracy", "f1", "precision", "recall"})
        if (metric.find(word) != std::string::npos) return true;
    return false;  // losses, hamming_loss
}

EarlyStopping::EarlyStopping(EarlyStoppingOptions options)
    : options_(std::move(options)), higher_(higher_is_better(options_.metric)) {}

bool EarlyStopping::observe(int epoch, double value) {
    // A NaN never improves on anything; the first finite value is always the best so far.
    const bool first = best_epoch_ == 0 && std::isfinite(value);
    const bool better = higher_ ? value > best_ + options_.min_delta : value < best_ - options_.min_delta;
    if (first || (best_epoch_ != 0 && better)) {
        best_ = value;
        best_epoch_ = epoch;
        epochs_since_best_ = 0;
        return true;
    }
    ++epochs_since_best_;
    return false;
}

}  // namespace tapegrad
