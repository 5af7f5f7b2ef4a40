// The CSV reader: split lines into cells, parse feature cells as numbers, and turn label cells
// into n-hot rows or hand them to assign_classes (csv_classes.cpp). Every refusal names the
// file, line and column.
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

struct Reader {
    const std::string& source;
    int line = 0;  // the physical line being read, from 1

    [[noreturn]] void fail(const std::string& what) const { throw ValueError(source + ": " + what); }
    [[noreturn]] void fail_at_line(const std::string& what) const {
        throw ValueError(source + ":" + std::to_string(line) + ": " + what);
    }
    [[noreturn]] void fail_at(std::size_t column, const std::string& what) const {
        throw ValueError(source + ":" + std::to_string(line) + ":" + std::to_string(column + 1) + ": " + what);
    }
};

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
    return s;
}

// A cell or name as a message quotes it: short, escaped, in double quotes.
std::string in_quotes(std::string_view s) { return quoted_excerpt(s); }

// Splits one line at commas into cells, dropping spaces around each. A cell wrapped in double
// quotes may hold commas, and "" inside it stands for one quote. Keeps at most max_cells cells
// (a hostile line may hold millions) but returns how many the line has.
std::size_t split_cells(std::string_view line, const Reader& at, std::vector<std::string>& cells, std::size_t max_cells) {
    cells.clear();
    std::size_t count = 0, i = 0;
    for (;; ++count) {
        std::string cell;
        while (i < line.size() && is_blank(line[i])) ++i;
        if (i < line.size() && line[i] == '"') {
            for (++i;; ++i) {
                if (i >= line.size()) at.fail_at(count, "a quote opens here but never closes");
                if (line[i] == '"' && i + 1 < line.size() && line[i + 1] == '"') cell += line[++i];
                else if (line[i] == '"') break;
                else cell += line[i];
            }
            ++i;  // past the closing quote
            while (i < line.size() && is_blank(line[i])) ++i;
            if (i < line.size() && line[i] != ',') at.fail_at(count, "text after a closing quote");
        } else {
            const std::size_t end = std::min(line.find(',', i), line.size());
            cell = trim(line.substr(i, end - i));
            i = end;
        }
        if (count < max_cells) cells.push_back(std::move(cell));
        if (i >= line.size()) return count + 1;
        ++i;  // past the comma
    }
}

// A feature cell: a finite float, written the way strtod reads it (a leading + is allowed).
float parse_number(std::string_view cell, const Reader& at, std::size_t column, const std::string& name) {
    const std::string where = " (column " + in_quotes(name) + ")";
    if (cell.empty()) at.fail_at(column, "missing value" + where);
    std::string_view digits = cell;
    if (digits.size() > 1 && digits[0] == '+' && digits[1] != '-' && digits[1] != '+') digits.remove_prefix(1);
    float value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec == std::errc::result_out_of_range) at.fail_at(column, in_quotes(cell) + " is outside the range of a float" + where);
    if (ec != std::errc() || end != digits.data() + digits.size()) at.fail_at(column, in_quotes(cell) + " is not a number" + where);
    if (!std::isfinite(value)) at.fail_at(column, in_quotes(cell) + " is not a finite number" + where);
    return value;
}

// The header's column names, and which columns hold features and which labels.
struct Columns {
    std::vector<std::string> names;
    std::vector<std::size_t> features, labels;  // labels in the order options.labels names them
};

Columns read_header(std::string_view line, const Reader& at, const CsvOptions& options) {
    Columns columns;
    std::vector<std::string>& names = columns.names;
    const std::size_t count = split_cells(line, at, names, options.max_columns);
    if (count > options.max_columns)
        at.fail_at_line("the header has " + std::to_string(count) + " columns, more than max_columns (" +
                        std::to_string(options.max_columns) + "); raise CsvOptions::max_columns to read a wider file");
    // Each name's column, in a hash map: one pass, not a comparison of every pair of names.
    std::unordered_map<std::string_view, std::size_t> column_of;
    column_of.reserve(names.size());
    for (std::size_t c = 0; c < names.size(); ++c) {
        if (names[c].empty()) at.fail_at(c, "empty column name; every column needs a name");
        const auto [first, fresh] = column_of.emplace(names[c], c);
        if (!fresh)
            at.fail_at(c, "column " + in_quotes(names[c]) + " appears twice (first as column " +
                              std::to_string(first->second + 1) + ")");
    }
    std::vector<bool> is_label(names.size(), false);
    for (const auto& label : options.labels) {
        const auto found = column_of.find(label);
        if (found == column_of.end()) at.fail("no label column " + in_quotes(label) + "; the header has " + listed_names(names, "columns"));
        if (is_label[found->second]) at.fail("label column " + in_quotes(label) + " is named twice");
        is_label[found->second] = true;
        columns.labels.push_back(found->second);
    }
    for (std::size_t c = 0; c < names.size(); ++c)
        if (!is_label[c]) columns.features.push_back(c);
    if (columns.features.empty()) at.fail("no feature columns: every column is a label");
    return columns;
}

}  // namespace

Dataset parse_csv(std::string_view text, const std::string& source, const CsvOptions& options) {
    Reader at{source};
    if (options.labels.empty()) at.fail("no label column named; say which column holds the labels");
    const bool multilabel = options.multilabel || options.labels.size() > 1;
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a UTF-8 byte order mark

    Columns columns;  // empty until the header is read
    const std::vector<std::string>& header = columns.names;
    std::vector<std::string> cells;
    std::vector<float> features, targets;  // row by row
    LabelColumn classes;
    classes.source = source;
    std::size_t rows = 0;
    while (!text.empty()) {
        const std::size_t end = std::min(text.find('\n'), text.size());
        std::string_view line = text.substr(0, end);
        text.remove_prefix(std::min(end + 1, text.size()));
        ++at.line;
        if (line.ends_with('\r')) line.remove_suffix(1);
        if (trim(line).empty()) continue;
        if (header.empty()) {
            columns = read_header(line, at, options);
            continue;
        }
        const std::size_t count = split_cells(line, at, cells, header.size());
        if (count != header.size())
            at.fail_at_line(std::to_string(count) + (count == 1 ? " cell" : " cells") + ", but the header has " +
                            std::to_string(header.size()) + " columns");
        for (std::size_t c : columns.features) features.push_back(parse_number(cells[c], at, c, header[c]));
        for (std::size_t c : columns.labels) {
            const std::string where = " (label column " + in_quotes(header[c]) + ")";
            if (cells[c].empty()) at.fail_at(c, "missing label" + where);
            if (!multilabel) {
                classes.cells.push_back(cells[c]);
                classes.lines.push_back(at.line);
                continue;
            }
            const float value = parse_number(cells[c], at, c, header[c]);
            if (value != 0 && value != 1) at.fail_at(c, in_quotes(cells[c]) + " is not 0 or 1" + where);
            targets.push_back(value);
        }
        ++rows;
    }
    if (header.empty()) at.fail("the file is empty; expected a header row of column names, then one row per example");
    if (rows == 0) at.fail("no data rows below the header");

    Dataset data;
    const auto m = static_cast<Index>(rows);
    data.features = Eigen::Map<Tensor<float>>(features.data(), m, static_cast<Index>(columns.features.size()));
    for (std::size_t c : columns.features) data.feature_names.push_back(header[c]);
    if (multilabel) {
        data.targets = Eigen::Map<Tensor<float>>(targets.data(), m, static_cast<Index>(columns.labels.size()));
        for (std::size_t c : columns.labels) data.class_names.push_back(header[c]);
    } else {
        classes.column = columns.labels[0];
        classes.name = header[classes.column];
        assign_classes(classes, options, data);
    }
    data.check();
    return data;
}

Dataset read_csv(const std::string& path, const CsvOptions& options) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(path, ec)) throw ValueError(path + ": no such file");
    if (fs::is_directory(path, ec)) throw ValueError(path + ": is a folder, not a CSV file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ValueError(path + ": cannot open the file for reading");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_csv(text.str(), path, options);
}

}  // namespace tapegrad
