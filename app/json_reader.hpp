// Strict reading of a JSON object for configs: every value is looked up by key with its expected
// type, every error names the full key path (`optimizer.lr: expected a number, got "fast"`), and
// keys nobody asked for are reported instead of being silently ignored.
#pragma once

#include "../core/error.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace tapegrad {

/// A config file or value that does not fit the schema.
struct ConfigError : Error {
    using Error::Error;
};

class JsonReader {
public:
    /// `path` is how this object is named in messages ("" for the top level, "data" for a child).
    JsonReader(const nlohmann::json& object, std::string path);

    bool has(const std::string& key) const { return object_.contains(key); }
    std::string path_of(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

    std::string string(const std::string& key) const;
    std::string string(const std::string& key, const std::string& fallback) const;
    double number(const std::string& key) const;
    double number(const std::string& key, double fallback) const;
    long integer(const std::string& key, long fallback, long min, long max) const;
    bool boolean(const std::string& key, bool fallback) const;
    std::vector<std::string> strings(const std::string& key) const;
    std::vector<long> integers(const std::string& key, std::vector<long> fallback) const;
    /// A child object, for reading one level down.
    JsonReader object(const std::string& key) const;
    const nlohmann::json& raw(const std::string& key) const;

    /// Throws for any key that was never read: "model.hiden: unknown key (known: hidden, activation)".
    void reject_unknown_keys(const std::vector<std::string>& known) const;

    /// "a number", "a string \"x\"", ... as messages describe what they got.
    static std::string describe(const nlohmann::json& value);

private:
    const nlohmann::json& at(const std::string& key) const;
    [[noreturn]] void wrong_type(const std::string& key, const char* expected) const;

    const nlohmann::json& object_;
    std::string path_;
};

/// Applies an override "optimizer.lr=0.05" to a JSON document: the value is parsed as JSON when it
/// can be (numbers, true, [64, 32]) and taken as a string otherwise; missing objects are created.
void apply_override(nlohmann::json& document, const std::string& assignment);

}  // namespace tapegrad
