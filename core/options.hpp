// The one strict reader for JSON options: every config section (model, loss, optimizer, schedule,
// data, generators) is read through it. Each value is asked for by key with its type and range,
// every error names the full key path in one format, and keys nobody asked for are refused with
// the nearest known key as a hint:
//   optimizer.lr: must be >= 0, got -0.1
//   epoch: unknown key; did you mean "epochs"? (known here: batch_size, data, epochs, ...)
#pragma once

#include "error.hpp"

#include <nlohmann/json.hpp>

#include <limits>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace tapegrad {

/// A config file or value that does not fit what reads it. The message starts with the key path.
struct ConfigError : ValueError {
    using ValueError::ValueError;
};

/// An inclusive range for numbers; messages print it as ">= 0", "in [0, 1]", "<= 10".
struct Range {
    double lo = -std::numeric_limits<double>::infinity();
    double hi = std::numeric_limits<double>::infinity();
    static Range at_least(double lo) { return {lo, std::numeric_limits<double>::infinity()}; }
    static Range between(double lo, double hi) { return {lo, hi}; }
    bool contains(double x) const { return x >= lo && x <= hi; }  // NaN is in no range
    std::string describe() const;                                  // "must be >= 0"
};

class Options {
public:
    /// `object` must be a JSON object (null counts as an empty one) that outlives the reader (it
    /// is read in place, not copied). `path` names it in messages:
    /// "" for a whole config, "optimizer" for a section, "model.schedule" one level further down.
    Options(const nlohmann::json& object, std::string path);

    bool has(const std::string& key) const { return object_->contains(key); }
    /// "optimizer.lr": how messages name a key of this object.
    std::string path_of(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
    const std::string& path() const { return path_; }

    // Typed getters. The form without a fallback makes the key required. Each records the value
    // used (default included) in resolved().
    std::string string(const std::string& key);
    std::string string(const std::string& key, const std::string& fallback);
    /// One of `allowed`: "task: must be one of multiclass, binary, multilabel, got \"multi\"".
    std::string choice(const std::string& key, const std::string& fallback, const std::vector<std::string>& allowed);
    double number(const std::string& key, Range range = {});
    double number(const std::string& key, double fallback, Range range = {});
    long long integer(const std::string& key, long long fallback, long long lo, long long hi);
    /// An integer, or nothing when the key is absent or null.
    std::optional<long long> optional_integer(const std::string& key);
    bool boolean(const std::string& key, bool fallback);
    /// An array of strings; a single string counts as an array of one ("labels": "fruit").
    std::vector<std::string> strings(const std::string& key, const std::vector<std::string>& fallback = {});
    std::vector<double> numbers(const std::string& key, Range range = {});
    std::vector<long long> integers(const std::string& key, const std::vector<long long>& fallback, long long lo,
                                    long long hi);
    /// A child object, read the same way one level down ("optimizer.schedule").
    Options object(const std::string& key);
    /// The value as it is, for a reader elsewhere (marks the key read). Throws if absent.
    const nlohmann::json& raw(const std::string& key);

    /// Throws "<path>.<key>: <what>, got <value>" for a rule the getters cannot express.
    [[noreturn]] void reject(const std::string& key, const std::string& what) const;

    /// Throws ConfigError for the first key no getter asked for, with a did-you-mean. Keys that
    /// start with "//" are comments (JSON has none): `tapegrad init` writes one beside each key.
    void finish() const;

    /// Every value read, with the value used (defaults included): what a run records.
    const nlohmann::json& resolved() const { return resolved_; }

    /// "\"fast\"", "-0.1", "an array", ...: how messages quote a value (short and escaped: a long
    /// string is cut, control bytes are shown as \uXXXX).
    static std::string describe(const nlohmann::json& value);

private:
    const nlohmann::json* find(const std::string& key);  // marks the key read; nullptr when absent
    const nlohmann::json& required(const std::string& key);
    [[noreturn]] void wrong_type(const std::string& key, const char* expected, const nlohmann::json& got) const;

    const nlohmann::json* object_;
    std::string path_;
    std::set<std::string> read_;
    nlohmann::json resolved_ = nlohmann::json::object();
};

/// True for a key that is a comment: "//epochs": "how many passes over the training data".
bool is_comment_key(const std::string& key);

/// The known key nearest to `key` by edit distance, if it is near enough to be a likely typo.
std::optional<std::string> did_you_mean(const std::string& key, const std::vector<std::string>& known);

}  // namespace tapegrad
