// softmax_cross_entropy_parts: what a fused node reports it used (p, y, row weights, scale) must
// rebuild the gradient the node's backward wrote, dL/dz_n = scale w_n (p_n - y_n), on both of its
// forward paths (the plain one-label-per-row path and the general one) and for every option.
#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>

using namespace tapegrad;
using T2 = Tensor<double>;

namespace {
const T2 Z = (T2(3, 4) << 0.5, -1.0, 2.0, 0.0, 1.5, 0.2, -0.3, 0.9, -2.0, 0.0, 0.4, 3.0).finished();

// The parts of the loss node, checked against the gradient the tape holds for the logits.
void check_rebuilds_gradient(const SoftmaxCrossEntropyOptions& options, bool dense) {
    Tape<double> tape;
    Var<double> z = tape.variable(Z);
    const T2 soft = (T2(3, 4) << 0.7, 0.1, 0.1, 0.1, 0, 0, 1, 0, 0.25, 0.25, 0.25, 0.25).finished();
    Var<double> loss = dense ? softmax_cross_entropy(z, tape.constant(soft), options) : softmax_cross_entropy(z, {2, 0, 3}, options);
    tape.backward(loss);
    const auto parts = softmax_cross_entropy_parts(loss.node());
    T2 rebuilt(3, 4);
    for (Index n = 0; n < 3; ++n) {
        CHECK(parts.p.row(n).sum() == doctest::Approx(1));
        CHECK(parts.y.row(n).sum() == doctest::Approx(parts.weight[static_cast<std::size_t>(n)] > 0 ? 1 : 0));
        rebuilt.row(n) = parts.scale * parts.weight[static_cast<std::size_t>(n)] * (parts.p.row(n) - parts.y.row(n));
    }
    CHECK((rebuilt - z.grad()).cwiseAbs().maxCoeff() < 1e-12);
    CHECK(parts.classes.size() == (dense ? 0u : 3u));
}
}  // namespace

TEST_CASE("softmax_cross_entropy_parts rebuilds dL/dz = scale w (p - y) for every option") {
    SUBCASE("class indices, the plain path") { check_rebuilds_gradient({}, false); }
    SUBCASE("class indices, sum") { check_rebuilds_gradient(SoftmaxCrossEntropyOptions().reduction(Reduction::sum), false); }
    SUBCASE("class weights") { check_rebuilds_gradient(SoftmaxCrossEntropyOptions().weight({1, 2, 0.5, 3}), false); }
    SUBCASE("label smoothing") { check_rebuilds_gradient(SoftmaxCrossEntropyOptions().label_smoothing(0.1), false); }
    SUBCASE("weights and smoothing") {
        check_rebuilds_gradient(SoftmaxCrossEntropyOptions().weight({1, 2, 0.5, 3}).label_smoothing(0.2), false);
    }
    SUBCASE("an ignored row") { check_rebuilds_gradient(SoftmaxCrossEntropyOptions().ignore_index(0), false); }
    SUBCASE("probability targets") { check_rebuilds_gradient({}, true); }
    SUBCASE("probability targets, smoothed") { check_rebuilds_gradient(SoftmaxCrossEntropyOptions().label_smoothing(0.3), true); }
}

TEST_CASE("softmax_cross_entropy_parts: the labels as given, p = softmax(z), and a clear refusal of other nodes") {
    Tape<double> tape;
    Var<double> z = tape.variable(Z);
    Var<double> loss = softmax_cross_entropy(z, {2, 0, 3});
    const auto parts = softmax_cross_entropy_parts(loss.node());
    CHECK(parts.classes == std::vector<Index>{2, 0, 3});
    CHECK(parts.scale == doctest::Approx(1.0 / 3));
    const double row0 = std::exp(0.5) + std::exp(-1.0) + std::exp(2.0) + 1;
    CHECK(parts.p(0, 2) == doctest::Approx(std::exp(2.0) / row0));
    CHECK(parts.y(1, 0) == 1);
    CHECK(parts.y(1, 1) == 0);
    CHECK_THROWS_WITH_AS(softmax_cross_entropy_parts(z.node()),
                         "softmax_cross_entropy_parts: node 0 is variable, not softmax_cross_entropy", ValueError);
}
