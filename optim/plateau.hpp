// Reduce-on-plateau: lower the learning rate when a watched metric stops improving, as PyTorch's
// torch.optim.lr_scheduler.ReduceLROnPlateau. Unlike the schedules in schedule.hpp it is not a
// function of the step: it reads a metric once per epoch and keeps a little state. That state is a
// function of the metrics seen, so a resumed run rebuilds it by observing its past epochs' records
// again (train/trainer.cpp does).
#pragma once

#include "optimizer.hpp"

#include <limits>

namespace tapegrad {

/// Options:  PlateauOptions().factor(0.5).patience(3).threshold(1e-4).min_lr(1e-5)
struct PlateauOptions {
    /// min: lower is better (a loss; the default); max: higher is better (an accuracy).
    PlateauOptions& maximize(bool v) { maximize_ = v; return *this; }
    /// new lr = max(lr * factor, min_lr). In [0, 1).
    PlateauOptions& factor(double v) { factor_ = v; return *this; }
    /// Epochs without improvement tolerated; the lr drops on the one after.
    PlateauOptions& patience(int v) { patience_ = v; return *this; }
    /// What counts as better: rel: a < best (1 - threshold) (max: a > best (1 + threshold));
    /// abs: a < best - threshold (max: a > best + threshold).
    PlateauOptions& threshold(double v) { threshold_ = v; return *this; }
    PlateauOptions& relative(bool v) { relative_ = v; return *this; }
    /// Epochs to wait after a drop before counting bad epochs again.
    PlateauOptions& cooldown(int v) { cooldown_ = v; return *this; }
    /// The lowest lr (of the base lr: groups keep their ratio to it).
    PlateauOptions& min_lr(double v) { min_lr_ = v; return *this; }
    /// A drop smaller than eps is not made.
    PlateauOptions& eps(double v) { eps_ = v; return *this; }

    bool maximize() const { return maximize_; }
    double factor() const { return factor_; }
    int patience() const { return patience_; }
    double threshold() const { return threshold_; }
    bool relative() const { return relative_; }
    int cooldown() const { return cooldown_; }
    double min_lr() const { return min_lr_; }
    double eps() const { return eps_; }

private:
    bool maximize_ = false;
    double factor_ = 0.1;
    int patience_ = 10;
    double threshold_ = 1e-4;
    bool relative_ = true;
    int cooldown_ = 0;
    double min_lr_ = 0;
    double eps_ = 1e-8;
};

/// After each epoch, observe(metric):
///   better -> best = metric, bad = 0;   else bad += 1
///   in cooldown -> cooldown -= 1, bad = 0
///   bad > patience -> lr = max(lr factor, min_lr) (if that lowers it by more than eps),
///                     cooldown = options.cooldown, bad = 0
/// The lr is lowered through the optimizer's lr_scale(), so a schedule and groups still apply.
class ReduceLROnPlateau {
public:
    explicit ReduceLROnPlateau(const PlateauOptions& options = {});

    /// Takes one epoch's metric; returns true when it lowered the lr. A NaN metric is never better.
    template <class T>
    bool observe(double metric, Optimizer<T>& optimizer);

    double best() const { return best_; }
    int bad_epochs() const { return bad_epochs_; }
    const PlateauOptions& options() const { return options_; }

private:
    bool is_better(double metric) const;
    /// The new lr_scale for the optimizer's base lr, or the old one when the drop is below eps.
    double lowered_scale(double base_lr, double scale) const;

    PlateauOptions options_;
    double best_;
    int bad_epochs_ = 0;
    int cooldown_left_ = 0;
};

template <class T>
bool ReduceLROnPlateau::observe(double metric, Optimizer<T>& optimizer) {
    if (is_better(metric)) {
        best_ = metric;
        bad_epochs_ = 0;
    } else {
        ++bad_epochs_;
    }
    if (cooldown_left_ > 0) {
        --cooldown_left_;
        bad_epochs_ = 0;
    }
    if (bad_epochs_ <= options_.patience()) return false;
    const double before = optimizer.lr_scale();
    optimizer.set_lr_scale(lowered_scale(optimizer.base_lr(), before));
    cooldown_left_ = options_.cooldown();
    bad_epochs_ = 0;
    return optimizer.lr_scale() != before;
}

}  // namespace tapegrad
