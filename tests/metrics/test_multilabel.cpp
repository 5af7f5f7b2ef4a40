// Multi-label metrics against hand-counted values: Hamming loss, subset accuracy, per-label,
// micro and macro F1, and a label that is neither present nor predicted.
#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>

using namespace tapegrad;

namespace {
// Three examples, three labels:
//   target      predicted
//   1 0 1       1 0 0        one miss (label 2)
//   0 1 0       0 1 0        exact
//   1 1 0       0 1 1        one miss (label 0), one extra (label 2)
// Per label:  TP  FP  FN   F1 = 2TP / (2TP + FP + FN)
//   label 0    1   0   1   2/3
//   label 1    2   0   0   1
//   label 2    0   1   1   0
Tensor<float> target() { return (Tensor<float>(3, 3) << 1, 0, 1, 0, 1, 0, 1, 1, 0).finished(); }
Tensor<float> predicted() { return (Tensor<float>(3, 3) << 1, 0, 0, 0, 1, 0, 0, 1, 1).finished(); }
}  // namespace

TEST_CASE("Hamming loss: 3 wrong entries of 9") { CHECK(hamming_loss(predicted(), target()) == doctest::Approx(1.0 / 3)); }

TEST_CASE("subset accuracy: 1 row of 3 exactly right") { CHECK(subset_accuracy(predicted(), target()) == doctest::Approx(1.0 / 3)); }

TEST_CASE("per-label, micro and macro F1") {
    const std::vector<double> f1 = per_label_f1(predicted(), target());
    REQUIRE(f1.size() == 3);
    CHECK(f1[0] == doctest::Approx(2.0 / 3));
    CHECK(f1[1] == 1);
    CHECK(f1[2] == 0);
    CHECK(macro_f1(predicted(), target()) == doctest::Approx((2.0 / 3 + 1 + 0) / 3));  // 0.5556
    // micro: TP 3, FP 1, FN 2 pooled: 6 / (6 + 1 + 2) = 2/3
    CHECK(micro_f1(predicted(), target()) == doctest::Approx(2.0 / 3));
}

TEST_CASE("a label neither present nor predicted scores F1 0") {
    Tensor<float> t(2, 2), p(2, 2);
    t << 1, 0, 0, 0;
    p << 1, 0, 0, 0;
    CHECK(per_label_f1(p, t) == std::vector<double>{1, 0});
    CHECK(micro_f1(p, t) == 1);
    CHECK(macro_f1(p, t) == 0.5);
    CHECK(hamming_loss(p, t) == 0);
    CHECK(subset_accuracy(p, t) == 1);
}

TEST_CASE("threshold turns probabilities into 0/1 predictions") {
    Tensor<float> probabilities(1, 4);
    probabilities << 0.2f, 0.5f, 0.51f, 0.99f;
    CHECK(threshold(probabilities) == (Tensor<float>(1, 4) << 0, 0, 1, 1).finished());
    CHECK(threshold(probabilities, 0.1) == (Tensor<float>(1, 4) << 1, 1, 1, 1).finished());
}

TEST_CASE("mismatched shapes and unthresholded predictions are refused") {
    CHECK_THROWS_WITH_AS(hamming_loss(Tensor<float>::Zero(2, 3), Tensor<float>::Zero(3, 3)),
                         "hamming_loss: predicted (2x3) and target (3x3) must have the same shape", ShapeError);
    Tensor<float> p = predicted();
    p(2, 1) = 0.7f;
    CHECK_THROWS_WITH_AS(micro_f1(p, target()),
                         "micro_f1: predicted(2, 1) is 0.7; entries must be 0 or 1 (threshold probabilities first: "
                         "threshold(p, 0.5))",
                         ValueError);
}
