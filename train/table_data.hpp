// A model's data, described so that the model file is self-contained: how a CSV file's columns
// become features (the encoder), which columns hold the labels, and a fingerprint of the files it
// was trained on with the row numbers of its test and validation parts. With it, `eval` rebuilds
// the exact test split from the training file (or refuses, saying the file changed), and `eval`
// and `predict` read any file that has the model's columns, in any order.
#pragma once

#include "config.hpp"

#include "../data/data.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace tapegrad {

/// A file a model was trained on: where it was, its bytes' fingerprint, how many rows it had.
struct FileFingerprint {
    std::string path;         // absolute
    std::string fingerprint;  // fingerprint_of(bytes)
    long long rows = 0;       // data rows below the header
};

struct DataDescription {
    FeatureEncoder encoder;                  // input columns -> features, learned on the training part
    std::vector<std::string> label_columns;  // the label columns' names in a CSV file
    std::string delimiter = "auto";          // as configured
    std::optional<FileFingerprint> train_file, test_file;  // CSV sources only
    /// The data rows of train_file (from 0, below the header) in the test and validation parts;
    /// empty when a test file was given (test) or there is no validation split.
    std::vector<Index> test_rows, validation_rows;

    nlohmann::json to_json() const;
    static DataDescription from_json(const nlohmann::json& j);
};

struct Experiment;

/// Reads data.train (and data.test) as the config says: ignored columns, missing values,
/// categorical columns, the delimiter; splits it (stratified, seeded; validation carved from the
/// training part) and learns the encoder on the training part only. Fills experiment.train,
/// .validation, .test (not yet standardised) and .data_description.
void load_csv_data(const RunConfig& config, Experiment& experiment);

/// What `export-data` writes beside its train.csv and test.csv (export.json): the files hold
/// standardised features and class indices in a column "label" (or the label columns); this says
/// how to read them back as the data they came from.
nlohmann::json export_description(const Experiment& experiment);

/// A file read for a trained model (eval --data, predict --data).
struct ModelInput {
    Table table;             // as read (predict copies --keep columns from it)
    std::vector<Index> rows; // the table rows in `data`, in order (drop_rows leaves some out)
    Dataset data;            // features encoded (not standardised); labels when the file has them
    bool has_labels = false;
};

/// Reads `path` with the model's columns, found by name in any order. `labels_required`: refuse a
/// file without the label columns (eval), else leave them unread (predict). A file
/// written by export-data (an export.json beside it names it) whose label columns are not the
/// model's is read back as the data it was exported from: features un-standardised with the
/// export's figures, class indices turned into the class names, under the model's label column.
ModelInput read_for_model(const DataDescription& description, Task task, const std::vector<std::string>& class_names,
                          const std::string& path, bool labels_required);

/// The part of the training data a model file names ("test" or "validation"), read back from the
/// training file after checking its fingerprint: refused, saying so, when the file is gone or
/// changed. Only for models trained from CSV files (description.train_file set).
Dataset stored_split(const DataDescription& description, Task task, const std::vector<std::string>& class_names,
                     const std::string& split);

}  // namespace tapegrad
