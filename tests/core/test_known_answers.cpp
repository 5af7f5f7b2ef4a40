// Known answers from micrograd's README, so a reader can check the tape against another engine:
// the same expressions give the same values and gradients, digit for digit.
#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>

using namespace tapegrad;

namespace {
Tensor<double> scalar(double v) { return Tensor<double>::Constant(1, 1, v); }
}  // namespace

TEST_CASE("micrograd's sanity check: y = -20 and dy/dx = 46 at x = -4") {
    Tape<double> tape;
    auto x = tape.variable(scalar(-4));
    auto z = 2.0 * x + 2.0 + x;  // -10
    auto q = relu(z) + z * x;    // 0 + 40 = 40
    auto h = relu(z * z);        // 100
    auto y = h + q + q * x;      // 100 + 40 - 160 = -20
    tape.backward(y);
    CHECK(y.item() == -20);
    CHECK(x.grad()(0, 0) == 46);
}

TEST_CASE("micrograd's README example: g = 24.7041, dg/da = 138.8338, dg/db = 645.5773") {
    Tape<double> tape;
    auto a = tape.variable(scalar(-4));
    auto b = tape.variable(scalar(2));
    auto c = a + b;
    auto d = a * b + pow(b, 3.0);
    c = c + (c + 1.0);
    c = c + (1.0 + c + (-a));
    d = d + (d * 2.0 + relu(b + a));
    d = d + (3.0 * d + relu(b - a));
    auto e = c - d;
    auto f = pow(e, 2.0);
    auto g = f / 2.0;
    g = g + 10.0 * pow(f, -1.0);  // micrograd writes 10.0 / f
    tape.backward(g);
    CHECK(g.item() == doctest::Approx(24.7041).epsilon(1e-5));
    CHECK(a.grad()(0, 0) == doctest::Approx(138.8338).epsilon(1e-6));
    CHECK(b.grad()(0, 0) == doctest::Approx(645.5773).epsilon(1e-6));
}
