// gradcheck itself: it passes a correct op, and it catches each way a backward can be wrong
// (a wrong formula, a gradient of the wrong shape, a gradient sent when dL/dy is zero).
#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>

#include <string>

using namespace tapegrad;

namespace {

// y = x^3 with a backward chosen by `which`: 0 right (3x^2), 1 wrong (2x^2), 2 wrong shape, 3 sends 1.
template <int which>
Var<double> cube(Var<double> x) {
    Node<double>& y = x.tape().record("cube", {x});
    y.out() = x.value().array().cube();
    y.backward = [](Node<double>& y, Tape<double>& tape) {
        Node<double>& x = tape.node(y.inputs[0]);
        const auto& v = x.value().array();
        if constexpr (which == 0) x.grad().array() += y.grad().array() * 3 * v.square();
        if constexpr (which == 1) x.grad().array() += y.grad().array() * 2 * v.square();
        if constexpr (which == 2) x.grad().resize(1, 1);
        if constexpr (which == 3) x.grad().array() += y.grad().array() * 3 * v.square() + 1;
    };
    return y.var();
}

const std::vector<Tensor<double>> input = {Tensor<double>{{0.5, -1.2}, {2.0, 0.3}}};

}  // namespace

TEST_CASE("gradcheck passes a correct backward") {
    const auto result = gradcheck([](Tape<double>&, std::span<const Var<double>> x) { return cube<0>(x[0]); }, input);
    CHECK(result.ok);
    CHECK(result.message == "ok");
}

TEST_CASE("gradcheck names the entry where a wrong formula disagrees with finite differences") {
    const auto result = gradcheck([](Tape<double>&, std::span<const Var<double>> x) { return cube<1>(x[0]); }, input);
    CHECK_FALSE(result.ok);
    // d y(0,0) / d x(0,0) = 3 * 0.25 = 0.75, but the backward says 2 * 0.25 = 0.5.
    CHECK(result.message.find("d output(0,0) / d input 0(0,0): analytic 0.5, numeric 0.75") == 0);
}

TEST_CASE("gradcheck catches a gradient of the wrong shape") {
    const auto result = gradcheck([](Tape<double>&, std::span<const Var<double>> x) { return cube<2>(x[0]); }, input);
    CHECK_FALSE(result.ok);
    CHECK(result.message == "gradient of input 0 is 1x1, but the input is 2x2");
}

TEST_CASE("gradcheck catches a backward that sends gradient when dL/dy is zero") {
    const auto result = gradcheck([](Tape<double>&, std::span<const Var<double>> x) { return cube<3>(x[0]); }, input);
    CHECK_FALSE(result.ok);
    CHECK(result.message == "a zero dL/dy gave a non-zero gradient for input 0");
}

TEST_CASE("gradcheck's tolerances are PyTorch's defaults and can be changed") {
    GradcheckOptions defaults;
    CHECK(defaults.eps == 1e-6);
    CHECK(defaults.atol == 1e-5);
    CHECK(defaults.rtol == 1e-3);
    // A 10% error passes only with a loose enough relative tolerance.
    auto scaled = [](Tape<double>&, std::span<const Var<double>> x) { return cube<1>(x[0]); };
    CHECK_FALSE(gradcheck(scaled, input, GradcheckOptions().relative_tolerance(0.3)).ok);
    CHECK(gradcheck(scaled, input, GradcheckOptions().relative_tolerance(0.34)).ok);
}
