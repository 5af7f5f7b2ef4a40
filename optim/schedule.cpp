// The schedules as closed forms of the step number t.
#include "schedule.hpp"

#include "../core/error.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace tapegrad {

namespace {
void require_positive(const char* name, std::int64_t steps) {
    if (steps <= 0)
        throw ValueError(std::string(name) + ": the number of steps must be positive, got " + std::to_string(steps));
}
}  // namespace

Schedule Schedule::then(std::int64_t milestone, Schedule next) const {
    return Schedule([first = *this, milestone, next = std::move(next)](std::int64_t t) {
        return t < milestone ? first(t) : next(t - milestone);
    });
}

Schedule operator*(Schedule a, Schedule b) {
    return Schedule([a = std::move(a), b = std::move(b)](std::int64_t t) { return a(t) * b(t); });
}

Schedule constant_lr() { return Schedule(); }

Schedule step_lr(std::int64_t step_size, double gamma) {
    require_positive("step_lr", step_size);
    // gamma^floor(t / step_size)
    return Schedule([=](std::int64_t t) { return std::pow(gamma, static_cast<double>(t / step_size)); });
}

Schedule exponential_lr(double gamma) {
    // gamma^t
    return Schedule([=](std::int64_t t) { return std::pow(gamma, static_cast<double>(t)); });
}

Schedule cosine_annealing(std::int64_t t_max, double min_factor) {
    require_positive("cosine_annealing", t_max);
    // min + (1 - min) (1 + cos(pi t / t_max)) / 2, held at min once t >= t_max
    return Schedule([=](std::int64_t t) {
        const double progress = static_cast<double>(std::min(t, t_max)) / static_cast<double>(t_max);
        return min_factor + (1 - min_factor) * 0.5 * (1 + std::cos(3.141592653589793 * progress));
    });
}

Schedule linear_warmup(std::int64_t steps, double start_factor) {
    require_positive("linear_warmup", steps);
    // start + (1 - start) t / steps, held at 1 once t >= steps
    return Schedule([=](std::int64_t t) {
        const double progress = static_cast<double>(std::min(t, steps)) / static_cast<double>(steps);
        return start_factor + (1 - start_factor) * progress;
    });
}

Schedule multi_step_lr(std::vector<std::int64_t> milestones, double gamma) {
    for (std::size_t i = 1; i < milestones.size(); ++i)
        if (milestones[i] <= milestones[i - 1])
            throw ValueError("multi_step_lr: milestones must increase, got " + std::to_string(milestones[i - 1]) +
                             " then " + std::to_string(milestones[i]));
    // gamma^(number of milestones m with m <= t)
    return Schedule([milestones = std::move(milestones), gamma](std::int64_t t) {
        const auto passed = std::upper_bound(milestones.begin(), milestones.end(), t) - milestones.begin();
        return std::pow(gamma, static_cast<double>(passed));
    });
}

Schedule cosine_warm_restarts(std::int64_t t_0, std::int64_t t_mult, double min_factor) {
    require_positive("cosine_warm_restarts", t_0);
    if (t_mult < 1) throw ValueError("cosine_warm_restarts: t_mult must be >= 1, got " + std::to_string(t_mult));
    return Schedule([=](std::int64_t t) {
        // Find the cycle t falls in: cycle i has length T_i = t_0 t_mult^i. Walking the cycles in
        // whole numbers is exact where PyTorch's closed form goes through a logarithm.
        std::int64_t t_cur = t, t_i = t_0;
        while (t_cur >= t_i) {
            t_cur -= t_i;
            t_i *= t_mult;
        }
        const double progress = static_cast<double>(t_cur) / static_cast<double>(t_i);
        return min_factor + (1 - min_factor) * 0.5 * (1 + std::cos(3.141592653589793 * progress));
    });
}

Schedule one_cycle(std::int64_t total_steps, double pct_start, double div_factor, double final_div_factor) {
    require_positive("one_cycle", total_steps);
    if (!(pct_start > 0 && pct_start < 1)) throw ValueError("one_cycle: pct_start must be in (0, 1), got " + std::to_string(pct_start));
    if (!(div_factor > 0) || !(final_div_factor > 0))
        throw ValueError("one_cycle: div_factor and final_div_factor must be > 0");
    const double start = 1 / div_factor, low = start / final_div_factor;  // initial and final factors
    const double peak_step = pct_start * static_cast<double>(total_steps) - 1;  // phase 1 ends here
    const double last_step = static_cast<double>(total_steps) - 1;
    if (!(peak_step > 0 && peak_step < last_step))  // PyTorch divides by zero here
        throw ValueError("one_cycle: the warm-up phase must be more than one step and end before the last: "
                         "pct_start (" + std::to_string(pct_start) + ") * total_steps (" + std::to_string(total_steps) +
                         ") must be in (1, total_steps)");
    // end + (start - end) (1 + cos(pi pct)) / 2: from start at pct 0 to end at pct 1
    auto anneal = [](double from, double to, double pct) { return to + (from - to) / 2 * (std::cos(3.141592653589793 * pct) + 1); };
    return Schedule([=](std::int64_t t) {
        if (t > total_steps)
            throw ValueError("one_cycle: step " + std::to_string(t) + " is past total_steps (" + std::to_string(total_steps) +
                             "); make total_steps cover the whole run");
        const double step = static_cast<double>(t);
        if (step <= peak_step) return anneal(start, 1.0, step / peak_step);
        return anneal(1.0, low, (step - peak_step) / (last_step - peak_step));
    });
}

}  // namespace tapegrad
