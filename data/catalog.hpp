// Every dataset tapegrad can name: the bundled files and the generators, with one-line
// descriptions (for a `tapegrad datasets` listing), and making a generator's data by name
// from JSON options (for a config's {"generator": "moons", "n": 500, "noise": 0.2}).
#pragma once

#include "dataset.hpp"

#include "../core/options.hpp"

#include <string>
#include <vector>

namespace tapegrad {

struct DatasetInfo {
    std::string name;         // "iris", "moons", ...
    std::string kind;         // "bundled" or "generator"
    std::string task;         // "multiclass", "binary" or "multilabel"
    std::string description;  // one line
    std::vector<std::string> options;  // a generator's option names (its JSON keys); empty for bundled data
};

/// The bundled datasets first, then the generators, in a fixed order.
const std::vector<DatasetInfo>& list_datasets();

/// Makes a generator's data by name ("blobs", "moons", "circles", "spirals", "xor",
/// "multilabel"); options are the fields of its options struct as JSON keys, each optional:
///   generate_dataset("moons", {{"n", 500}, {"noise", 0.2}, {"seed", 3}})
/// An unknown name, an unknown key or a value of the wrong type is a ConfigError naming it, by
/// `path` ("data" in a config; "generator \"moons\"" when empty).
Dataset generate_dataset(const std::string& name, const nlohmann::json& options = nlohmann::json::object(),
                         const std::string& path = "");

}  // namespace tapegrad
