// Reading compare.json leniently for the report: a missing or null figure reads as NaN (and a
// missing array as empty), so a report can still be written from a partial document.
#pragma once

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <limits>
#include <string>
#include <vector>

namespace tapegrad::report_json {

inline const nlohmann::json& lookup(const nlohmann::json& j, std::initializer_list<std::string> path) {
    static const nlohmann::json missing;
    const nlohmann::json* at = &j;
    for (const auto& key : path) {
        if (!at->is_object()) return missing;
        auto it = at->find(key);
        if (it == at->end()) return missing;
        at = &*it;
    }
    return *at;
}

inline double number(const nlohmann::json& j) {
    return j.is_number() ? j.get<double>() : std::numeric_limits<double>::quiet_NaN();
}

inline double number(const nlohmann::json& j, std::initializer_list<std::string> path) {
    return number(lookup(j, path));
}

inline std::vector<double> numbers(const nlohmann::json& j) {
    std::vector<double> out;
    if (j.is_array())
        for (const auto& v : j) out.push_back(number(v));
    return out;
}

inline std::vector<std::string> strings(const nlohmann::json& j) {
    std::vector<std::string> out;
    if (j.is_array())
        for (const auto& v : j)
            if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}

inline std::string text(const nlohmann::json& j, const std::string& fallback = "") {
    return j.is_string() ? j.get<std::string>() : fallback;
}

}  // namespace tapegrad::report_json
