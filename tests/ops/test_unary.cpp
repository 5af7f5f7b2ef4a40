// Entry-wise math (exp, log, sqrt, pow, abs, clamp): hand-checked values and gradients, gradcheck at
// every shape, and the edges (log 0, the kinks of abs and clamp, pow with p = 0).
#include "op_checks.hpp"

#include <tapegrad/ops/unary.hpp>
#include <tapegrad/ops/elementwise.hpp>
#include <tapegrad/ops/reduce.hpp>

#include <cmath>
#include <limits>

using namespace tapegrad;
using namespace op_checks;

TEST_CASE("unary ops give hand-checked values and gradients") {
    Tape<double> tape;
    auto x = tape.variable(matrix(1, 1, {4}));
    SUBCASE("exp(ln 2) = 2, and d/dx e^x = e^x = 2") {
        auto l2 = tape.variable(matrix(1, 1, {std::log(2.0)}));
        auto y = exp(l2);
        tape.backward(y);
        CHECK(y.item() == doctest::Approx(2));
        CHECK(l2.grad()(0, 0) == doctest::Approx(2));
    }
    SUBCASE("log(4) = 2 ln 2, and d/dx ln x = 1/x = 0.25") {
        auto y = log(x);
        tape.backward(y);
        CHECK(y.item() == doctest::Approx(2 * std::log(2.0)));
        CHECK(x.grad()(0, 0) == 0.25);
    }
    SUBCASE("sqrt(4) = 2, and d/dx sqrt(x) = 1 / (2 sqrt(x)) = 0.25") {
        auto y = sqrt(x);
        tape.backward(y);
        CHECK(y.item() == 2);
        CHECK(x.grad()(0, 0) == 0.25);
    }
    SUBCASE("pow(4, 3) = 64, and d/dx x^3 = 3 x^2 = 48") {
        auto y = pow(x, 3.0);
        tape.backward(y);
        CHECK(y.item() == doctest::Approx(64));
        CHECK(x.grad()(0, 0) == doctest::Approx(48));
    }
    SUBCASE("pow(4, -0.5) = 0.5, and d/dx x^-0.5 = -0.5 x^-1.5 = -1/16") {
        auto y = pow(x, -0.5);
        tape.backward(y);
        CHECK(y.item() == doctest::Approx(0.5));
        CHECK(x.grad()(0, 0) == doctest::Approx(-1.0 / 16));
    }
}

TEST_CASE("abs: |[-3, 0, 2]| = [3, 0, 2], with gradient [-1, 0, 1] (0 at the kink, as PyTorch)") {
    Tape<double> tape;
    auto x = tape.variable(matrix(1, 3, {-3, 0, 2}));
    auto y = abs(x);
    tape.backward(y, T2::Ones(1, 3));
    CHECK(y.value() == matrix(1, 3, {3, 0, 2}));
    CHECK(x.grad() == matrix(1, 3, {-1, 0, 1}));
}

TEST_CASE("clamp to [-1, 1] passes the gradient inside the range, ends included") {
    Tape<double> tape;
    auto x = tape.variable(matrix(1, 5, {-2, -1, 0.5, 1, 3}));
    auto y = clamp(x, -1.0, 1.0);
    tape.backward(y, T2::Ones(1, 5));
    CHECK(y.value() == matrix(1, 5, {-1, -1, 0.5, 1, 1}));
    CHECK(x.grad() == matrix(1, 5, {0, 1, 1, 1, 0}));
    CHECK_THROWS_WITH_AS(clamp(x, 1.0, -1.0), "clamp: lo (1) must not exceed hi (-1)", ValueError);
}

TEST_CASE("edges: log 0 = -inf, and x^0 has gradient 0 even at x = 0") {
    Tape<double> tape;
    CHECK(log(tape.constant(matrix(1, 1, {0}))).item() == -std::numeric_limits<double>::infinity());
    auto zero = tape.variable(matrix(1, 1, {0}));
    auto y = pow(zero, 0.0);
    tape.backward(y);
    CHECK(y.item() == 1);
    CHECK(zero.grad()(0, 0) == 0);  // not 0 * 0^-1 = NaN
}

TEST_CASE_TEMPLATE("exp(-1e4) is exactly 0 and exp(0) exactly 1", T, float, double) {
    Tape<T> tape;
    Tensor<T> x(1, 2);
    x << T(-1e4), T(0);
    auto y = exp(tape.constant(x));
    CHECK(y.value()(0, 0) == T(0));
    CHECK(y.value()(0, 1) == T(1));
}

TEST_CASE("unary ops pass gradcheck at 1x1, 1xn, mx1 and mxn") {
    for (auto [m, n] : shapes()) {
        CAPTURE(m);
        CAPTURE(n);
        const T2 any = uniform(m, n, -2, 2);
        const T2 positive = uniform(m, n, 0.5, 3);
        const T2 signed_away = away_from_zero(m, n, 0.2, 2);
        check_gradients([](Tape<double>&, Vars x) { return exp(x[0]); }, {any});
        check_gradients([](Tape<double>&, Vars x) { return log(x[0]); }, {positive});
        check_gradients([](Tape<double>&, Vars x) { return sqrt(x[0]); }, {positive});
        check_gradients([](Tape<double>&, Vars x) { return pow(x[0], 3.0); }, {any});
        check_gradients([](Tape<double>&, Vars x) { return pow(x[0], -1.5); }, {positive});
        check_gradients([](Tape<double>&, Vars x) { return pow(x[0], 0.0); }, {any});
        check_gradients([](Tape<double>&, Vars x) { return abs(x[0]); }, {signed_away});
        check_gradients([](Tape<double>&, Vars x) { return clamp(x[0], -1.0, 1.0); }, {any});
    }
}

TEST_CASE("unary ops run in float32, with plain double literals for the numbers") {
    Tape<float> tape;
    auto x = tape.variable(Tensor<float>::Constant(2, 2, 4.0f));
    auto y = clamp(pow(sqrt(x), 2.0), 0.0, 3.0) + abs(log(exp(x)));
    CHECK(y.value().isApproxToConstant(7.0f));
}
