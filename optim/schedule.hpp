// Learning-rate schedules. A schedule is a pure function of the step number t (0 for the first
// step) giving the factor the base learning rate is multiplied by. Being pure, it needs no state
// of its own: a resumed run only needs the optimizer's step count to continue exactly.
#pragma once

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

namespace tapegrad {

/// lr at step t = base_lr * schedule(t).  Compose with `*` (both at once) and `then` (one after the
/// other):   linear_warmup(100, 0.01).then(100, cosine_annealing(900))
class Schedule {
public:
    Schedule() : factor_([](std::int64_t) { return 1.0; }) {}
    explicit Schedule(std::function<double(std::int64_t)> factor) : factor_(std::move(factor)) {}

    double operator()(std::int64_t t) const { return factor_(t); }

    /// This schedule for t < milestone, then `next` restarted from 0: next(t - milestone).
    Schedule then(std::int64_t milestone, Schedule next) const;

    /// Both factors multiplied: a warm-up over an exponential decay, say.
    friend Schedule operator*(Schedule a, Schedule b);

private:
    std::function<double(std::int64_t)> factor_;
};

/// 1 at every step.
Schedule constant_lr();
/// gamma^floor(t / step_size): the lr drops by gamma every step_size steps (PyTorch StepLR).
Schedule step_lr(std::int64_t step_size, double gamma);
/// gamma^t (PyTorch ExponentialLR).
Schedule exponential_lr(double gamma);
/// min + (1 - min) (1 + cos(pi t / t_max)) / 2 for t <= t_max, then min: from 1 down to
/// min_factor along half a cosine (PyTorch CosineAnnealingLR with eta_min = min_factor * base_lr;
/// PyTorch's lr rises again after t_max, this one stays at the bottom).
Schedule cosine_annealing(std::int64_t t_max, double min_factor = 0);
/// start + (1 - start) t / steps for t < steps, then 1: a linear warm-up (PyTorch LinearLR with
/// end_factor 1; its default start_factor is 1/3).
Schedule linear_warmup(std::int64_t steps, double start_factor = 1.0 / 3.0);
/// gamma^(the number of milestones <= t): the lr drops by gamma at each milestone (PyTorch
/// MultiStepLR). Milestones must increase.
Schedule multi_step_lr(std::vector<std::int64_t> milestones, double gamma = 0.1);
/// Cosine annealing with warm restarts (SGDR, PyTorch CosineAnnealingWarmRestarts): cycles of
/// t_0, t_0 t_mult, t_0 t_mult^2, ... steps; within a cycle of length T_i, t_cur steps in,
///   min + (1 - min) (1 + cos(pi t_cur / T_i)) / 2        (eta_min = min_factor * base_lr)
/// so the lr falls along half a cosine and jumps back to 1 at each restart. t_mult >= 1, whole.
Schedule cosine_warm_restarts(std::int64_t t_0, std::int64_t t_mult = 1, double min_factor = 0);
/// The one-cycle policy (Smith, 2018; PyTorch OneCycleLR, two phases, cosine annealing), with
/// base lr = max_lr: from 1/div_factor up to 1 over the first pct_start of total_steps, then down
/// to 1/(div_factor final_div_factor). As PyTorch: phase 1 ends at step pct_start total - 1, each
/// phase is cos_anneal(start, end, pct) = end + (start - end) (1 + cos(pi pct)) / 2, and a step
/// past total_steps is an error (ValueError). PyTorch also cycles the momentum (beta1 for Adam)
/// by default; this does not: it matches OneCycleLR with cycle_momentum=False.
Schedule one_cycle(std::int64_t total_steps, double pct_start = 0.3, double div_factor = 25,
                   double final_div_factor = 1e4);

}  // namespace tapegrad
