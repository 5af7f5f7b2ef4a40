// nll: on log_softmax it is softmax cross-entropy in two steps; weights and ignored rows as PyTorch.
#include "loss_test_helpers.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace tapegrad;
using namespace loss_test;
using T2 = Tensor<double>;

TEST_SUITE("losses") {

TEST_CASE("nll(log_softmax(z), y) equals softmax_cross_entropy(z, y), value and gradient") {
    Rng rng(12);
    const T2 z = rng.normal_tensor<double>(5, 4, 0, 2);
    const std::vector<Index> y = {3, 0, 0, 2, 1};
    for (bool weighted : {false, true}) {
        CAPTURE(weighted);
        NllOptions n;
        SoftmaxCrossEntropyOptions s;
        if (weighted) {
            n.weight({1, 2, 0.5, 3}).ignore_index(2);
            s.weight({1, 2, 0.5, 3}).ignore_index(2);
        }
        Tape<double> tape;
        auto a = tape.variable(z);
        auto b = tape.variable(z);
        auto two_steps = nll(log_softmax(a), std::span<const Index>(y), n);
        auto fused = softmax_cross_entropy(b, std::span<const Index>(y), s);
        CHECK(two_steps.item() == doctest::Approx(fused.item()).epsilon(1e-14));
        tape.backward(two_steps + fused);
        CHECK(max_diff(a.grad(), b.grad()) < 1e-14);
    }
}

TEST_CASE("nll: by hand, and its gradient touches only the picked entries") {
    Tape<double> tape;
    auto lp = tape.variable(rows<double>({{std::log(0.5), std::log(0.5)}, {std::log(0.25), std::log(0.75)}}));
    auto loss = nll(lp, {0, 1});
    CHECK(loss.item() == doctest::Approx((std::log(2.0) + std::log(4.0 / 3)) / 2));
    tape.backward(loss);
    CHECK(lp.grad() == rows<double>({{-0.5, 0}, {0, -0.5}}));
}

TEST_CASE("nll: an ignored row may hold -inf without making a NaN") {
    Tape<double> tape;
    auto lp = tape.variable(rows<double>({{-INFINITY, 0}, {std::log(0.5), std::log(0.5)}}));
    auto loss = nll(lp, {-100, 1}, NllOptions().ignore_index(-100));
    tape.backward(loss);
    CHECK(loss.item() == doctest::Approx(std::log(2.0)));
    CHECK(all_finite(lp.grad()));
}

TEST_CASE("nll: gradients match finite differences; errors name the class") {
    Rng rng(13);
    const T2 lp = rng.normal_tensor<double>(4, 3);
    const std::vector<Index> y = {2, 1, 0, 1};
    for (Reduction r : {Reduction::mean, Reduction::sum, Reduction::none, Reduction::batch_mean}) {
        auto f = [&](Tape<double>&, std::span<const Var<double>> in) {
            return nll(in[0], std::span<const Index>(y), NllOptions().reduction(r).weight({1, 0.5, 2}));
        };
        auto result = gradcheck(f, {lp});
        CHECK_MESSAGE(result.ok, result.message);
    }
    Tape<double> tape;
    CHECK_THROWS_WITH_AS(nll(tape.constant(lp), {0, 1, 2, 4}),
                         "nll: class index 4 in row 3 is out of range for 3 classes (0..2)", ValueError);
}

}  // TEST_SUITE
