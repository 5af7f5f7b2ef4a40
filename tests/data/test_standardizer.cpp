// The standardizer at the edges of float: a near-constant column whose spread rounds to zero, and
// values near the float maximum whose difference from the mean overflows float. Each either scales
// to finite numbers or is refused with the column's name.
#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>

#include <limits>

using namespace tapegrad;

namespace {
constexpr float tiny = std::numeric_limits<float>::denorm_min();  // 1.4e-45
constexpr float huge = 3.4e38f;

Tensor<float> column(std::initializer_list<float> values) {
    Tensor<float> x(static_cast<Index>(values.size()), 1);
    Index i = 0;
    for (float v : values) x(i++, 0) = v;
    return x;
}

std::string refusal(auto&& f) {
    try {
        f();
    } catch (const ValueError& e) {
        return e.what();
    }
    return "";
}
}  // namespace

TEST_CASE("a column of zeros and one 1e-45 is constant: scale 1, finite features") {
    // Its standard deviation, 5e-46, rounds to 0 in float: dividing by it gave inf and NaN.
    Standardizer z;
    const Tensor<float> out = z.fit_transform(column({0, 0, 0, tiny}));
    CHECK(z.scale()(0, 0) == 1);
    CHECK(all_finite(out));
    CHECK(out.cwiseAbs().maxCoeff() <= tiny);
}

TEST_CASE("a spread too small for a normal float counts as none: 1 / scale would overflow") {
    Standardizer z;
    const Tensor<float> out = z.fit_transform(column({0, 1e-39f, 0, 1e-39f}));  // std 5e-40, subnormal
    CHECK(z.scale()(0, 0) == 1);
    CHECK(all_finite(out));
    // A small but normal spread is a real one and is scaled to order one.
    Standardizer small;
    const Tensor<float> scaled = small.fit_transform(column({0, 2e-30f, 0, 2e-30f}));
    CHECK(small.scale()(0, 0) == doctest::Approx(1e-30f));
    CHECK(scaled(1, 0) == doctest::Approx(1));
}

TEST_CASE("values near the float maximum are centred in double, so x - mean cannot overflow") {
    // mean 1.13e38: in float, -3.4e38 - 1.13e38 = -inf.
    Standardizer z;
    const Tensor<float> out = z.fit_transform(column({huge, -huge, huge}));
    REQUIRE(all_finite(out));
    CHECK(out(0, 0) == doctest::Approx(std::sqrt(0.5)));  // (a - a/3) / (a sqrt(8)/3) = 2 / sqrt(8)
    CHECK(out(1, 0) == doctest::Approx(-std::sqrt(2.0)));
    CHECK(z.mean()(0, 0) == doctest::Approx(huge / 3));
}

TEST_CASE("a scaled value that does not fit in a float is refused, naming the column and row") {
    Standardizer z;
    Tensor<float> train(2, 2);
    train << 0, 0, 1, 1e-30f;
    z.fit(train, {"petal_width", "dust"});
    Tensor<float> later(2, 2);
    later << 0, 0, 0.5f, 1e30f;  // (1e30 - 5e-31) / 5e-31 = 2e60
    CHECK(refusal([&] { z.transform_in_place(later); }) ==
          "Standardizer: column \"dust\", row 2: (1e+30 - 5e-31) / 5e-31 does not fit in a float; the value lies "
          "far outside the range the standardizer was fitted on");
    Standardizer unnamed;
    unnamed.fit(train);
    CHECK(refusal([&] { unnamed.transform_in_place(later); }).starts_with("Standardizer: column 2, row 2: "));
}

TEST_CASE("fit refuses a column that is not finite, naming it") {
    Standardizer z;
    Tensor<float> x(2, 2);
    x << 1, 2, 3, std::numeric_limits<float>::quiet_NaN();
    CHECK(refusal([&] { z.fit(x, {"a", "b"}); }) == "Standardizer::fit: column \"b\", row 2 is not a finite number");
}

TEST_CASE("standardize() names the split's feature columns in its messages") {
    Split s;
    s.train.features = column({0, 1});
    s.train.feature_names = {"width"};
    s.test.features = column({1e38f});
    s.test.feature_names = {"width"};
    // Fitted as mean 0.5, scale 0.5: (1e38 - 0.5) / 0.5 = 2e38 fits; 3e38 would not.
    CHECK_NOTHROW(standardize(s));
    s.train.features = column({0, 1});
    s.test.features = column({3e38f});
    CHECK(refusal([&] { standardize(s); }).starts_with("Standardizer: column \"width\", row 1: "));
}
