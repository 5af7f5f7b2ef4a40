// Training an Experiment with the one loop: clipping from the config, early stopping, the
// validation split, resuming from records, and a check that no second training loop exists.
#include <doctest/doctest.h>

#include "train/trainer.hpp"

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

using namespace tapegrad;
using json = nlohmann::json;

namespace {
RunConfig config(const std::string& extra) {
    return parse_config(json::parse(R"({"task": "multiclass", "data": {"dataset": "iris", "validation_fraction": 0.2},
        "model": {"hidden": [16]}, "optimizer": {"name": "sgd", "lr": 0.5}, "epochs": 6, "batch_size": 8, "seed": 3)" +
                                    extra + "}"));
}
}  // namespace

TEST_CASE("clip.max_norm clips: the logged norm after clipping never exceeds it, though the raw norm does") {
    auto x = make_experiment(config(R"(, "clip": {"max_norm": 1.0})"));
    const TrainResult r = train_experiment(*x);
    REQUIRE(r.records.size() == 6);
    double raw_max = 0;
    for (const json& e : r.records) {
        CHECK(e["grad_norm_clipped_max"].get<double>() <= 1.0 + 1e-12);
        raw_max = std::max(raw_max, e["grad_norm_max"].get<double>());
    }
    CHECK(raw_max > 1.0);  // the clip had something to do
    auto unclipped = make_experiment(config(""));
    CHECK_FALSE(train_experiment(*unclipped).records[0].contains("grad_norm_max"));  // not measured unless asked
}

TEST_CASE("early stopping: the rule, step by step") {
    EarlyStopping loss_watch({"val_loss", 2, 0.01});
    CHECK(loss_watch.observe(1, 1.0));
    CHECK(loss_watch.observe(2, 0.5));
    CHECK_FALSE(loss_watch.observe(3, 0.495));  // better, but by less than min_delta
    CHECK_FALSE(loss_watch.should_stop());
    CHECK_FALSE(loss_watch.observe(4, 0.6));
    CHECK(loss_watch.should_stop());            // two epochs without improvement
    CHECK(loss_watch.best_epoch() == 2);
    EarlyStopping accuracy_watch({"val_accuracy", 1, 0});
    accuracy_watch.observe(1, 0.5);
    CHECK(accuracy_watch.observe(2, 0.7));      // higher is better for accuracy
    CHECK_FALSE(accuracy_watch.observe(3, 0.7));
    CHECK(accuracy_watch.should_stop());
}

TEST_CASE("early stopping stops a run at the expected epoch, and names the best one") {
    // lr 0 changes nothing: the validation loss is the same every epoch, so the first epoch is
    // the best and a patience of 2 stops the run after epoch 3.
    auto x = make_experiment(config(R"(, "early_stopping": {"patience": 2}, "epochs": 50)"));
    x->optimizer->set_base_lr(0);
    const TrainResult r = train_experiment(*x);
    CHECK(r.stopped_early);
    CHECK(r.records.size() == 3);
    CHECK(r.best_epoch == 1);
    CHECK(r.records[0].contains("val_loss"));
    CHECK_FALSE(r.records[0].contains("test_loss"));  // the test split is only scored at the end
}

TEST_CASE("a run resumed from its records and state continues exactly") {
    auto straight = make_experiment(config(R"(, "early_stopping": {"patience": 100}, "optimizer": {"name": "adam", "lr": 0.01})"));
    const TrainResult all = train_experiment(*straight);

    auto first = make_experiment(config(R"(, "early_stopping": {"patience": 100}, "optimizer": {"name": "adam", "lr": 0.01})"));
    first->config.epochs = 2;
    const TrainResult part = train_experiment(*first);
    first->config.epochs = 6;
    const TrainResult rest = train_experiment(*first, {}, {2, part.records});
    CHECK(rest.records == all.records);
    CHECK(rest.best_epoch == all.best_epoch);
}

TEST_CASE("one training loop: no code outside train/ steps an optimizer or walks a training tape") {
    const auto root = std::filesystem::path(__FILE__).parent_path().parent_path().parent_path();
    const std::regex training_step(R"(->\s*step\(\)|\.step\(\)|zero_grad\(|train_step\(|\bfit\()");
    int files = 0;
    for (const char* dir : {"app", "lab"}) {
        for (const auto& entry : std::filesystem::directory_iterator(root / dir)) {
            std::ifstream in(entry.path());
            std::stringstream text;
            text << in.rdbuf();
            ++files;
            INFO(entry.path().string());
            CHECK_FALSE(std::regex_search(text.str(), training_step));
        }
    }
    CHECK(files > 10);
}
