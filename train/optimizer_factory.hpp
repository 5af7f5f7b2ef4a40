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

/// An optimizer section read and checked, ready to build once the parameters exist.
struct OptimizerRecipe {
    std::string name;
    double lr = 0;
    nlohmann::json resolved;  // the section with every default filled in, for metrics.json
    std::function<std::unique_ptr<Optimizer<float>>(std::vector<Parameter<float>*>)> build;
};

/// Reads the section; `total_steps` is the length of the run, the default horizon of cosine annealing.
OptimizerRecipe read_optimizer(const nlohmann::json& section, std::int64_t total_steps, const std::string& path = "optimizer");

/// read_optimizer(section, total_steps).build(params).
std::unique_ptr<Optimizer<float>> make_optimizer(const nlohmann::json& section, std::vector<Parameter<float>*> params,
                                                 std::int64_t total_steps);

/// The names read_optimizer knows: sgd, adam, adamw, rmsprop, adagrad.
const std::vector<std::string>& optimizer_names();

}  // namespace tapegrad
