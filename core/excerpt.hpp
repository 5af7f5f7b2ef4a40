// Quoting input in error messages. A message may quote the cell, key or name it refuses, but input
// can be hostile: a 50 MB cell, or bytes that a terminal takes as commands. So a message quotes a
// short excerpt with every unprintable byte escaped.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tapegrad {

/// `text` in double quotes (or `quote`), made safe to print: a quote or backslash gets a backslash, \n \r \t
/// are written as such, and every other control byte or byte >= 0x7f as \xNN. Past `max_bytes`
/// bytes of input the excerpt stops with "..." and the total length:
///   quoted_excerpt("abc")                 -> "abc"
///   quoted_excerpt("a\x1b[2Jb")           -> "a\x1b[2Jb"
///   quoted_excerpt(std::string(1e6, 'x')) -> "xxxx...xxx"... (1000000 bytes)
std::string quoted_excerpt(std::string_view text, std::size_t max_bytes = 40, char quote = '"');

/// Names for a message's list: each as it is when short and plain (printable, no quote or comma),
/// else as quoted_excerpt; past the first `max_shown`, how many there are in all:
///   listed_names({"a", "b", "x,y"}, "columns")  -> a, b, "x,y"
///   (100,000 names)                              -> c0, c1, ..., c9, ... (100000 columns)
std::string listed_names(const std::vector<std::string>& names, const char* noun, std::size_t max_shown = 10);

}  // namespace tapegrad
