// The loss registry. The first test walks every registered loss and gradchecks it in float64, so a
// loss added with one file and one registry line is checked without a test of its own.
#include "loss_test_helpers.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace tapegrad;
using namespace loss_test;
using T2 = Tensor<double>;
using json = nlohmann::json;

namespace {

// A target that suits the loss's link: class indices with one-hot rows for a softmax,
// n-hot rows for a sigmoid or the raw outputs.
template <class T>
Target<T> target_for(Link link, Index m, Index C) {
    Target<T> t;
    if (link == Link::softmax) {
        for (Index i = 0; i < m; ++i) t.classes.push_back((i * 2 + 1) % C);
        t.dense = one_hot_of(t.classes, C).template cast<T>();
    } else {
        t.dense = Tensor<T>::Zero(m, C);
        for (Index i = 0; i < m; ++i)
            for (Index j = 0; j < C; ++j) t.dense(i, j) = T((i + j) % 2);
    }
    return t;
}

}  // namespace

TEST_SUITE("losses") {

TEST_CASE("every registered loss passes gradcheck in float64, with its defaults and under sum") {
    Rng rng(17);
    const T2 logits = rng.normal_tensor<double>(4, 3, 0, 1.5);
    for (const std::string& name : loss_names()) {
        std::vector<json> option_sets = {json::object()};
        if (make_loss(name)->options().contains("reduction")) option_sets.push_back({{"reduction", "sum"}});
        for (const json& options : option_sets) {
            CAPTURE(name);
            CAPTURE(options.dump());
            auto loss = make_loss(name, options);
            const Target<double> target = target_for<double>(loss->link(), 4, 3);
            auto f = [&](Tape<double>&, std::span<const Var<double>> in) { return (*loss)(in[0], target); };
            auto result = gradcheck(f, {logits});
            CHECK_MESSAGE(result.ok, (name + ": " + result.message));
        }
    }
}

TEST_CASE("every registered loss is finite, with finite gradients, at float32 logits of +-1e4") {
    for (const std::string& name : loss_names()) {
        CAPTURE(name);
        auto loss = make_loss(name);
        Tape<float> tape;
        auto logits = tape.variable(rows<float>({{1e4, -1e4, 0}, {-1e4, 1e4, 1e4}, {0, 0, -1e4}}));
        auto value = (*loss)(logits, target_for<float>(loss->link(), 3, 3));
        tape.backward(value);
        CHECK(std::isfinite(value.item()));
        CHECK(all_finite(logits.grad()));
    }
}

TEST_CASE("the registry knows the losses of the brief, and each one's link") {
    const std::vector<std::string> names = loss_names();
    for (const char* name : {"softmax_cross_entropy", "sigmoid_binary_cross_entropy", "mse", "mse_softmax",
                             "mse_sigmoid", "nll", "binary_cross_entropy", "kl_divergence", "focal"})
        CHECK(std::find(names.begin(), names.end(), name) != names.end());
    CHECK(make_loss("softmax_cross_entropy")->link() == Link::softmax);
    CHECK(make_loss("sigmoid_binary_cross_entropy")->link() == Link::sigmoid);
    CHECK(make_loss("mse")->link() == Link::identity);
    CHECK(make_loss("kl_divergence")->options() == json{{"reduction", "batch_mean"}});
}

TEST_CASE("a config section builds its loss, options included, and records the options it used") {
    auto loss = loss_from_config(json::parse(R"({"name": "softmax_cross_entropy", "label_smoothing": 0.1,
                                                 "reduction": "sum", "weight": [1, 2, 1]})"));
    CHECK(loss->name() == "softmax_cross_entropy");
    CHECK(loss->options()["label_smoothing"] == 0.1);
    CHECK(loss->options()["reduction"] == "sum");
    Tape<double> tape;
    auto z = tape.constant(rows<double>({{0.2, -1, 3}, {1, 0, 0}}));
    Target<double> target{{2, 1}, {}};
    const auto expected = SoftmaxCrossEntropyOptions().label_smoothing(0.1).reduction(Reduction::sum).weight({1, 2, 1});
    CHECK((*loss)(z, target).item() == doctest::Approx(softmax_cross_entropy(z, {2, 1}, expected).item()));
}

TEST_CASE("registry errors name the key path and what was expected") {
    // The list of known losses is derived from the registry, so adding a loss changes no test.
    std::string known;
    for (const auto& name : loss_names()) known += (known.empty() ? "" : ", ") + name;
    CHECK_THROWS_WITH_AS(make_loss("cross_entropy"), ("loss.name: unknown loss \"cross_entropy\" (known losses: " + known + ")").c_str(),
                         ValueError);
    CHECK_THROWS_WITH_AS(make_loss("mse_sofmax"),
                         ("loss.name: unknown loss \"mse_sofmax\"; did you mean \"mse_softmax\"? (known losses: " + known + ")").c_str(),
                         ValueError);
    CHECK_THROWS_WITH_AS(make_loss("softmax_cross_entropy", {{"label_smoothing", "x"}}),
                         "loss.label_smoothing: expected a number, got \"x\"", ValueError);
    CHECK_THROWS_WITH_AS(make_loss("softmax_cross_entropy", {{"label_smoothing", 2}}),
                         "loss.label_smoothing: must be in [0, 1], got 2", ValueError);
    CHECK_THROWS_WITH_AS(make_loss("softmax_cross_entropy", {{"label_smothing", 0.1}}),
                         "loss.label_smothing: unknown key; did you mean \"label_smoothing\"? (known here: ignore_index, "
                         "label_smoothing, reduction, weight)",
                         ValueError);
    CHECK_THROWS_WITH_AS(make_loss("mse", {{"reduction", "avg"}}), "loss.reduction: must be one of mean, sum, batch_mean, got \"avg\"",
                         ValueError);
    CHECK_THROWS_WITH_AS(make_loss("mse", {{"reduction", "none"}}),
                         "loss.reduction: must be one of mean, sum, batch_mean, got \"none\"", ValueError);
    CHECK_THROWS_WITH_AS(make_loss("sigmoid_binary_cross_entropy", {{"pos_weight", json::array({1, -2})}}),
                         "loss.pos_weight[1]: must be >= 0, got -2", ValueError);
    CHECK_THROWS_WITH_AS(make_loss("nll", {{"ignore_index", 1.5}}), "loss.ignore_index: expected a whole number, got 1.5",
                         ValueError);
    CHECK_THROWS_WITH_AS(loss_from_config(json{{"gamma", 2}}, "run.loss"), ("run.loss.name: missing (known losses: " + known + ")").c_str(),
                         ValueError);
    CHECK_THROWS_WITH_AS(loss_from_config(json{{"name", 3}}), "loss.name: expected a string, got 3", ValueError);
    CHECK_THROWS_WITH_AS(make_loss("focal", {{"gamma", 0.5}}), "loss.gamma: must be 0 or a number in [1, 10], got 0.5",
                         ValueError);
}

TEST_CASE("each registered loss declares its family, which the lab reads instead of its name") {
    CHECK(make_loss("softmax_cross_entropy")->family() == LossFamily::cross_entropy);
    CHECK(make_loss("mse_softmax")->family() == LossFamily::squared_error);
    CHECK(make_loss("focal")->family() == LossFamily::other);
    CHECK(std::string(to_string(LossFamily::squared_error)) == "squared_error");
}

TEST_CASE("registered losses read either target form, and say which one they need") {
    Tape<double> tape;
    auto z = tape.constant(rows<double>({{1, 2, 0}, {0, 0, 3}}));
    const Target<double> by_classes{{1, 2}, {}};
    const Target<double> by_rows{{}, one_hot_of({1, 2}, 3)};
    for (const char* name : {"softmax_cross_entropy", "mse_softmax", "kl_divergence", "focal"}) {
        CAPTURE(name);
        auto loss = make_loss(name);
        CHECK((*loss)(z, by_classes).item() == doctest::Approx((*loss)(z, by_rows).item()));
    }
    CHECK_THROWS_WITH_AS((*make_loss("nll"))(z, by_rows),
                         "nll: needs one class index per row (Target::classes), but the target has only dense rows "
                         "(2x3); it suits single-label tasks",
                         ShapeError);
    // A binary task: one logit column, classes 0 and 1 as its target.
    auto bce = make_loss("sigmoid_binary_cross_entropy");
    auto x = tape.constant(rows<double>({{0}, {0}}));
    CHECK((*bce)(x, Target<double>{{0, 1}, {}}).item() == doctest::Approx(std::log(2.0)));
}

TEST_CASE("focal: gamma 0 is cross-entropy; gamma 2 quiets the rows the model already gets right") {
    Tape<double> tape;
    auto z = tape.constant(rows<double>({{4, 0, 0}, {0, 0, 1}}));
    const Target<double> y{{0, 1}, {}};
    const double ce = (*make_loss("softmax_cross_entropy"))(z, y).item();
    CHECK((*make_loss("focal", {{"gamma", 0}}))(z, y).item() == doctest::Approx(ce).epsilon(1e-14));
    auto easy = tape.constant(rows<double>({{4, 0, 0}}));
    auto hard = tape.constant(rows<double>({{0, 0, 4}}));
    const Target<double> first{{0}, {}};
    auto focal = make_loss("focal");
    auto cross_entropy = make_loss("softmax_cross_entropy");
    // The easy row keeps (1 - p)^2, about 0.1%, of its cross-entropy; the hard row almost all of it.
    CHECK((*focal)(easy, first).item() < 0.002 * (*cross_entropy)(easy, first).item());
    CHECK((*focal)(hard, first).item() > 0.9 * (*cross_entropy)(hard, first).item());
}

}  // TEST_SUITE
