// Reading JSON text that may be hostile: a nesting-depth check that runs before any parser sees
// the text (nlohmann::json copies and destroys nested values recursively, so 150,000 levels
// overflow the stack), and a parse whose errors name the file, line and column in plain words
// instead of nlohmann's "[json.exception.out_of_range.406] ..." text.
#pragma once

#include "error.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace tapegrad {

/// JSON text that is malformed or passes a limit; the message starts with "<source>:<line>:<column>: ".
struct JsonError : ValueError {
    using ValueError::ValueError;
};

/// Bounds on JSON input. A config needs a few levels of nesting and no key twice.
struct JsonLimits {
    /// Arrays and objects inside each other, counting the outermost as 1.
    std::size_t max_depth = 64;
    /// Accept an object with the same key twice (nlohmann keeps the last one, silently).
    bool allow_duplicate_keys = false;
};

/// Throws JsonError unless `text` nests arrays and objects at most `max_depth` deep. One linear
/// pass counting [ and { outside strings (escapes honoured); nothing is allocated, so it is safe
/// on any input. Lines and columns count from 1; columns count characters (UTF-8), not bytes:
///   run.json:3:17: nesting deeper than 64 levels of arrays and objects; ...
void check_json_depth(std::string_view text, const std::string& source, std::size_t max_depth = 64);

/// check_json_depth, then nlohmann's parser, with its errors rewritten as
///   run.json:2:12: the number 1e400 does not fit in a double
///   run.json:1:9: syntax error while parsing object - unexpected end of input; expected '}' (last read: "1")
///   run.json: optimizer.lr: duplicate key (each key may appear once per object)
/// quoting at most a short escaped excerpt of the input.
nlohmann::json parse_json(std::string_view text, const std::string& source, const JsonLimits& limits = {});

/// parse_json on a file's contents; `path` names it in messages.
nlohmann::json read_json_file(const std::filesystem::path& path, const JsonLimits& limits = {});

/// Line and column (from 1; the column in UTF-8 characters) of byte `offset` in `text`.
struct TextPosition {
    std::size_t line = 1;
    std::size_t column = 1;
};
TextPosition position_in(std::string_view text, std::size_t offset);

}  // namespace tapegrad
