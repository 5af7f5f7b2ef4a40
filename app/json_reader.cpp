// Strict JSON reading with key paths: see json_reader.hpp.
#include "json_reader.hpp"

#include <cmath>

namespace tapegrad {

JsonReader::JsonReader(const nlohmann::json& object, std::string path)
    : object_(object), path_(std::move(path)) {
    if (!object_.is_object())
        throw ConfigError((path_.empty() ? std::string("config") : path_) + ": expected an object, got " +
                          describe(object_));
}

std::string JsonReader::describe(const nlohmann::json& v) {
    if (v.is_string()) return "a string \"" + v.get<std::string>() + "\"";
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    if (v.is_number()) return "the number " + v.dump();
    if (v.is_null()) return "null";
    if (v.is_array()) return "an array";
    return "an object";
}

const nlohmann::json& JsonReader::at(const std::string& key) const {
    if (!object_.contains(key)) throw ConfigError(path_of(key) + ": missing (this key is required)");
    return object_.at(key);
}

const nlohmann::json& JsonReader::raw(const std::string& key) const { return at(key); }

void JsonReader::wrong_type(const std::string& key, const char* expected) const {
    throw ConfigError(path_of(key) + ": expected " + expected + ", got " + describe(object_.at(key)));
}

std::string JsonReader::string(const std::string& key) const {
    const auto& v = at(key);
    if (!v.is_string()) wrong_type(key, "a string");
    return v.get<std::string>();
}

std::string JsonReader::string(const std::string& key, const std::string& fallback) const {
    return has(key) ? string(key) : fallback;
}

double JsonReader::number(const std::string& key) const {
    const auto& v = at(key);
    if (!v.is_number()) wrong_type(key, "a number");
    return v.get<double>();
}

double JsonReader::number(const std::string& key, double fallback) const {
    return has(key) ? number(key) : fallback;
}

long JsonReader::integer(const std::string& key, long fallback, long min, long max) const {
    if (!has(key)) return fallback;
    const auto& v = at(key);
    if (!v.is_number_integer()) wrong_type(key, "a whole number");
    const long value = v.get<long>();
    if (value < min || value > max)
        throw ConfigError(path_of(key) + ": " + std::to_string(value) + " is out of range [" +
                          std::to_string(min) + ", " + std::to_string(max) + "]");
    return value;
}

bool JsonReader::boolean(const std::string& key, bool fallback) const {
    if (!has(key)) return fallback;
    const auto& v = at(key);
    if (!v.is_boolean()) wrong_type(key, "true or false");
    return v.get<bool>();
}

std::vector<std::string> JsonReader::strings(const std::string& key) const {
    const auto& v = at(key);
    if (!v.is_array()) wrong_type(key, "an array of strings");
    std::vector<std::string> out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_string())
            throw ConfigError(path_of(key) + "[" + std::to_string(i) + "]: expected a string, got " + describe(v[i]));
        out.push_back(v[i].get<std::string>());
    }
    return out;
}

std::vector<long> JsonReader::integers(const std::string& key, std::vector<long> fallback) const {
    if (!has(key)) return fallback;
    const auto& v = at(key);
    if (!v.is_array()) wrong_type(key, "an array of whole numbers");
    std::vector<long> out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_number_integer())
            throw ConfigError(path_of(key) + "[" + std::to_string(i) + "]: expected a whole number, got " +
                              describe(v[i]));
        out.push_back(v[i].get<long>());
    }
    return out;
}

JsonReader JsonReader::object(const std::string& key) const {
    const auto& v = at(key);
    if (!v.is_object()) wrong_type(key, "an object");
    return JsonReader(v, path_of(key));
}

void JsonReader::reject_unknown_keys(const std::vector<std::string>& known) const {
    const std::set<std::string> allowed(known.begin(), known.end());
    for (const auto& item : object_.items()) {
        if (allowed.count(item.key())) continue;
        std::string list;
        for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
        throw ConfigError(path_of(item.key()) + ": unknown key (known here: " + list + ")");
    }
}

void apply_override(nlohmann::json& document, const std::string& assignment) {
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0)
        throw ConfigError("--set " + assignment + ": expected key.path=value");
    const std::string path = assignment.substr(0, eq);
    const std::string text = assignment.substr(eq + 1);
    nlohmann::json value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) value = text;  // not JSON: a plain string such as adam or relu

    nlohmann::json* node = &document;
    std::size_t start = 0;
    while (true) {
        const auto dot = path.find('.', start);
        const std::string key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (key.empty()) throw ConfigError("--set " + assignment + ": empty key in the path");
        if (!node->is_object())
            throw ConfigError("--set " + assignment + ": " + path.substr(0, start ? start - 1 : 0) +
                              " is not an object");
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
