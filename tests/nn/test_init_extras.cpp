// The init schemes PyTorch users reach for: Kaiming in fan_out mode, truncated normal, orthogonal
// and nn.Linear's default. Each is checked by its statistics: mean and variance against the
// formula (60000 samples: the sample variance is within about 1.5% of the true one), the
// truncation bounds, orthogonality to 1e-10 in float64.
#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>

#include <cmath>

using namespace tapegrad;
using doctest::Approx;

namespace {
double mean_of(const Tensor<double>& w) { return w.mean(); }
double variance_of(const Tensor<double>& w) {
    return (w.array() - w.mean()).square().sum() / static_cast<double>(w.size() - 1);
}
}  // namespace

TEST_CASE("kaiming fan_out: variance gain^2 / fan_out, not / fan_in") {
    Rng rng(3);
    const Tensor<double> u = initial_weights<double>(Init::kaiming_uniform_fan_out, 200, 300, rng);
    CHECK(mean_of(u) == Approx(0).scale(1).epsilon(0.002));
    CHECK(variance_of(u) == Approx(2.0 / 300).epsilon(0.03));           // gain sqrt(2): 2 / fan_out
    CHECK(u.cwiseAbs().maxCoeff() <= std::sqrt(2.0) * std::sqrt(3.0 / 300));  // U(-a, a), a = gain sqrt(3 / fan_out)
    const Tensor<double> n = initial_weights<double>(Init::kaiming_normal_fan_out, 200, 300, rng);
    CHECK(variance_of(n) == Approx(2.0 / 300).epsilon(0.03));
    const Tensor<double> gain1 = initial_weights<double>(Init::kaiming_normal_fan_out, 300, 200, rng, 1.0);
    CHECK(variance_of(gain1) == Approx(1.0 / 200).epsilon(0.03));
}

TEST_CASE("truncated normal: nothing beyond 2 standard deviations, and the truncated variance") {
    Rng rng(4);
    const double s = 0.02;
    const Tensor<double> w = initial_weights<double>(Init::truncated_normal, 200, 300, rng, 0, s);
    CHECK(w.cwiseAbs().maxCoeff() <= 2 * s);
    CHECK(w.cwiseAbs().maxCoeff() > 1.9 * s);  // the tails are there, up to the cut
    CHECK(mean_of(w) == Approx(0).scale(1).epsilon(2e-4));
    // A standard normal cut at +-2 has variance 1 - 2 * 2 phi(2) / (2 Phi(2) - 1) = 0.7737413
    const double phi2 = std::exp(-2.0) / std::sqrt(2 * 3.141592653589793), Phi2 = 0.5 * (1 + std::erf(2 / std::sqrt(2.0)));
    const double truncated_variance = 1 - 4 * phi2 / (2 * Phi2 - 1);
    CHECK(truncated_variance == Approx(0.7737413).epsilon(1e-6));
    CHECK(variance_of(w) == Approx(truncated_variance * s * s).epsilon(0.03));
    // Without a given s: gain / sqrt(fan_in), gain sqrt(2).
    const Tensor<double> k = initial_weights<double>(Init::truncated_normal, 200, 300, rng);
    CHECK(k.cwiseAbs().maxCoeff() <= 2 * std::sqrt(2.0 / 200));
    CHECK(variance_of(k) == Approx(truncated_variance * 2.0 / 200).epsilon(0.03));
}

TEST_CASE("orthogonal: W^T W = gain^2 I for a tall W, W W^T = gain^2 I for a wide one, to 1e-10") {
    Rng rng(5);
    const Tensor<double> tall = initial_weights<double>(Init::orthogonal, 50, 20, rng, 1.0);
    CHECK((tall.transpose() * tall - Tensor<double>::Identity(20, 20)).cwiseAbs().maxCoeff() < 1e-10);
    const Tensor<double> wide = initial_weights<double>(Init::orthogonal, 20, 50, rng, 2.0);
    CHECK((wide * wide.transpose() - 4 * Tensor<double>::Identity(20, 20)).cwiseAbs().maxCoeff() < 1e-10);
    const Tensor<double> square = initial_weights<double>(Init::orthogonal, 30, 30, rng, 1.0);
    CHECK((square * square.transpose() - Tensor<double>::Identity(30, 30)).cwiseAbs().maxCoeff() < 1e-10);
    // Not a fixed matrix: another draw differs, and the same seed repeats it.
    Rng again(5);
    CHECK(initial_weights<double>(Init::orthogonal, 50, 20, again, 1.0) == tall);
    CHECK((initial_weights<double>(Init::orthogonal, 50, 20, rng, 1.0) - tall).cwiseAbs().maxCoeff() > 0.1);
    // Entries of a random orthogonal (n, k) matrix have variance 1 / n.
    const Tensor<double> big = initial_weights<double>(Init::orthogonal, 400, 150, rng, 1.0);
    CHECK(variance_of(big) == Approx(1.0 / 400).epsilon(0.03));
}

TEST_CASE("torch_default: weights and biases U(-1/sqrt(fan_in), 1/sqrt(fan_in)), as PyTorch's nn.Linear") {
    Rng rng(6);
    const double a = 1 / std::sqrt(200.0);
    const Tensor<double> w = initial_weights<double>(Init::torch_default, 200, 300, rng, /*gain ignored*/ 5.0);
    CHECK(w.cwiseAbs().maxCoeff() <= a);
    CHECK(w.cwiseAbs().maxCoeff() > 0.99 * a);
    CHECK(variance_of(w) == Approx(a * a / 3).epsilon(0.03));  // = 1 / (3 fan_in)
    // A layer draws its bias too, after W, from the same Rng.
    Rng layer_rng(7);
    Linear<double> layer(200, 3000, layer_rng, LinearOptions().init(Init::torch_default));
    CHECK(layer.bias.value.cwiseAbs().maxCoeff() <= a);
    CHECK(variance_of(layer.bias.value) == Approx(a * a / 3).epsilon(0.1));  // 3000 samples
    Rng replay(7);
    (void)initial_weights<double>(Init::torch_default, 200, 3000, replay);
    CHECK(layer.bias.value == initial_bias<double>(Init::torch_default, 200, 3000, replay));
    // Every other scheme starts biases at 0.
    Rng other(8);
    CHECK(Linear<double>(4, 5, other, LinearOptions().init(Init::orthogonal)).bias.value.isZero());
}

TEST_CASE("init names round-trip, and the MLP takes any scheme") {
    for (const std::string& name : init_names()) CHECK(init_name(init_from_name(name)) == name);
    Rng rng(9);
    MLP<double> mlp(4, {8}, 3, rng, MLPOptions().activation("tanh").init(Init::orthogonal));
    const Tensor<double>& w = mlp.layers[0].weight.value;  // (4, 8): wide, rows orthogonal with tanh's gain 5/3
    CHECK((w * w.transpose() - (25.0 / 9) * Tensor<double>::Identity(4, 4)).cwiseAbs().maxCoeff() < 1e-10);
}
