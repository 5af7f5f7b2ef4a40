// Using a trained model on data: the examples `eval` scores (a file, or the model's own test
// split), the predicted classes, the predictions CSV that `predict` writes and the report that
// `eval --report` prints. The command line (app/) only reads arguments and writes what these return.
#pragma once

#include "model_file.hpp"

#include <string>
#include <vector>

namespace tapegrad {

/// A trained model made ready to score: the experiment holds its model and loss (no optimizer).
std::unique_ptr<Experiment> scoring_experiment(TrainedModel& model);

/// The examples to evaluate a model on, standardised as in training:
///   data_path given: that file, its columns found by name (labels required);
///   else the split ("test" or "validation") the model was trained with: re-read from the
///   training CSV after checking its fingerprint, or rebuilt from the config's seed for bundled
///   and generated data.
Dataset evaluation_data(const TrainedModel& model, const std::string& data_path, const std::string& split);

/// The rows `predict` writes: a file read by column name (labels not needed), or without a path
/// the model's test split (as evaluation_data); features standardised as in training.
ModelInput prediction_input(const TrainedModel& model, const std::string& data_path);

/// Each row's class from probabilities: the arg-max column, or for a single sigmoid column
/// (binary) class 1 when p > 0.5.
std::vector<Index> predicted_classes(const Tensor<float>& probabilities);

/// classification_report or multilabel_report of the model on `data`, with the class names.
nlohmann::json evaluation_report(const Experiment& scorer, const Dataset& data, double threshold = 0.5);

struct PredictOptions {
    std::vector<std::string> keep;  // input columns copied to the output first (an id)
    double threshold = 0.5;         // multi-label: a label is predicted when its probability is above
};

/// The CSV `predict` writes, one row per input row:
///   single-label: <keep...>, predicted (the class name), p_<class> for every class (a binary
///                 model with one sigmoid output too: p_<class 0> = 1 - p, p_<class 1> = p);
///   multi-label:  <keep...>, one 0/1 column per label (p > threshold), then p_<label> for each.
/// A row left out for a missing value (data.missing: drop_rows) keeps its <keep> cells and has
/// empty predictions. Names and cells holding a comma or a quote are quoted.
std::string predictions_csv(const ModelInput& input, const Tensor<float>& probabilities, Task task,
                            const std::vector<std::string>& class_names, const PredictOptions& options);

}  // namespace tapegrad
