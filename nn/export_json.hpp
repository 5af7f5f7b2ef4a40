// Parameters as JSON, for reading them (in a notebook, a plot, a diff) rather than for resuming:
// checkpoints (optim/checkpoint.hpp) are the exact, binary form.
#pragma once

#include "../core/tape.hpp"

#include <nlohmann/json.hpp>

#include <vector>

namespace tapegrad {

/// {"0.weight": {"shape": [2, 4], "values": [[...], [...]]}, "0.bias": {...}, ...}, in order.
/// A float32 value is written as the shortest decimal that reads back as the same float (0.1f as
/// 0.1, not 0.10000000149011612), so the JSON is exact and still readable.
template <class T>
nlohmann::ordered_json parameters_to_json(const std::vector<Parameter<T>*>& params);

}  // namespace tapegrad
