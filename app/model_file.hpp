// A trained model on disk: the checkpoint (parameters, optimizer, RNG, position) plus, in its
// metadata, everything needed to use it again: the resolved config, the feature and class names
// and the standardiser's figures. `eval` and `predict` rebuild the model from this alone.
#pragma once

#include "experiment.hpp"

#include <filesystem>

namespace tapegrad {

/// The metadata written into model.ckpt.
nlohmann::json model_metadata(const Experiment& experiment, const nlohmann::json& resolved_config);

/// A model read back from a checkpoint, ready to predict.
struct TrainedModel {
    RunConfig config;
    std::unique_ptr<MLP<float>> model;
    std::unique_ptr<Loss> loss;
    Standardizer standardizer;
    std::vector<std::string> feature_names, class_names;
};

TrainedModel load_trained_model(const std::filesystem::path& checkpoint);

/// Creates `dir` if needed and proves that files can be written there, before any work is done.
void ensure_writable_directory(const std::filesystem::path& dir);

/// Writes text atomically (temporary file, flush, rename): a reader never sees half a file.
void write_text_atomically(const std::filesystem::path& path, const std::string& text);

}  // namespace tapegrad
