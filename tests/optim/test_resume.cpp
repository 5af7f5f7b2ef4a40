// Resuming: N steps in one go versus k steps, a checkpoint, fresh objects loaded from it and N - k
// more steps must give bit-identical parameters and optimizer state, for every optimizer. Two
// runs from the same seed must be bit-identical too.
#include "temp_dir.hpp"

#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>

#include <cstring>
#include <memory>

using namespace tapegrad;

namespace {

// Three noisy blobs in 2-D, made from their own seed.
struct Blobs {
    Tensor<float> x{90, 2};
    std::vector<Index> y = std::vector<Index>(90);
    Blobs() {
        Rng rng(123);
        for (Index i = 0; i < 90; ++i) {
            y[static_cast<std::size_t>(i)] = i % 3;
            x(i, 0) = static_cast<float>(rng.normal(2.0 * static_cast<double>(i % 3), 1.0));
            x(i, 1) = static_cast<float>(rng.normal(i % 3 == 1 ? 2.0 : 0.0, 1.0));
        }
    }
};

std::unique_ptr<Optimizer<float>> make(const std::string& name, std::vector<Parameter<float>*> params) {
    std::unique_ptr<Optimizer<float>> opt;
    if (name == "sgd") opt = std::make_unique<SGD<float>>(params, SGDOptions(0.1).momentum(0.9).weight_decay(1e-3));
    if (name == "adam") opt = std::make_unique<Adam<float>>(params, AdamOptions(0.01));
    if (name == "adamw") opt = std::make_unique<AdamW<float>>(params, AdamWOptions(0.01));
    if (name == "rmsprop") opt = std::make_unique<RMSprop<float>>(params, RMSpropOptions(0.01).centered(true).momentum(0.5));
    if (name == "adagrad") opt = std::make_unique<Adagrad<float>>(params, AdagradOptions(0.1).lr_decay(0.01));
    opt->set_schedule(linear_warmup(3, 0.1).then(3, cosine_annealing(20)));  // depends on the step count
    return opt;
}

// A training run: the RNG picks each step's batch, so its state matters as much as the weights.
struct Run {
    Rng rng;
    MLP<float> model;
    std::unique_ptr<Optimizer<float>> opt;
    Tape<float> tape;
    Tensor<float> xb{8, 2};
    std::vector<Index> yb = std::vector<Index>(8);
    Run(const std::string& optimizer, std::uint64_t seed)
        : rng(seed), model(2, {6}, 3, rng, MLPOptions().activation("tanh")), opt(make(optimizer, model.parameters())) {}

    void steps(const Blobs& data, int n) {
        for (int s = 0; s < n; ++s) {
            for (Index i = 0; i < 8; ++i) {
                const auto row = static_cast<Index>(rng.below(90));
                xb.row(i) = data.x.row(row);
                yb[static_cast<std::size_t>(i)] = data.y[static_cast<std::size_t>(row)];
            }
            auto loss = [](Var<float> z, std::span<const Index> c) { return softmax_cross_entropy(z, c); };
            train_step(model, *opt, tape, xb, yb, loss, 1.0);
        }
    }
    TrainingState<float> state() { return {model.parameters(), opt.get(), &rng, {0, opt->steps()}}; }
};

bool same_bits(const Tensor<float>& a, const Tensor<float>& b) {
    return a.rows() == b.rows() && a.cols() == b.cols() &&
           std::memcmp(a.data(), b.data(), sizeof(float) * static_cast<std::size_t>(a.size())) == 0;
}

void check_identical(Run& a, Run& b) {
    for (std::size_t i = 0; i < a.model.parameters().size(); ++i)
        CHECK(same_bits(a.model.parameters()[i]->value, b.model.parameters()[i]->value));
    const auto sa = a.opt->state(), sb = b.opt->state();
    REQUIRE(sa.size() == sb.size());
    for (std::size_t i = 0; i < sa.size(); ++i) {
        CHECK(sa[i].name == sb[i].name);
        CHECK(same_bits(*sa[i].tensor, *sb[i].tensor));
    }
    CHECK(a.opt->steps() == b.opt->steps());
    CHECK(a.rng.state() == b.rng.state());
}

}  // namespace

TEST_CASE("training resumed from a checkpoint is bit-identical to training straight through") {
    const Blobs data;
    const int N = 25, k = 9;
    for (const char* name : {"sgd", "adam", "adamw", "rmsprop", "adagrad"}) {
        const std::string optimizer = name;
        CAPTURE(optimizer);
        TempDir dir;
        Run straight(name, 5);
        straight.steps(data, N);

        Run first(name, 5);
        first.steps(data, k);
        save_checkpoint(dir / "k.ckpt", first.state());
        Run resumed(name, 77);  // different weights and RNG until the checkpoint is loaded
        TrainingState<float> state = resumed.state();
        load_checkpoint(dir / "k.ckpt", state);
        CHECK(state.position.step == k);
        resumed.steps(data, N - k);

        check_identical(straight, resumed);
        Run again(name, 5);  // and the same seed twice gives the same run
        again.steps(data, N);
        check_identical(straight, again);
    }
}

TEST_CASE("fit resumes too: 3 epochs versus 1 epoch, a checkpoint, and 2 more") {
    const Blobs data;
    auto loss = [](Var<float> z, std::span<const Index> c) { return softmax_cross_entropy(z, c); };
    const auto options = FitOptions().batch_size(16);
    TempDir dir;

    Run straight("adam", 8);
    fit(straight.model, *straight.opt, data.x, data.y, loss, FitOptions(options).epochs(3), straight.rng);

    Run first("adam", 8);
    fit(first.model, *first.opt, data.x, data.y, loss, FitOptions(options).epochs(1), first.rng,
        [&](const EpochStats& s) {
            TrainingState<float> state = first.state();
            state.position = {s.epoch, s.steps};  // epochs done
            save_checkpoint(dir / "epoch.ckpt", state);
        });
    Run resumed("adam", 1);
    TrainingState<float> state = resumed.state();
    load_checkpoint(dir / "epoch.ckpt", state);
    const auto history = fit(resumed.model, *resumed.opt, data.x, data.y, loss,
                             FitOptions(options).epochs(3).first_epoch(static_cast<int>(state.position.epoch)), resumed.rng);
    REQUIRE(history.size() == 2);  // epochs 2 and 3
    CHECK(history.front().epoch == 2);
    check_identical(straight, resumed);
}
