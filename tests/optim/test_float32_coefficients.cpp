// float32 optimizers form their coefficients (1 - beta, 1 - alpha, ...) in double from the double
// options and round once, as PyTorch does when it passes `1 - beta2` to a float tensor op.
// Formed in float from the rounded beta instead, 1 - 0.999f is 1.3e-5 (relative) below 0.001,
// and a trajectory drifts. Each optimizer here runs 1,000 steps on a fixed quadratic beside a
// reference written out entry by entry with coefficients rounded once from double.
#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>

#include <cmath>
#include <functional>

using namespace tapegrad;

// The reference rounds after every operation: no a * b + c fused into one rounding.
#pragma GCC optimize("fp-contract=off")

namespace {

constexpr int steps = 1000;
constexpr Index rows = 3, cols = 4;

// L(p) = sum_ij a_ij (p_ij - c_ij)^2 / 2, so dL/dp = a (p - c): curvatures from 0.5 to 2, a start
// several units from the minimum, so that the path is long enough for a drift to show.
struct Problem {
    Tensor<float> a, c, start;
    Problem() {
        Rng rng(11);
        a = rng.uniform_tensor<float>(rows, cols, 0.5, 2);
        c = rng.uniform_tensor<float>(rows, cols, -1, 1);
        start = rng.uniform_tensor<float>(rows, cols, -6, 6);
    }
    float grad(const Tensor<float>& p, Index i) const { return a.data()[i] * (p.data()[i] - c.data()[i]); }
};

// The largest gap |p_tapegrad - p_reference| / max(1, |p_reference|) over every step: relative
// for entries above 1, so that the bound means the same number of float steps (ulps) everywhere. `reference_step(p, g, t)` updates the
// reference's entries from gradients g at step t = 1, 2, ...
template <class Opt, class Options>
float largest_gap(const Options& options, const std::function<void(Tensor<float>&, const Tensor<float>&, int)>& reference_step) {
    const Problem problem;
    Parameter<float> p("p", problem.start);
    Opt opt({&p}, options);
    Tensor<float> q = problem.start, g(rows, cols);
    float gap = 0;
    for (int t = 1; t <= steps; ++t) {
        for (Index i = 0; i < p.value.size(); ++i) p.grad.data()[i] = problem.grad(p.value, i);
        opt.step();
        for (Index i = 0; i < q.size(); ++i) g.data()[i] = problem.grad(q, i);
        reference_step(q, g, t);
        const Tensor<float> size = q.cwiseAbs().cwiseMax(1.0f);
        gap = std::max(gap, (p.value - q).cwiseAbs().cwiseQuotient(size).maxCoeff());
    }
    return gap;
}

// Adam (decoupled = false) or AdamW, entry by entry, as optim/adam.hpp writes the rule.
auto adam_reference(double lr, double beta1, double beta2, double eps, double wd, bool decoupled) {
    auto m = std::make_shared<Tensor<float>>(Tensor<float>::Zero(rows, cols));
    auto v = std::make_shared<Tensor<float>>(Tensor<float>::Zero(rows, cols));
    return [=](Tensor<float>& p, const Tensor<float>& g, int t) {
        const auto b1 = static_cast<float>(beta1), b2 = static_cast<float>(beta2);
        const auto one_minus_b1 = static_cast<float>(1 - beta1), one_minus_b2 = static_cast<float>(1 - beta2);
        const auto step_size = static_cast<float>(lr / (1 - std::pow(beta1, t)));
        const auto bias_correction2_sqrt = static_cast<float>(std::sqrt(1 - std::pow(beta2, t)));
        const auto decay = static_cast<float>(1 - lr * wd), wd_f = static_cast<float>(wd);
        for (Index i = 0; i < p.size(); ++i) {
            float& pi = p.data()[i];
            float gi = g.data()[i];
            if (decoupled) pi *= decay;
            else gi += wd_f * pi;
            float& mi = m->data()[i];
            float& vi = v->data()[i];
            mi = b1 * mi + one_minus_b1 * gi;
            vi = b2 * vi + one_minus_b2 * gi * gi;
            pi -= step_size * mi / (std::sqrt(vi) / bias_correction2_sqrt + static_cast<float>(eps));
        }
    };
}

// RMSprop (plain or centered, no momentum), entry by entry, as optim/rmsprop.hpp writes the rule.
auto rmsprop_reference(double lr, double alpha, double eps, bool centered) {
    auto s = std::make_shared<Tensor<float>>(Tensor<float>::Zero(rows, cols));
    auto a = std::make_shared<Tensor<float>>(Tensor<float>::Zero(rows, cols));
    return [=](Tensor<float>& p, const Tensor<float>& g, int) {
        const auto al = static_cast<float>(alpha), one_minus_al = static_cast<float>(1 - alpha);
        for (Index i = 0; i < p.size(); ++i) {
            const float gi = g.data()[i];
            float& si = s->data()[i];
            float& ai = a->data()[i];
            si = al * si + one_minus_al * gi * gi;
            float r;
            if (centered) {
                ai = al * ai + one_minus_al * gi;
                r = std::sqrt(si - ai * ai) + static_cast<float>(eps);
            } else {
                r = std::sqrt(si) + static_cast<float>(eps);
            }
            p.data()[i] -= static_cast<float>(lr) * gi / r;
        }
    };
}

}  // namespace

TEST_CASE("float32 Adam follows the once-rounded reference to 1e-6 over 1,000 steps") {
    CHECK(largest_gap<Adam<float>>(AdamOptions(0.01), adam_reference(0.01, 0.9, 0.999, 1e-8, 0, false)) <= 1e-6f);
    CHECK(largest_gap<Adam<float>>(AdamOptions(0.01).betas(0.8, 0.9999).weight_decay(0.01),
                                   adam_reference(0.01, 0.8, 0.9999, 1e-8, 0.01, false)) <= 1e-6f);
}

TEST_CASE("float32 AdamW follows the once-rounded reference to 1e-6 over 1,000 steps") {
    CHECK(largest_gap<AdamW<float>>(AdamWOptions(0.01), adam_reference(0.01, 0.9, 0.999, 1e-8, 0.01, true)) <= 1e-6f);
}

TEST_CASE("float32 RMSprop follows the once-rounded reference to 1e-6 over 1,000 steps") {
    CHECK(largest_gap<RMSprop<float>>(RMSpropOptions(0.01), rmsprop_reference(0.01, 0.99, 1e-8, false)) <= 1e-6f);
    CHECK(largest_gap<RMSprop<float>>(RMSpropOptions(0.01).alpha(0.999), rmsprop_reference(0.01, 0.999, 1e-8, false)) <= 1e-6f);
    CHECK(largest_gap<RMSprop<float>>(RMSpropOptions(0.01).alpha(0.999).centered(true),
                                      rmsprop_reference(0.01, 0.999, 1e-8, true)) <= 1e-6f);
}
