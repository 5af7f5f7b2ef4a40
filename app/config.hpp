// A run's configuration, read from JSON strictly: unknown keys and wrong types are errors that name
// the key path. The loss and optimizer sections are handed on as JSON to the loss registry and the
// optimizer factory, which check their own options the same way.
#pragma once

#include "json_reader.hpp"

#include "../core/tensor.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace tapegrad {

enum class Task { multiclass, binary, multilabel };
const char* task_name(Task task);

/// Where the examples come from: CSV files, a bundled dataset, or a generator.
struct DataConfig {
    std::string train, test;          // CSV files (test optional: then test_fraction of train)
    std::vector<std::string> labels;  // label column names for CSV files
    std::string dataset;              // a bundled dataset's name, e.g. "iris"
    std::string generator;            // a generator's name, e.g. "moons"
    nlohmann::json generator_options; // the generator's own keys ("n", "noise", ...), checked by it
    double test_fraction = 0.25;      // held-out share when there is no test file
    bool standardize = true;          // fit mean/std on the training part, apply to both
};

struct ModelConfig {
    std::vector<Index> hidden;        // hidden layer sizes; [] is logistic/softmax regression
    std::string activation = "relu";
    double init_scale = 1.0;          // multiplies the initial weights (large: a "bad start")
};

struct RunConfig {
    Task task = Task::multiclass;
    DataConfig data;
    ModelConfig model;
    nlohmann::json loss;       // {"name": ..., options...}
    nlohmann::json optimizer;  // {"name": ..., "lr": ..., options...}
    long epochs = 20;
    long batch_size = 32;
    long seed = 0;
    bool anomaly = false;      // stop at the first op that produces NaN or infinity
    nlohmann::json source;     // the document this was read from, after overrides
};

/// Reads and checks a config document (after --set overrides were applied to it).
RunConfig parse_config(const nlohmann::json& document);

/// Reads a config file, applies "key.path=value" overrides (see apply_override) and checks it.
RunConfig load_config(const std::string& path, const std::vector<std::string>& overrides);

/// Reads a JSON file; a syntax error names the file, line and column.
nlohmann::json read_json_file(const std::string& path);

}  // namespace tapegrad
