// The one strict options reader and the safe JSON reader: every kind of error, by its full text.
#include <doctest/doctest.h>

#include "core/json_file.hpp"
#include "optim/temp_dir.hpp"
#include "train/config.hpp"

#include <fstream>

using namespace tapegrad;
using json = nlohmann::json;

TEST_CASE("options: typed getters with defaults, and resolved() records what was used") {
    const json j = {{"lr", 0.5}, {"nesterov", true}, {"hidden", {64, 32}}, {"labels", "fruit"}};
    Options o(j, "optimizer");
    CHECK(o.number("lr", 0.1, Range::at_least(0)) == 0.5);
    CHECK(o.number("momentum", 0.9) == 0.9);  // absent: the fallback
    CHECK(o.boolean("nesterov", false));
    CHECK(o.integers("hidden", {}, 1, 100) == std::vector<long long>{64, 32});
    CHECK(o.strings("labels") == std::vector<std::string>{"fruit"});  // one name is an array of one
    CHECK(o.resolved() == json{{"lr", 0.5}, {"momentum", 0.9}, {"nesterov", true}, {"hidden", {64, 32}}, {"labels", {"fruit"}}});
    CHECK_NOTHROW(o.finish());
}

TEST_CASE("options: an unknown key is refused with the nearest known key") {
    const json j = {{"epoch", 3}, {"batch_size", 8}};
    Options o(j, "");
    o.integer("epochs", 20, 1, 100);
    o.integer("batch_size", 32, 1, 100);
    CHECK_THROWS_WITH_AS(o.finish(), "epoch: unknown key; did you mean \"epochs\"? (known here: batch_size, epochs)", ConfigError);
    const json k = {{"zzz", 1}};
    Options far(k, "model");
    far.integer("hidden", 1, 1, 2);
    CHECK_THROWS_WITH_AS(far.finish(), "model.zzz: unknown key (known here: hidden)", ConfigError);
}

TEST_CASE("options: wrong type, out of range, missing required key, a choice") {
    const json j = {{"lr", "fast"}, {"momentum", -0.1}, {"epochs", 2.5}, {"task", "multiclas"}};
    Options o(j, "optimizer");
    CHECK_THROWS_WITH_AS(o.number("lr", 0.1), "optimizer.lr: expected a number, got \"fast\"", ConfigError);
    CHECK_THROWS_WITH_AS(o.number("momentum", 0, Range::at_least(0)), "optimizer.momentum: must be >= 0, got -0.1", ConfigError);
    CHECK_THROWS_WITH_AS(o.integer("epochs", 1, 1, 10), "optimizer.epochs: expected a whole number, got 2.5", ConfigError);
    CHECK_THROWS_WITH_AS(o.string("name"), "optimizer.name: missing (this key is required)", ConfigError);
    CHECK_THROWS_WITH_AS(o.choice("task", "multiclass", {"multiclass", "binary", "multilabel"}),
                         "optimizer.task: must be one of multiclass, binary, multilabel (did you mean \"multiclass\"?), got \"multiclas\"",
                         ConfigError);
    const json array = json::array();
    CHECK_THROWS_WITH_AS(Options(array, "data"), "data: expected an object, got an array", ConfigError);
}

TEST_CASE("options: a long or hostile value is quoted short and escaped") {
    const json j = {{"name", std::string(100000, 'x') + "\x1b[2J"}};
    Options o(j, "loss");
    std::string message;
    try {
        o.number("name", 1.0);
    } catch (const ConfigError& e) {
        message = e.what();
    }
    CHECK(message.size() < 120);
    CHECK(message.find('\x1b') == std::string::npos);
    CHECK(message.find("...\"") != std::string::npos);
}

// Duplicate keys, syntax errors, numbers too large and deep nesting: tests/core/test_json_limits.cpp.
TEST_CASE("a config file with a key given twice is refused, naming the key") {
    TempDir dir;
    const auto path = (dir / "run.json").string();
    std::ofstream(path) << R"({"data": {"dataset": "iris"}, "optimizer": {"lr": 0.1, "lr": 0.2}})";
    CHECK_THROWS_WITH_AS(load_config(path, {}), doctest::Contains("optimizer.lr: duplicate key (each key may appear once per object)"), ValueError);
}

TEST_CASE("--set overrides: numbers, strings, arrays, new objects; a bad assignment is named") {
    json doc = {{"optimizer", {{"name", "sgd"}}}};
    apply_override(doc, "optimizer.lr=0.05");
    apply_override(doc, "optimizer.name=adam");
    apply_override(doc, "model.hidden=[64,32]");
    apply_override(doc, "data.labels=fruit");
    CHECK(doc["optimizer"] == json{{"name", "adam"}, {"lr", 0.05}});
    CHECK(doc["model"]["hidden"] == json{64, 32});
    CHECK(doc["data"]["labels"] == "fruit");
    CHECK_THROWS_WITH_AS(apply_override(doc, "lr"), "--set lr: expected key.path=value", ConfigError);
    CHECK_THROWS_WITH_AS(apply_override(doc, "optimizer.lr.x=1"), "--set optimizer.lr.x=1: optimizer.lr is not an object", ConfigError);
}

TEST_CASE("a config file's errors start with its name and give the key path") {
    TempDir dir;
    const auto path = (dir / "run.json").string();
    std::ofstream(path) << R"({"task": "multiclass", "data": {"dataset": "iris"}, "optimizer": {"name": "sgd", "lr": -0.1}})";
    CHECK_THROWS_WITH_AS(load_config(path, {}), (path + ": optimizer.lr: must be >= 0, got -0.1").c_str(), ConfigError);
    CHECK_THROWS_WITH_AS(load_config(path, {"optimizer.lr=0.1", "epoch=3"}),
                         doctest::Contains((path + ": epoch: unknown key; did you mean \"epochs\"?").c_str()), ConfigError);
    CHECK_THROWS_WITH_AS(load_config(path, {"optimizer.lr=0.1", "model.hidden=[0]"}),
                         (path + ": model.hidden[0]: must be in [1, 100000], got 0").c_str(), ConfigError);
    CHECK_THROWS_WITH_AS(load_config(path, {"optimizer.lr=0.1", "optimizer.momentun=0.9"}),
                         doctest::Contains((path + ": optimizer.momentun: unknown key; did you mean \"momentum\"?").c_str()), ConfigError);
    CHECK_THROWS_WITH_AS(load_config(path, {"optimizer.lr=0.1", "early_stopping.patience=2"}),
                         (path + ": early_stopping: needs a validation split to watch; set data.validation_fraction (e.g. 0.2)").c_str(),
                         ConfigError);
    const RunConfig ok = load_config(path, {"optimizer.lr=0.1", "clip.max_norm=1.0"});
    CHECK(ok.clip_max_norm == 1.0);
    CHECK(ok.optimizer == json{{"name", "sgd"}, {"lr", 0.1}, {"momentum", 0.0}, {"dampening", 0.0}, {"nesterov", false}, {"weight_decay", 0.0}});
}

TEST_CASE("a resolved config reads back as itself") {
    const RunConfig c = parse_config(json::parse(R"({"task": "multiclass", "data": {"dataset": "iris", "validation_fraction": 0.2},
        "model": {"hidden": [8]}, "loss": {"name": "softmax_cross_entropy", "label_smoothing": 0.1},
        "optimizer": {"name": "adam", "schedule": {"name": "cosine"}}, "clip": {"max_norm": 2},
        "early_stopping": {"metric": "val_accuracy", "patience": 3}})"));
    const json resolved = resolved_config(c);
    CHECK(resolved_config(parse_config(resolved)) == resolved);
}
