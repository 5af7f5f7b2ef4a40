// The measures: information, entropy, cross-entropy and KL divergence against values worked out by
// hand, and the identity H(p, q) = H(p) + KL(p || q) on random distributions.
#include "loss_test_helpers.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <numbers>

using namespace tapegrad;
using namespace loss_test;
using T2 = Tensor<double>;

TEST_SUITE("losses") {

TEST_CASE("information: -log p; a coin flip is 1 bit, 1/4 is 2 bits, certainty 0, impossibility inf") {
    const T2 I = information(rows<double>({{0.5, 0.25, 1, 0}}), Base::bits);
    CHECK(I(0, 0) == doctest::Approx(1));
    CHECK(I(0, 1) == doctest::Approx(2));
    CHECK(I(0, 2) == 0);
    CHECK(I(0, 3) == std::numeric_limits<double>::infinity());
    CHECK(information(rows<double>({{0.5}}))(0, 0) == doctest::Approx(std::numbers::ln2));  // nats by default
}

TEST_CASE("entropy: a fair coin has 1 bit, a fair 8-sided die 3 bits, a certain outcome 0 (0 log 0 = 0)") {
    const T2 H = entropy(rows<double>({{0.5, 0.5, 0, 0}, {0.25, 0.25, 0.25, 0.25}, {0, 1, 0, 0}}), Base::bits);
    CHECK(H(0, 0) == doctest::Approx(1));
    CHECK(H(1, 0) == doctest::Approx(2));
    CHECK(H(2, 0) == 0);
    CHECK(entropy(T2(T2::Constant(1, 8, 0.125)), Base::bits)(0, 0) == doctest::Approx(3));
    CHECK(entropy(rows<double>({{0.5, 0.5}}))(0, 0) == doctest::Approx(std::numbers::ln2));
}

TEST_CASE("KL divergence: by hand, zero for equal rows, not symmetric") {
    const T2 p = rows<double>({{0.5, 0.5}});
    const T2 q = rows<double>({{0.25, 0.75}});
    // KL(p || q) = 1/2 log2(2) + 1/2 log2(2/3)        KL(q || p) = 1/4 log2(1/2) + 3/4 log2(3/2)
    CHECK(kl_divergence(p, q, Base::bits)(0, 0) == doctest::Approx(0.5 + 0.5 * std::log2(2.0 / 3)));
    CHECK(kl_divergence(q, p, Base::bits)(0, 0) == doctest::Approx(-0.25 + 0.75 * std::log2(1.5)));
    CHECK(kl_divergence(p, p)(0, 0) == 0);
    // cross-entropy with q = 0 where p > 0 is infinite: that outcome was coded as impossible
    CHECK(cross_entropy(p, rows<double>({{1, 0}}))(0, 0) == std::numeric_limits<double>::infinity());
}

TEST_CASE("H(p, q) = H(p) + KL(p || q), row by row, on random distributions with zeros") {
    Rng rng(11);
    const T2 p = random_distributions(rng, 50, 6, /*some_zeros=*/true);
    const T2 q = random_distributions(rng, 50, 6);
    for (Base base : {Base::nats, Base::bits}) {
        const T2 lhs = cross_entropy(p, q, base);
        const T2 rhs = entropy(p, base) + kl_divergence(p, q, base);
        CHECK(max_diff(lhs, rhs) < 1e-12);
        CHECK((kl_divergence(p, q, base).array() >= 0).all());  // Gibbs' inequality
    }
    // Entropy is the cross-entropy of p with itself.
    CHECK(max_diff(cross_entropy(p, p), entropy(p)) < 1e-15);
}

TEST_CASE("measures refuse rows that are not distributions") {
    CHECK_THROWS_WITH_AS(entropy(rows<double>({{0.5, 0.4}})),
                         "entropy: p row 0 sums to 0.9, not 1 (tolerance 0.0001): each row must be a probability "
                         "distribution over the classes",
                         ValueError);
    CHECK_THROWS_WITH_AS(kl_divergence(rows<double>({{0.5, 0.5}}), rows<double>({{1.0, 0, 0}})),
                         "kl_divergence: p (1x2) and q (1x3) must have the same shape", ShapeError);
    CHECK_THROWS_WITH_AS(information(rows<double>({{-0.1}})),
                         "information: p(0,0) = -0.1 is not a probability: entries must lie in [0, 1]", ValueError);
}

}  // TEST_SUITE
