// The tape: known answers, gradient accumulation, clearing and reuse, no-grad, backward rules.
#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

using namespace tapegrad;
using T2 = Tensor<double>;

namespace {
T2 scalar(double v) { return T2::Constant(1, 1, v); }
}  // namespace

TEST_CASE("a value used twice receives both gradients: a = 1, b = a + a, c = b + b gives dc/da = 4") {
    Tape<double> tape;
    auto a = tape.variable(scalar(1));
    auto b = a + a;
    auto c = b + b;
    tape.backward(c);
    CHECK(c.item() == 4);
    CHECK(a.grad()(0, 0) == 4);
    CHECK(b.grad()(0, 0) == 2);
}

TEST_CASE("mul, sub, div and scalar forms give hand-computed gradients") {
    Tape<double> tape;
    auto x = tape.variable(scalar(3));
    auto y = tape.variable(scalar(2));
    auto z = (x * y - x / y) * 2.0 + 1.0;  // 2(xy - x/y) + 1 = 2(6 - 1.5) + 1 = 10
    tape.backward(z);
    CHECK(z.item() == doctest::Approx(10));
    CHECK(x.grad()(0, 0) == doctest::Approx(2 * (2 - 0.5)));      // 2(y - 1/y) = 3
    CHECK(y.grad()(0, 0) == doctest::Approx(2 * (3 + 3.0 / 4)));  // 2(x + x/y^2) = 7.5
}

TEST_CASE("backward on a non-scalar needs a seed") {
    Tape<double> tape;
    auto x = tape.variable(T2::Ones(2, 3));
    auto y = x * 3.0;
    CHECK_THROWS_WITH_AS(tape.backward(y),
                         "backward: the loss is 2x3, not 1x1; for a non-scalar y pass dL/dy: tape.backward(y, seed)",
                         ShapeError);
    tape.backward(y, T2::Constant(2, 3, 0.5));
    CHECK(x.grad().isApproxToConstant(1.5));
}

TEST_CASE("backward twice on one tape is refused, and clearing allows a new step") {
    Tape<double> tape;
    Parameter<double> w("w", scalar(2));
    auto loss = tape.param(w) * tape.param(w);
    tape.backward(loss);
    CHECK(w.grad(0, 0) == 4);
    CHECK_THROWS_AS(tape.backward(loss), TapeError);
    CHECK(w.grad(0, 0) == 4);  // unchanged by the refused walk
    tape.clear();
    CHECK_THROWS_WITH_AS(loss.value(), "Var: node 2 belongs to a step that was cleared; record the step again",
                         TapeError);
    auto again = tape.param(w) * tape.param(w);
    tape.backward(again);
    CHECK(w.grad(0, 0) == 8);  // parameters accumulate until zero_grad
    w.zero_grad();
    CHECK(w.grad(0, 0) == 0);
}

TEST_CASE("a cleared tape reuses its nodes' memory") {
    Tape<double> tape;
    auto x = tape.variable(T2::Ones(4, 4));
    auto y = x * x;
    const double* storage = y.value().data();
    tape.backward(y, T2::Ones(4, 4));
    tape.clear();
    auto x2 = tape.variable(T2::Ones(4, 4));
    auto y2 = x2 * x2;
    CHECK(y2.value().data() == storage);
}

TEST_CASE("NoGradGuard records values but no gradients") {
    Tape<double> tape;
    auto x = tape.variable(scalar(3));
    Var<double> y;
    {
        NoGradGuard no_grad;
        y = x * x;
        CHECK_FALSE(grad_enabled());
    }
    CHECK(grad_enabled());
    CHECK(y.item() == 9);
    CHECK_FALSE(y.requires_grad());
    CHECK_THROWS_AS(tape.backward(y), TapeError);
}

TEST_CASE("detach stops the gradient") {
    Tape<double> tape;
    auto x = tape.variable(scalar(3));
    auto y = x * detach(x);  // d/dx of x * const(3) = 3, not 2x = 6
    tape.backward(y);
    CHECK(x.grad()(0, 0) == 3);
}

TEST_CASE("Vars from another tape are refused") {
    Tape<double> one, two;
    auto a = one.variable(scalar(1));
    auto b = two.variable(scalar(1));
    CHECK_THROWS_WITH_AS(a + b, "add: input node 0 was recorded on another tape", TapeError);
}

TEST_CASE("the tape prints one node a line") {
    Tape<double> tape;
    auto x = tape.variable(scalar(2));
    auto y = x * x;
    tape.backward(y);
    std::ostringstream out;
    out << tape;
    const std::string text = out.str();
    CHECK(text.find("variable") != std::string::npos);
    CHECK(text.find("mul") != std::string::npos);
    CHECK(text.find("(0, 0)") != std::string::npos);
    CHECK(std::count(text.begin(), text.end(), '\n') == 2);
}

TEST_CASE("the printed tape keeps its columns under a long op name, and prints -0 as 0") {
    Tape<double> tape;
    auto z = tape.variable(T2::Zero(2, 3));
    auto loss = softmax_cross_entropy(z, {0, 2});  // 21 characters, longer than the usual column
    auto zero = loss * 0.0;                        // dL/dloss = 1 * 0 = -0 for a negative factor
    tape.backward(zero * -1.0);
    std::ostringstream out;
    out << tape;
    std::istringstream lines(out.str());
    std::vector<std::size_t> value_at;
    for (std::string line; std::getline(lines, line);) {
        value_at.push_back(line.find("value "));
        CHECK(line.find("-0 ") == std::string::npos);
        CHECK(line.substr(line.size() - 3) != " -0");
    }
    REQUIRE(value_at.size() == 4);
    CHECK(std::count(value_at.begin(), value_at.end(), value_at[0]) == 4);  // one column for every row
}

TEST_CASE("nodes the loss does not depend on are left out of the backward walk") {
    Tape<double> tape;
    auto x = tape.variable(T2::Zero(1, 1));
    auto shown = log(x);       // -inf, computed for display only; its backward would send 0 * inf = NaN
    auto y = x * 3.0;
    tape.backward(y);
    CHECK(std::isinf(shown.item()));
    CHECK(x.grad()(0, 0) == 3);  // not NaN
}
