// --set overrides: see json_file.hpp.
#include "json_file.hpp"


namespace tapegrad {

void apply_override(nlohmann::json& document, const std::string& assignment) {
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0) throw ConfigError("--set " + assignment + ": expected key.path=value");
    const std::string path = assignment.substr(0, eq);
    const std::string text = assignment.substr(eq + 1);
    check_json_depth(text, "--set " + path);
    nlohmann::json value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
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
