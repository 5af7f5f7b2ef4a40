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

}  // namespace tapegrad
