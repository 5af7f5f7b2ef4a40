// Why softmax cross-entropy is fused: the textbook composition softmax -> log -> pick breaks at
// large logits, while the fused loss stays exact. (examples/naive_vs_fused.cpp prints the same.)
#include "loss_test_helpers.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace tapegrad;
using namespace loss_test;

namespace {
// -mean_n log softmax(z)_n[y_n], composed from three ops, exactly as the formula reads.
template <class T>
Var<T> naive_cross_entropy(Var<T> logits, std::span<const Index> y) {
    return -mean(gather(log(softmax(logits)), y));
}
}  // namespace

TEST_SUITE("losses") {

TEST_CASE_TEMPLATE("naive softmax -> log -> pick goes to inf/NaN at logits of 1e4; the fused loss stays finite", T,
                   float, double) {
    const std::vector<Index> y = {1};  // the model is sure of class 0; the answer is class 1
    const Tensor<T> z = rows<T>({{1e4, -1e4}});

    Tape<T> tape;
    auto naive_logits = tape.variable(z);
    auto naive = naive_cross_entropy(naive_logits, std::span<const Index>(y));
    tape.backward(naive);
    // softmax rounds to [1, 0], log 0 = -inf: the loss is inf, and the gradient 0 * inf = NaN.
    CHECK_FALSE(std::isfinite(naive.item()));
    CHECK_FALSE(all_finite(naive_logits.grad()));

    Tape<T> tape2;
    auto fused_logits = tape2.variable(z);
    auto fused = softmax_cross_entropy(fused_logits, std::span<const Index>(y));
    tape2.backward(fused);
    CHECK(fused.item() == T(2e4));  // lse(z) - z_1 = 1e4 - (-1e4)
    CHECK(fused_logits.grad() == rows<T>({{1, -1}}));  // p - y
}

TEST_CASE("at moderate logits the naive and the fused loss agree") {
    Rng rng(18);
    const Tensor<double> z = rng.normal_tensor<double>(4, 3);
    const std::vector<Index> y = {0, 2, 1, 1};
    Tape<double> tape;
    auto a = tape.variable(z);
    auto b = tape.variable(z);
    auto naive = naive_cross_entropy(a, std::span<const Index>(y));
    auto fused = softmax_cross_entropy(b, std::span<const Index>(y));
    CHECK(naive.item() == doctest::Approx(fused.item()).epsilon(1e-14));
    tape.backward(naive + fused);
    CHECK(max_diff(a.grad(), b.grad()) < 1e-14);
}

}  // TEST_SUITE
