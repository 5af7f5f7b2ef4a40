// The JSON options of one loss, read by the project's one strict options reader (core/options.hpp):
// each option is asked for by key, with its type and range, and every error names the key path
// ("loss.label_smoothing: must be in [0, 1], got 2"). The registry hands one to each loss's
// constructor and refuses the keys nobody asked for.
#pragma once

#include "../core/options.hpp"
#include "reduction.hpp"

#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace tapegrad {

class LossConfig : public Options {
public:
    /// `options`: a JSON object (the "name" key, if present, is not an option). `path` is how the
    /// object is named in messages: "loss" for a config's loss section.
    LossConfig(std::string name, const nlohmann::json& options, std::string path = "loss");

    /// The registry name of the loss being built.
    const std::string& name() const { return name_; }

    /// A number in [lo, hi], or `fallback` when the key is absent.
    double number(const std::string& key, double fallback, double lo = -std::numeric_limits<double>::infinity(),
                  double hi = std::numeric_limits<double>::infinity()) {
        return Options::number(key, fallback, Range{lo, hi});
    }
    /// An integer, or nothing when the key is absent.
    std::optional<long long> integer(const std::string& key) { return optional_integer(key); }
    /// An array of numbers, each >= lo; empty when the key is absent.
    std::vector<double> numbers(const std::string& key, double lo = -std::numeric_limits<double>::infinity()) {
        return Options::numbers(key, Range::at_least(lo));
    }
    /// One of "mean", "sum", "batch_mean", or `fallback` when the key is absent. Not "none": a
    /// registered loss returns the one number that training makes smaller.
    Reduction reduction(Reduction fallback = Reduction::mean);

    /// Throws ConfigError for the first key no reader asked for, naming the options that exist.
    void reject_unread() const { finish(); }

private:
    std::string name_;
};

}  // namespace tapegrad
