// Activations (tanh, sigmoid, relu, leaky_relu, softplus, log_sigmoid): hand-checked values, the
// stable forms at +-1e4 in float32 and float64, and gradcheck at every shape.
#include "op_checks.hpp"

#include <tapegrad/ops/activation.hpp>
#include <tapegrad/ops/elementwise.hpp>
#include <tapegrad/ops/reduce.hpp>
#include <tapegrad/ops/unary.hpp>

#include <cmath>

using namespace tapegrad;
using namespace op_checks;

TEST_CASE("activations give hand-checked values and gradients at 0") {
    Tape<double> tape;
    auto x = tape.variable(matrix(1, 1, {0}));
    SUBCASE("tanh(0) = 0, slope 1") {
        auto y = tanh(x);
        tape.backward(y);
        CHECK(y.item() == 0);
        CHECK(x.grad()(0, 0) == 1);
    }
    SUBCASE("sigmoid(0) = 1/2, slope 1/4") {
        auto y = sigmoid(x);
        tape.backward(y);
        CHECK(y.item() == 0.5);
        CHECK(x.grad()(0, 0) == 0.25);
    }
    SUBCASE("softplus(0) = ln 2, slope sigmoid(0) = 1/2") {
        auto y = softplus(x);
        tape.backward(y);
        CHECK(y.item() == doctest::Approx(std::log(2.0)));
        CHECK(x.grad()(0, 0) == 0.5);
    }
    SUBCASE("log_sigmoid(0) = -ln 2, slope 1/2") {
        auto y = log_sigmoid(x);
        tape.backward(y);
        CHECK(y.item() == doctest::Approx(-std::log(2.0)));
        CHECK(x.grad()(0, 0) == 0.5);
    }
}

TEST_CASE("sigmoid(ln 3) = 3/4, the logit of 3:1 odds") {
    Tape<double> tape;
    auto y = sigmoid(tape.variable(matrix(1, 2, {std::log(3.0), -std::log(3.0)})));
    CHECK(y.value()(0, 0) == doctest::Approx(0.75));
    CHECK(y.value()(0, 1) == doctest::Approx(0.25));
}

TEST_CASE("relu and leaky_relu: [-2, 0, 3] gives [0, 0, 3] and [-0.2, 0, 3] with slope 0.1") {
    Tape<double> tape;
    auto x = tape.variable(matrix(1, 3, {-2, 0, 3}));
    auto r = relu(x);
    auto l = leaky_relu(x, 0.1);
    CHECK(r.value() == matrix(1, 3, {0, 0, 3}));
    CHECK(l.value() == matrix(1, 3, {-0.2, 0, 3}));
    tape.backward(r + l, T2::Ones(1, 3));
    CHECK(x.grad() == matrix(1, 3, {0.1, 0.1, 2}));  // relu: 0, 0, 1   leaky: 0.1, 0.1 (at 0), 1
}

TEST_CASE_TEMPLATE("at +-1e4 the stable forms are exact and their gradients finite", T, float, double) {
    Tape<T> tape;
    Tensor<T> big(1, 2);
    big << T(1e4), T(-1e4);
    auto x = tape.variable(big);
    auto s = sigmoid(x);
    CHECK(s.value()(0, 0) == T(1));
    CHECK(s.value()(0, 1) == T(0));
    auto sp = softplus(x);
    CHECK(sp.value()(0, 0) == T(1e4));
    CHECK(sp.value()(0, 1) == T(0));
    auto ls = log_sigmoid(x);
    CHECK(ls.value()(0, 0) == T(0));
    CHECK(ls.value()(0, 1) == T(-1e4));
    CHECK(tanh(x).value() == (Tensor<T>(1, 2) << T(1), T(-1)).finished());
    tape.backward(s + sp + ls, Tensor<T>::Ones(1, 2));
    // d/dx: sigmoid' + sigmoid + (1 - sigmoid) = 0 + 1 + 0 at 1e4, and 0 + 0 + 1 at -1e4
    CHECK(x.grad()(0, 0) == T(1));
    CHECK(x.grad()(0, 1) == T(1));
}

TEST_CASE("softplus keeps the tiny tail that ln(1 + e^x) would round to 0") {
    Tape<double> tape;
    auto y = softplus(tape.variable(matrix(1, 1, {-40})));
    CHECK(y.item() == doctest::Approx(std::exp(-40.0)).epsilon(1e-12));  // ln(1 + e^-40) ~ e^-40
}

TEST_CASE("activations pass gradcheck at 1x1, 1xn, mx1 and mxn") {
    for (auto [m, n] : shapes()) {
        CAPTURE(m);
        CAPTURE(n);
        const T2 x = uniform(m, n, -3, 3);
        const T2 kinked = away_from_zero(m, n, 0.2, 3);
        check_gradients([](Tape<double>&, Vars v) { return tanh(v[0]); }, {x});
        check_gradients([](Tape<double>&, Vars v) { return sigmoid(v[0]); }, {x});
        check_gradients([](Tape<double>&, Vars v) { return softplus(v[0]); }, {x});
        check_gradients([](Tape<double>&, Vars v) { return log_sigmoid(v[0]); }, {x});
        check_gradients([](Tape<double>&, Vars v) { return relu(v[0]); }, {kinked});
        check_gradients([](Tape<double>&, Vars v) { return leaky_relu(v[0], 0.1); }, {kinked});
    }
}

TEST_CASE("softplus and log_sigmoid pass gradcheck far from 0") {
    const T2 far = matrix(1, 4, {-30, -12, 12, 30});
    check_gradients([](Tape<double>&, Vars v) { return softplus(v[0]); }, {far});
    check_gradients([](Tape<double>&, Vars v) { return log_sigmoid(v[0]); }, {far});
}
