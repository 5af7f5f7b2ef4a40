// Reduce-on-plateau's rules, as PyTorch's ReduceLROnPlateau writes them (is_better, _reduce_lr).
#include "plateau.hpp"

#include <algorithm>
#include <cmath>

namespace tapegrad {

ReduceLROnPlateau::ReduceLROnPlateau(const PlateauOptions& options)
    : options_(options), best_(options.maximize() ? -std::numeric_limits<double>::infinity()
                                                  : std::numeric_limits<double>::infinity()) {
    check_option(options.factor() >= 0 && options.factor() < 1, "reduce_on_plateau", "factor", "in [0, 1)", options.factor());
    check_option(options.patience() >= 0, "reduce_on_plateau", "patience", ">= 0", options.patience());
    check_option(options.threshold() >= 0, "reduce_on_plateau", "threshold", ">= 0", options.threshold());
    check_option(options.cooldown() >= 0, "reduce_on_plateau", "cooldown", ">= 0", options.cooldown());
    check_option(options.min_lr() >= 0, "reduce_on_plateau", "min_lr", ">= 0", options.min_lr());
}

bool ReduceLROnPlateau::is_better(double a) const {
    const double t = options_.threshold();
    if (options_.maximize()) return options_.relative() ? a > best_ * (1 + t) : a > best_ + t;
    return options_.relative() ? a < best_ * (1 - t) : a < best_ - t;  // NaN compares false: never better
}

double ReduceLROnPlateau::lowered_scale(double base_lr, double scale) const {
    const double old_lr = base_lr * scale;
    const double new_lr = std::max(old_lr * options_.factor(), options_.min_lr());  // max(lr factor, min_lr)
    if (!(old_lr - new_lr > options_.eps())) return scale;                            // too small a drop to make
    return new_lr == old_lr * options_.factor() ? scale * options_.factor() : new_lr / base_lr;
}

}  // namespace tapegrad
