// Reading a Dataset from a CSV file: a header row of column names, then one example per row.
// Named columns are labels, every other column is a feature. The rules are listed at read_csv
// below; docs/data.md explains the choices.
#pragma once

#include "dataset.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace tapegrad {

/// How to read the label columns of a CSV file.
struct CsvOptions {
    /// The label columns, by header name. One column: a single-label task whose cells are class
    /// indices or class names. Two or more: a multi-label task whose cells are 0 or 1.
    std::vector<std::string> labels = {"label"};
    /// Read a single label column as one 0/1 multi-label column (implied by two or more columns).
    bool multilabel = false;
    /// If set (say, to the training file's class_names), class cells must be one of these names
    /// and map to their positions here; otherwise the file itself decides (see read_csv).
    std::vector<std::string> class_names = {};
    /// A resource bound: a header with more columns is refused before its names are checked, so a
    /// hostile line of millions of names costs one pass over it.
    std::size_t max_columns = 100'000;
};

/// Reads path into a Dataset. The format:
///   - The first non-blank line is a header of column names: unique and not empty, at most
///     options.max_columns of them.
///   - Cells are separated by commas; spaces around a cell are dropped; a cell may be wrapped in
///     double quotes to hold a comma, with "" inside the quotes standing for one quote.
///   - Lines end in \n or \r\n; blank lines (the end of the file, say) are skipped. A UTF-8 byte
///     order mark at the start is skipped.
///   - Feature cells are finite numbers ("1.5", "-2", "3e-4"); an empty cell, text, "nan" or
///     "inf" is refused.
///   - A single label column holds either class indices (every cell a whole number: "0", "2",
///     kept as they are, so K = largest + 1) or class names (any other text), which are sorted in
///     byte order and numbered 0, 1, 2, ...: "virginica", "setosa", "versicolor" give
///     setosa = 0, versicolor = 1, virginica = 2, whatever the order of the rows.
///   - Multi-label columns hold 0 or 1.
/// Errors are ValueError with the file, line and column (both counted from 1), quoting at most a
/// short escaped excerpt of the input (see quoted_excerpt):
///   train.csv:7:3: "abc" is not a number (column "petal_width")
Dataset read_csv(const std::string& path, const CsvOptions& options = {});

/// read_csv on text already in memory; `source` is the name that messages show.
Dataset parse_csv(std::string_view text, const std::string& source, const CsvOptions& options = {});

}  // namespace tapegrad
