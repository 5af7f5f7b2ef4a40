// From a single label column's cells to class indices and class names. The classes are the values
// seen, as scikit-learn's LabelEncoder finds them, unless the caller says the cells are indices.
// read_csv uses this; the rules are a topic of their own, listed at read_csv in csv.hpp.
#pragma once

#include "csv.hpp"

#include <string>
#include <vector>

namespace tapegrad {

/// One label column's cells, each with the line it came from, and what messages call it.
struct LabelColumn {
    std::string source;      // the file
    std::string name;        // the column's header name
    std::size_t column = 0;  // counted from 0
    std::vector<std::string> cells;
    std::vector<int> lines;
};

/// Fills data.labels and data.class_names from the column (see read_csv for the rules).
/// Throws ValueError naming the file, line, column and the column's name.
void assign_classes(const LabelColumn& column, const CsvOptions& options, Dataset& data);

}  // namespace tapegrad
