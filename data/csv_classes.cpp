// Class labels of a CSV column: the values seen (numbers sorted as numbers, text in byte order),
// or class indices when the caller says so, with the resource bound and the two-class rule.
#include "csv_classes.hpp"

#include "../core/excerpt.hpp"

#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <unordered_map>

namespace tapegrad {
namespace {

struct Where {
    const LabelColumn& column;

    // "train.csv:7:3: <what> (label column "species")[; <hint>]"
    [[noreturn]] void fail(std::size_t row, const std::string& what, const std::string& hint = "") const {
        throw ValueError(column.source + ":" + std::to_string(column.lines[row]) + ":" +
                         std::to_string(column.column + 1) + ": " + what + suffix(hint));
    }
    [[noreturn]] void fail_column(const std::string& what, const std::string& hint) const {
        throw ValueError(column.source + ": " + what + suffix(hint));
    }
    std::string suffix(const std::string& hint) const {
        return " (label column " + quoted_excerpt(column.name) + ")" + (hint.empty() ? "" : "; " + hint);
    }
};

// A label cell read as a number ("2", "-1", "+1", "0.5", "1e3"), or nothing if it is text.
std::optional<double> as_number(std::string_view cell) {
    if (cell.size() > 1 && cell[0] == '+' && cell[1] != '-' && cell[1] != '+') cell.remove_prefix(1);
    double value = 0;
    const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
    if (ec != std::errc() || end != cell.data() + cell.size() || !std::isfinite(value)) return std::nullopt;
    return value == 0 ? 0.0 : value;  // -0 and 0 are one class
}

// A number's class name: "2" for 2, 2.0 and "+2"; "0.5" for 0.5 (the shortest text that reads back).
std::string number_name(double value) {
    if (value == std::floor(value) && std::fabs(value) < 0x1p53) return std::to_string(static_cast<long long>(value));
    char text[32];
    const auto [end, ec] = std::to_chars(text, text + sizeof text, value);
    return std::string(text, end);
}

void refuse_single_class(const Where& at, const std::string& only) {
    at.fail_column("every row has the class " + quoted_excerpt(only) + ", but a classifier needs at least 2 classes",
                   "is this the right label column, or the right file?");
}

void refuse_too_many(const Where& at, std::size_t row, std::size_t classes, std::size_t max) {
    at.fail(row, "this label makes " + std::to_string(classes) + " classes, more than max_classes (" + std::to_string(max) + ")",
            "raise CsvOptions::max_classes if the column really holds that many");
}

// A class index cell: a whole number from 0, written in digits.
std::size_t parse_index(const Where& at, std::size_t row) {
    const std::string& cell = at.column.cells[row];
    std::size_t index = 0;
    const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), index);
    if (ec == std::errc::invalid_argument || end != cell.data() + cell.size())
        at.fail(row, quoted_excerpt(cell) + " is not a class index", "the labels are read as indices: whole numbers from 0");
    if (ec == std::errc::result_out_of_range) at.fail(row, "class index " + quoted_excerpt(cell) + " is too large");
    return index;
}

// labels_are_indices: the cells are 0, 1, ..., K - 1 and K = the largest + 1 (or the names given).
void classes_from_indices(const Where& at, const CsvOptions& options, Dataset& data) {
    const auto& cells = at.column.cells;
    const std::size_t given = options.class_names.size();
    std::size_t largest = 0;
    data.labels.resize(cells.size());
    for (std::size_t i = 0; i < cells.size(); ++i) {
        const std::size_t k = parse_index(at, i);
        if (given && k >= given)
            at.fail(i, "class index " + cells[i] + " is outside the " + std::to_string(given) + " classes given (0.." +
                           std::to_string(given - 1) + ")");
        // Checked per cell, before anything is sized by it: one stray 999999 must not make a
        // million-class model.
        if (!given && k >= options.max_classes) refuse_too_many(at, i, k + 1, options.max_classes);
        largest = std::max(largest, k);
        data.labels[i] = static_cast<Index>(k);
    }
    data.class_names = options.class_names;
    if (given) return;
    if (largest == 0) refuse_single_class(at, "0");
    for (std::size_t k = 0; k <= largest; ++k) data.class_names.push_back(std::to_string(k));
}

// Given names (a training file's): each cell is one of them, as written or as the same number.
void classes_from_names(const Where& at, const CsvOptions& options, Dataset& data) {
    const auto& names = options.class_names;
    std::unordered_map<std::string, Index> index_of;
    for (std::size_t k = 0; k < names.size(); ++k) index_of.emplace(names[k], static_cast<Index>(k));
    const auto& cells = at.column.cells;
    data.labels.resize(cells.size());
    for (std::size_t i = 0; i < cells.size(); ++i) {
        auto found = index_of.find(cells[i]);
        if (found == index_of.end())
            if (const auto number = as_number(cells[i])) found = index_of.find(number_name(*number));
        if (found == index_of.end())
            at.fail(i, "unknown class " + quoted_excerpt(cells[i]), "the classes are " + listed_names(names, "classes"));
        data.labels[i] = found->second;
    }
    data.class_names = names;
}

// The values seen, sorted: as numbers when every cell is one, else as text in byte order.
// An ordered map keyed by number or text gives both the sort and each row's class.
template <class Key, class KeyOf, class NameOf>
void classes_seen(const Where& at, const CsvOptions& options, Dataset& data, KeyOf key_of, NameOf name_of) {
    const auto& cells = at.column.cells;
    std::map<Key, Index> index_of;
    for (std::size_t i = 0; i < cells.size(); ++i)
        if (index_of.emplace(key_of(cells[i]), 0).second && index_of.size() > options.max_classes)
            refuse_too_many(at, i, index_of.size(), options.max_classes);
    if (index_of.size() < 2) refuse_single_class(at, name_of(index_of.begin()->first));
    Index k = 0;
    data.class_names.clear();
    for (auto& [key, index] : index_of) {
        index = k++;
        data.class_names.push_back(name_of(key));
    }
    data.labels.resize(cells.size());
    for (std::size_t i = 0; i < cells.size(); ++i) data.labels[i] = index_of.at(key_of(cells[i]));
}

}  // namespace

void assign_classes(const LabelColumn& column, const CsvOptions& options, Dataset& data) {
    const Where at{column};
    if (options.labels_are_indices) return classes_from_indices(at, options, data);
    if (!options.class_names.empty()) return classes_from_names(at, options, data);
    const bool numbers = std::all_of(column.cells.begin(), column.cells.end(),
                                     [](const std::string& cell) { return as_number(cell).has_value(); });
    if (numbers)
        classes_seen<double>(at, options, data, [](const std::string& cell) { return *as_number(cell); }, number_name);
    else
        classes_seen<std::string>(at, options, data, [](const std::string& cell) { return cell; },
                                  [](const std::string& name) { return name; });
}

}  // namespace tapegrad
