// Checks on the SVG and HTML the report writes: tags balanced (a small tag walker, enough for
// the markup we generate), and no coordinate that printed as NaN or infinity.
#pragma once

#include <algorithm>
#include <cctype>
#include <regex>
#include <string>
#include <vector>

// Empty when every opened tag is closed in order; otherwise a message naming the first mismatch.
inline std::string unbalanced_tags(const std::string& text) {
    static const std::vector<std::string> void_elements{"meta", "br", "hr", "img", "link", "input", "!DOCTYPE", "!doctype"};
    std::vector<std::string> open;
    for (std::size_t at = text.find('<'); at != std::string::npos; at = text.find('<', at + 1)) {
        const std::size_t end = text.find('>', at);
        if (end == std::string::npos) return "a '<' without '>'";
        std::string tag = text.substr(at + 1, end - at - 1);
        if (tag.empty() || tag[0] == '?') continue;
        const bool closing = tag[0] == '/', self_closing = tag.back() == '/';
        if (closing) tag.erase(0, 1);
        const std::string name = tag.substr(0, tag.find_first_of(" \n\t/"));
        if (self_closing || std::count(void_elements.begin(), void_elements.end(), name)) continue;
        if (!closing) open.push_back(name);
        else if (open.empty() || open.back() != name) return "</" + name + "> closes " + (open.empty() ? "nothing" : "<" + open.back() + ">");
        else open.pop_back();
    }
    return open.empty() ? "" : "<" + open.back() + "> never closed";
}

// Every coordinate attribute (points, x, y, cx, ...) holds only digits, signs, dots, commas and
// spaces: a NaN or an infinity would print as "nan" or "inf".
inline bool coordinates_are_numbers(const std::string& svg) {
    static const std::regex attribute(R"re(\b(points|x|y|x1|y1|x2|y2|cx|cy|r|width|height)="([^"]*)")re");
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), attribute); it != std::sregex_iterator(); ++it) {
        const std::string value = (*it)[2];
        if (value == "100%") continue;
        if (value.empty() || value.find_first_not_of("0123456789.,- ") != std::string::npos) return false;
    }
    return true;
}

inline std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}
