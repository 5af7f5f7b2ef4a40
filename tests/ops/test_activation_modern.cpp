// The activations added for PyTorch users (gelu, gelu_tanh, elu, selu, silu, softsign, hardtanh):
// values from PyTorch's documented definitions, worked out here in float64, and slopes at chosen
// points. Their gradchecks at every shape and their extreme inputs are the op table walk's.
#include "op_checks.hpp"

#include <tapegrad/ops/activation.hpp>
#include <tapegrad/ops/elementwise.hpp>
#include <tapegrad/ops/reduce.hpp>

#include <cmath>

using namespace tapegrad;
using namespace op_checks;

namespace {
// y = f(x) at x = -1, 1, 2 in float64, and dy/dx at each.
template <class F>
std::pair<T2, T2> value_and_slope(F f, const T2& at) {
    Tape<double> tape;
    auto x = tape.variable(at);
    auto y = f(x);
    tape.backward(y, T2::Ones(at.rows(), at.cols()));
    return {y.value(), x.grad()};
}
}  // namespace

TEST_CASE("gelu is x Phi(x): gelu(1) = 0.8413447460685429, as torch.nn.GELU") {
    auto [y, slope] = value_and_slope([](auto x) { return gelu(x); }, matrix(1, 4, {-1, 0, 1, 2}));
    CHECK(y(0, 0) == doctest::Approx(-0.15865525393145707).epsilon(1e-15));
    CHECK(y(0, 1) == 0);
    CHECK(y(0, 2) == doctest::Approx(0.8413447460685429).epsilon(1e-15));
    CHECK(y(0, 3) == doctest::Approx(1.9544997361036416).epsilon(1e-15));
    CHECK(slope(0, 1) == 0.5);  // Phi(0) + 0 phi(0)
    CHECK(slope(0, 2) == doctest::Approx(1.0833154705876864).epsilon(1e-14));  // Phi(1) + phi(1)
}

TEST_CASE("gelu_tanh is torch's approximate=\"tanh\": 0.8411919906082768 at 1, within 5e-4 of gelu") {
    auto [y, slope] = value_and_slope([](auto x) { return gelu_tanh(x); }, matrix(1, 4, {-1, 0, 1, 2}));
    CHECK(y(0, 0) == doctest::Approx(-0.15880800939172324).epsilon(1e-15));
    CHECK(y(0, 2) == doctest::Approx(0.8411919906082768).epsilon(1e-15));
    CHECK(y(0, 3) == doctest::Approx(1.954597694087775).epsilon(1e-15));
    CHECK(slope(0, 1) == 0.5);
    Tape<double> tape;
    auto grid = tape.constant(uniform(1, 200, -6, 6));
    CHECK((gelu_tanh(grid).value() - gelu(grid).value()).cwiseAbs().maxCoeff() < 5e-4);  // 4.7e-4 at its worst, at x = -2.7
}

TEST_CASE("elu and selu: x above 0, alpha (e^x - 1) below; selu scaled by 1.0507") {
    auto [y, slope] = value_and_slope([](auto x) { return elu(x); }, matrix(1, 3, {-1, 0.5, 2}));
    CHECK(y(0, 0) == doctest::Approx(std::exp(-1.0) - 1).epsilon(1e-15));  // -0.6321205588285577
    CHECK(y(0, 1) == 0.5);
    CHECK(slope(0, 0) == doctest::Approx(std::exp(-1.0)).epsilon(1e-15));
    CHECK(slope(0, 2) == 1);
    auto [half, half_slope] = value_and_slope([](auto x) { return elu(x, 0.5); }, matrix(1, 1, {-2}));
    CHECK(half(0, 0) == doctest::Approx(-0.43233235838169365).epsilon(1e-15));
    CHECK(half_slope(0, 0) == doctest::Approx(0.5 * std::exp(-2.0)).epsilon(1e-15));
    auto [s, s_slope] = value_and_slope([](auto x) { return selu(x); }, matrix(1, 2, {1, -1}));
    CHECK(s(0, 0) == doctest::Approx(1.0507009873554805).epsilon(1e-15));
    CHECK(s(0, 1) == doctest::Approx(-1.1113307378125625).epsilon(1e-14));
    CHECK(s_slope(0, 0) == doctest::Approx(1.0507009873554805).epsilon(1e-15));
}

TEST_CASE("silu is x sigmoid(x); softsign is x / (1 + |x|); hardtanh clips to [-1, 1]") {
    auto [y, slope] = value_and_slope([](auto x) { return silu(x); }, matrix(1, 3, {1, -1, 0}));
    CHECK(y(0, 0) == doctest::Approx(0.7310585786300049).epsilon(1e-15));
    CHECK(y(0, 1) == doctest::Approx(-0.2689414213699951).epsilon(1e-15));
    CHECK(slope(0, 2) == 0.5);  // sigmoid(0) (1 + 0)
    auto [ss, ss_slope] = value_and_slope([](auto x) { return softsign(x); }, matrix(1, 3, {1, -3, 0}));
    CHECK(ss(0, 0) == 0.5);
    CHECK(ss(0, 1) == -0.75);
    CHECK(ss_slope(0, 0) == 0.25);  // 1 / (1 + 1)^2
    CHECK(ss_slope(0, 1) == 1.0 / 16);
    CHECK(ss_slope(0, 2) == 1);
    auto [h, h_slope] = value_and_slope([](auto x) { return hardtanh(x); }, matrix(1, 4, {-2, -0.5, 0.5, 3}));
    CHECK(h == matrix(1, 4, {-1, -0.5, 0.5, 1}));
    CHECK(h_slope == matrix(1, 4, {0, 1, 1, 0}));
    Tape<double> tape;
    auto at_ends = tape.variable(matrix(1, 2, {-1, 1}));
    tape.backward(sum(hardtanh(at_ends)));
    CHECK(at_ends.grad() == matrix(1, 2, {0, 0}));  // strictly inside, as torch.nn.Hardtanh
    CHECK_THROWS_WITH_AS(hardtanh(at_ends, 1.0, 0.5), "hardtanh: lo (1) must be less than hi (0.5)", ValueError);
}

TEST_CASE("the new activations stay finite at float32 inputs of +-1e4 and saturate exactly") {
    Tape<float> tape;
    auto x = tape.variable(Tensor<float>{{-1e4f, 1e4f}});
    CHECK(gelu(x).value() == Tensor<float>{{0.0f, 1e4f}});
    CHECK(gelu_tanh(x).value() == Tensor<float>{{0.0f, 1e4f}});
    CHECK(silu(x).value() == Tensor<float>{{-0.0f, 1e4f}});
    CHECK(elu(x).value() == Tensor<float>{{-1.0f, 1e4f}});
    CHECK(softsign(x).value()(0, 1) == doctest::Approx(1.0f).epsilon(1e-4));
}
