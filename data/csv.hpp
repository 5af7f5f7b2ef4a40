// Reading a Dataset from a CSV file: a header row of column names, then one example per row.
// Named columns are labels, every other column is a feature. The rules are listed at read_csv
// below; docs/data.md explains the choices.
#pragma once

#include "dataset.hpp"
#include "table.hpp"

#include <span>

#include <string>
#include <string_view>
#include <vector>

namespace tapegrad {

/// How to read the label columns of a CSV file.
struct CsvOptions {
    /// The label columns, by header name. One column: a single-label task whose cells name the
    /// classes (text or numbers, see read_csv). Two or more: a multi-label task of 0/1 cells.
    std::vector<std::string> labels = {"label"};
    /// Read a single label column as one 0/1 multi-label column (implied by two or more columns).
    bool multilabel = false;
    /// If set (say, to the training file's class_names), class cells must be one of these names
    /// and map to their positions here; otherwise the file itself decides (see read_csv).
    std::vector<std::string> class_names = {};
    /// Read single-label cells as class indices 0, 1, ..., K - 1 (K = the largest + 1, so a class
    /// may have no rows) instead of as the values seen.
    bool labels_are_indices = false;
    /// A resource bound: more classes than this are refused, so that a stray label 999999 in a
    /// 20-row file cannot ask for a million-class model.
    std::size_t max_classes = 10'000;
    /// A resource bound: a header with more columns is refused before its names are checked, so a
    /// hostile line of millions of names costs one pass over it.
    std::size_t max_columns = 100'000;
    /// The cell separator; 0 detects it (see TableOptions).
    char delimiter = 0;
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
///   - A single label column: the classes are the values seen, as scikit-learn finds them, sorted
///     and numbered 0, 1, 2, ... whatever the order of the rows. If every cell is a number they
///     sort as numbers and are named by their value ({2, 1, 10} give "1" = 0, "2" = 1,
///     "10" = 2; "+1" and "1.0" are "1"); otherwise as text in byte order ("virginica",
///     "setosa", "versicolor" give setosa = 0, versicolor = 1, virginica = 2). There must be at
///     least 2 classes and at most options.max_classes.
///     With options.labels_are_indices the cells are class indices instead: whole numbers from
///     0, kept as they are, so K = largest + 1 (at most max_classes).
///     With options.class_names given, cells must be among those names (as written, or as the
///     same number) and take their positions; one class alone is then fine (a small test file).
///   - Multi-label columns hold 0 or 1.
/// Errors are ValueError with the file, line and column (both counted from 1), quoting at most a
/// short escaped excerpt of the input (see quoted_excerpt):
///   train.csv:7:3: "abc" is not a number (column "petal_width")
Dataset read_csv(const std::string& path, const CsvOptions& options = {});

/// read_csv on text already in memory; `source` is the name that messages show.
Dataset parse_csv(std::string_view text, const std::string& source, const CsvOptions& options = {});

/// The pieces read_csv is made of, for readers that choose their own columns (train/table_data.hpp):
/// a table's label columns by name (refusing a missing or repeated one, with a delimiter hint),
Dataset csv_dataset(const Table& table, const CsvOptions& options);
std::vector<std::size_t> find_label_columns(const Table& table, const std::vector<std::string>& labels);
/// one feature cell as a finite float ("train.csv:7:3: \"abc\" is not a number (column \"x\")"),
float parse_feature_cell(const Table& table, std::size_t row, std::size_t col);
/// and the labels of some of its rows, in that order: data.labels and class_names (one column, by
/// the rules above) or data.targets (several 0/1 columns, or options.multilabel).
void read_label_columns(const Table& table, const std::vector<std::size_t>& columns, std::span<const std::size_t> rows,
                        const CsvOptions& options, Dataset& data);

}  // namespace tapegrad
