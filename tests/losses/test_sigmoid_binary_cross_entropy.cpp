// sigmoid_binary_cross_entropy: the closed-form gradient, the values at extreme logits in both
// precisions, pos_weight, reductions, finite differences and error messages.
#include "loss_test_helpers.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <numbers>

using namespace tapegrad;
using namespace loss_test;
using T2 = Tensor<double>;
using Opts = SigmoidBinaryCrossEntropyOptions;

TEST_SUITE("losses") {

TEST_CASE("sigmoid BCE: the gradient is (sigmoid - y) / N, to 1e-12 in float64") {
    Rng rng(5);
    const T2 x = rng.normal_tensor<double>(4, 3, 0, 3);
    const T2 y = rows<double>({{1, 0, 1}, {0, 0, 0}, {1, 1, 1}, {0, 1, 0.3}});  // n-hot, one soft entry
    Tape<double> tape;
    auto logits = tape.variable(x);
    auto loss = sigmoid_binary_cross_entropy(logits, tape.constant(y));
    tape.backward(loss);
    CHECK(max_diff(logits.grad(), T2((sigmoid_of(x) - y) / 12.0)) < 1e-12);
    // and the value is the textbook -[y ln s + (1 - y) ln(1 - s)], averaged over the 12 entries
    const T2 s = sigmoid_of(x);
    const double textbook = -(y.array() * s.array().log() + (1 - y.array()) * (1 - s.array()).log()).sum() / 12;
    CHECK(loss.item() == doctest::Approx(textbook).epsilon(1e-12));
}

TEST_CASE_TEMPLATE("sigmoid BCE: x = -120, y = 1 gives 120; +-1e4 wrong gives 1e4, right gives exactly 0", T, float, double) {
    Tape<T> tape;
    auto none = Opts().reduction(Reduction::none);
    auto at = [&](double x, double y) {
        return sigmoid_binary_cross_entropy(tape.constant(rows<T>({{x}})), tape.constant(rows<T>({{y}})), none).item();
    };
    CHECK(at(-120, 1) == T(120));
    CHECK(at(1e4, 0) == T(1e4));
    CHECK(at(-1e4, 1) == T(1e4));
    CHECK(at(1e4, 1) == T(0));
    CHECK(at(-1e4, 0) == T(0));
    CHECK(at(1e30, 0) == T(1e30));
    CHECK(at(-1e30, 0) == T(0));
    const T inf = std::numeric_limits<T>::infinity();
    CHECK(at(inf, 1) == T(0));  // certain and right: nothing to learn, not NaN
    CHECK(at(-inf, 0) == T(0));
}

TEST_CASE_TEMPLATE("sigmoid BCE: finite gradients at logits of +-1e4 and +-1e30", T, float, double) {
    for (double big : {1e4, 1e30}) {
        CAPTURE(big);
        Tape<T> tape;
        auto logits = tape.variable(rows<T>({{big, -big}, {-big, big}}));
        auto loss = sigmoid_binary_cross_entropy(logits, tape.constant(rows<T>({{1, 1}, {0, 0}})),
                                                 Opts().reduction(Reduction::sum));
        tape.backward(loss);
        CHECK(static_cast<double>(loss.item()) == doctest::Approx(2 * big));
        // sigmoid - y: 0 where right, -1 or +1 where wrong
        CHECK(logits.grad() == rows<T>({{0, -1}, {0, 1}}));
    }
}

TEST_CASE("sigmoid BCE: pos_weight scales the positive term, per column") {
    Tape<double> tape;
    auto logits = tape.variable(T2::Zero(1, 2));
    auto loss = sigmoid_binary_cross_entropy(logits, tape.constant(rows<double>({{1, 1}})),
                                             Opts().pos_weight({3, 1}).reduction(Reduction::none));
    CHECK(loss.value()(0, 0) == doctest::Approx(3 * std::numbers::ln2));
    CHECK(loss.value()(0, 1) == doctest::Approx(std::numbers::ln2));
    tape.backward(loss, T2::Ones(1, 2));
    // s (p y + 1 - y) - p y at s = 1/2, y = 1: p/2 - p = -p/2
    CHECK(logits.grad()(0, 0) == doctest::Approx(-1.5));
    CHECK(logits.grad()(0, 1) == doctest::Approx(-0.5));
}

TEST_CASE("sigmoid BCE: mean over entries, batch_mean over rows, none per entry") {
    Rng rng(6);
    Tape<double> tape;
    auto x = tape.constant(rng.normal_tensor<double>(3, 4));
    auto y = tape.constant(rows<double>({{1, 0, 0, 1}, {0, 0, 0, 0}, {1, 1, 1, 1}}));
    auto none = sigmoid_binary_cross_entropy(x, y, Opts().reduction(Reduction::none));
    CHECK(none.rows() == 3);
    CHECK(none.cols() == 4);
    const double total = none.value().sum();
    CHECK(sigmoid_binary_cross_entropy(x, y).item() == doctest::Approx(total / 12));
    CHECK(sigmoid_binary_cross_entropy(x, y, Opts().reduction(Reduction::batch_mean)).item() == doctest::Approx(total / 3));
    CHECK(sigmoid_binary_cross_entropy(x, y, Opts().reduction(Reduction::sum)).item() == doctest::Approx(total));
}

TEST_CASE("sigmoid BCE: gradients match finite differences, for logits and for soft targets") {
    Rng rng(7);
    const T2 x = rng.normal_tensor<double>(3, 2, 0, 2);
    const T2 y = rng.uniform_tensor<double>(3, 2, 0.1, 0.9);
    for (Reduction r : {Reduction::mean, Reduction::sum, Reduction::none, Reduction::batch_mean}) {
        CAPTURE(to_string(r));
        auto f = [&](Tape<double>&, std::span<const Var<double>> in) {
            return sigmoid_binary_cross_entropy(in[0], in[1], Opts().reduction(r).pos_weight({2.5, 0.5}));
        };
        auto result = gradcheck(f, {x, y});
        CHECK_MESSAGE(result.ok, result.message);
    }
}

TEST_CASE("sigmoid BCE: errors say what is wrong") {
    Tape<double> tape;
    auto x = tape.variable(T2::Zero(2, 3));
    CHECK_THROWS_WITH_AS(sigmoid_binary_cross_entropy(x, tape.constant(T2::Zero(2, 2))),
                         "sigmoid_binary_cross_entropy: logits (2x3) and target (2x2) must have the same shape",
                         ShapeError);
    CHECK_THROWS_WITH_AS(sigmoid_binary_cross_entropy(x, tape.constant(rows<double>({{0, 1, 2}, {0, 0, 0}}))),
                         "sigmoid_binary_cross_entropy: target(0,2) = 2 is not a probability: entries must lie in [0, 1]",
                         ValueError);
    CHECK_THROWS_WITH_AS(sigmoid_binary_cross_entropy(x, tape.constant(T2::Zero(2, 3)), Opts().pos_weight({1, 2})),
                         "sigmoid_binary_cross_entropy: 2 pos_weight for 3 classes: give one per class (column)",
                         ShapeError);
    auto empty = tape.variable(T2::Zero(0, 3));
    CHECK_THROWS_AS(sigmoid_binary_cross_entropy(empty, tape.constant(T2::Zero(0, 3))), ValueError);
    CHECK(sigmoid_binary_cross_entropy(empty, tape.constant(T2::Zero(0, 3)), Opts().reduction(Reduction::sum)).item() == 0);
}

}  // TEST_SUITE
