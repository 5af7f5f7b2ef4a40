// Reading JSON documents from files and text, safely: a syntax error names the line and column;
// a key given twice in one object is an error (JSON parsers usually keep the last silently); a
// document nested deeper than a limit is refused before it is parsed (deep nesting would exhaust
// the stack); and `--set key.path=value` overrides are applied here.
#pragma once

#include "options.hpp"

#include <string>

namespace tapegrad {

/// How deep objects and arrays may nest in a config. Real configs use 3 or 4 levels.
inline constexpr int max_json_depth = 64;

/// Parses JSON text; `source` names it in messages ("run.json"). Throws ConfigError:
///   run.json: invalid JSON at line 3, column 5: ...
///   run.json: data.labels: duplicate key (each key may appear once per object)
///   run.json: nested deeper than 64 levels at line 1, column 65
nlohmann::json parse_json_text(const std::string& text, const std::string& source);

/// Reads and parses a JSON file (see parse_json_text).
nlohmann::json read_json_file(const std::string& path);

/// Applies an override "optimizer.lr=0.05" to a JSON document: the value is parsed as JSON when it
/// can be (numbers, true, [64, 32]) and taken as a string otherwise; missing objects are created.
void apply_override(nlohmann::json& document, const std::string& assignment);

}  // namespace tapegrad
