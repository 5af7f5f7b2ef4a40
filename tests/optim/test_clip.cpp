// Gradient clipping: the global norm by hand, no overflow in float32, and non-finite gradients
// reported or refused with the gradients left exactly as they were.
#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>

#include <cmath>
#include <cstring>
#include <limits>

using namespace tapegrad;
using doctest::Approx;

namespace {
Parameter<float> with_grad(const char* name, Tensor<float> g) {
    Parameter<float> p(name, Tensor<float>::Zero(g.rows(), g.cols()));
    p.grad = std::move(g);
    return p;
}
bool same_bits(const Tensor<float>& a, const Tensor<float>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), sizeof(float) * static_cast<std::size_t>(a.size())) == 0;
}
}  // namespace

TEST_CASE("the norm spans every parameter, and clipping scales all of them alike") {
    // g = (3) and (4): norm sqrt(9 + 16) = 5; clipped to 1, each is multiplied by 1 / (5 + 1e-6).
    auto a = with_grad("a", Tensor<float>{{3.0f}});
    auto b = with_grad("b", Tensor<float>{{4.0f}});
    ClipResult r = clip_grad_norm<float>({&a, &b}, 1.0);
    CHECK(r.finite);
    CHECK(r.clipped);
    CHECK(r.norm == Approx(5));
    CHECK(a.grad(0, 0) == Approx(0.6));
    CHECK(b.grad(0, 0) == Approx(0.8));
}

TEST_CASE("a norm below max_norm leaves the gradients bit-identical") {
    auto a = with_grad("a", Tensor<float>{{0.3f, -0.4f}});
    const Tensor<float> before = a.grad;
    ClipResult r = clip_grad_norm<float>({&a}, 1.0);
    CHECK(r.norm == Approx(0.5));
    CHECK_FALSE(r.clipped);
    CHECK(r.scale == 1);
    CHECK(same_bits(before, a.grad));
}

TEST_CASE("a float32 gradient of 2e22 gives a finite norm and is scaled correctly") {
    // Summing squares in float would overflow: (2e22)^2 = 4e44 > 3.4e38. Dividing by the largest
    // |g| first gives norm = 2e22 sqrt(1 + 1 + 0) = 2.828e22, and clipping to 1 gives 1 / sqrt(2).
    auto a = with_grad("a", Tensor<float>{{2e22f, -2e22f, 0.0f}});
    ClipResult r = clip_grad_norm<float>({&a}, 1.0);
    REQUIRE(r.finite);
    CHECK(std::isfinite(r.norm));
    CHECK(r.norm == Approx(2e22 * std::sqrt(2.0)));
    CHECK(a.grad(0, 0) == Approx(1 / std::sqrt(2.0)));
    CHECK(a.grad(0, 1) == Approx(-1 / std::sqrt(2.0)));
    CHECK(a.grad(0, 2) == 0);

    // Even a norm beyond float's range is computed (it is returned as a double) and clipped.
    auto big = with_grad("big", Tensor<float>::Constant(10, 10, 3e38f));
    r = clip_grad_norm<float>({&big}, 2.0);
    CHECK(r.norm == Approx(3e39));  // 3e38 * sqrt(100)
    CHECK(big.grad.isApproxToConstant(0.2f));
}

TEST_CASE("an inf or NaN gradient is reported and the gradients are left unchanged") {
    auto a = with_grad("a", Tensor<float>{{1.0f, 2.0f}});
    auto b = with_grad("b", Tensor<float>{{1.0f, std::numeric_limits<float>::infinity()}});
    const Tensor<float> a_before = a.grad, b_before = b.grad;
    ClipResult r = clip_grad_norm<float>({&a, &b}, 1.0);
    CHECK_FALSE(r.finite);
    CHECK_FALSE(r.clipped);
    CHECK(std::isinf(r.norm));
    CHECK(r.where == "b(0,1) = inf");
    CHECK(same_bits(a_before, a.grad));
    CHECK(same_bits(b_before, b.grad));

    a.grad(0, 0) = std::numeric_limits<float>::quiet_NaN();
    r = clip_grad_norm<float>({&a, &b}, 1.0);
    CHECK(std::isnan(r.norm));  // NaN wins over inf, as in the sum of squares
    CHECK(r.where == "a(0,0) = nan");
    CHECK(same_bits(b_before, b.grad));
}

TEST_CASE("NonFinite::refuse throws, naming the entry, and changes nothing") {
    auto a = with_grad("0.weight", Tensor<float>{{1.0f, 5.0f}, {-std::numeric_limits<float>::infinity(), 0.0f}});
    const Tensor<float> before = a.grad;
    CHECK_THROWS_WITH_AS(clip_grad_norm<float>({&a}, 1.0, NonFinite::refuse),
                         "clip_grad_norm: the gradient norm is not finite (0.weight(1,0) = -inf); "
                         "the gradients were left unchanged",
                         ValueError);
    CHECK(same_bits(before, a.grad));
}

TEST_CASE("all-zero gradients have norm 0 and a double gradient of 1e200 does not overflow") {
    auto z = with_grad("z", Tensor<float>::Zero(2, 2));
    CHECK(grad_norm<float>({&z}).norm == 0);
    Parameter<double> d("d", Tensor<double>::Zero(1, 2));
    d.grad = Tensor<double>{{1e200, 1e200}};
    CHECK(grad_norm<double>({&d}).norm == Approx(1e200 * std::sqrt(2.0)));
}
