// mse and its probability-space forms: PyTorch's mean over all entries, and the saturation factor
// in the gradients of mse_softmax and mse_sigmoid, next to cross-entropy's undamped p - y.
#include "loss_test_helpers.hpp"

#include <doctest/doctest.h>

using namespace tapegrad;
using namespace loss_test;
using T2 = Tensor<double>;

TEST_SUITE("losses") {

TEST_CASE("mse: mean over all entries (PyTorch), batch_mean over rows, gradient 2 (pred - target) / (m n)") {
    Tape<double> tape;
    auto pred = tape.variable(rows<double>({{1, 2, 3}, {0, 0, 0}}));
    auto target = tape.constant(rows<double>({{1, 0, 0}, {0, 0, 1}}));
    auto loss = mse(pred, target);  // (0 + 4 + 9 + 0 + 0 + 1) / 6
    CHECK(loss.item() == doctest::Approx(14.0 / 6));
    CHECK(mse(pred, target, MseOptions().reduction(Reduction::batch_mean)).item() == doctest::Approx(7));
    CHECK(mse(pred, target, MseOptions().reduction(Reduction::sum)).item() == doctest::Approx(14));
    CHECK(mse(pred, target, MseOptions().reduction(Reduction::none)).value() == rows<double>({{0, 4, 9}, {0, 0, 1}}));
    tape.backward(loss);
    CHECK(max_diff(pred.grad(), T2(rows<double>({{0, 4, 6}, {0, 0, -2}}) / 6.0)) < 1e-15);
}

TEST_CASE("mse_sigmoid's gradient is (2 / N)(s - y) s (1 - s): it vanishes when a wrong output saturates") {
    Tape<double> tape;
    auto x = tape.variable(rows<double>({{-12, 0.5}}));  // row of two labels, both truly 1
    auto y = tape.constant(rows<double>({{1, 1}}));
    tape.backward(mse_sigmoid(x, y));
    const T2 s = sigmoid_of(x.value());
    for (Index j = 0; j < 2; ++j)
        CHECK(x.grad()(0, j) == doctest::Approx((s(0, j) - 1) * s(0, j) * (1 - s(0, j))).epsilon(1e-12));
    // Confidently wrong at x = -12: MSE barely moves it, cross-entropy pushes with s - y, about -1.
    CHECK(std::abs(x.grad()(0, 0)) < 1e-5);
    Tape<double> tape2;
    auto x2 = tape2.variable(x.value());
    tape2.backward(sigmoid_binary_cross_entropy(x2, tape2.constant(y.value())));
    CHECK(x2.grad()(0, 0) == doctest::Approx(-0.5).epsilon(1e-5));  // (s - 1) / 2 entries
}

TEST_CASE("mse_softmax: a saturated wrong softmax gets almost no gradient; cross-entropy's is p - y") {
    Tape<double> tape;
    auto z = tape.variable(rows<double>({{20, 0, 0}}));  // sure of class 0; the answer is class 2
    auto y = tape.constant(rows<double>({{0, 0, 1}}));
    auto mse_grad = [&] {
        tape.backward(mse_softmax(z, y, MseOptions().reduction(Reduction::batch_mean)));
        return z.grad().cwiseAbs().maxCoeff();
    }();
    Tape<double> tape2;
    auto z2 = tape2.variable(z.value());
    tape2.backward(softmax_cross_entropy(z2, {2}));
    CHECK(mse_grad < 1e-7);
    CHECK(z2.grad()(0, 2) == doctest::Approx(-1).epsilon(1e-8));
    CHECK(z2.grad()(0, 0) == doctest::Approx(1).epsilon(1e-8));
}

TEST_CASE("mse family: finite differences and errors") {
    Rng rng(14);
    const T2 z = rng.normal_tensor<double>(3, 4);
    const T2 t = random_distributions(rng, 3, 4);
    using F = Var<double> (*)(Var<double>, Var<double>, const MseOptions&);
    for (F loss : {F(&mse<double>), F(&mse_softmax<double>), F(&mse_sigmoid<double>)}) {
        auto f = [&](Tape<double>&, std::span<const Var<double>> in) { return loss(in[0], in[1], {}); };
        auto result = gradcheck(f, {z, t});
        CHECK_MESSAGE(result.ok, result.message);
    }
    Tape<double> tape;
    CHECK_THROWS_WITH_AS(mse(tape.constant(z), tape.constant(T2::Zero(3, 2))),
                         "mse: pred (3x4) and target (3x2) must have the same shape", ShapeError);
    CHECK_THROWS_WITH_AS(mse_softmax(tape.constant(z), tape.constant(T2::Constant(3, 4, 0.5))),
                         "mse_softmax: target row 0 sums to 2, not 1 (tolerance 0.0001): each row must be a "
                         "probability distribution over the classes",
                         ValueError);
}

TEST_CASE("mse_softmax's fused squared error equals mse(softmax(z), t): value and both gradients, every reduction") {
    Rng rng(21);
    const T2 z = rng.normal_tensor<double>(5, 4) * 3.0;
    const T2 t = random_distributions(rng, 5, 4);
    for (Reduction r : {Reduction::mean, Reduction::sum, Reduction::batch_mean, Reduction::none}) {
        CAPTURE(to_string(r));
        const MseOptions o = MseOptions().reduction(r);
        Tape<double> fused_tape, composed_tape;
        auto zf = fused_tape.variable(z), tf = fused_tape.variable(t);
        auto zc = composed_tape.variable(z), tc = composed_tape.variable(t);
        auto fused = mse_softmax(zf, tf, o);
        auto composed = mse(softmax(zc), tc, o);
        REQUIRE(fused.value().rows() == composed.value().rows());
        CHECK(max_diff(fused.value(), composed.value()) < 1e-15);
        const T2 seed = T2::Constant(fused.value().rows(), fused.value().cols(), 0.7);
        fused_tape.backward(fused, seed);
        composed_tape.backward(composed, seed);
        CHECK(max_diff(zf.grad(), zc.grad()) < 1e-15);
        CHECK(max_diff(tf.grad(), tc.grad()) < 1e-15);
        CHECK(zf.grad().cwiseAbs().maxCoeff() > 1e-3);  // a gradient that is there to compare
        auto f = [&](Tape<double>&, std::span<const Var<double>> in) { return mse_softmax(in[0], in[1], o); };
        auto result = gradcheck(f, {z, t});
        CHECK_MESSAGE(result.ok, result.message);
    }
}

}  // TEST_SUITE
