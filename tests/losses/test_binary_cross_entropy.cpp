// binary_cross_entropy on probabilities: the clamp at -100, never negative, equal to the fused
// logits form away from the extremes, finite differences and error messages.
#include "loss_test_helpers.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace tapegrad;
using namespace loss_test;
using T2 = Tensor<double>;
using Opts = BinaryCrossEntropyOptions;

TEST_SUITE("losses") {

TEST_CASE_TEMPLATE("BCE on probabilities: ln clamped at -100, so at most 100, never inf, never negative", T, float, double) {
    Tape<T> tape;
    auto p = tape.variable(rows<T>({{0, 1, 0, 1, 0.25}}));
    auto y = tape.constant(rows<T>({{1, 0, 0, 1, 1}}));
    auto loss = binary_cross_entropy(p, y, Opts().reduction(Reduction::none));
    CHECK(loss.value()(0, 0) == T(100));  // certain of the wrong answer
    CHECK(loss.value()(0, 1) == T(100));
    CHECK(loss.value()(0, 2) == T(0));  // certain of the right answer
    CHECK(loss.value()(0, 3) == T(0));
    CHECK(static_cast<double>(loss.value()(0, 4)) == doctest::Approx(std::log(4.0)));
    CHECK((loss.value().array() >= T(0)).all());
    tape.backward(loss, Tensor<T>::Ones(1, 5));
    CHECK(all_finite(p.grad()));
    CHECK(p.grad()(0, 2) == T(0));
    CHECK(static_cast<double>(p.grad()(0, 4)) == doctest::Approx(-4));  // (p - y) / (p (1 - p)) = -1/p
}

TEST_CASE("BCE on probabilities: never negative on random soft targets") {
    Rng rng(8);
    Tape<double> tape;
    auto p = tape.constant(rng.uniform_tensor<double>(20, 5));
    auto y = tape.constant(rng.uniform_tensor<double>(20, 5));
    CHECK((binary_cross_entropy(p, y, Opts().reduction(Reduction::none)).value().array() >= 0).all());
}

TEST_CASE("BCE on probabilities equals sigmoid BCE on logits, and so does its gradient through sigmoid") {
    Rng rng(9);
    const T2 x = rng.normal_tensor<double>(3, 4);
    const T2 y = rows<double>({{1, 0, 0, 1}, {0, 1, 0, 0}, {1, 1, 1, 0}});
    Tape<double> tape;
    auto on_probs = binary_cross_entropy(tape.constant(sigmoid_of(x)), tape.constant(y));
    auto on_logits = sigmoid_binary_cross_entropy(tape.constant(x), tape.constant(y));
    CHECK(on_probs.item() == doctest::Approx(on_logits.item()).epsilon(1e-12));
}

TEST_CASE("BCE on probabilities: gradients match finite differences") {
    Rng rng(10);
    const T2 p = rng.uniform_tensor<double>(3, 2, 0.1, 0.9);
    const T2 y = rng.uniform_tensor<double>(3, 2);
    for (Reduction r : {Reduction::mean, Reduction::none}) {
        auto f = [&](Tape<double>&, std::span<const Var<double>> in) {
            return binary_cross_entropy(in[0], in[1], Opts().reduction(r));
        };
        auto result = gradcheck(f, {p, y});
        CHECK_MESSAGE(result.ok, result.message);
    }
}

TEST_CASE("BCE on probabilities: errors say what is wrong") {
    Tape<double> tape;
    CHECK_THROWS_WITH_AS(binary_cross_entropy(tape.constant(rows<double>({{0.5, 1.2}})), tape.constant(T2::Zero(1, 2))),
                         "binary_cross_entropy: probs(0,1) = 1.2 is not a probability: entries must lie in [0, 1]",
                         ValueError);
    CHECK_THROWS_WITH_AS(binary_cross_entropy(tape.constant(T2::Zero(1, 2)), tape.constant(T2::Zero(2, 1))),
                         "binary_cross_entropy: probs (1x2) and target (2x1) must have the same shape", ShapeError);
}

}  // TEST_SUITE
