// Splitting CSV text into a header and rows of cells: see table.hpp.
#include "table.hpp"

#include "../core/excerpt.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

namespace tapegrad {
namespace {

struct Reader {
    const std::string& source;
    char delimiter;
    int line = 0;  // the physical line being read, from 1

    [[noreturn]] void fail(const std::string& what) const { throw ValueError(source + ": " + what); }
    [[noreturn]] void fail_at_line(const std::string& what) const {
        throw ValueError(source + ":" + std::to_string(line) + ": " + what);
    }
    [[noreturn]] void fail_at(std::size_t column, const std::string& what) const {
        throw ValueError(source + ":" + std::to_string(line) + ":" + std::to_string(column + 1) + ": " + what);
    }
    // Spaces around a cell are dropped, and tabs too unless tabs separate the cells.
    bool is_blank(char c) const { return c == ' ' || (c == '\t' && delimiter != '\t'); }
    std::string_view trim(std::string_view s) const {
        while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
        while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
        return s;
    }
};

// Splits one line into cells at the delimiter, dropping spaces around each. A cell wrapped in
// double quotes may hold the delimiter, and "" inside it stands for one quote. Appends at most
// max_cells cells (a hostile line may hold millions) but returns how many the line has.
std::size_t split_cells(std::string_view line, const Reader& at, std::vector<std::string>& cells, std::size_t max_cells) {
    std::size_t count = 0, i = 0;
    for (;; ++count) {
        std::string cell;
        while (i < line.size() && at.is_blank(line[i])) ++i;
        if (i < line.size() && line[i] == '"') {
            for (++i;; ++i) {
                if (i >= line.size()) at.fail_at(count, "a quote opens here but never closes");
                if (line[i] == '"' && i + 1 < line.size() && line[i + 1] == '"') cell += line[++i];
                else if (line[i] == '"') break;
                else cell += line[i];
            }
            ++i;  // past the closing quote
            while (i < line.size() && at.is_blank(line[i])) ++i;
            if (i < line.size() && line[i] != at.delimiter) at.fail_at(count, "text after a closing quote");
        } else {
            const std::size_t end = std::min(line.find(at.delimiter, i), line.size());
            cell = at.trim(line.substr(i, end - i));
            i = end;
        }
        if (count < max_cells) cells.push_back(std::move(cell));
        if (i >= line.size()) return count + 1;
        ++i;  // past the delimiter
    }
}

// A comma unless the header has none but holds a semicolon or a tab (outside quotes).
char detect_delimiter(std::string_view header) {
    bool quoted = false;
    std::size_t commas = 0, semicolons = 0, tabs = 0;
    for (char c : header) {
        if (c == '"') quoted = !quoted;
        else if (!quoted) commas += c == ',', semicolons += c == ';', tabs += c == '\t';
    }
    if (commas > 0) return ',';
    if (semicolons > 0) return ';';
    if (tabs > 0) return '\t';
    return ',';
}

void read_header(std::string_view line, const Reader& at, const TableOptions& options, std::vector<std::string>& names) {
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
            at.fail_at(c, "column " + quoted_excerpt(names[c]) + " appears twice (first as column " +
                              std::to_string(first->second + 1) + ")");
    }
}

}  // namespace

char delimiter_from_name(const std::string& name) {
    if (name == "auto") return 0;
    if (name == ",") return ',';
    if (name == ";") return ';';
    if (name == "tab" || name == "\t") return '\t';
    if (name == "|") return '|';
    throw ValueError("unknown delimiter " + quoted_excerpt(name) + "; use \"auto\", \",\", \";\", \"tab\" or \"|\"");
}

std::string delimiter_name(char d) {
    if (d == 0) return "auto";
    if (d == '\t') return "tab";
    return std::string(1, d);
}

std::optional<std::size_t> Table::find(const std::string& name) const {
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) return std::nullopt;
    return static_cast<std::size_t>(it - names.begin());
}

void Table::fail_at(std::size_t row, std::size_t col, const std::string& what) const {
    throw ValueError(source + ":" + std::to_string(lines[row]) + ":" + std::to_string(col + 1) + ": " + what);
}

void Table::fail(const std::string& what) const { throw ValueError(source + ": " + what); }

std::string Table::delimiter_hint() const {
    if (names.size() != 1 || delimiter == ';' || delimiter == '\t') return "";
    if (names[0].find(';') != std::string::npos)
        return "the header is one column holding ';': is the file separated by semicolons? set data.delimiter to \";\" "
               "(or \"auto\")";
    if (names[0].find('\t') != std::string::npos)
        return "the header is one column holding tabs: is the file tab-separated? set data.delimiter to \"tab\" (or \"auto\")";
    return "";
}

std::string fingerprint_of(std::string_view bytes) {
    std::uint64_t hash = 14695981039346656037ull;  // FNV-1a: xor in each byte, multiply by the prime
    for (unsigned char c : bytes) hash = (hash ^ c) * 1099511628211ull;
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
    return hex;
}

bool is_missing_cell(std::string_view cell) {
    static constexpr std::array<std::string_view, 7> missing = {"", "NA", "N/A", "NaN", "nan", "null", "?"};
    return std::find(missing.begin(), missing.end(), cell) != missing.end();
}

Table parse_table(std::string_view text, const std::string& source, const TableOptions& options) {
    Table t;
    t.source = source;
    t.fingerprint = fingerprint_of(text);
    Reader at{source, options.delimiter};
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a UTF-8 byte order mark
    std::vector<std::string> row;
    while (!text.empty()) {
        const std::size_t end = std::min(text.find('\n'), text.size());
        std::string_view line = text.substr(0, end);
        text.remove_prefix(std::min(end + 1, text.size()));
        ++at.line;
        if (line.ends_with('\r')) line.remove_suffix(1);
        if (line.find_first_not_of(" \t") == std::string_view::npos) continue;  // a blank line
        if (t.names.empty()) {
            if (at.delimiter == 0) at.delimiter = detect_delimiter(line);
            read_header(line, at, options, t.names);
            t.delimiter = at.delimiter;
            if (options.on_header) options.on_header(t);
            continue;
        }
        row.clear();
        const std::size_t count = split_cells(line, at, row, t.names.size());
        if (count != t.names.size()) {
            const std::string hint = t.delimiter_hint();
            at.fail_at_line(std::to_string(count) + (count == 1 ? " cell" : " cells") + ", but the header has " +
                            std::to_string(t.names.size()) + (t.names.size() == 1 ? " column" : " columns") +
                            (hint.empty() ? "" : "; " + hint));
        }
        for (auto& cell : row) t.cells.push_back(std::move(cell));
        t.lines.push_back(at.line);
    }
    if (t.names.empty()) at.fail("the file is empty; expected a header row of column names, then one row per example");
    if (t.delimiter == 0) t.delimiter = ',';
    return t;
}

std::string read_text_file(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(path, ec)) throw ValueError(path + ": no such file");
    if (fs::is_directory(path, ec)) throw ValueError(path + ": is a folder, not a CSV file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ValueError(path + ": cannot open the file for reading");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

Table read_table(const std::string& path, const TableOptions& options) {
    return parse_table(read_text_file(path), path, options);
}

}  // namespace tapegrad
