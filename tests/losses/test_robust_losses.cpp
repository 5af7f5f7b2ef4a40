// L1, Huber, smooth L1, the multi-class hinge (multi_margin), per-column BCE weights and the margin
// ranking loss: values a reader can work out by hand, the same inputs' values as PyTorch computes
// them (printed by tests/losses/torch_reference_losses.py, PyTorch 1.13, float64; the ctest
// torch_reference_losses checks them against PyTorch whenever it is installed), gradients
// against finite differences in float64, and the option errors.
#include "loss_test_helpers.hpp"

#include "losses/margin_ranking.hpp"

#include <doctest/doctest.h>

using namespace tapegrad;
using namespace loss_test;
using json = nlohmann::json;

namespace {

// x - y = (-0.5, -1, 2; 1.5, -0.75, -0.75): every kink of every loss below is away from these.
const Tensor<double> x_values = rows<double>({{0.5, -1.0, 2.0}, {1.5, 0.25, -0.75}});
const Target<double> one_hot_rows{{0, 1}, one_hot_of({0, 1}, 3)};

double value(const std::string& name, const json& options, const Tensor<double>& x = x_values,
             const Target<double>& target = one_hot_rows) {
    Tape<double> tape;
    return (*make_loss(name, options))(tape.constant(x), target).item();
}

void check_gradient(const std::string& name, const json& options, const Tensor<double>& x,
                    const Target<double>& target) {
    auto loss = make_loss(name, options);
    auto f = [&](Tape<double>&, std::span<const Var<double>> in) { return (*loss)(in[0], target); };
    const auto result = gradcheck(f, {x});
    CHECK_MESSAGE(result.ok, (name + " " + options.dump() + ": " + result.message));
}

}  // namespace

TEST_SUITE("losses") {

TEST_CASE("l1: the mean of |pred - target|, by hand and as PyTorch") {
    // |x - y| = 0.5, 1, 2, 1.5, 0.75, 0.75: sum 6.5, mean 6.5 / 6
    CHECK(value("l1", json::object()) == doctest::Approx(6.5 / 6).epsilon(1e-15));
    CHECK(value("l1", json::object()) == doctest::Approx(1.0833333333333333).epsilon(1e-15));  // PyTorch
    CHECK(value("l1", {{"reduction", "sum"}}) == doctest::Approx(6.5).epsilon(1e-15));
    CHECK(value("l1", {{"reduction", "batch_mean"}}) == doctest::Approx(3.25).epsilon(1e-15));
}

TEST_CASE("huber: squared below delta, linear above, by hand and as PyTorch") {
    // delta 1: 0.5^2/2, 1 (d = delta: 1 (1 - 1/2)), 1 (2 - 1/2), 1 (1.5 - 1/2), 0.75^2/2 twice
    //        = 0.125 + 0.5 + 1.5 + 1.0 + 0.28125 + 0.28125 = 3.6875
    CHECK(value("huber", json::object()) == doctest::Approx(3.6875 / 6).epsilon(1e-15));
    CHECK(value("huber", {{"delta", 1.0}}) == doctest::Approx(0.6145833333333334).epsilon(1e-15));  // PyTorch
    // delta 0.5: every |d| >= 0.5, so 0.5 (|d| - 0.25) each: 0.5 (6.5 - 1.5) = 2.5
    CHECK(value("huber", {{"delta", 0.5}}) == doctest::Approx(2.5 / 6).epsilon(1e-15));
    CHECK(value("huber", {{"delta", 0.5}}) == doctest::Approx(0.4166666666666667).epsilon(1e-15));  // PyTorch
    // Far from the target the slope is delta, near it the slope is the error itself.
    Tape<double> tape;
    auto z = tape.variable(rows<double>({{10.0, 0.1}}));
    tape.backward((*make_loss("huber", {{"delta", 2.0}, {"reduction", "sum"}}))(z, Target<double>{{}, rows<double>({{0, 0}})}));
    CHECK(z.grad()(0, 0) == doctest::Approx(2.0));
    CHECK(z.grad()(0, 1) == doctest::Approx(0.1));
}

TEST_CASE("smooth_l1: Huber divided by beta; beta 0 is L1") {
    CHECK(value("smooth_l1", json::object()) == doctest::Approx(0.6145833333333334).epsilon(1e-15));       // PyTorch, beta 1
    CHECK(value("smooth_l1", {{"beta", 0.5}}) == doctest::Approx(0.8333333333333334).epsilon(1e-15));       // PyTorch
    CHECK(value("smooth_l1", {{"beta", 0.5}}) == doctest::Approx(value("huber", {{"delta", 0.5}}) / 0.5).epsilon(1e-15));
    CHECK(value("smooth_l1", {{"beta", 0.0}}) == doctest::Approx(value("l1", json::object())).epsilon(1e-15));
}

TEST_CASE("multi_margin: the hinge on every rival class, by hand and as PyTorch") {
    // Row 0, class 0 (x_y = 0.5): max(0, 1 - 0.5 - 1) = 0, max(0, 1 - 0.5 + 2) = 2.5
    // Row 1, class 1 (x_y = 0.25): max(0, 1 - 0.25 + 1.5) = 2.25, max(0, 1 - 0.25 - 0.75) = 0
    // Each row divided by C = 3, then the mean over 2 rows: (2.5 + 2.25) / 6
    CHECK(value("multi_margin", json::object()) == doctest::Approx(4.75 / 6).epsilon(1e-15));
    CHECK(value("multi_margin", json::object()) == doctest::Approx(0.7916666666666667).epsilon(1e-15));  // PyTorch
    // p 2, margin 0.5: row 0: 0 and 2^2 = 4; row 1: 1.75^2 = 3.0625 and 0 -> (4 + 3.0625) / 6
    CHECK(value("multi_margin", {{"p", 2}, {"margin", 0.5}}) == doctest::Approx(7.0625 / 6).epsilon(1e-15));
    CHECK(value("multi_margin", {{"p", 2}, {"margin", 0.5}}) == doctest::Approx(1.1770833333333333).epsilon(1e-15));
    // Class weights scale a row by its class's weight: (2 * 2.5 + 0.5 * 2.25) / 6
    CHECK(value("multi_margin", {{"weight", {2.0, 0.5, 1.0}}}) == doctest::Approx(6.125 / 6).epsilon(1e-15));
    CHECK(value("multi_margin", {{"weight", {2.0, 0.5, 1.0}}}) == doctest::Approx(1.0208333333333335).epsilon(1e-15));
    // A row with every rival a margin behind costs nothing.
    CHECK(value("multi_margin", json::object(), rows<double>({{3, 1, 0}}), Target<double>{{0}, {}}) == 0.0);
}

TEST_CASE("sigmoid_binary_cross_entropy: per-column weight, alone and with pos_weight, as PyTorch") {
    // weight (2, 0.5, 1) multiplies each column's losses; the mean still divides by 6.
    const json w = {{"weight", {2.0, 0.5, 1.0}}};
    CHECK(value("sigmoid_binary_cross_entropy", w) == doctest::Approx(1.2182300158636874).epsilon(1e-14));  // PyTorch
    double by_hand = 0;
    const Tensor<double> s = sigmoid_of(x_values);
    const double weight[3] = {2.0, 0.5, 1.0};
    for (Index i = 0; i < 2; ++i)
        for (Index j = 0; j < 3; ++j) {
            const double t = one_hot_rows.dense(i, j);
            by_hand += -weight[j] * (t * std::log(s(i, j)) + (1 - t) * std::log(1 - s(i, j)));
        }
    CHECK(value("sigmoid_binary_cross_entropy", w) == doctest::Approx(by_hand / 6).epsilon(1e-14));
    const json both = {{"weight", {2.0, 0.5, 1.0}}, {"pos_weight", {3.0, 1.0, 0.25}}};
    CHECK(value("sigmoid_binary_cross_entropy", both) == doctest::Approx(1.534281338650425).epsilon(1e-14));  // PyTorch
    // A weight of 0 silences a column, even at an infinite logit the target rules out.
    Tape<double> tape;
    auto z = tape.variable(rows<double>({{-INFINITY, 0.0}}));
    auto L = (*make_loss("sigmoid_binary_cross_entropy", {{"weight", {0.0, 1.0}}}))(z, Target<double>{{}, rows<double>({{1, 1}})});
    tape.backward(L);
    CHECK(L.item() == doctest::Approx(std::log(2.0) / 2));
    CHECK(z.grad()(0, 0) == 0.0);
    CHECK(z.grad()(0, 1) == doctest::Approx(-0.25));
}

TEST_CASE("the new losses' options pass gradcheck in float64 (the registry walk checks their defaults)") {
    Rng rng(5);
    const Tensor<double> x = rng.normal_tensor<double>(5, 4, 0, 1.5);
    Target<double> target{{0, 3, 1, 1, 2}, one_hot_of({0, 3, 1, 1, 2}, 4)};
    check_gradient("huber", {{"delta", 0.3}}, x, target);
    check_gradient("smooth_l1", {{"beta", 2.0}, {"reduction", "sum"}}, x, target);
    check_gradient("smooth_l1", {{"beta", 0.0}}, x, target);
    check_gradient("multi_margin", {{"p", 2}, {"margin", 0.7}, {"weight", {1.0, 2.0, 0.5, 3.0}}}, x, target);
    check_gradient("multi_margin", {{"p", 1}, {"reduction", "batch_mean"}}, x, target);
    Target<double> soft{{}, rng.uniform_tensor<double>(5, 4, 0, 1)};
    check_gradient("sigmoid_binary_cross_entropy", {{"weight", {1.0, 0.0, 2.5, 0.5}}}, x, soft);
    check_gradient("sigmoid_binary_cross_entropy", {{"weight", {1.0, 3.0, 2.5, 0.5}}, {"pos_weight", {2.0, 1.0, 0.5, 4.0}}}, x, soft);
}

TEST_CASE("margin_ranking: max(0, margin - y (x1 - x2)), by hand, as PyTorch, and its gradient") {
    Tape<double> tape;
    auto x1 = tape.constant(rows<double>({{0.5}, {-1.0}, {2.0}}));
    auto x2 = tape.constant(rows<double>({{1.5}, {0.25}, {-0.75}}));
    const Tensor<double> y = rows<double>({{1}, {-1}, {1}});
    // max(0, 0.5 - (-1)) = 1.5, max(0, 0.5 + (-1.25)) = 0, max(0, 0.5 - 2.75) = 0: mean 0.5
    CHECK(margin_ranking(x1, x2, y, 0.5).item() == doctest::Approx(0.5).epsilon(1e-15));  // PyTorch: 0.5
    CHECK(margin_ranking(x1, x2, y, 0.5, Reduction::sum).item() == doctest::Approx(1.5).epsilon(1e-15));
    Rng rng(9);
    auto f = [&](Tape<double>&, std::span<const Var<double>> in) { return margin_ranking(in[0], in[1], y, 0.3); };
    const auto result = gradcheck(f, {rng.normal_tensor<double>(3, 1, 0, 1), rng.normal_tensor<double>(3, 1, 0, 1)});
    CHECK_MESSAGE(result.ok, result.message);
    CHECK_THROWS_WITH_AS(margin_ranking(x1, x2, rows<double>({{1}, {0}, {1}})),
                         "margin_ranking: y(1,0) is 0; each label must be +1 or -1", ValueError);
    CHECK_THROWS_WITH_AS(margin_ranking(x1, tape.constant(rows<double>({{1, 2}})), y),
                         "margin_ranking: x1 (3x1) and x2 (1x2) must have the same shape", ShapeError);
}

TEST_CASE("the new losses' options are read strictly, with key paths") {
    CHECK_THROWS_WITH_AS(make_loss("huber", {{"delta", 0}}),
                         "loss.delta: must be > 0 (PyTorch's rule; use l1 for no quadratic part), got 0", ValueError);
    CHECK_THROWS_WITH_AS(make_loss("huber", {{"delta", "big"}}), "loss.delta: expected a number, got \"big\"", ValueError);
    CHECK_THROWS_WITH_AS(make_loss("huber", {{"detla", 1}}),
                         "loss.detla: unknown key; did you mean \"delta\"? (known here: delta, reduction)", ValueError);
    CHECK_THROWS_WITH_AS(make_loss("smooth_l1", {{"beta", -1}}), "loss.beta: must be in [0, 1e+12], got -1", ValueError);
    CHECK_THROWS_WITH_AS(make_loss("multi_margin", {{"p", 3}}), "loss.p: must be in [1, 2], got 3", ValueError);
    CHECK_THROWS_WITH_AS(make_loss("multi_margin", {{"p", 1.5}}), "loss.p: expected a whole number, got 1.5", ValueError);
    CHECK_THROWS_WITH_AS(make_loss("multi_margin", {{"weight", {1, -1}}}), "loss.weight[1]: must be >= 0, got -1", ValueError);
    CHECK_THROWS_WITH_AS(make_loss("sigmoid_binary_cross_entropy", {{"weight", "heavy"}}),
                         "loss.weight: expected an array of numbers, got \"heavy\"", ValueError);
    // Shapes are checked when the loss meets its input: one weight per class.
    CHECK_THROWS_AS(value("multi_margin", {{"weight", {1.0, 2.0}}}), ShapeError);
    CHECK_THROWS_WITH_AS(value("multi_margin", json::object(), x_values, Target<double>{{}, one_hot_of({0, 1}, 3)}),
                         "multi_margin: needs one class index per row (Target::classes), but the target has only dense "
                         "rows (2x3); it suits single-label tasks",
                         ShapeError);
    // The options a run records include the defaults.
    CHECK(make_loss("multi_margin")->options() == json{{"margin", 1.0}, {"p", 1}, {"reduction", "mean"}});
    CHECK(make_loss("huber")->options() == json{{"delta", 1.0}, {"reduction", "mean"}});
}

}  // TEST_SUITE
