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

namespace {
// The training loss of `x`'s model as a float64 function of its parameters: the same MLP in
// float64 with the float32 weights, the loss averaged over the training examples (a "sum"
// reduction divided by m, as diagnose reports it).
struct LossInFloat64 {
    Experiment& x;
    std::unique_ptr<MLP<double>> model;
    Target<double> target;
    double per_example;

    explicit LossInFloat64(Experiment& e) : x(e) {
        Rng unused(0);
        model = std::make_unique<MLP<double>>(x.train.num_features(), x.config.model.hidden, x.model->layers.back().out_features(),
                                              unused, MLPOptions().activation(x.model->options().activation().name));
        const auto from = x.model->parameters();
        const auto to = model->parameters();
        for (std::size_t i = 0; i < from.size(); ++i) to[i]->value = from[i]->value.cast<double>();
        const Target<float> t = x.target(x.train);
        target.classes = t.classes;
        target.dense = t.dense.cast<double>();
        per_example = x.loss->options().value("reduction", "mean") == "sum" ? 1.0 / static_cast<double>(x.train.rows()) : 1.0;
    }
    double operator()() {
        NoGradGuard no_grad;
        Tape<double> tape;
        const Tensor<double> features = x.train.features.cast<double>();
        return per_example * (*x.loss)(model->forward(tape, tape.input(features)), target).item();
    }
    // sqrt(sum of (dL/dtheta)^2) over layer l's weight and bias, by central differences.
    double layer_norm_by_differences(std::size_t l) {
        constexpr double h = 1e-6;
        double squares = 0;
        for (Parameter<double>* p : model->layers[l].parameters())
            for (Index k = 0; k < p->value.size(); ++k) {
                double& v = p->value.data()[k];
                const double keep = v;
                v = keep + h;
                const double up = (*this)();
                v = keep - h;
                const double down = (*this)();
                v = keep;
                squares += std::pow((up - down) / (2 * h), 2);
            }
        return std::sqrt(squares);
    }
};
}  // namespace

TEST_CASE("diagnostics: each layer's gradient norm is the training loss's, checked by float64 finite differences") {
    for (const char* loss : {R"({"name": "mse_softmax"})", R"({"name": "softmax_cross_entropy", "reduction": "sum"})"}) {
        CAPTURE(loss);
        RunConfig config = small_config("softmax_cross_entropy");
        config.loss = nlohmann::json::parse(loss);
        auto x = make_experiment(config);
        train_for(*x, 1);
        const Diagnostics d = diagnose(*x);
        REQUIRE(d.grad_norm_layers.size() == 2);
        LossInFloat64 f(*x);
        for (std::size_t l = 0; l < 2; ++l) {
            const double numeric = f.layer_norm_by_differences(l);
            CHECK(numeric > 1e-4);  // a gradient there to measure
            CHECK(d.grad_norm_layers[l] == doctest::Approx(numeric).epsilon(1e-3));
        }
    }
}

TEST_CASE("diagnostics leave training as it was: the same weights with and without a diagnose every epoch") {
    auto measured = make_experiment(small_config("mse_softmax"));
    auto plain = make_experiment(small_config("mse_softmax"));
    TrainHooks hooks;
    std::vector<double> first_layer;
    hooks.on_epoch = [&](int, nlohmann::json&) { first_layer.push_back(diagnose(*measured).grad_norm_layers.at(0)); };
    train_experiment(*measured, hooks);
    train_experiment(*plain);
    REQUIRE(first_layer.size() == 3);
    const auto a = measured->model->parameters(), b = plain->model->parameters();
    for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i]->value == b[i]->value);
        CHECK(a[i]->grad == b[i]->grad);  // the last step's gradients, put back
    }
}

TEST_CASE("a saturated start: MSE's gradient is an order of magnitude smaller than CE's at every layer, on the same weights") {
    auto ce = make_experiment(small_config("softmax_cross_entropy"));
    auto mse = make_experiment(small_config("mse_softmax"));
    for (auto* x : {ce.get(), mse.get()})
        for (Parameter<float>* p : x->model->parameters()) p->value *= 8.0f;
    for (auto* x : {ce.get(), mse.get()}) x->loss = loss_from_config({{"name", x->loss->name()}, {"reduction", "batch_mean"}});
    const Diagnostics a = diagnose(*ce), b = diagnose(*mse);
    REQUIRE(b.saturated_fraction.has_value());
    CHECK(*b.saturated_fraction > 0.3);
    for (std::size_t l = 0; l < 2; ++l) CHECK(a.grad_norm_layers[l] > 10 * b.grad_norm_layers[l]);
}
