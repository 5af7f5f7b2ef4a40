// The CSV reader: a Table (table.cpp) split into cells, feature cells parsed as numbers, label
// cells turned into n-hot rows or handed to assign_classes (csv_classes.cpp). Every refusal names
// the file, line and column.
#include "csv.hpp"

#include "csv_classes.hpp"

#include "../core/excerpt.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

namespace tapegrad {
namespace {

// A cell or name as a message quotes it: short, escaped, in double quotes.
std::string in_quotes(std::string_view s) { return quoted_excerpt(s); }

}  // namespace

std::vector<std::size_t> find_label_columns(const Table& t, const std::vector<std::string>& labels);

namespace {

// The label columns are looked up as soon as the header is read.
TableOptions table_options(const CsvOptions& options) {
    TableOptions t{options.delimiter, options.max_columns};
    t.on_header = [&labels = options.labels](const Table& table) { find_label_columns(table, labels); };
    return t;
}

}  // namespace

float parse_feature_cell(const Table& t, std::size_t row, std::size_t col) {
    const std::string& cell = t.cell(row, col);
    // Only a failing cell pays for its message: a file may hold millions of cells.
    const auto fail = [&](const std::string& what) { t.fail_at(row, col, what + " (column " + in_quotes(t.names[col]) + ")"); };
    if (cell.empty()) fail("missing value");
    std::string_view digits = cell;
    if (digits.size() > 1 && digits[0] == '+' && digits[1] != '-' && digits[1] != '+') digits.remove_prefix(1);
    float value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec == std::errc::result_out_of_range) fail(in_quotes(cell) + " is outside the range of a float");
    if (ec != std::errc() || end != digits.data() + digits.size()) fail(in_quotes(cell) + " is not a number");
    if (!std::isfinite(value)) fail(in_quotes(cell) + " is not a finite number");
    return value;
}

std::vector<std::size_t> find_label_columns(const Table& t, const std::vector<std::string>& labels) {
    if (labels.empty()) t.fail("no label column named; say which column holds the labels");
    std::vector<std::size_t> columns;
    for (const auto& label : labels) {
        const auto found = t.find(label);
        if (!found) {
            const std::string hint = t.delimiter_hint();
            t.fail("no label column " + in_quotes(label) + "; the header has " + listed_names(t.names, "columns") +
                   (hint.empty() ? "" : "; " + hint));
        }
        if (std::find(columns.begin(), columns.end(), *found) != columns.end())
            t.fail("label column " + in_quotes(label) + " is named twice");
        columns.push_back(*found);
    }
    return columns;
}

void read_label_columns(const Table& t, const std::vector<std::size_t>& columns, std::span<const std::size_t> rows,
                        const CsvOptions& options, Dataset& data) {
    const bool multilabel = options.multilabel || columns.size() > 1;
    const auto m = static_cast<Index>(rows.size());
    if (multilabel) {
        data.targets.resize(m, static_cast<Index>(columns.size()));
        data.class_names.clear();
        for (std::size_t k = 0; k < columns.size(); ++k) {
            const std::size_t c = columns[k];
            data.class_names.push_back(t.names[c]);
            const std::string where = " (label column " + in_quotes(t.names[c]) + ")";
            for (std::size_t i = 0; i < rows.size(); ++i) {
                if (t.cell(rows[i], c).empty()) t.fail_at(rows[i], c, "missing label" + where);
                const float value = parse_feature_cell(t, rows[i], c);
                if (value != 0 && value != 1) t.fail_at(rows[i], c, in_quotes(t.cell(rows[i], c)) + " is not 0 or 1" + where);
                data.targets(static_cast<Index>(i), static_cast<Index>(k)) = value;
            }
        }
        return;
    }
    LabelColumn classes;
    classes.source = t.source;
    classes.column = columns[0];
    classes.name = t.names[columns[0]];
    for (std::size_t r : rows) {
        const std::string& cell = t.cell(r, columns[0]);
        if (cell.empty()) t.fail_at(r, columns[0], "missing label (label column " + in_quotes(classes.name) + ")");
        classes.cells.push_back(cell);
        classes.lines.push_back(t.lines[r]);
    }
    assign_classes(classes, options, data);
}

Dataset csv_dataset(const Table& t, const CsvOptions& options) {
    const std::vector<std::size_t> label_columns = find_label_columns(t, options.labels);
    std::vector<std::size_t> feature_columns;
    for (std::size_t c = 0; c < t.cols(); ++c)
        if (std::find(label_columns.begin(), label_columns.end(), c) == label_columns.end()) feature_columns.push_back(c);
    if (feature_columns.empty()) t.fail("no feature columns: every column is a label");
    if (t.rows() == 0) t.fail("no data rows below the header");

    Dataset data;
    data.features.resize(static_cast<Index>(t.rows()), static_cast<Index>(feature_columns.size()));
    for (std::size_t r = 0; r < t.rows(); ++r)
        for (std::size_t j = 0; j < feature_columns.size(); ++j)
            data.features(static_cast<Index>(r), static_cast<Index>(j)) = parse_feature_cell(t, r, feature_columns[j]);
    for (std::size_t c : feature_columns) data.feature_names.push_back(t.names[c]);
    std::vector<std::size_t> rows(t.rows());
    for (std::size_t r = 0; r < rows.size(); ++r) rows[r] = r;
    read_label_columns(t, label_columns, rows, options, data);
    data.check();
    return data;
}

Dataset parse_csv(std::string_view text, const std::string& source, const CsvOptions& options) {
    if (options.labels.empty()) throw ValueError(source + ": no label column named; say which column holds the labels");
    return csv_dataset(parse_table(text, source, table_options(options)), options);
}

Dataset read_csv(const std::string& path, const CsvOptions& options) {
    if (options.labels.empty()) throw ValueError(path + ": no label column named; say which column holds the labels");
    return csv_dataset(read_table(path, table_options(options)), options);
}

}  // namespace tapegrad
