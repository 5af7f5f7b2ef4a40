// Initialisation: sample mean and variance against each scheme's formula, bounds of the uniform
// schemes, and the same seed giving the same weights.
#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>

#include <cmath>

using namespace tapegrad;
using doctest::Approx;

namespace {
struct Moments {
    double mean, variance, max_abs;
};
Moments moments(const Tensor<double>& w) {
    const double mean = w.mean();
    const double variance = (w.array() - mean).square().sum() / static_cast<double>(w.size() - 1);
    return {mean, variance, w.cwiseAbs().maxCoeff()};
}
}  // namespace

// fan_in 200, fan_out 300: 60000 samples, so the sample variance is within about 1% of the true one.
TEST_CASE("Glorot/Xavier: variance 2 / (fan_in + fan_out)") {
    Rng rng(1);
    const double var = 2.0 / (200 + 300);  // 0.004
    SUBCASE("uniform: U(-a, a), a = sqrt(6 / (fan_in + fan_out))") {
        Moments m = moments(initial_weights<double>(Init::xavier_uniform, 200, 300, rng));
        CHECK(m.mean == Approx(0).scale(1).epsilon(0.002));
        CHECK(m.variance == Approx(var).epsilon(0.03));
        CHECK(m.max_abs <= std::sqrt(6.0 / 500));
        CHECK(m.max_abs > 0.99 * std::sqrt(6.0 / 500));
    }
    SUBCASE("normal: N(0, 2 / (fan_in + fan_out))") {
        Moments m = moments(initial_weights<double>(Init::xavier_normal, 200, 300, rng));
        CHECK(m.mean == Approx(0).scale(1).epsilon(0.002));
        CHECK(m.variance == Approx(var).epsilon(0.03));
    }
    SUBCASE("a gain multiplies the standard deviation") {
        Moments m = moments(initial_weights<double>(Init::xavier_normal, 200, 300, rng, 5.0 / 3.0));
        CHECK(m.variance == Approx(var * 25 / 9).epsilon(0.03));
    }
}

TEST_CASE("He/Kaiming: variance 2 / fan_in (gain sqrt(2), for relu)") {
    Rng rng(2);
    const double var = 2.0 / 200;  // 0.01
    SUBCASE("uniform: U(-a, a), a = sqrt(6 / fan_in)") {
        Moments m = moments(initial_weights<double>(Init::kaiming_uniform, 200, 300, rng));
        CHECK(m.mean == Approx(0).scale(1).epsilon(0.003));
        CHECK(m.variance == Approx(var).epsilon(0.03));
        CHECK(m.max_abs <= std::sqrt(6.0 / 200));
    }
    SUBCASE("normal: N(0, 2 / fan_in)") {
        Moments m = moments(initial_weights<double>(Init::kaiming_normal, 200, 300, rng));
        CHECK(m.mean == Approx(0).scale(1).epsilon(0.003));
        CHECK(m.variance == Approx(var).epsilon(0.03));
    }
}

TEST_CASE("zeros are zeros, and a seed fixes the weights") {
    Rng rng(3);
    CHECK(initial_weights<float>(Init::zeros, 3, 4, rng).isZero());
    Rng a(42), b(42), c(43);
    const Tensor<float> wa = initial_weights<float>(Init::kaiming_normal, 5, 6, a);
    CHECK(wa == initial_weights<float>(Init::kaiming_normal, 5, 6, b));
    CHECK(wa != initial_weights<float>(Init::kaiming_normal, 5, 6, c));
}

TEST_CASE("init names, and the gains PyTorch recommends") {
    CHECK(init_from_name("he_normal") == Init::kaiming_normal);
    CHECK(init_from_name("glorot_uniform") == Init::xavier_uniform);
    CHECK(init_name(Init::xavier_normal) == "xavier_normal");
    CHECK_THROWS_WITH_AS(init_from_name("orthogonl"),
                         "init: unknown scheme 'orthogonl'; did you mean 'orthogonal'? (known: zeros, xavier_uniform, "
                         "xavier_normal, kaiming_uniform, kaiming_normal, kaiming_uniform_fan_out, "
                         "kaiming_normal_fan_out, truncated_normal, orthogonal, torch_default)",
                         ValueError);
    CHECK(recommended_gain("relu") == Approx(std::sqrt(2.0)));
    CHECK(recommended_gain("tanh") == Approx(5.0 / 3.0));
    CHECK(recommended_gain("leaky_relu", 0.2) == Approx(std::sqrt(2.0 / 1.04)));
}
