// The loss registry: a loss's name -> its constructor, which reads the loss's JSON options. This is
// how configs and the command line pick a loss ({"name": "focal", "gamma": 2}), and how the tests
// find every loss to gradcheck it. To add a loss, see docs/extending.md: one file, one line.
#pragma once

#include "loss.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tapegrad {

/// The names of every registered loss, in registry order.
std::vector<std::string> loss_names();

/// The loss called `name`, with options from a JSON object ({} for the defaults).
/// Throws ValueError for an unknown name (listing the known ones), an option of the wrong type or
/// range, or an option the loss does not have; each message starts with the key path under `path`:
///   loss.label_smoothing: expected a number, got "x"
std::unique_ptr<Loss> make_loss(std::string_view name, const nlohmann::json& options = nlohmann::json::object(),
                                const std::string& path = "loss");

/// The loss a config section names: {"name": "softmax_cross_entropy", "label_smoothing": 0.1}.
std::unique_ptr<Loss> loss_from_config(const nlohmann::json& section, const std::string& path = "loss");

}  // namespace tapegrad
