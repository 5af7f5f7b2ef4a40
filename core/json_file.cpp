// Safe JSON reading: see json_file.hpp.
#include "json_file.hpp"

#include <fstream>
#include <sstream>
#include <vector>

namespace tapegrad {

namespace {

// One linear pass that counts nesting outside strings, so a 150,000-level document is refused
// before the parser (which recurses) ever sees it.
void check_depth(const std::string& text, const std::string& source) {
    int depth = 0;
    long line = 1, column = 0;
    bool in_string = false, escaped = false;
    for (const char c : text) {
        ++column;
        if (c == '\n') ++line, column = 0;
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') in_string = true;
        else if (c == '{' || c == '[') {
            if (++depth > max_json_depth)
                throw ConfigError(source + ": nested deeper than " + std::to_string(max_json_depth) + " levels at line " +
                                  std::to_string(line) + ", column " + std::to_string(column));
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
}

// The key path of the value being parsed, kept by the parser callback to name duplicate keys.
struct Level {
    bool is_object;
    std::vector<std::string> keys;  // the keys seen so far in this object
};

std::string path_of(const std::vector<Level>& levels, const std::string& key) {
    std::string path;
    for (std::size_t i = 0; i + 1 < levels.size(); ++i)
        if (levels[i].is_object && !levels[i].keys.empty()) path += (path.empty() ? "" : ".") + levels[i].keys.back();
    return path.empty() ? key : path + "." + key;
}

// nlohmann's messages start with "[json.exception.parse_error.101] parse error at line 3, column 5:";
// keep what follows the bracket.
std::string without_tag(const std::string& what) {
    const auto close = what.find("] ");
    return close == std::string::npos ? what : what.substr(close + 2);
}

}  // namespace

nlohmann::json parse_json_text(const std::string& text, const std::string& source) {
    check_depth(text, source);
    std::vector<Level> levels;
    auto track = [&](int, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        using E = nlohmann::json::parse_event_t;
        if (event == E::object_start) levels.push_back({true, {}});
        else if (event == E::array_start) levels.push_back({false, {}});
        else if ((event == E::object_end || event == E::array_end) && !levels.empty()) levels.pop_back();
        else if (event == E::key && !levels.empty()) {
            const std::string key = parsed.get<std::string>();
            auto& keys = levels.back().keys;
            if (std::find(keys.begin(), keys.end(), key) != keys.end())
                throw ConfigError(source + ": " + path_of(levels, key) +
                                  ": duplicate key (each key may appear once per object)");
            keys.push_back(key);
        }
        return true;
    };
    try {
        return nlohmann::json::parse(text, track);
    } catch (const nlohmann::json::parse_error& e) {
        std::string message = without_tag(e.what());
        const auto at = message.find("at line");
        throw ConfigError(source + ": invalid JSON " + (at == std::string::npos ? message : message.substr(at)));
    } catch (const nlohmann::json::out_of_range& e) {  // 1e400: "number overflow parsing '1e400'"
        throw ConfigError(source + ": invalid JSON: " + without_tag(e.what()) + " (too large for a double)");
    } catch (const nlohmann::json::exception& e) {
        throw ConfigError(source + ": invalid JSON: " + without_tag(e.what()));
    }
}

nlohmann::json read_json_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError((path.empty() ? "\"\"" : path) + ": cannot open the file");
    std::stringstream text;
    text << in.rdbuf();
    return parse_json_text(text.str(), path);
}

void apply_override(nlohmann::json& document, const std::string& assignment) {
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0) throw ConfigError("--set " + assignment + ": expected key.path=value");
    const std::string path = assignment.substr(0, eq);
    const std::string text = assignment.substr(eq + 1);
    nlohmann::json value;
    try {
        check_depth(text, "--set");
        value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    } catch (const ConfigError&) {
        throw;
    } catch (const nlohmann::json::exception&) {
        value = nlohmann::json::value_t::discarded;
    }
    if (value.is_discarded()) value = text;  // not JSON: a plain string such as adam or relu

    nlohmann::json* node = &document;
    std::size_t start = 0;
    while (true) {
        const auto dot = path.find('.', start);
        const std::string key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (key.empty()) throw ConfigError("--set " + assignment + ": empty key in the path");
        if (!node->is_object())
            throw ConfigError("--set " + assignment + ": " + path.substr(0, start ? start - 1 : 0) + " is not an object");
        if (dot == std::string::npos) {
            (*node)[key] = value;
            return;
        }
        node = &(*node)[key];
        if (node->is_null()) *node = nlohmann::json::object();
        start = dot + 1;
    }
}

}  // namespace tapegrad
