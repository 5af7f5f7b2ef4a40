// The strict options reader: see options.hpp.
#include "options.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace tapegrad {

namespace {

std::string format(double x) {
    if (std::isnan(x)) return "nan";
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    std::ostringstream s;
    s.precision(12);
    s << x;
    return s.str();
}

// Levenshtein distance: the fewest one-letter insertions, deletions and changes from a to b.
std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

const nlohmann::json& empty_object() {
    static const nlohmann::json empty = nlohmann::json::object();
    return empty;
}

}  // namespace

std::string Range::describe() const {
    const bool has_lo = std::isfinite(lo), has_hi = std::isfinite(hi);
    if (has_lo && has_hi) return "must be in [" + format(lo) + ", " + format(hi) + "]";
    if (has_lo) return "must be >= " + format(lo);
    if (has_hi) return "must be <= " + format(hi);
    return "must be a finite number";
}

std::optional<std::string> did_you_mean(const std::string& key, const std::vector<std::string>& known) {
    std::optional<std::string> best;
    std::size_t best_distance = 0;
    for (const auto& k : known) {
        const std::size_t d = edit_distance(key, k);
        if (!best || d < best_distance) best = k, best_distance = d;
    }
    // Near enough to be a typo: at most a third of the longer word changed (and at most 3 letters).
    if (best && best_distance <= std::min<std::size_t>(3, std::max(key.size(), best->size()) / 3 + 1)) return best;
    return std::nullopt;
}

Options::Options(const nlohmann::json& object, std::string path) : object_(&object), path_(std::move(path)) {
    if (object.is_null()) object_ = &empty_object();
    else if (!object.is_object())
        throw ConfigError((path_.empty() ? std::string("config") : path_) + ": expected an object, got " +
                          describe(object));
}

std::string Options::describe(const nlohmann::json& v) {
    constexpr std::size_t longest = 40;  // a 50 MB cell is quoted as its first characters only
    if (v.is_string()) {
        const std::string& s = v.get_ref<const std::string&>();
        const std::string shown = nlohmann::json(s.substr(0, longest)).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
        return s.size() > longest ? shown.substr(0, shown.size() - 1) + "...\"" : shown;
    }
    if (v.is_array()) return "an array";
    if (v.is_object()) return "an object";
    return v.dump();  // a number, true, false or null, as written
}

const nlohmann::json* Options::find(const std::string& key) {
    read_.insert(key);
    const auto it = object_->find(key);
    return it == object_->end() ? nullptr : &*it;
}

const nlohmann::json& Options::required(const std::string& key) {
    const nlohmann::json* v = find(key);
    if (!v) throw ConfigError(path_of(key) + ": missing (this key is required)");
    return *v;
}

void Options::wrong_type(const std::string& key, const char* expected, const nlohmann::json& got) const {
    throw ConfigError(path_of(key) + ": expected " + expected + ", got " + describe(got));
}

void Options::reject(const std::string& key, const std::string& what) const {
    const auto it = object_->find(key);
    throw ConfigError(path_of(key) + ": " + what + ", got " + (it == object_->end() ? "nothing" : describe(*it)));
}

std::string Options::string(const std::string& key) {
    const nlohmann::json& v = required(key);
    if (!v.is_string()) wrong_type(key, "a string", v);
    resolved_[key] = v;
    return v.get<std::string>();
}

std::string Options::string(const std::string& key, const std::string& fallback) {
    if (!has(key)) {
        read_.insert(key);
        resolved_[key] = fallback;
        return fallback;
    }
    return string(key);
}

std::string Options::choice(const std::string& key, const std::string& fallback,
                            const std::vector<std::string>& allowed) {
    const std::string value = string(key, fallback);
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
        const auto hint = did_you_mean(value, allowed);
        reject(key, "must be one of " + list + (hint ? " (did you mean \"" + *hint + "\"?)" : ""));
    }
    return value;
}

double Options::number(const std::string& key, Range range) {
    const nlohmann::json& v = required(key);
    if (!v.is_number()) wrong_type(key, "a number", v);
    const double x = v.get<double>();
    if (!range.contains(x) || !std::isfinite(x)) reject(key, range.describe());
    resolved_[key] = x;
    return x;
}

double Options::number(const std::string& key, double fallback, Range range) {
    if (!has(key)) {
        read_.insert(key);
        resolved_[key] = fallback;
        return fallback;
    }
    return number(key, range);
}

long long Options::integer(const std::string& key, long long fallback, long long lo, long long hi) {
    const nlohmann::json* v = find(key);
    long long x = fallback;
    if (v) {
        // 1e3 and 3.0 are whole numbers written as floats; 2.5 is not.
        const bool whole = v->is_number_integer() ||
                           (v->is_number_float() && std::nearbyint(v->get<double>()) == v->get<double>() &&
                            std::abs(v->get<double>()) < 9.2e18);
        if (!whole) wrong_type(key, "a whole number", *v);
        // A bound past 2^53 is "no bound" as far as a reader is concerned: say only the lower one.
        const Range range = hi >= (1LL << 53) ? Range::at_least(static_cast<double>(lo))
                                              : Range::between(static_cast<double>(lo), static_cast<double>(hi));
        if (v->is_number_unsigned() && v->get<unsigned long long>() > static_cast<unsigned long long>(hi))
            reject(key, range.describe());
        x = v->is_number_float() ? static_cast<long long>(v->get<double>()) : v->get<long long>();
        if (x < lo || x > hi) reject(key, range.describe());
    }
    resolved_[key] = x;
    return x;
}

std::optional<long long> Options::optional_integer(const std::string& key) {
    const nlohmann::json* v = find(key);
    if (!v || v->is_null()) return std::nullopt;
    if (!v->is_number_integer()) wrong_type(key, "a whole number", *v);
    resolved_[key] = *v;
    return v->get<long long>();
}

bool Options::boolean(const std::string& key, bool fallback) {
    const nlohmann::json* v = find(key);
    bool x = fallback;
    if (v) {
        if (!v->is_boolean()) wrong_type(key, "true or false", *v);
        x = v->get<bool>();
    }
    resolved_[key] = x;
    return x;
}

std::vector<std::string> Options::strings(const std::string& key, const std::vector<std::string>& fallback) {
    const nlohmann::json* v = find(key);
    std::vector<std::string> out = fallback;
    if (v) {
        out.clear();
        if (v->is_string()) out.push_back(v->get<std::string>());
        else if (!v->is_array()) wrong_type(key, "an array of strings", *v);
        else
            for (std::size_t i = 0; i < v->size(); ++i) {
                if (!(*v)[i].is_string()) wrong_type(key + "[" + std::to_string(i) + "]", "a string", (*v)[i]);
                out.push_back((*v)[i].get<std::string>());
            }
    }
    resolved_[key] = out;
    return out;
}

std::vector<double> Options::numbers(const std::string& key, Range range) {
    const nlohmann::json* v = find(key);
    std::vector<double> out;
    if (!v) return out;
    if (!v->is_array()) wrong_type(key, "an array of numbers", *v);
    for (std::size_t i = 0; i < v->size(); ++i) {
        const nlohmann::json& e = (*v)[i];
        const std::string at = key + "[" + std::to_string(i) + "]";
        if (!e.is_number()) wrong_type(at, "a number", e);
        if (!range.contains(e.get<double>()))
            throw ConfigError(path_of(at) + ": " + range.describe() + ", got " + describe(e));
        out.push_back(e.get<double>());
    }
    resolved_[key] = out;
    return out;
}

std::vector<long long> Options::integers(const std::string& key, const std::vector<long long>& fallback, long long lo,
                                         long long hi) {
    const nlohmann::json* v = find(key);
    std::vector<long long> out = fallback;
    if (v) {
        if (!v->is_array()) wrong_type(key, "an array of whole numbers", *v);
        out.clear();
        for (std::size_t i = 0; i < v->size(); ++i) {
            const nlohmann::json& e = (*v)[i];
            const std::string at = key + "[" + std::to_string(i) + "]";
            if (!e.is_number_integer()) wrong_type(at, "a whole number", e);
            const long long x = e.get<long long>();
            if (x < lo || x > hi || (e.is_number_unsigned() && e.get<unsigned long long>() > static_cast<unsigned long long>(hi)))
                throw ConfigError(path_of(at) + ": " + Range::between(static_cast<double>(lo), static_cast<double>(hi)).describe() +
                                  ", got " + describe(e));
            out.push_back(x);
        }
    }
    resolved_[key] = out;
    return out;
}

Options Options::object(const std::string& key) {
    const nlohmann::json& v = required(key);
    if (!v.is_object()) wrong_type(key, "an object", v);
    return Options(v, path_of(key));
}

const nlohmann::json& Options::raw(const std::string& key) { return required(key); }

bool is_comment_key(const std::string& key) { return key.starts_with("//"); }

void Options::finish() const {
    std::vector<std::string> known(read_.begin(), read_.end());
    for (const auto& item : object_->items()) {
        if (read_.count(item.key()) || is_comment_key(item.key())) continue;
        std::string list;
        for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
        const auto hint = did_you_mean(item.key(), known);
        const std::string shown = nlohmann::json(item.key().substr(0, 40)).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
        throw ConfigError((path_.empty() ? "" : path_ + ".") + shown.substr(1, shown.size() - 2) + ": unknown key" +
                          (hint ? "; did you mean \"" + *hint + "\"?" : "") + " (known here: " +
                          (list.empty() ? "none" : list) + ")");
    }
}

}  // namespace tapegrad
