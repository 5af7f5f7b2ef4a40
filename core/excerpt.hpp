// Quoting input in error messages. A message may quote the cell, key or name it refuses, but input
// can be hostile: a 50 MB cell, or bytes that a terminal takes as commands. So a message quotes a
// short excerpt with every unprintable byte escaped.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tapegrad {

/// `text` in double quotes, made safe to print: a quote or backslash gets a backslash, \n \r \t
/// are written as such, and every other control byte or byte >= 0x7f as \xNN. Past `max_bytes`
/// bytes of input the excerpt stops with "..." and the total length:
///   quoted_excerpt("abc")                 -> "abc"
///   quoted_excerpt("a\x1b[2Jb")           -> "a\x1b[2Jb"
///   quoted_excerpt(std::string(1e6, 'x')) -> "xxxx...xxx"... (1000000 bytes)
std::string quoted_excerpt(std::string_view text, std::size_t max_bytes = 40);

}  // namespace tapegrad
