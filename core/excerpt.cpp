// quoted_excerpt: see excerpt.hpp.
#include "excerpt.hpp"

namespace tapegrad {

std::string quoted_excerpt(std::string_view text, std::size_t max_bytes) {
    const bool cut = text.size() > max_bytes;
    const std::string_view shown = cut ? text.substr(0, max_bytes) : text;
    std::string out = "\"";
    for (unsigned char c : shown) {
        if (c == '"' || c == '\\') {
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
    out += '"';
    if (cut) out += "... (" + std::to_string(text.size()) + " bytes)";
    return out;
}

}  // namespace tapegrad
