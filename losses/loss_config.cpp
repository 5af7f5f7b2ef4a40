// Strict reading of a loss's JSON options, with the key path in every message.
#include "loss_config.hpp"

#include "validate.hpp"

#include <cmath>

namespace tapegrad {

LossConfig::LossConfig(std::string name, const nlohmann::json& options, std::string path)
    : name_(std::move(name)), options_(options), path_(std::move(path)) {
    if (!options_.is_object())
        throw ValueError(path_ + ": expected an object of options, got " + options_.dump());
    read_.insert("name");
}

const nlohmann::json* LossConfig::find(const std::string& key) {
    read_.insert(key);
    auto it = options_.find(key);
    return it == options_.end() ? nullptr : &*it;
}

void LossConfig::fail(const std::string& key, const std::string& expected, const nlohmann::json& got) const {
    throw ValueError(path_of(key) + ": expected " + expected + ", got " + got.dump());
}

void LossConfig::reject(const std::string& key, const std::string& expected) const {
    auto it = options_.find(key);
    fail(key, expected, it == options_.end() ? nlohmann::json() : *it);
}

double LossConfig::number(const std::string& key, double fallback, double lo, double hi) {
    double x = fallback;
    if (const nlohmann::json* v = find(key)) {
        if (!v->is_number()) fail(key, "a number", *v);
        x = v->get<double>();
        if (!(x >= lo && x <= hi))
            fail(key, "a number in [" + format_number(lo) + ", " + format_number(hi) + "]", *v);
    }
    resolved_[key] = x;
    return x;
}

std::optional<long long> LossConfig::integer(const std::string& key) {
    const nlohmann::json* v = find(key);
    if (!v || v->is_null()) return std::nullopt;
    if (!v->is_number_integer()) fail(key, "an integer", *v);
    resolved_[key] = *v;
    return v->get<long long>();
}

std::vector<double> LossConfig::numbers(const std::string& key, double lo) {
    std::vector<double> xs;
    if (const nlohmann::json* v = find(key)) {
        if (!v->is_array()) fail(key, "an array of numbers", *v);
        for (std::size_t i = 0; i < v->size(); ++i) {
            const nlohmann::json& e = (*v)[i];
            if (!e.is_number() || !(e.get<double>() >= lo))
                fail(key + "[" + std::to_string(i) + "]", std::isfinite(lo) ? "a number >= " + format_number(lo) : "a number", e);
            xs.push_back(e.get<double>());
        }
        resolved_[key] = xs;
    }
    return xs;
}

Reduction LossConfig::reduction(Reduction fallback) {
    Reduction r = fallback;
    if (const nlohmann::json* v = find("reduction")) {
        // No "none": a registered loss returns one number, the thing training makes smaller.
        const char* expected = "one of \"mean\", \"sum\", \"batch_mean\"";
        if (!v->is_string() || *v == "none") fail("reduction", expected, *v);
        try {
            r = reduction_from_string(v->get<std::string>());
        } catch (const ValueError&) {
            fail("reduction", expected, *v);
        }
    }
    resolved_["reduction"] = to_string(r);
    return r;
}

void LossConfig::reject_unread() const {
    for (const auto& [key, value] : options_.items()) {
        if (read_.count(key)) continue;
        std::string known;
        for (const std::string& k : read_)
            if (k != "name") known += (known.empty() ? "" : ", ") + k;
        throw ValueError(path_of(key) + ": unknown option for " + name_ + " (its options: " +
                         (known.empty() ? "none" : known) + ")");
    }
}

}  // namespace tapegrad
