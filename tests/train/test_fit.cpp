// End to end: an MLP learns XOR and softmax regression separates three blobs, with every optimizer,
// from a fixed seed, using fit() and evaluate() from train/fit.hpp.
#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>

#include <memory>
#include <string>

using namespace tapegrad;

namespace {

// Each optimizer at a learning rate lr; momentum for the Nesterov variant.
std::unique_ptr<Optimizer<float>> make(const std::string& name, std::vector<Parameter<float>*> params, double lr) {
    if (name == "sgd") return std::make_unique<SGD<float>>(params, SGDOptions(lr));
    if (name == "sgd_nesterov") return std::make_unique<SGD<float>>(params, SGDOptions(lr).momentum(0.9).nesterov(true));
    if (name == "adam") return std::make_unique<Adam<float>>(params, AdamOptions(lr));
    if (name == "adamw") return std::make_unique<AdamW<float>>(params, AdamWOptions(lr));
    if (name == "rmsprop") return std::make_unique<RMSprop<float>>(params, RMSpropOptions(lr));
    return std::make_unique<Adagrad<float>>(params, AdagradOptions(lr));
}
struct Setting {
    const char* optimizer;
    double lr;
};

auto ce_loss = [](Var<float> logits, std::span<const Index> classes) {
    return softmax_cross_entropy(logits, classes);
};

}  // namespace

TEST_CASE("an MLP learns XOR to 100% accuracy with every optimizer") {
    const Tensor<float> x{{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    const std::vector<Index> y{0, 1, 1, 0};
    for (const Setting s : {Setting{"sgd", 0.5}, {"sgd_nesterov", 0.1}, {"adam", 0.05}, {"adamw", 0.05},
                            {"rmsprop", 0.01}, {"adagrad", 0.3}}) {
        const std::string optimizer = s.optimizer;
        CAPTURE(optimizer);
        Rng rng(1);
        MLP<float> mlp(2, {8}, 2, rng, MLPOptions().activation("tanh"));
        auto opt = make(optimizer, mlp.parameters(), s.lr);
        const auto history = fit(mlp, *opt, x, y, ce_loss, FitOptions().epochs(500).batch_size(4), rng);
        const Evaluation e = evaluate(mlp, x, y, ce_loss);
        CHECK(e.accuracy == 1.0);
        CHECK(history.back().loss < history.front().loss);
        CHECK(opt->steps() == 500);
    }
}

TEST_CASE("softmax regression separates three generated blobs with every optimizer") {
    // 50 points around each of (-4, 0), (4, 0) and (0, 5), standard deviation 0.6.
    Rng data_rng(2024);
    const double centers[3][2] = {{-4, 0}, {4, 0}, {0, 5}};
    Tensor<float> x(150, 2);
    std::vector<Index> y(150);
    for (Index i = 0; i < 150; ++i) {
        y[static_cast<std::size_t>(i)] = i % 3;
        x(i, 0) = static_cast<float>(data_rng.normal(centers[i % 3][0], 0.6));
        x(i, 1) = static_cast<float>(data_rng.normal(centers[i % 3][1], 0.6));
    }
    for (const Setting s : {Setting{"sgd", 0.1}, {"sgd_nesterov", 0.02}, {"adam", 0.05}, {"adamw", 0.05},
                            {"rmsprop", 0.02}, {"adagrad", 0.3}}) {
        const std::string optimizer = s.optimizer;
        CAPTURE(optimizer);
        Rng rng(7);
        MLP<float> model(2, {}, 3, rng);  // logits = x W + b
        auto opt = make(optimizer, model.parameters(), s.lr);
        fit(model, *opt, x, y, ce_loss, FitOptions().epochs(30).batch_size(16), rng);
        const Evaluation e = evaluate(model, x, y, ce_loss);
        CHECK(e.accuracy == 1.0);
        CHECK(e.loss < 0.2);
    }
}

TEST_CASE("fit works with target rows too: a sigmoid output on two blobs") {
    Rng rng(3);
    Tensor<float> x(60, 2), t(60, 1);
    for (Index i = 0; i < 60; ++i) {
        const bool positive = i % 2 == 1;
        t(i, 0) = positive ? 1.0f : 0.0f;
        x(i, 0) = static_cast<float>(rng.normal(positive ? 2 : -2, 0.5));
        x(i, 1) = static_cast<float>(rng.normal(0, 0.5));
    }
    auto bce = [](Var<float> logits, const Tensor<float>& target) {
        return sigmoid_binary_cross_entropy(logits, logits.tape().input(target));
    };
    MLP<float> model(2, {}, 1, rng);
    Adam opt(model.parameters(), AdamOptions(0.05));
    std::vector<int> seen;
    fit(model, opt, x, t, bce, FitOptions().epochs(10).batch_size(8).clip_grad_norm(5.0), rng,
        [&](const EpochStats& s) { seen.push_back(s.epoch); });
    CHECK(seen == std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10});  // epochs count from 1
    CHECK(evaluate(model, x, t, bce).accuracy == 1.0);
}

TEST_CASE("a step whose gradient is not finite is skipped and counted, leaving the parameters alone") {
    const Tensor<float> x{{1, 2}};
    const std::vector<Index> y{0};
    Rng rng(0);
    MLP<float> model(2, {}, 2, rng);
    SGD opt(model.parameters(), SGDOptions(0.1));
    const Tensor<float> before = model.layers[0].weight.value;
    auto poisoned = [](Var<float> logits, std::span<const Index> classes) {
        return softmax_cross_entropy(logits, classes) * std::numeric_limits<float>::infinity();
    };
    const auto history = fit(model, opt, x, y, poisoned, FitOptions().epochs(2).batch_size(1), rng);
    CHECK(history[1].skipped_steps == 1);
    CHECK(opt.steps() == 0);
    CHECK(model.layers[0].weight.value == before);
}

TEST_CASE("fit refuses targets that do not match the examples") {
    Rng rng(0);
    MLP<float> model(2, {}, 2, rng);
    SGD opt(model.parameters(), SGDOptions(0.1));
    CHECK_THROWS_WITH_AS(fit(model, opt, Tensor<float>::Zero(3, 2), std::vector<Index>{0, 1}, ce_loss,
                             FitOptions(), rng),
                         "fit: x has 3 rows but the targets have 2; one target per example", ShapeError);
}

TEST_CASE("train_step is the loop a user would write by hand with the tape") {
    const Tensor<float> x{{0.5f, -1}, {2, 0.25f}, {-1, 1}};
    const std::vector<Index> y{1, 0, 1};
    Rng rng_a(4), rng_b(4);
    MLP<float> a(2, {3}, 2, rng_a), b(2, {3}, 2, rng_b);
    SGD opt_a(a.parameters(), SGDOptions(0.1).momentum(0.9));
    SGD opt_b(b.parameters(), SGDOptions(0.1).momentum(0.9));
    Tape<float> tape;
    for (int step = 0; step < 3; ++step) {
        const StepResult r = train_step(a, opt_a, tape, x, y, ce_loss, 0, /*measure_norm=*/step > 0);
        CHECK_FALSE(r.skipped);
        if (step == 0) CHECK(std::isnan(r.grad_norm));  // not measured unless clipping or asked
        else CHECK(r.grad_norm > 0);

        Var<float> loss = softmax_cross_entropy(b.forward(tape, tape.input(x)), y);  // by hand
        opt_b.zero_grad();
        tape.backward(loss);
        opt_b.step();
        CHECK(r.loss == loss.item());
        tape.clear();
    }
    for (std::size_t i = 0; i < a.parameters().size(); ++i)
        CHECK(a.parameters()[i]->value == b.parameters()[i]->value);
}
