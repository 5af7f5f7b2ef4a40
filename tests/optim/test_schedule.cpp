// Learning-rate schedules: each factor at a few steps, worked out from its formula in
// optim/schedule.hpp, and an optimizer following one.
#include "quadratic.hpp"

#include <doctest/doctest.h>

using namespace tapegrad;
using doctest::Approx;

TEST_CASE("step_lr: gamma^floor(t / step_size)") {
    Schedule s = step_lr(2, 0.5);
    CHECK(s(0) == 1);
    CHECK(s(1) == 1);
    CHECK(s(2) == 0.5);
    CHECK(s(3) == 0.5);
    CHECK(s(4) == 0.25);
}

TEST_CASE("exponential_lr: gamma^t") {
    Schedule s = exponential_lr(0.9);
    CHECK(s(0) == 1);
    CHECK(s(2) == Approx(0.81));
}

TEST_CASE("cosine_annealing: from 1 down to the minimum along half a cosine, then flat") {
    Schedule s = cosine_annealing(4, 0.1);
    CHECK(s(0) == Approx(1));
    CHECK(s(1) == Approx(0.1 + 0.9 * (1 + std::cos(3.141592653589793 / 4)) / 2));  // 0.868198
    CHECK(s(2) == Approx(0.55));                                                    // halfway: (1 + 0.1) / 2
    CHECK(s(4) == Approx(0.1));
    CHECK(s(100) == Approx(0.1));
}

TEST_CASE("linear_warmup: from start_factor up to 1 in a straight line") {
    Schedule s = linear_warmup(4, 0.2);
    CHECK(s(0) == Approx(0.2));
    CHECK(s(1) == Approx(0.4));
    CHECK(s(2) == Approx(0.6));
    CHECK(s(4) == 1);
    CHECK(s(9) == 1);
}

TEST_CASE("schedules compose: one then another, or multiplied") {
    // Warm up over 2 steps from 0.5, then a cosine over 2 steps down to 0.
    Schedule s = linear_warmup(2, 0.5).then(2, cosine_annealing(2));
    CHECK(s(0) == Approx(0.5));
    CHECK(s(1) == Approx(0.75));
    CHECK(s(2) == Approx(1));  // the cosine restarted at its own t = 0
    CHECK(s(3) == Approx(0.5));
    CHECK(s(4) == Approx(0).epsilon(1e-12).scale(1));
    Schedule both = linear_warmup(2, 0.0) * exponential_lr(0.5);
    CHECK(both(1) == Approx(0.5 * 0.5));
    CHECK(both(3) == Approx(1 * 0.125));
}

TEST_CASE("an optimizer follows its schedule: lr = base_lr * schedule(steps taken)") {
    // SGD with base lr 1, halved every step, on a constant gradient g = 1:
    // p = 1 - 1 = 0,  then 0 - 0.5 = -0.5,  then -0.5 - 0.25 = -0.75
    auto p = quadratic::start_at(1);
    SGD opt({&p}, SGDOptions(1.0));
    opt.set_schedule(step_lr(1, 0.5));
    std::vector<double> got;
    for (int t = 0; t < 3; ++t) {
        CHECK(opt.lr() == std::ldexp(1.0, -t));
        p.grad(0, 0) = 1;
        opt.step();
        got.push_back(p.value(0, 0));
    }
    CHECK(got == std::vector<double>{0, -0.5, -0.75});
    CHECK(opt.base_lr() == 1);
}

TEST_CASE("schedules refuse a non-positive length") {
    CHECK_THROWS_WITH_AS(cosine_annealing(0), "cosine_annealing: the number of steps must be positive, got 0",
                         ValueError);
}
