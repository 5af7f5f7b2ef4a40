// Config documents: read safely by core/json_limits.hpp (a syntax error names the line and column,
// a key given twice in one object is an error, a document nested deeper than a limit is refused
// before it is parsed), and `--set key.path=value` overrides applied here.
#pragma once

#include "json_limits.hpp"
#include "options.hpp"

#include <string>

namespace tapegrad {

/// Applies an override "optimizer.lr=0.05" to a JSON document: the value is parsed as JSON when it
/// can be (numbers, true, [64, 32]) and taken as a string otherwise; missing objects are created.
void apply_override(nlohmann::json& document, const std::string& assignment);

}  // namespace tapegrad
