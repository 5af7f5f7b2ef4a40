// RMSprop and Adagrad on L(p) = p^2 / 2 from p = 1: the first steps worked out by hand from the
// rules in optim/rmsprop.hpp (dL/dp = p).
#include "quadratic.hpp"

#include <doctest/doctest.h>

using namespace tapegrad;
using doctest::Approx;

TEST_CASE("RMSprop: p = p - lr g / (sqrt(s) + eps), s a running mean of g^2") {
    // lr 0.01, alpha 0.99, eps 1e-8
    // t1: g = 1:   s = 0.01 * 1 = 0.01,                 p = 1 - 0.01 * 1 / (0.1 + 1e-8)    = 0.90000001
    // t2: g = 0.9: s = 0.99 * 0.01 + 0.01 * 0.81 = 0.018, p = 0.9 - 0.01 * 0.9 / 0.1341641 = 0.832918
    // t3: 0.779982
    auto p = quadratic::start_at(1);
    RMSprop opt({&p}, RMSpropOptions(0.01));
    auto got = quadratic::trajectory(opt, p, 3);
    CHECK(got[0] == Approx(0.90000000999999907).epsilon(1e-12));
    CHECK(got[1] == Approx(0.83291797526505928).epsilon(1e-12));
    CHECK(got[2] == Approx(0.77998228198235409).epsilon(1e-12));
    REQUIRE(opt.state().size() == 1);
    CHECK(opt.state()[0].name == "p/square_avg");
}

TEST_CASE("RMSprop centered, with momentum") {
    // lr 0.01, alpha 0.99, momentum 0.9, centered
    // t1: g = 1:  s = 0.01,  a = 0.01,  r = sqrt(0.01 - 0.0001) + 1e-8 = 0.0994987
    //             b = 1 / 0.0994987 = 10.0504,  p = 1 - 0.01 * 10.0504 = 0.899496
    // t2: g = 0.899496:  s = 0.0179909, a = 0.0188950, r = sqrt(s - a^2) = 0.132793
    //             b = 0.9 * 10.0504 + 0.899496 / 0.132793 = 15.8190,  p = 0.899496 - 0.158190 = 0.741306
    // t3: 0.549650
    auto p = quadratic::start_at(1);
    RMSprop opt({&p}, RMSpropOptions(0.01).momentum(0.9).centered(true));
    auto got = quadratic::trajectory(opt, p, 3);
    CHECK(got[0] == Approx(0.89949622857508793).epsilon(1e-12));
    CHECK(got[1] == Approx(0.74130599282061072).epsilon(1e-12));
    CHECK(got[2] == Approx(0.54965018457705517).epsilon(1e-12));
    CHECK(opt.state().size() == 3);  // square_avg, grad_avg, momentum_buffer
}

TEST_CASE("Adagrad: p = p - lr g / (sqrt(S) + eps), S the sum of every g^2 so far") {
    // lr 0.1, eps 1e-10
    // t1: g = 1:   S = 1,                 p = 1 - 0.1 * 1 / (1 + 1e-10)   = 0.90000000001
    // t2: g = 0.9: S = 1 + 0.81 = 1.81,   p = 0.9 - 0.1 * 0.9 / 1.345362 = 0.833104
    // t3: 0.780456
    auto p = quadratic::start_at(1);
    Adagrad opt({&p}, AdagradOptions(0.1));
    auto got = quadratic::trajectory(opt, p, 3);
    CHECK(got[0] == Approx(0.90000000001000002).epsilon(1e-12));
    CHECK(got[1] == Approx(0.83310352685231681).epsilon(1e-12));
    CHECK(got[2] == Approx(0.78045618136551631).epsilon(1e-12));
}

TEST_CASE("Adagrad with lr_decay and an initial accumulator") {
    // lr 0.1, lr_decay 0.5, S0 = 0.1
    // t1: clr = 0.1,             S = 0.1 + 1 = 1.1,  p = 1 - 0.1 / 1.0488088 = 0.904654
    // t2: clr = 0.1 / 1.5,  S = 1.1 + 0.904654^2 = 1.918398,  p = 0.904654 - 0.066667 * 0.904654 / 1.385063 = 0.861110
    // t3: clr = 0.1 / 2:  0.834711
    auto p = quadratic::start_at(1);
    Adagrad opt({&p}, AdagradOptions(0.1).lr_decay(0.5).initial_accumulator_value(0.1));
    auto got = quadratic::trajectory(opt, p, 3);
    CHECK(got[0] == Approx(0.90465374108453167).epsilon(1e-12));
    CHECK(got[1] == Approx(0.86111040258724758).epsilon(1e-12));
    CHECK(got[2] == Approx(0.83471092040569483).epsilon(1e-12));
}
