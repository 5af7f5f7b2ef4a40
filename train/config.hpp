// A run's configuration, read from JSON by the strict options reader: unknown keys (with a
// did-you-mean), duplicate keys, wrong types and values out of range are errors that name the
// file and the key path ("run.json: optimizer.lr: must be >= 0, got -0.1"). docs/cli.md lists
// every key; the table of keys here is the same list.
#pragma once

#include "../core/json_file.hpp"
#include "../core/tensor.hpp"
#include "early_stopping.hpp"

#include <nlohmann/json.hpp>

#include <optional>
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
    double validation_fraction = 0;   // share of the training part held out for validation (0: none)
    double label_smoothing = 0;       // train on soft targets: (1 - eps) y + eps / K (K = 2 per 0/1 output)
    bool standardize = true;          // fit mean/std on the training part, apply to the rest
    // CSV files only:
    std::vector<std::string> ignore;       // columns that are neither features nor labels (an id)
    std::string missing = "error";         // a missing cell: "error", "drop_rows" or "mean"
    std::vector<std::string> categorical;  // columns to one-hot encode, or {"auto"}: every text column
    std::string delimiter = "auto";        // "auto", ",", ";", "tab", "|"
};

struct ModelConfig {
    std::vector<Index> hidden;        // hidden layer sizes; [] is logistic/softmax regression
    std::string activation = "relu";
    double init_scale = 1.0;          // multiplies the initial weights (large: a "bad start")
    std::string init = "auto";        // an init scheme (nn/init.hpp); auto: kaiming_uniform for relu-like, else xavier_uniform
};

/// Generous limits, so that a typo is a clear error and not an out-of-memory.
inline constexpr long long max_layer_width = 100'000;
inline constexpr long long max_parameters = 100'000'000;

struct RunConfig {
    Task task = Task::multiclass;
    DataConfig data;
    ModelConfig model;
    nlohmann::json loss;       // {"name": ..., options...}: checked by the loss registry
    nlohmann::json optimizer;  // {"name": ..., "lr": ..., options...}: checked by read_optimizer
    long epochs = 20;
    long batch_size = 32;
    long seed = 0;
    bool anomaly = false;      // stop at the first op that produces NaN or infinity
    double clip_max_norm = 0;  // "clip": {"max_norm": 1.0}; 0: no clipping
    double clip_max_value = 0; // "clip": {"max_value": 0.5}: each gradient entry clamped; 0: no clamping
    std::optional<EarlyStoppingOptions> early_stopping;  // needs a validation split
    // last.ckpt is written at the end, and (checkpoint_schedule.hpp) every checkpoint_every
    // epochs (0: not by epochs) or after checkpoint_seconds of training (0: not by time).
    long checkpoint_every = 0;
    double checkpoint_seconds = 30;
    nlohmann::json lab = nlohmann::json::object();  // the lab's own section, read by the lab (lab/compare.hpp)
    nlohmann::json source;     // the document this was read from, after overrides
    std::string origin;        // where it was read from, to start messages: "run.json", "--data fruit.csv"
};

/// Reads and checks a config document (after --set overrides were applied to it). Builds the
/// loss and the optimizer once, so that their options are checked here too.
RunConfig parse_config(const nlohmann::json& document);

/// Reads a config file, applies "key.path=value" overrides (see apply_override) and checks it;
/// every error starts with the file's name. The file paths in it (data.train, data.test) are
/// relative to the config file's folder; those given by --set, to the working directory. Both
/// are made absolute, so the run (and its model file) finds them from anywhere.
RunConfig load_config(const std::string& path, const std::vector<std::string>& overrides);

/// load_config on a document already in memory (`train --data` builds one); `source` starts the
/// messages ("--data fruit.csv"). Paths in the document should already be absolute.
RunConfig config_from_document(nlohmann::json document, const std::vector<std::string>& overrides, const std::string& source);

/// Makes data.train and data.test of a config document absolute, relative to `base`.
void resolve_data_paths(nlohmann::json& document, const std::string& base);

/// The config as it ran, every default filled in: what metrics.json and the checkpoint record.
nlohmann::json resolved_config(const RunConfig& config);

/// The metric a run watches and a lab's target is stated in: "accuracy", or "micro_f1" for a
/// multi-label task.
const char* headline_metric(Task task);

}  // namespace tapegrad
