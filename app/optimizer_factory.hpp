// Builds an optimizer (and its learning-rate schedule) from a config's "optimizer" section:
//   {"name": "sgd", "lr": 0.1, "momentum": 0.9, "schedule": {"name": "cosine"}}
// Unknown names, unknown keys and wrong types are ConfigErrors naming the key path.
#pragma once

#include "json_reader.hpp"

#include "../optim/optim.hpp"

#include <memory>

namespace tapegrad {

/// `total_steps` is the length of the run, the default horizon of cosine annealing.
std::unique_ptr<Optimizer<float>> make_optimizer(const nlohmann::json& section, std::vector<Parameter<float>*> params,
                                                 std::int64_t total_steps);

/// The section with every default filled in, for metrics.json's resolved config.
nlohmann::json resolved_optimizer(const nlohmann::json& section);

}  // namespace tapegrad
