// The lab's recorded figures, checked against independent computations: the gradient probe
// against the closed forms, the logits' gradient against softmax - y, entropy + KL against the
// cross-entropy; and the compare run is deterministic.
#include <doctest/doctest.h>

#include "lab/diagnostics.hpp"
#include "train/trainer.hpp"

#include <cmath>

using namespace tapegrad;

namespace {
RunConfig small_config(const std::string& loss) {
    return parse_config(nlohmann::json::parse(R"({
        "task": "multiclass",
        "data": {"generator": "blobs", "n": 120, "classes": 3, "features": 4},
        "model": {"hidden": [8]},
        "loss": {"name": ")" + loss + R"("},
        "optimizer": {"name": "sgd", "lr": 0.1},
        "epochs": 3, "batch_size": 16, "seed": 4})"));
}
// Trains `epochs` epochs with the one training loop.
void train_for(Experiment& x, long epochs) {
    x.config.epochs = epochs;
    train_experiment(x);
}
}  // namespace

TEST_CASE("gradient probe: autodiff agrees with the closed forms, and MSE's gradient vanishes at a confident mistake") {
    for (const char* name : {"softmax_cross_entropy", "mse_softmax", "nll"}) {
        auto loss = loss_from_config({{"name", name}});
        for (double p : {0.001, 0.01, 0.3, 0.9}) {
            const auto formula = probe_gradient_closed_form(*loss, p, 4);
            REQUIRE(formula.has_value());
            CHECK(probe_gradient(*loss, p, 4) == doctest::Approx(*formula).epsilon(1e-9));
        }
    }
    for (const char* name : {"sigmoid_binary_cross_entropy", "mse_sigmoid", "binary_cross_entropy"}) {
        auto loss = loss_from_config({{"name", name}});
        for (double p : {0.001, 0.2, 0.9})
            CHECK(probe_gradient(*loss, p, 1) == doctest::Approx(*probe_gradient_closed_form(*loss, p, 1)).epsilon(1e-9));
    }
    auto ce = loss_from_config({{"name", "softmax_cross_entropy"}});
    auto mse = loss_from_config({{"name", "mse_softmax"}});
    // At p = 0.001 on the true class: cross-entropy pushes with 0.999, MSE with 2 p (1-p)^2 / 3 = 0.000665.
    CHECK(probe_gradient(*ce, 0.001, 4) == doctest::Approx(0.999));
    CHECK(probe_gradient(*mse, 0.001, 4) == doctest::Approx(2 * 0.001 * 0.999 * 0.999 / 3));
}

TEST_CASE("diagnostics: the logits' gradient is (softmax - y) per example, and entropy + KL = cross-entropy") {
    auto x = make_experiment(small_config("softmax_cross_entropy"));
    // A bad start (large weights), so that some outputs are saturated and the fraction is not 0.
    for (Parameter<float>* p : x->model->parameters()) p->value *= 6.0f;
    train_for(*x, 1);
    const Diagnostics d = diagnose(*x);

    // Independently: softmax of the logits in float64, minus the one-hot targets, averaged.
    const Tensor<double> z = x->logits(x->train).cast<double>();
    double total = 0, ce = 0;
    Index saturated = 0;
    for (Index i = 0; i < z.rows(); ++i) {
        Eigen::RowVectorXd p = (z.row(i).array() - z.row(i).maxCoeff()).exp();
        p /= p.sum();
        const Index truth = x->train.labels[static_cast<std::size_t>(i)];
        ce -= std::log(p(truth));
        saturated += p(truth) < 1e-3;
        p(truth) -= 1;
        total += p.cwiseAbs().sum();
    }
    CHECK(d.grad_logits_mean_abs == doctest::Approx(total / static_cast<double>(z.size())).epsilon(1e-4));
    CHECK(*d.cross_entropy == doctest::Approx(ce / static_cast<double>(z.rows())).epsilon(1e-6));
    CHECK(*d.entropy + *d.kl_divergence == doctest::Approx(*d.cross_entropy).epsilon(1e-12));
    CHECK(*d.entropy == 0);  // one-hot targets carry no uncertainty
    REQUIRE(saturated > 0);
    CHECK(*d.saturated_fraction == doctest::Approx(static_cast<double>(saturated) / static_cast<double>(z.rows())));
}

TEST_CASE("diagnostics for a sigmoid loss: per-label Bernoulli entropy + KL = cross-entropy") {
    auto x = make_experiment(parse_config(nlohmann::json::parse(R"({
        "task": "multilabel", "data": {"generator": "multilabel", "n": 100},
        "loss": {"name": "mse_sigmoid"}, "optimizer": {"name": "sgd", "lr": 0.5}, "epochs": 2, "seed": 1})")));
    train_for(*x, 1);
    const Diagnostics d = diagnose(*x);
    REQUIRE(d.cross_entropy.has_value());
    CHECK(*d.entropy + *d.kl_divergence == doctest::Approx(*d.cross_entropy).epsilon(1e-9));
    // Independently: with 0/1 targets H(y) = 0, so KL is the mean over examples of the summed
    // binary cross-entropies -[y log p + (1 - y) log(1 - p)], p = sigmoid(z), in float64.
    const Tensor<double> z = x->logits(x->train).cast<double>();
    const Tensor<double>& y = x->train.targets.cast<double>();
    double kl = 0;
    for (Index i = 0; i < z.size(); ++i) {
        const double p = 1 / (1 + std::exp(-z.data()[i])), t = y.data()[i];
        kl -= t * std::log(p) + (1 - t) * std::log(1 - p);
    }
    CHECK(*d.entropy == doctest::Approx(0).epsilon(1e-12));
    CHECK(*d.kl_divergence == doctest::Approx(kl / static_cast<double>(z.rows())).epsilon(1e-6));
}

TEST_CASE("the same seed gives the same run, bit for bit, whatever ran before") {
    auto first = make_experiment(small_config("mse_softmax"));
    auto other = make_experiment(small_config("softmax_cross_entropy"));
    train_for(*other, 1);
    auto second = make_experiment(small_config("mse_softmax"));
    const TrainResult a = train_experiment(*first), b = train_experiment(*second);
    REQUIRE(a.records.size() == 3);
    CHECK(a.records == b.records);
    CHECK(first->logits(first->test) == second->logits(second->test));
}

TEST_CASE("every loss starts from the same weights: only the loss differs between runs") {
    auto ce = make_experiment(small_config("softmax_cross_entropy"));
    auto mse = make_experiment(small_config("mse_softmax"));
    const auto a = ce->model->parameters(), b = mse->model->parameters();
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) CHECK(a[i]->value == b[i]->value);
    CHECK(ce->train.features == mse->train.features);
    CHECK(ce->test.labels == mse->test.labels);
}
