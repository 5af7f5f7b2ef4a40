// Input columns to features: see encoder.hpp.
#include "encoder.hpp"

#include "csv.hpp"

#include "../core/excerpt.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

namespace tapegrad {
namespace {

bool is_number(std::string_view cell) {
    if (cell.size() > 1 && cell[0] == '+' && cell[1] != '-' && cell[1] != '+') cell.remove_prefix(1);
    float value = 0;
    const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
    return ec == std::errc() && end == cell.data() + cell.size() && std::isfinite(value);
}

const char* missing_hint = "set data.missing to \"drop_rows\" or \"mean\" to train on a file with gaps";

}  // namespace

const char* missing_values_name(MissingValues m) {
    switch (m) {
        case MissingValues::error: return "error";
        case MissingValues::drop_rows: return "drop_rows";
        case MissingValues::mean: return "mean";
    }
    return "?";
}

MissingValues missing_values_from_name(const std::string& name) {
    if (name == "error") return MissingValues::error;
    if (name == "drop_rows") return MissingValues::drop_rows;
    if (name == "mean") return MissingValues::mean;
    throw ValueError("data.missing: must be one of error, drop_rows, mean, got " + quoted_excerpt(name));
}

FeatureEncoder::FeatureEncoder(const Table& t, const std::vector<std::string>& labels, const EncoderOptions& options)
    : ignore_(options.ignore), missing_(options.missing), max_categories_(options.max_categories) {
    const auto check_named = [&](const std::vector<std::string>& names, const char* key) {
        for (const auto& name : names)
            if (!t.find(name))
                t.fail(std::string(key) + ": no column " + quoted_excerpt(name) + "; the header has " +
                       listed_names(t.names, "columns"));
    };
    check_named(options.ignore, "data.ignore");
    check_named(options.categorical, "data.categorical");
    const auto among = [](const std::vector<std::string>& names, const std::string& name) {
        return std::find(names.begin(), names.end(), name) != names.end();
    };
    for (std::size_t c = 0; c < t.cols(); ++c) {
        const std::string& name = t.names[c];
        if (among(labels, name) || among(options.ignore, name)) continue;
        Column column;
        column.name = name;
        column.categorical = among(options.categorical, name);
        if (!column.categorical && options.categorical_auto)
            for (std::size_t r = 0; r < t.rows() && !column.categorical; ++r)
                column.categorical = !is_missing_cell(t.cell(r, c)) && !is_number(t.cell(r, c));
        columns_.push_back(std::move(column));
    }
    if (columns_.empty()) t.fail("no feature columns: every column is a label or ignored");
}

std::vector<std::size_t> FeatureEncoder::find_columns(const Table& t) const {
    std::vector<std::size_t> at;
    for (const Column& column : columns_) {
        const auto found = t.find(column.name);
        if (!found) {
            const std::string hint = t.delimiter_hint();
            t.fail("no column " + quoted_excerpt(column.name) + ", which the model takes as a feature; the header has " +
                   listed_names(t.names, "columns") + (hint.empty() ? "" : "; " + hint));
        }
        at.push_back(*found);
    }
    return at;
}

std::vector<Index> FeatureEncoder::usable_rows(const Table& t, std::span<const std::size_t> also) const {
    const std::vector<std::size_t> at = find_columns(t);
    std::vector<Index> rows;
    for (std::size_t r = 0; r < t.rows(); ++r) {
        bool complete = true;
        const auto look = [&](std::size_t c, const char* what) {
            if (!is_missing_cell(t.cell(r, c))) return;
            if (missing_ == MissingValues::error)
                t.fail_at(r, c, std::string("missing ") + what + " (column " + quoted_excerpt(t.names[c]) + "); " + missing_hint);
            complete = false;
        };
        for (std::size_t c : also) look(c, "label");
        for (std::size_t c : at)
            if (missing_ != MissingValues::mean) look(c, "value");
        if (complete || missing_ == MissingValues::mean) rows.push_back(static_cast<Index>(r));
    }
    return rows;
}

void FeatureEncoder::fit(const Table& t, std::span<const Index> rows) {
    const std::vector<std::size_t> at = find_columns(t);
    for (std::size_t j = 0; j < columns_.size(); ++j) {
        Column& column = columns_[j];
        const std::size_t c = at[j];
        if (column.categorical) {
            std::set<std::string> seen;
            for (Index r : rows) {
                const std::string& cell = t.cell(static_cast<std::size_t>(r), c);
                if (is_missing_cell(cell)) continue;
                if (seen.insert(cell).second && seen.size() > max_categories_)
                    t.fail_at(static_cast<std::size_t>(r), c, "column " + quoted_excerpt(column.name) + " has more than " +
                              std::to_string(max_categories_) + " categories; if it is an id, name it in data.ignore");
            }
            column.categories.assign(seen.begin(), seen.end());
            continue;
        }
        double sum = 0;
        std::size_t count = 0;
        for (Index r : rows) {
            const std::size_t row = static_cast<std::size_t>(r);
            if (is_missing_cell(t.cell(row, c))) continue;
            if (!is_number(t.cell(row, c))) break;  // transform names the cell
            sum += parse_feature_cell(t, row, c);
            ++count;
        }
        column.fill = count ? sum / static_cast<double>(count) : 0.0;
    }
}

Tensor<float> FeatureEncoder::transform(const Table& t, std::span<const Index> rows) const {
    const std::vector<std::size_t> at = find_columns(t);
    Tensor<float> x = Tensor<float>::Zero(static_cast<Index>(rows.size()), num_features());
    Index feature = 0;
    for (std::size_t j = 0; j < columns_.size(); ++j) {
        const Column& column = columns_[j];
        const std::size_t c = at[j];
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const std::size_t r = static_cast<std::size_t>(rows[i]);
            const std::string& cell = t.cell(r, c);
            const Index row = static_cast<Index>(i);
            if (is_missing_cell(cell)) {
                if (missing_ != MissingValues::mean)
                    t.fail_at(r, c, "missing value (column " + quoted_excerpt(column.name) + "); " + missing_hint);
                if (!column.categorical) x(row, feature) = static_cast<float>(column.fill);
                continue;
            }
            if (column.categorical) {
                const auto k = std::lower_bound(column.categories.begin(), column.categories.end(), cell);
                if (k != column.categories.end() && *k == cell) x(row, feature + (k - column.categories.begin())) = 1;
                continue;
            }
            if (!is_number(cell) && !cell.empty())
                t.fail_at(r, c, quoted_excerpt(cell) + " is not a number (column " + quoted_excerpt(column.name) +
                                    "); if the column holds categories, name it in data.categorical (or set that to \"auto\")");
            x(row, feature) = parse_feature_cell(t, r, c);
        }
        feature += column.categorical ? static_cast<Index>(column.categories.size()) : 1;
    }
    return x;
}

std::vector<std::string> FeatureEncoder::feature_names() const {
    std::vector<std::string> names;
    for (const Column& column : columns_) {
        if (!column.categorical) names.push_back(column.name);
        else
            for (const auto& category : column.categories) names.push_back(column.name + "=" + category);
    }
    return names;
}

Index FeatureEncoder::num_features() const {
    Index n = 0;
    for (const Column& column : columns_) n += column.categorical ? static_cast<Index>(column.categories.size()) : 1;
    return n;
}

nlohmann::json FeatureEncoder::to_json() const {
    nlohmann::json columns = nlohmann::json::array();
    for (const Column& column : columns_) {
        nlohmann::json c = {{"name", column.name}};
        if (column.categorical) c["categories"] = column.categories;
        else c["fill"] = column.fill;
        columns.push_back(c);
    }
    return {{"columns", columns}, {"ignore", ignore_}, {"missing", missing_values_name(missing_)}};
}

FeatureEncoder FeatureEncoder::from_json(const nlohmann::json& j) {
    FeatureEncoder e;
    try {
        for (const auto& c : j.at("columns")) {
            Column column;
            column.name = c.at("name").get<std::string>();
            column.categorical = c.contains("categories");
            if (column.categorical) column.categories = c.at("categories").get<std::vector<std::string>>();
            else column.fill = c.value("fill", 0.0);
            if (!std::is_sorted(column.categories.begin(), column.categories.end()))
                throw ValueError("the categories of column " + quoted_excerpt(column.name) + " are not sorted");
            e.columns_.push_back(std::move(column));
        }
        e.ignore_ = j.value("ignore", std::vector<std::string>{});
        e.missing_ = missing_values_from_name(j.value("missing", std::string("error")));
    } catch (const nlohmann::json::exception& error) {
        throw ValueError(std::string("the preprocessing description is malformed (") + error.what() + ")");
    }
    return e;
}

FeatureEncoder FeatureEncoder::numeric(const std::vector<std::string>& names) {
    FeatureEncoder e;
    for (const auto& name : names) {
        Column column;
        column.name = name;
        e.columns_.push_back(std::move(column));
    }
    return e;
}

}  // namespace tapegrad
