// quoted_excerpt: see excerpt.hpp.
#include "excerpt.hpp"

#include <algorithm>

namespace tapegrad {

std::string quoted_excerpt(std::string_view text, std::size_t max_bytes, char quote) {
    const bool cut = text.size() > max_bytes;
    const std::string_view shown = cut ? text.substr(0, max_bytes) : text;
    std::string out(1, quote);
    for (unsigned char c : shown) {
        if (c == static_cast<unsigned char>(quote) || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c >= 0x7f) {
            // Bytes >= 0x7f are escaped too: a cut can split a UTF-8 character, and DEL or C1
            // controls act on some terminals.
            const char* digits = "0123456789abcdef";
            out += "\\x";
            out += digits[c >> 4];
            out += digits[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    out += quote;
    if (cut) out += "... (" + std::to_string(text.size()) + " bytes)";
    return out;
}

std::string listed_names(const std::vector<std::string>& names, const char* noun, std::size_t max_shown) {
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < max_shown; ++i) {
        const std::string& name = names[i];
        const bool plain = name.size() <= 40 && std::all_of(name.begin(), name.end(), [](unsigned char c) {
            return c >= 0x20 && c < 0x7f && c != '"' && c != ',';
        });
        out += (i ? ", " : "") + (plain && !name.empty() ? name : quoted_excerpt(name));
    }
    if (names.size() > max_shown) out += ", ... (" + std::to_string(names.size()) + " " + noun + ")";
    return out;
}

}  // namespace tapegrad
