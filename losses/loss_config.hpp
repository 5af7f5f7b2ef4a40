// The JSON options of one loss, read strictly: each option is asked for by key, with its type and
// range, and every error names the key path ("loss.label_smoothing: expected a number, got \"x\"").
// The registry hands one to each loss's constructor and rejects the keys nobody asked for.
#pragma once

#include "reduction.hpp"

#include <nlohmann/json.hpp>

#include <limits>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace tapegrad {

class LossConfig {
public:
    /// `options`: a JSON object (the "name" key, if present, is not an option). `path` is how the
    /// object is named in messages: "loss" for a config's loss section.
    LossConfig(std::string name, const nlohmann::json& options, std::string path = "loss");

    /// The registry name of the loss being built.
    const std::string& name() const { return name_; }

    /// A number in [lo, hi], or `fallback` when the key is absent.
    double number(const std::string& key, double fallback,
                  double lo = -std::numeric_limits<double>::infinity(),
                  double hi = std::numeric_limits<double>::infinity());
    /// An integer, or nothing when the key is absent.
    std::optional<long long> integer(const std::string& key);
    /// An array of numbers, each >= lo; empty when the key is absent.
    std::vector<double> numbers(const std::string& key, double lo = -std::numeric_limits<double>::infinity());
    /// One of "mean", "sum", "batch_mean", or `fallback` when the key is absent. Not "none": a
    /// registered loss returns the one number that training makes smaller.
    Reduction reduction(Reduction fallback = Reduction::mean);

    /// Throws the ValueError "<path>.<key>: expected <expected>, got <the value given>", for rules
    /// the readers above cannot express (focal: "0 or a number in [1, 10]").
    [[noreturn]] void reject(const std::string& key, const std::string& expected) const;

    /// Every option read, with the value used (defaults included): what a run records.
    const nlohmann::json& resolved() const { return resolved_; }

    /// Throws ValueError for the first key no reader asked for, naming the options that exist.
    void reject_unread() const;

private:
    const nlohmann::json* find(const std::string& key);  // marks the key read; nullptr when absent
    [[noreturn]] void fail(const std::string& key, const std::string& expected, const nlohmann::json& got) const;
    std::string path_of(const std::string& key) const { return path_ + "." + key; }

    std::string name_;
    nlohmann::json options_;
    std::string path_;
    std::set<std::string> read_;
    nlohmann::json resolved_ = nlohmann::json::object();
};

}  // namespace tapegrad
