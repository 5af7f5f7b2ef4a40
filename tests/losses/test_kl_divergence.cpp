// kl_divergence as a loss: PyTorch's kl_div(log q, p) with batchmean, agreeing with the measure,
// with cross-entropy minus entropy, and with finite differences.
#include "loss_test_helpers.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace tapegrad;
using namespace loss_test;
using T2 = Tensor<double>;

TEST_SUITE("losses") {

TEST_CASE("KL loss: the per-example mean of the measure KL(p || q); its gradient is softmax CE's") {
    Rng rng(15);
    const T2 z = rng.normal_tensor<double>(6, 4);
    const T2 p = random_distributions(rng, 6, 4, /*some_zeros=*/true);
    Tape<double> tape;
    auto logits = tape.variable(z);
    auto loss = kl_divergence(log_softmax(logits), tape.constant(p));
    CHECK(loss.item() == doctest::Approx(kl_divergence(p, softmax_of(z)).mean()).epsilon(1e-12));
    // KL = H(p, q) - H(p): the same as soft-target cross-entropy minus the target's entropy
    const double ce = softmax_cross_entropy(tape.constant(z), tape.constant(p)).item();
    CHECK(loss.item() == doctest::Approx(ce - entropy(p).mean()).epsilon(1e-12));
    tape.backward(loss);
    CHECK(max_diff(logits.grad(), T2((softmax_of(z) - p) / 6.0)) < 1e-12);
}

TEST_CASE("KL loss: reductions, finite differences, errors") {
    Rng rng(16);
    const T2 lq = softmax_of(rng.normal_tensor<double>(3, 4)).array().log();
    const T2 p = random_distributions(rng, 3, 4);
    Tape<double> tape;
    auto none = kl_divergence(tape.constant(lq), tape.constant(p), KlDivergenceOptions().reduction(Reduction::none));
    CHECK(none.cols() == 4);
    CHECK(kl_divergence(tape.constant(lq), tape.constant(p), KlDivergenceOptions().reduction(Reduction::mean)).item() ==
          doctest::Approx(none.value().mean()));
    auto f = [&](Tape<double>& t, std::span<const Var<double>> in) { return kl_divergence(in[0], t.constant(p)); };
    auto result = gradcheck(f, {lq});
    CHECK_MESSAGE(result.ok, result.message);
    T2 bad = lq;
    bad(1, 2) = -INFINITY;
    CHECK_THROWS_WITH_AS(kl_divergence(tape.constant(bad), tape.constant(p)),
                         "kl_divergence: log_q(1,2) is -inf: log-probabilities must be finite (log_softmax of "
                         "finite logits is)",
                         ValueError);
}

}  // TEST_SUITE
