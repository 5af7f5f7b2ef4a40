// SGD on L(p) = p^2 / 2 from p = 1 with lr 0.1: each variant's first steps worked out by hand from
// the update rule in optim/sgd.hpp (dL/dp = p).
#include "quadratic.hpp"

#include <doctest/doctest.h>

using namespace tapegrad;
using doctest::Approx;

namespace {
void check_steps(const std::vector<double>& got, std::initializer_list<double> expected) {
    REQUIRE(got.size() == expected.size());
    std::size_t i = 0;
    for (double e : expected) CHECK(got[i++] == Approx(e).epsilon(1e-12));
}
}  // namespace

TEST_CASE("SGD: p = p - lr g") {
    // p1 = 1 - 0.1 * 1 = 0.9,  p2 = 0.9 - 0.09 = 0.81,  p3 = 0.81 - 0.081 = 0.729
    auto p = quadratic::start_at(1);
    SGD opt({&p}, SGDOptions(0.1));
    check_steps(quadratic::trajectory(opt, p, 3), {0.9, 0.81, 0.729});
    CHECK(opt.state().empty());  // no momentum, no state
    CHECK(opt.steps() == 3);
}

TEST_CASE("SGD with momentum: the first step copies the gradient into the buffer") {
    // t1: g = 1,    b = g = 1 (no dampening on the first step),      p = 1 - 0.1 * 1      = 0.9
    // t2: g = 0.9,  b = 0.9 * 1 + 0.9 = 1.8,                          p = 0.9 - 0.1 * 1.8  = 0.72
    // t3: g = 0.72, b = 0.9 * 1.8 + 0.72 = 2.34,                      p = 0.72 - 0.1 * 2.34 = 0.486
    auto p = quadratic::start_at(1);
    SGD opt({&p}, SGDOptions(0.1).momentum(0.9));
    check_steps(quadratic::trajectory(opt, p, 3), {0.9, 0.72, 0.486});
    REQUIRE(opt.state().size() == 1);
    CHECK(opt.state()[0].name == "p/momentum_buffer");
    CHECK((*opt.state()[0].tensor)(0, 0) == Approx(2.34));
}

TEST_CASE("SGD with momentum and dampening: b = mu b + (1 - dampening) g after the first step") {
    // t1: b = 1,                                  p = 0.9
    // t2: g = 0.9,   b = 0.9 * 1 + 0.5 * 0.9 = 1.35,            p = 0.9 - 0.135 = 0.765
    // t3: g = 0.765, b = 0.9 * 1.35 + 0.5 * 0.765 = 1.5975,     p = 0.765 - 0.15975 = 0.60525
    auto p = quadratic::start_at(1);
    SGD opt({&p}, SGDOptions(0.1).momentum(0.9).dampening(0.5));
    check_steps(quadratic::trajectory(opt, p, 3), {0.9, 0.765, 0.60525});
}

TEST_CASE("SGD with Nesterov momentum: d = g + mu b") {
    // t1: g = 1,    b = 1,                     d = 1 + 0.9 * 1 = 1.9,         p = 1 - 0.19 = 0.81
    // t2: g = 0.81, b = 0.9 * 1 + 0.81 = 1.71, d = 0.81 + 0.9 * 1.71 = 2.349, p = 0.81 - 0.2349 = 0.5751
    // t3: g = 0.5751, b = 0.9 * 1.71 + 0.5751 = 2.1141, d = 0.5751 + 1.90269 = 2.47779, p = 0.327321
    auto p = quadratic::start_at(1);
    SGD opt({&p}, SGDOptions(0.1).momentum(0.9).nesterov(true));
    check_steps(quadratic::trajectory(opt, p, 3), {0.81, 0.5751, 0.327321});
}

TEST_CASE("SGD with weight decay: d = g + wd p") {
    // d = p + 0.1 p = 1.1 p, so p shrinks by 1 - 0.1 * 1.1 = 0.89 a step: 0.89, 0.7921, 0.704969
    auto p = quadratic::start_at(1);
    SGD opt({&p}, SGDOptions(0.1).weight_decay(0.1));
    check_steps(quadratic::trajectory(opt, p, 3), {0.89, 0.7921, 0.704969});
}

TEST_CASE("SGD on a gradient from the tape: record, backward, step, zero_grad, clear") {
    // L = sum(w^2) / 2 for w = [1, -2]: dL/dw = w, so one step of lr 0.5 halves w.
    Parameter<double> w("w", Tensor<double>{{1.0, -2.0}});
    SGD opt({&w}, SGDOptions(0.5));
    Tape<double> tape;
    Var<double> W = tape.param(w);
    Var<double> loss = 0.5 * matmul(W, transpose(W));  // (1x2)(2x1) = 1x1
    tape.backward(loss);
    CHECK(loss.item() == 2.5);
    opt.step();
    opt.zero_grad();
    tape.clear();
    CHECK(w.value(0, 0) == 0.5);
    CHECK(w.value(0, 1) == -1.0);
    CHECK(w.grad.isZero());
}

TEST_CASE("SGD refuses options that make no sense, saying which") {
    auto p = quadratic::start_at(1);
    CHECK_THROWS_WITH_AS(SGD<double>({&p}, SGDOptions(0.1).nesterov(true)),
                         "sgd: momentum must be > 0 for Nesterov momentum, got 0", ValueError);
    CHECK_THROWS_WITH_AS(SGD<double>({&p}, SGDOptions(0.1).momentum(0.9).dampening(0.1).nesterov(true)),
                         "sgd: dampening must be 0 for Nesterov momentum, got 0.1",
                         ValueError);
    CHECK_THROWS_WITH_AS(SGD<double>({&p}, SGDOptions(-1)), "optimizer: lr must be >= 0, got -1", ValueError);
    CHECK_THROWS_WITH_AS(SGD<double>({}, SGDOptions(0.1)),
                         "optimizer: the parameter list is empty; pass model.parameters()", ValueError);
    CHECK_THROWS_WITH_AS(SGD<double>({&p, &p}, SGDOptions(0.1)),
                         "optimizer: parameter 'p' is listed twice; it would be updated twice per step", ValueError);
}

TEST_CASE("an optimizer refuses a parameter resized after it was built") {
    auto p = quadratic::start_at(1);
    SGD opt({&p}, SGDOptions(0.1).momentum(0.9));
    p = Parameter<double>("p", Tensor<double>::Zero(2, 2));
    CHECK_THROWS_WITH_AS(opt.step(),
                         "optimizer step: parameter 'p' is 2x2, but was 1x1 when the optimizer was built; "
                         "build a new optimizer after resizing a model",
                         ShapeError);
}
