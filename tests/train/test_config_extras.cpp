// The new losses, optimizer options, schedules, groups, clipping and init schemes as a config
// names them: each new loss family trains to a good accuracy from a fixed seed, each option is
// read strictly (key paths, did-you-mean), and the run records what it used.
#include <doctest/doctest.h>

#include "train/trainer.hpp"

using namespace tapegrad;
using json = nlohmann::json;

namespace {

// Iris, one hidden layer, a fixed seed; `changes` is merged over it (a loss, an optimizer, ...).
json iris(const json& changes) {
    json c = json::parse(R"({"task": "multiclass", "data": {"dataset": "iris"}, "model": {"hidden": [16]},
                            "optimizer": {"name": "adam", "lr": 0.01}, "epochs": 30, "batch_size": 16, "seed": 1})");
    c.merge_patch(changes);
    return c;
}

TrainResult train(const json& config) {
    auto x = make_experiment(parse_config(config));
    return train_experiment(*x);
}

double final_accuracy(const TrainResult& r) { return r.records.back()["test_accuracy"].get<double>(); }
double loss_drop(const TrainResult& r) {
    return r.records.front()["train_loss"].get<double>() / r.records.back()["train_loss"].get<double>();
}

}  // namespace

TEST_CASE("each new loss family learns iris from a fixed seed") {
    // Every loss gets at least 90% of the test split right, and its training loss
    // falls by a factor of 2 or more over 30 epochs.
    for (const json& loss : {json{{"name", "l1"}}, json{{"name", "huber"}, {"delta", 0.5}},
                             json{{"name", "smooth_l1"}, {"beta", 0.5}}, json{{"name", "multi_margin"}},
                             json{{"name", "multi_margin"}, {"p", 2}, {"margin", 0.5}}}) {
        CAPTURE(loss.dump());
        const TrainResult r = train(iris({{"loss", loss}}));
        CHECK(final_accuracy(r) >= 0.9);
        CHECK(loss_drop(r) > 2);
    }
}

TEST_CASE("weighted sigmoid BCE learns the binary moons task") {
    const json config = json::parse(R"({"task": "binary", "data": {"generator": "moons", "n": 400, "noise": 0.15},
        "model": {"hidden": [16]}, "loss": {"name": "sigmoid_binary_cross_entropy", "weight": [2.0], "pos_weight": [0.5]},
        "optimizer": {"name": "adam", "lr": 0.02}, "epochs": 40, "batch_size": 32, "seed": 2})");
    const TrainResult r = train(config);
    CHECK(final_accuracy(r) >= 0.95);
    CHECK(loss_drop(r) > 3);
}

TEST_CASE("amsgrad, groups, clipping by value, the new schedules and init schemes train iris") {
    for (const json& changes : {
             json::parse(R"({"optimizer": {"name": "adam", "lr": 0.01, "amsgrad": true}})"),
             json::parse(R"({"optimizer": {"name": "adamw", "lr": 0.01, "weight_decay": 0.05,
                             "groups": [{"params": "*.bias", "weight_decay": 0}, {"params": "1.weight", "lr": 0.02}]}})"),
             json::parse(R"({"clip": {"max_value": 0.1}})"),
             json::parse(R"({"optimizer": {"name": "sgd", "lr": 0.2, "momentum": 0.9,
                             "schedule": {"name": "multistep", "milestones": [100, 200], "gamma": 0.5}}})"),
             json::parse(R"({"optimizer": {"name": "sgd", "lr": 0.3, "schedule": {"name": "one_cycle"}}})"),
             json::parse(R"({"optimizer": {"name": "sgd", "lr": 0.2, "schedule": {"name": "cosine_restarts", "t_0": 50, "t_mult": 2}}})"),
             json::parse(R"({"model": {"init": "orthogonal"}})"), json::parse(R"({"model": {"init": "torch_default"}})"),
             json::parse(R"({"model": {"init": "kaiming_normal_fan_out"}})"), json::parse(R"({"model": {"init": "truncated_normal"}})")}) {
        CAPTURE(changes.dump());
        const TrainResult r = train(iris(changes));
        CHECK(final_accuracy(r) >= 0.9);
    }
}

TEST_CASE("groups in a config: biases without decay, and errors that name the group") {
    auto x = make_experiment(parse_config(iris(json::parse(R"({"optimizer": {"name": "adamw", "weight_decay": 0.1,
        "groups": [{"params": ["*.bias"], "weight_decay": 0}, {"params": "0.weight", "lr": 0.5}]}})"))));
    const auto& params = x->optimizer->parameters();  // 0.weight, 0.bias, 1.weight, 1.bias
    REQUIRE(params.size() == 4);
    CHECK(x->optimizer->weight_decay_of(0, 0.1) == 0.1);
    CHECK(x->optimizer->weight_decay_of(1, 0.1) == 0.0);
    CHECK(x->optimizer->weight_decay_of(3, 0.1) == 0.0);
    CHECK(x->optimizer->lr_of(0) == 0.5);
    CHECK(x->optimizer->lr_of(2) == 0.01);  // the optimizer's lr: iris() sets 0.01
    auto fails = [](const char* optimizer) { return make_experiment(parse_config(iris(json::parse(optimizer)))); };
    CHECK_THROWS_WITH_AS(fails(R"({"optimizer": {"groups": [{"params": "*.bais"}]}})"),
                         "optimizer.groups[0].params: \"*.bais\" matches no parameter; did you mean \"0.bias\"? "
                         "(parameters: 0.weight, 0.bias, 1.weight, 1.bias)",
                         ConfigError);
    CHECK_THROWS_WITH_AS(fails(R"({"optimizer": {"groups": [{"params": "*.bias"}, {"params": ["0.weight", "0.*"]}]}})"),
                         "optimizer.groups[1].params[1]: parameter \"0.bias\" is already in optimizer.groups[0]; "
                         "a parameter belongs to one group at most",
                         ConfigError);
    CHECK_THROWS_WITH_AS(parse_config(iris(json::parse(R"({"optimizer": {"groups": [{"params": "*.bias", "wd": 0}]}})"))),
                         "optimizer.groups[0].wd: unknown key (known here: lr, params, weight_decay)", ConfigError);
    CHECK_THROWS_WITH_AS(parse_config(iris(json::parse(R"({"optimizer": {"groups": [{"lr": 0.1}]}})"))),
                         "optimizer.groups[0].params: missing (name the group's parameters, such as \"*.bias\")", ConfigError);
    CHECK_THROWS_WITH_AS(parse_config(iris(json::parse(R"({"optimizer": {"groups": {"params": "*"}}})"))),
                         "optimizer.groups: expected an array of groups such as [{\"params\": \"*.bias\", \"weight_decay\": 0}], "
                         "got an object",
                         ConfigError);
}

TEST_CASE("reduce-on-plateau in a config: the records show the lr falling when the loss stalls") {
    // A high lr with patience 0 and a 5% threshold: the training loss soon stops improving by 5%.
    const TrainResult r = train(iris(json::parse(R"({"optimizer": {"name": "sgd", "lr": 0.5,
        "schedule": {"name": "plateau", "metric": "train_loss", "factor": 0.5, "patience": 0, "threshold": 0.05}}})")));
    double previous = 0.5;
    int drops = 0;
    for (const json& e : r.records) {
        const double lr = e["lr"].get<double>();
        CHECK((lr == previous || lr == doctest::Approx(previous * 0.5)));
        drops += lr < previous;
        previous = lr;
    }
    CHECK(drops >= 2);
    CHECK(final_accuracy(r) >= 0.9);
    CHECK_THROWS_WITH_AS(make_experiment(parse_config(iris(json::parse(R"({"optimizer": {"schedule": {"name": "plateau", "metric": "val_loss"}}})")))),
                         "optimizer.schedule.metric: \"val_loss\" is not in the epoch records; choose one of train_loss, "
                         "test_loss, test_accuracy (val_* needs data.validation_fraction > 0)",
                         ConfigError);
    CHECK_THROWS_WITH_AS(parse_config(iris(json::parse(R"({"optimizer": {"schedule": {"name": "plateau", "patiense": 3}}})"))),
                         "optimizer.schedule.patiense: unknown key; did you mean \"patience\"? (known here: cooldown, eps, "
                         "factor, metric, min_lr, mode, name, patience, threshold, threshold_mode)",
                         ConfigError);
}

TEST_CASE("the new keys are read strictly: booleans, schedules, clip and init") {
    auto parse = [](const char* changes) { return parse_config(iris(json::parse(changes))); };
    CHECK_THROWS_WITH_AS(parse(R"({"optimizer": {"name": "adam", "amsgrad": "yes"}})"),
                         "optimizer.amsgrad: expected true or false, got \"yes\"", ConfigError);
    CHECK_THROWS_WITH_AS(parse(R"({"optimizer": {"name": "adam", "amsgrd": true}})"),
                         "optimizer.amsgrd: unknown key; did you mean \"amsgrad\"? (known here: amsgrad, beta1, beta2, eps, "
                         "lr, name, weight_decay)",
                         ConfigError);
    CHECK_THROWS_WITH_AS(parse(R"({"optimizer": {"schedule": {"name": "multistep"}}})"),
                         "optimizer.schedule.milestones: must list at least one step, such as [300, 600], got nothing", ConfigError);
    CHECK_THROWS_WITH_AS(parse(R"({"optimizer": {"schedule": {"name": "multistep", "milestones": [5, 3]}}})"),
                         "optimizer.schedule.milestones: must increase, got an array", ConfigError);
    CHECK_THROWS_WITH_AS(parse(R"({"optimizer": {"schedule": {"name": "one_cyle"}}})"),
                         "optimizer.schedule.name: must be one of constant, step, multistep, exponential, cosine, "
                         "cosine_restarts, one_cycle, warmup, plateau (did you mean \"one_cycle\"?), got \"one_cyle\"",
                         ConfigError);
    CHECK_THROWS_WITH_AS(parse(R"({"optimizer": {"schedule": {"name": "cosine_restarts", "t_mult": 0}}})"),
                         "optimizer.schedule.t_mult: must be in [1, 1000], got 0", ConfigError);
    CHECK_THROWS_WITH_AS(parse(R"({"clip": {}})"),
                         "clip: name max_norm (clip the gradient's norm), max_value (clamp each entry) or both", ConfigError);
    CHECK_THROWS_WITH_AS(parse(R"({"clip": {"max_value": -1}})"), "clip.max_value: must be in [1e-12, 1e+12], got -1",
                         ConfigError);
    CHECK_THROWS_WITH_AS(parse(R"({"model": {"init": "orthogonl"}})"),
                         "model.init: must be one of auto, zeros, xavier_uniform, xavier_normal, kaiming_uniform, "
                         "kaiming_normal, kaiming_uniform_fan_out, kaiming_normal_fan_out, truncated_normal, orthogonal, "
                         "torch_default (did you mean \"orthogonal\"?), got \"orthogonl\"",
                         ConfigError);
    // What a run records: the keys as read, defaults included.
    const RunConfig c = parse(R"({"optimizer": {"name": "adam", "amsgrad": true}, "clip": {"max_value": 0.5}, "model": {"init": "orthogonal"}})");
    CHECK(c.optimizer["amsgrad"] == true);
    CHECK(c.clip_max_value == 0.5);
    CHECK(c.model.init == "orthogonal");
}

TEST_CASE("reduce-on-plateau resumes exactly: the lr it had lowered is rebuilt from the records") {
    const json changes = json::parse(R"({"optimizer": {"name": "sgd", "lr": 0.5,
        "schedule": {"name": "plateau", "factor": 0.5, "patience": 0, "threshold": 0.05}}, "epochs": 12})");
    auto straight = make_experiment(parse_config(iris(changes)));
    const TrainResult all = train_experiment(*straight);
    auto resumed = make_experiment(parse_config(iris(changes)));
    resumed->config.epochs = 10;
    const TrainResult part = train_experiment(*resumed);
    resumed->config.epochs = 12;
    const TrainResult rest = train_experiment(*resumed, {}, {10, part.records});
    CHECK(rest.records == all.records);
    CHECK(all.records[9]["lr"].get<double>() < 0.5);  // it had dropped before the break
}
