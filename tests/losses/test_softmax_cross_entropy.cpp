// softmax_cross_entropy: closed forms, extremes in float32 and float64, options as PyTorch defines
// them, gradients against finite differences, and the error messages.
#include "loss_test_helpers.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <numbers>

using namespace tapegrad;
using namespace loss_test;
using T2 = Tensor<double>;
using Opts = SoftmaxCrossEntropyOptions;

TEST_SUITE("losses") {

TEST_CASE("softmax CE: the gradient is (softmax - y) / N, to 1e-12 in float64") {
    Rng rng(1);
    const T2 z = rng.normal_tensor<double>(5, 4, 0, 3);
    const std::vector<Index> y = {0, 3, 1, 1, 2};
    const T2 expected = (softmax_of(z) - one_hot_of(y, 4)) / 5.0;

    SUBCASE("class indices") {
        Tape<double> tape;
        auto logits = tape.variable(z);
        tape.backward(softmax_cross_entropy(logits, std::span<const Index>(y)));
        CHECK(max_diff(logits.grad(), expected) < 1e-12);
    }
    SUBCASE("one-hot rows give the same loss and gradient") {
        Tape<double> tape;
        auto logits = tape.variable(z);
        auto by_index = softmax_cross_entropy(logits, std::span<const Index>(y));
        auto by_rows = softmax_cross_entropy(logits, tape.constant(one_hot_of(y, 4)));
        CHECK(by_index.item() == doctest::Approx(by_rows.item()).epsilon(1e-15));
        tape.backward(by_rows);
        CHECK(max_diff(logits.grad(), expected) < 1e-12);
    }
    SUBCASE("soft targets") {
        const T2 t = random_distributions(rng, 5, 4);
        Tape<double> tape;
        auto logits = tape.variable(z);
        tape.backward(softmax_cross_entropy(logits, tape.constant(t)));
        CHECK(max_diff(logits.grad(), T2((softmax_of(z) - t) / 5.0)) < 1e-12);
    }
}

TEST_CASE("softmax CE: equal logits give ln C; 1e8 * [1, 1] with target 1 gives ln 2") {
    Tape<double> tape;
    CHECK(softmax_cross_entropy(tape.constant(T2::Constant(3, 5, 0.7)), {0, 4, 2}).item() ==
          doctest::Approx(std::log(5.0)).epsilon(1e-15));
    CHECK(softmax_cross_entropy(tape.constant(rows<double>({{1e8, 1e8}})), {1}).item() ==
          doctest::Approx(std::numbers::ln2).epsilon(1e-15));
    Tape<float> tape32;
    CHECK(softmax_cross_entropy(tape32.constant(rows<float>({{1e8, 1e8}})), {1}).item() ==
          doctest::Approx(std::numbers::ln2).epsilon(1e-7));
}

TEST_CASE_TEMPLATE("softmax CE: finite loss and gradients at logits of +-1e4 and +-1e30", T, float, double) {
    for (double big : {1e4, 1e30}) {
        CAPTURE(big);
        Tape<T> tape;
        auto logits = tape.variable(rows<T>({{big, -big, 0}, {-big, big, big}, {0, 0, -big}}));
        auto loss = softmax_cross_entropy(logits, {1, 0, 2}, Opts().reduction(Reduction::sum));
        tape.backward(loss);
        CHECK(std::isfinite(loss.item()));
        CHECK(all_finite(logits.grad()));
        // Row by row: 2 big, then 2 big + ln 2 (two classes tie at big), then big + ln 2.
        CHECK(static_cast<double>(loss.item()) == doctest::Approx(5 * big + 2 * std::numbers::ln2).epsilon(1e-6));
        // Row 0 is sure of class 0 but the answer is 1: gradient p - y = [1, -1, 0].
        CHECK(logits.grad()(0, 0) == T(1));
        CHECK(logits.grad()(0, 1) == T(-1));
        CHECK(logits.grad()(0, 2) == T(0));
    }
}

TEST_CASE_TEMPLATE("softmax CE: a -inf logit rules a class out: finite loss, zero gradient there", T, float, double) {
    const T inf = std::numeric_limits<T>::infinity();
    Tape<T> tape;
    auto logits = tape.variable(rows<T>({{0, 0, 0}, {5, 1, 0}}));
    Tensor<T> z = logits.value();
    z(0, 1) = -inf;
    z(1, 2) = -inf;
    auto ruled_out = tape.variable(z);
    auto loss = softmax_cross_entropy(ruled_out, {0, 1});
    tape.backward(loss);
    CHECK(std::isfinite(loss.item()));
    CHECK(ruled_out.grad()(0, 1) == T(0));
    CHECK(ruled_out.grad()(1, 2) == T(0));
    CHECK(all_finite(ruled_out.grad()));
    // Row 0 is a fair choice between classes 0 and 2: loss ln 2, gradient (1/2)[1/2 - 1, 0, 1/2].
    CHECK(ruled_out.grad()(0, 0) == doctest::Approx(-0.25));
    CHECK(ruled_out.grad()(0, 2) == doctest::Approx(0.25));
}

TEST_CASE("softmax CE: class weights, PyTorch's weighted mean") {
    // Row 0: logits [0, 0], class 0, loss ln 2.  Row 1: p = [1/4, 3/4], class 1, loss ln(4/3).
    Tape<double> tape;
    auto logits = tape.variable(rows<double>({{0, 0}, {0, std::log(3.0)}}));
    auto loss = softmax_cross_entropy(logits, {0, 1}, Opts().weight({2, 1}));
    // (2 ln 2 + 1 ln(4/3)) / (2 + 1): divided by the total weight, not by the number of rows.
    CHECK(loss.item() == doctest::Approx((2 * std::log(2.0) + std::log(4.0 / 3)) / 3).epsilon(1e-15));
    tape.backward(loss);
    // dL/dz = w_y (p - y) / (total weight)
    CHECK(max_diff(logits.grad(), rows<double>({{2 * -0.5 / 3, 2 * 0.5 / 3}, {0.25 / 3, -0.25 / 3}})) < 1e-15);
}

TEST_CASE("softmax CE: label smoothing equals the smoothed one-hot target") {
    Rng rng(2);
    const T2 z = rng.normal_tensor<double>(4, 3);
    const std::vector<Index> y = {2, 0, 1, 2};
    const double eps = 0.1;
    const T2 smoothed = ((1 - eps) * one_hot_of(y, 3)).array() + eps / 3;
    Tape<double> tape;
    auto logits = tape.variable(z);
    auto a = softmax_cross_entropy(logits, std::span<const Index>(y), Opts().label_smoothing(eps));
    auto b = softmax_cross_entropy(logits, tape.constant(smoothed));
    auto c = softmax_cross_entropy(logits, tape.constant(one_hot_of(y, 3)), Opts().label_smoothing(eps));
    CHECK(a.item() == doctest::Approx(b.item()).epsilon(1e-14));
    CHECK(c.item() == doctest::Approx(b.item()).epsilon(1e-14));
    // PyTorch's form: (1 - eps) * CE + eps * mean over classes of -log p
    const T2 logp = softmax_of(z).array().log();
    double expected = 0;
    for (Index n = 0; n < 4; ++n) expected += (1 - eps) * -logp(n, y[n]) + eps * -logp.row(n).mean();
    CHECK(a.item() == doctest::Approx(expected / 4).epsilon(1e-14));
}

TEST_CASE("softmax CE: ignore_index drops rows from the loss, the mean and the gradient") {
    Tape<double> tape;
    auto logits = tape.variable(rows<double>({{0, 0}, {3, -3}, {0, std::log(3.0)}}));
    auto loss = softmax_cross_entropy(logits, {0, -100, 1}, Opts().ignore_index(-100));
    CHECK(loss.item() == doctest::Approx((std::log(2.0) + std::log(4.0 / 3)) / 2).epsilon(1e-15));
    tape.backward(loss);
    CHECK(logits.grad().row(1).isZero(0));
}

TEST_CASE("softmax CE: reductions none, sum, mean and batch_mean agree") {
    Rng rng(3);
    const T2 z = rng.normal_tensor<double>(4, 3);
    Tape<double> tape;
    auto x = tape.constant(z);
    auto none = softmax_cross_entropy(x, {0, 1, 2, 0}, Opts().reduction(Reduction::none));
    CHECK(none.rows() == 4);
    CHECK(none.cols() == 1);
    const double total = none.value().sum();
    CHECK(softmax_cross_entropy(x, {0, 1, 2, 0}, Opts().reduction(Reduction::sum)).item() == doctest::Approx(total));
    CHECK(softmax_cross_entropy(x, {0, 1, 2, 0}).item() == doctest::Approx(total / 4));
    CHECK(softmax_cross_entropy(x, {0, 1, 2, 0}, Opts().reduction(Reduction::batch_mean)).item() ==
          doctest::Approx(total / 4));
}

TEST_CASE("softmax CE: gradients match finite differences in every configuration") {
    Rng rng(4);
    const std::vector<Index> y = {0, 2, -1, 1};
    const T2 z = rng.normal_tensor<double>(4, 3);
    const T2 t = random_distributions(rng, 4, 3);
    for (Reduction r : {Reduction::mean, Reduction::sum, Reduction::none, Reduction::batch_mean}) {
        CAPTURE(to_string(r));
        const Opts o = Opts().reduction(r).weight({0.5, 2, 1}).label_smoothing(0.2).ignore_index(-1);
        auto by_index = [&](Tape<double>&, std::span<const Var<double>> in) {
            return softmax_cross_entropy(in[0], std::span<const Index>(y), o);
        };
        // Soft targets as a second input: the target gets its gradient too, -log p.
        auto by_rows = [&](Tape<double>&, std::span<const Var<double>> in) {
            return softmax_cross_entropy(in[0], in[1], o);
        };
        auto r1 = gradcheck(by_index, {z});
        CHECK_MESSAGE(r1.ok, r1.message);
        auto r2 = gradcheck(by_rows, {z, t});
        CHECK_MESSAGE(r2.ok, r2.message);
    }
}

TEST_CASE("softmax CE: errors say what is wrong") {
    Tape<double> tape;
    auto x = tape.variable(T2::Zero(2, 3));
    CHECK_THROWS_WITH_AS(softmax_cross_entropy(x, {0, 3}),
                         "softmax_cross_entropy: class index 3 in row 1 is out of range for 3 classes (0..2); "
                         "if your labels count from 1, subtract 1",
                         ValueError);
    CHECK_THROWS_WITH_AS(softmax_cross_entropy(x, {-1, 0}),
                         "softmax_cross_entropy: class index -1 in row 0 is out of range for 3 classes (0..2); "
                         "to skip rows, set ignore_index",
                         ValueError);
    CHECK_THROWS_WITH_AS(softmax_cross_entropy(x, {0, 1, 2}),
                         "softmax_cross_entropy: 2 rows of scores and 3 class indices: give one class index per row",
                         ShapeError);
    CHECK_THROWS_WITH_AS(softmax_cross_entropy(x, tape.constant(T2::Constant(2, 2, 0.5))),
                         "softmax_cross_entropy: logits (2x3) and target (2x2) must have the same shape", ShapeError);
    CHECK_THROWS_WITH_AS(softmax_cross_entropy(x, tape.constant(rows<double>({{1.5, -0.5, 0}, {1, 0, 0}}))),
                         "softmax_cross_entropy: target(0,0) = 1.5 is not a probability: entries must lie in [0, 1]",
                         ValueError);
    CHECK_THROWS_WITH_AS(softmax_cross_entropy(x, tape.constant(rows<double>({{1, 0, 0}, {0.5, 0.3, 0.1}}))),
                         "softmax_cross_entropy: target row 1 sums to 0.9, not 1 (tolerance 0.0001): each row "
                         "must be a probability distribution over the classes",
                         ValueError);
    const double inf = std::numeric_limits<double>::infinity();
    CHECK_THROWS_WITH_AS(softmax_cross_entropy(tape.constant(rows<double>({{0, 1, 2}, {-inf, -inf, -inf}})), {0, 1}),
                         "softmax_cross_entropy: row 1 of the logits is all -inf: every class is ruled out, so "
                         "the softmax is undefined",
                         ValueError);
    CHECK_THROWS_WITH_AS(softmax_cross_entropy(tape.constant(rows<double>({{0, NAN, 2}})), {0}),
                         "softmax_cross_entropy: logits(0,1) is nan: logits must be numbers (or -inf, to rule a class out)",
                         ValueError);
    CHECK_THROWS_WITH_AS(softmax_cross_entropy(x, {0, 1}, Opts().weight({1, 2})),
                         "softmax_cross_entropy: 2 class weights for 3 classes: give one per class (column)",
                         ShapeError);
    CHECK_THROWS_WITH_AS(softmax_cross_entropy(x, {0, 1}, Opts().label_smoothing(1.5)),
                         "softmax_cross_entropy: label_smoothing 1.5 must lie in [0, 1]", ValueError);
    CHECK_THROWS_WITH_AS(softmax_cross_entropy(x, {5, 5}, Opts().ignore_index(5)),
                         "softmax_cross_entropy: every row is ignored or has weight 0, so the weighted mean "
                         "divides by 0; use Reduction::sum for such batches",
                         ValueError);
}

TEST_CASE("softmax CE: an empty batch is an error under mean, 0 under sum") {
    Tape<double> tape;
    auto x = tape.variable(T2::Zero(0, 3));
    CHECK_THROWS_WITH_AS(softmax_cross_entropy(x, std::span<const Index>()),
                         "softmax_cross_entropy: the batch is empty (0 rows), and the mean of no losses is "
                         "undefined; skip empty batches, or use Reduction::sum (0 for an empty batch)",
                         ValueError);
    CHECK(softmax_cross_entropy(x, std::span<const Index>(), Opts().reduction(Reduction::sum)).item() == 0);
    CHECK(softmax_cross_entropy(x, std::span<const Index>(), Opts().reduction(Reduction::none)).rows() == 0);
}

}  // TEST_SUITE
