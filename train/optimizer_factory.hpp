// Builds an optimizer (and its learning-rate schedule) from a config's "optimizer" section:
//   {"name": "sgd", "lr": 0.1, "momentum": 0.9, "schedule": {"name": "cosine"}}
// Options are read by the strict options reader: unknown names, unknown keys, wrong types and
// values out of range are ConfigErrors naming the key path (optimizer.lr: must be >= 0, got -0.1).
#pragma once

#include "../core/options.hpp"
#include "../optim/optim.hpp"

#include <functional>
#include <memory>

namespace tapegrad {

/// "schedule": {"name": "plateau", ...}: not a function of the step, so the trainer drives it
/// once per epoch with the metric named here ("train_loss", "val_loss", "val_accuracy", ...).
struct PlateauRecipe {
    PlateauOptions options;
    std::string metric;  // a key of the epoch record; a loss is minimised, anything else maximised
    std::string path;    // "optimizer.schedule", for messages
};

/// An optimizer section read and checked, ready to build once the parameters exist.
struct OptimizerRecipe {
    std::string name;
    double lr = 0;
    nlohmann::json resolved;  // the section with every default filled in, for metrics.json
    /// Builds the optimizer for these parameters, with its schedule and groups. A group pattern
    /// that matches no parameter, or a parameter two groups claim, is a ConfigError here.
    std::function<std::unique_ptr<Optimizer<float>>(std::vector<Parameter<float>*>)> build;
    std::optional<PlateauRecipe> plateau;  // set for a reduce-on-plateau schedule
};

/// True when `name` matches `pattern`, where * stands for any run of characters: "*.bias"
/// matches "0.bias" and "1.bias"; a pattern without * must equal the name.
bool name_matches(const std::string& pattern, const std::string& name);

/// Reads the section; `total_steps` is the length of the run, the default horizon of cosine annealing
/// and one-cycle (0: not known yet, when a config is only being checked).
OptimizerRecipe read_optimizer(const nlohmann::json& section, std::int64_t total_steps, const std::string& path = "optimizer");

/// read_optimizer(section, total_steps).build(params).
std::unique_ptr<Optimizer<float>> make_optimizer(const nlohmann::json& section, std::vector<Parameter<float>*> params,
                                                 std::int64_t total_steps);

/// The names read_optimizer knows: sgd, adam, adamw, rmsprop, adagrad.
const std::vector<std::string>& optimizer_names();

}  // namespace tapegrad
