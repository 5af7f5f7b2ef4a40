// From a table's cells to the model's feature matrix: which columns are inputs (all but the labels
// and the ignored ones), how a missing cell is handled, and how a column of text categories
// becomes 0/1 features (one-hot). Learned from the training rows only and kept in the model file,
// so eval and predict turn a new file into features exactly as training did, finding each column
// by its name (a file may hold them in any order, and hold other columns too).
#pragma once

#include "table.hpp"

#include "../core/tensor.hpp"

#include <nlohmann/json.hpp>

#include <span>
#include <string>
#include <vector>

namespace tapegrad {

/// What to do with a missing cell (see is_missing_cell) in an input column.
enum class MissingValues {
    error,      // refuse the file, naming the line and column (the default)
    drop_rows,  // leave the row out (in training and eval; predict writes it with empty predictions)
    mean,       // the training rows' mean of that column; a missing category is all zeros
};
const char* missing_values_name(MissingValues m);
/// "error", "drop_rows", "mean"; throws ValueError for anything else.
MissingValues missing_values_from_name(const std::string& name);

struct EncoderOptions {
    std::vector<std::string> ignore;       // columns that are neither features nor labels (an id)
    MissingValues missing = MissingValues::error;
    std::vector<std::string> categorical;  // columns to one-hot encode
    bool categorical_auto = false;         // also every column holding a cell that is not a number
    std::size_t max_categories = 1000;     // a resource bound per column (an id column is the usual cause)
};

class FeatureEncoder {
public:
    /// One input column: a number (one feature) or categories (one 0/1 feature per category).
    struct Column {
        std::string name;
        bool categorical = false;
        std::vector<std::string> categories;  // those seen in training, sorted (byte order)
        double fill = 0;                      // the training rows' mean (used by MissingValues::mean)
    };

    FeatureEncoder() = default;
    /// Chooses the input columns of `table`: every column but `labels` and options.ignore (each
    /// must exist), categorical as options say. Throws ValueError naming the file and column.
    FeatureEncoder(const Table& table, const std::vector<std::string>& labels, const EncoderOptions& options);

    /// The rows of `table` to use: all of them, or (drop_rows) those with no missing cell in an
    /// input column or in `also` (the label columns). Throws for a missing cell under `error`.
    std::vector<Index> usable_rows(const Table& table, std::span<const std::size_t> also = {}) const;
    /// Learns the categories and the fill values from these rows of `table`.
    void fit(const Table& table, std::span<const Index> rows);
    /// The features of these rows of `table` (m, num_features()), columns found by name. A missing
    /// input column is refused with the header's names; a text cell in a number column says how to
    /// declare it categorical; a category not seen in training encodes as all zeros.
    Tensor<float> transform(const Table& table, std::span<const Index> rows) const;

    /// "x1", "color=blue", "color=red", ...: the model's feature names, in order.
    std::vector<std::string> feature_names() const;
    Index num_features() const;
    const std::vector<Column>& columns() const { return columns_; }
    const std::vector<std::string>& ignored() const { return ignore_; }
    MissingValues missing() const { return missing_; }

    /// {"columns": [{"name": "x1", "fill": 0.5}, {"name": "color", "categories": ["blue", "red"]}],
    ///  "ignore": ["id"], "missing": "error"}: what a model file stores.
    nlohmann::json to_json() const;
    /// Reads to_json's form back; throws ValueError naming what is malformed.
    static FeatureEncoder from_json(const nlohmann::json& j);
    /// An encoder of plain number columns with these names (models trained on generated data).
    static FeatureEncoder numeric(const std::vector<std::string>& names);

private:
    std::vector<std::size_t> find_columns(const Table& table) const;

    std::vector<Column> columns_;
    std::vector<std::string> ignore_;
    MissingValues missing_ = MissingValues::error;
    std::size_t max_categories_ = 1000;
};

}  // namespace tapegrad
