// Single-label metrics against numbers worked out by hand in the comments, including a class
// that is never predicted and one that never occurs.
#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>

#include <cmath>

using namespace tapegrad;

namespace {
// Six examples of three classes:
//   target     0 0 0 1 1 2
//   predicted  0 0 1 1 0 1      (class 2 is never predicted)
// Confusion matrix (rows truth, columns prediction):
//            p0 p1 p2
//   t0  [     2  1  0 ]
//   t1  [     1  1  0 ]
//   t2  [     0  1  0 ]
const std::vector<Index> target = {0, 0, 0, 1, 1, 2};
const std::vector<Index> predicted = {0, 0, 1, 1, 0, 1};
}  // namespace

TEST_CASE("accuracy counts the matches: 3 of 6") { CHECK(accuracy(predicted, target) == 0.5); }

TEST_CASE("the confusion matrix has the truth in rows and the prediction in columns") {
    Tensor<Index> expected(3, 3);
    expected << 2, 1, 0,
                1, 1, 0,
                0, 1, 0;
    CHECK(confusion_matrix(predicted, target, 3) == expected);
}

TEST_CASE("per-class precision, recall and F1, with 0 where a class is never predicted") {
    const ClassScores s = class_scores(confusion_matrix(predicted, target, 3));
    // class 0: precision 2 / (2+1) = 2/3, recall 2 / (2+1) = 2/3, F1 2/3
    // class 1: precision 1 / (1+1+1) = 1/3, recall 1 / (1+1) = 1/2, F1 2(1/3)(1/2) / (1/3 + 1/2) = 2/5
    // class 2: never predicted, so precision 0/0 -> 0; recall 0 / 1 = 0; F1 0
    CHECK(s.precision[0] == doctest::Approx(2.0 / 3));
    CHECK(s.recall[0] == doctest::Approx(2.0 / 3));
    CHECK(s.f1[0] == doctest::Approx(2.0 / 3));
    CHECK(s.precision[1] == doctest::Approx(1.0 / 3));
    CHECK(s.recall[1] == doctest::Approx(0.5));
    CHECK(s.f1[1] == doctest::Approx(0.4));
    CHECK(s.precision[2] == 0);
    CHECK(s.recall[2] == 0);
    CHECK(s.f1[2] == 0);
    CHECK(s.support == std::vector<Index>{3, 2, 1});
    CHECK(s.macro_f1() == doctest::Approx((2.0 / 3 + 0.4 + 0) / 3));
    CHECK(s.macro_precision() == doctest::Approx((2.0 / 3 + 1.0 / 3) / 3));
    CHECK(s.macro_recall() == doctest::Approx((2.0 / 3 + 0.5) / 3));
}

TEST_CASE("a class that never occurs has recall 0, not a division by zero") {
    // target 0 0 1, predicted 0 2 1: class 2 is predicted once but never occurs.
    const ClassScores s = class_scores(confusion_matrix(std::vector<Index>{0, 2, 1}, std::vector<Index>{0, 0, 1}, 3));
    CHECK(s.precision[2] == 0);  // 0 hits of 1 prediction
    CHECK(s.recall[2] == 0);     // 0/0 -> 0
    CHECK(s.recall[0] == 0.5);
    CHECK(s.precision[0] == 1);
}

TEST_CASE("argmax_rows picks each row's largest score; ties go to the first") {
    Tensor<float> scores(3, 3);
    scores << 0.1f, 0.7f, 0.2f,
              2.0f, -1.0f, 2.0f,
              -3.0f, -2.0f, -1.0f;
    CHECK(argmax_rows(scores) == std::vector<Index>{1, 0, 2});
}

TEST_CASE("log loss is the mean of -log p(true class), clamped") {
    Tensor<double> p(2, 3);
    p << 0.7, 0.2, 0.1,
         0.1, 0.1, 0.8;
    const std::vector<Index> t = {0, 1};
    CHECK(log_loss(p, t) == doctest::Approx(-(std::log(0.7) + std::log(0.1)) / 2));  // (0.3567 + 2.3026) / 2 = 1.3296
    // A zero probability for the true class costs -log(1e-7) = 16.118..., not infinity.
    Tensor<float> sure(1, 2);
    sure << 1.0f, 0.0f;
    CHECK(log_loss(sure, std::vector<Index>{1}) == doctest::Approx(-std::log(1e-7)));
    CHECK(log_loss(sure, std::vector<Index>{0}) == doctest::Approx(-std::log(1 - 1e-7)));
}

TEST_CASE("log loss of one column is binary: the column is p(class 1)") {
    Tensor<float> p(2, 1);
    p << 0.8f, 0.4f;
    // target 1 with p 0.8 costs -log 0.8; target 0 with p 0.4 costs -log 0.6.
    CHECK(log_loss(p, std::vector<Index>{1, 0}) == doctest::Approx(-(std::log(0.8) + std::log(0.6)) / 2).epsilon(1e-6));
}

TEST_CASE("mistakes are refused with a message") {
    CHECK_THROWS_WITH_AS(accuracy(std::vector<Index>{0, 1}, std::vector<Index>{0}),
                         "accuracy: predicted has 2 entries, target has 1; both need one entry per example", ShapeError);
    CHECK_THROWS_WITH_AS(accuracy(std::vector<Index>{}, std::vector<Index>{}), "accuracy: no examples", ValueError);
    CHECK_THROWS_WITH_AS(confusion_matrix(std::vector<Index>{0, 1}, std::vector<Index>{0, 3}, 3),
                         "confusion_matrix: target[1] is 3, outside the classes 0..2", ValueError);
    Tensor<float> logits(1, 2);
    logits << 2.0f, -1.0f;
    CHECK_THROWS_WITH_AS(log_loss(logits, std::vector<Index>{0}),
                         "log_loss: probabilities(0, 0) is 2; probabilities lie in [0, 1] (pass softmax(logits) or "
                         "sigmoid(logits), not logits)",
                         ValueError);
}
