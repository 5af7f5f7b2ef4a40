// A CSV file read as text: the header's column names and every row's cells, before anything is
// made a number. The CSV reader (csv.hpp) and the feature encoder (encoder.hpp) both start from
// one; it also keeps a fingerprint of the bytes, so a model can tell when its training file changed.
#pragma once

#include "../core/error.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tapegrad {

struct Table;

struct TableOptions {
    /// The cell separator; 0 detects it from the header: a comma, unless the header holds no comma
    /// but a semicolon or a tab (a file saved with a European locale, or tab-separated).
    char delimiter = 0;
    /// A resource bound: a header with more columns is refused before its names are checked.
    std::size_t max_columns = 100'000;
    /// Called once the header is read, before any row: a reader refuses a file whose header lacks
    /// its columns here, so that the message is about the header, not about a row below it.
    std::function<void(const Table&)> on_header = {};
};

/// The delimiter a config names: "auto" (0), ",", ";", "tab" or "\t", "|". Throws ValueError otherwise.
char delimiter_from_name(const std::string& name);
/// "," ";" "tab" "|" or "auto": how a delimiter is written in a config and in messages.
std::string delimiter_name(char delimiter);

struct Table {
    std::string source;                  // the file, as messages name it
    char delimiter = ',';                // the one used (detected or given)
    std::string fingerprint;             // 64-bit FNV-1a of the file's bytes, 16 hex digits
    std::vector<std::string> names;      // the header
    std::vector<std::string> cells;      // row by row, rows() * cols()
    std::vector<int> lines;              // each row's line in the file, from 1

    std::size_t rows() const { return lines.size(); }
    std::size_t cols() const { return names.size(); }
    const std::string& cell(std::size_t row, std::size_t col) const { return cells[row * names.size() + col]; }
    /// The column named `name`, if the header has it.
    std::optional<std::size_t> find(const std::string& name) const;

    /// "train.csv:<line>:<column>: what" for a row (from 0) and a column (from 0).
    [[noreturn]] void fail_at(std::size_t row, std::size_t col, const std::string& what) const;
    [[noreturn]] void fail(const std::string& what) const;
    /// When the header is one name holding ';' or a tab (a delimiter was forced, or the file is
    /// odd): a hint saying which delimiter it looks like; else "".
    std::string delimiter_hint() const;
};

/// Splits `text` into a Table. The rules are read_csv's (csv.hpp): a header of unique, non-empty
/// names; cells separated by the delimiter, spaces around a cell dropped; a cell in double quotes
/// may hold the delimiter, "" standing for one quote; \n or \r\n line ends; blank lines skipped; a
/// UTF-8 byte order mark skipped; every row as many cells as the header. When the delimiter is a
/// comma and the header is a single name holding ';' or a tab, the message says which one it looks
/// like. Errors are ValueError naming the file, line and column.
Table parse_table(std::string_view text, const std::string& source, const TableOptions& options = {});

/// Reads a file into a Table (see parse_table).
Table read_table(const std::string& path, const TableOptions& options = {});

/// Reads a whole file's bytes; refuses a missing file or a folder with one clear line.
std::string read_text_file(const std::string& path);

/// 64-bit FNV-1a of the bytes, as 16 hex digits: a fingerprint that tells two files apart (not a
/// defence against someone crafting a collision).
std::string fingerprint_of(std::string_view bytes);

/// True for the cells that stand for a missing value: empty, NA, N/A, NaN, nan, null, ?.
bool is_missing_cell(std::string_view cell);

}  // namespace tapegrad
