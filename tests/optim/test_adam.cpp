// Adam and AdamW on L(p) = p^2 / 2 from p = 1 with lr 0.1, betas (0.9, 0.999), eps 1e-8: the
// first steps worked out by hand from the rule in optim/adam.hpp (dL/dp = p).
#include "quadratic.hpp"

#include <doctest/doctest.h>

#include <cstring>

using namespace tapegrad;
using doctest::Approx;

TEST_CASE("Adam: bias-corrected moments, eps outside the square root") {
    // t1: g = 1:  m = 0.1 * 1 = 0.1,  v = 0.001 * 1 = 0.001
    //     m^ = m / (1 - 0.9) = 1,  sqrt(v) / sqrt(1 - 0.999) = 1
    //     p1 = 1 - 0.1 * 1 / (1 + 1e-8) = 0.900000001          (Adam's first step is lr * sign(g))
    // t2: g = 0.9:  m = 0.9 * 0.1 + 0.1 * 0.9 = 0.18,  v = 0.999 * 0.001 + 0.001 * 0.81 = 0.001809
    //     m^ = 0.18 / (1 - 0.81) = 0.947368,  sqrt(0.001809 / (1 - 0.998001)) = 0.951290
    //     p2 = 0.9 - 0.1 * 0.947368 / 0.951290 = 0.800412
    // t3: the same once more gives 0.701586
    auto p = quadratic::start_at(1);
    Adam opt({&p}, AdamOptions(0.1));
    auto got = quadratic::trajectory(opt, p, 3);
    CHECK(got[0] == Approx(0.900000001).epsilon(1e-12));
    CHECK(got[1] == Approx(0.80041222971233816).epsilon(1e-12));
    CHECK(got[2] == Approx(0.70158627450441502).epsilon(1e-12));
    REQUIRE(opt.state().size() == 2);
    CHECK(opt.state()[0].name == "p/exp_avg");
    CHECK(opt.state()[1].name == "p/exp_avg_sq");
    CHECK(opt.name() == "adam");
}

TEST_CASE("Adam with weight decay adds wd p to the gradient; AdamW shrinks p instead") {
    // Adam, wd 0.1: g = 1.1 p. The first step is still lr * sign(g): 1 - 0.1 / (1 + 1e-8 / 1.1)
    //   = 0.9000000009; then 0.800412 and 0.701586, a hair from plain Adam's, since Adam's step
    //   barely depends on the gradient's scale.
    auto p = quadratic::start_at(1);
    Adam adam({&p}, AdamOptions(0.1).weight_decay(0.1));
    auto got = quadratic::trajectory(adam, p, 3);
    CHECK(got[0] == Approx(0.90000000090909094).epsilon(1e-12));
    CHECK(got[1] == Approx(0.80041222952678448).epsilon(1e-12));
    CHECK(got[2] == Approx(0.70158627422107234).epsilon(1e-12));

    // AdamW, wd 0.1: t1: p = 1 * (1 - 0.1 * 0.1) = 0.99, then Adam's step with g = 1 (the gradient
    //   at p = 1): p1 = 0.99 - 0.1 / (1 + 1e-8) = 0.890000001; the decay compounds: 0.781572, 0.675101
    auto q = quadratic::start_at(1);
    AdamW adamw({&q}, AdamWOptions(0.1).weight_decay(0.1));
    got = quadratic::trajectory(adamw, q, 3);
    CHECK(got[0] == Approx(0.890000001).epsilon(1e-12));
    CHECK(got[1] == Approx(0.78157185695416109).epsilon(1e-12));
    CHECK(got[2] == Approx(0.67510122318920085).epsilon(1e-12));
    CHECK(adamw.name() == "adamw");
    CHECK(AdamWOptions().weight_decay() == 0.01);  // PyTorch's default for AdamW
}

TEST_CASE("Adam with all-zero gradients and no weight decay leaves parameters bit-identical") {
    // m = v = 0 forever, so each step subtracts step_size * 0 / (0 + eps) = 0.
    Rng rng(7);
    Parameter<float> w("w", rng.normal_tensor<float>(5, 3));
    w.value(0, 0) = -0.0f;
    w.value(0, 1) = 1e-30f;
    const Tensor<float> before = w.value;
    Adam opt({&w}, AdamOptions(0.1));
    for (int t = 0; t < 100; ++t) {
        opt.zero_grad();
        opt.step();
    }
    CHECK(std::memcmp(before.data(), w.value.data(), sizeof(float) * static_cast<std::size_t>(before.size())) == 0);
}

TEST_CASE("Adam refuses betas outside [0, 1)") {
    auto p = quadratic::start_at(1);
    CHECK_THROWS_WITH_AS(Adam<double>({&p}, AdamOptions().betas(1.0, 0.999)), "adam: beta1 must be in [0, 1), got 1",
                         ValueError);
    CHECK_THROWS_WITH_AS(AdamW<double>({&p}, AdamWOptions().eps(-1e-8)), "adamw: eps must be >= 0, got -1e-08",
                         ValueError);
}
