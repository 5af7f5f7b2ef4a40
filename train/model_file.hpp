// A trained model on disk: the checkpoint (parameters, optimizer, RNG, position) plus, in its
// metadata, everything needed to use it again: the run's id, the resolved config, the feature and
// class names, the standardiser's figures and the data description (table_data.hpp: how a CSV
// file's columns become features, the label columns, the training files' fingerprints and the
// test rows). `eval` and `predict` rebuild the model and read new files from this alone.
#pragma once

#include "experiment.hpp"

#include <filesystem>

namespace tapegrad {

/// The metadata written into every checkpoint of a run.
nlohmann::json model_metadata(const Experiment& experiment, const std::string& run_id);

/// Saves the experiment's whole training state after `epoch` epochs.
void save_experiment(const std::filesystem::path& path, Experiment& experiment, long epoch, const std::string& metadata);

/// A model read back from a checkpoint, ready to predict (or to train on, with its optimizer).
struct TrainedModel {
    RunConfig config;
    std::string run_id;
    long epoch = 0;  // epochs trained when it was saved
    std::unique_ptr<MLP<float>> model;
    std::unique_ptr<Loss> loss;
    Standardizer standardizer;
    std::vector<std::string> feature_names, class_names;
    DataDescription data;
};

/// Reads a model. The metadata is checked against the tensors the file stores (names and shapes)
/// before any model is built, so a crafted file cannot make it allocate more than it holds.
TrainedModel load_trained_model(const std::filesystem::path& checkpoint);

/// Restores an experiment built from the same config (make_experiment) to the state saved in
/// `checkpoint`: parameters, optimizer and RNG. Returns the epoch it was saved after.
long restore_experiment(const std::filesystem::path& checkpoint, Experiment& experiment);

/// The run id and resolved config a checkpoint's metadata names (for --resume).
struct SavedRun {
    std::string run_id;
    long epoch = 0;
    nlohmann::json config;
};
SavedRun read_saved_run(const std::filesystem::path& checkpoint);

}  // namespace tapegrad
