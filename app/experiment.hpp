// One experiment as a config describes it: the data (split and standardised), the model, the loss
// and the optimizer, all derived from the config's seed, so that the same config always trains
// the same way. `train`, `compare` and `tape` are built on it.
#pragma once

#include "config.hpp"

#include "../data/data.hpp"
#include "../losses/losses.hpp"
#include "../nn/nn.hpp"
#include "../ops/ops.hpp"
#include "../optim/optim.hpp"

#include <memory>

namespace tapegrad {

/// Test-set figures after an epoch. Single-label tasks fill accuracy; multi-label tasks the rest.
struct Scores {
    double loss = 0;
    double accuracy = 0;
    double hamming_loss = 0, subset_accuracy = 0, micro_f1 = 0, macro_f1 = 0;
    nlohmann::json to_json(Task task, const char* prefix) const;  // {"test_loss": ..., ...}
};

struct Experiment {
    RunConfig config;
    Dataset train, test;            // standardised if the config says so
    Standardizer standardizer;      // fitted on the training part (unfitted if not standardising)
    std::unique_ptr<Loss> loss;
    std::unique_ptr<MLP<float>> model;
    std::unique_ptr<Optimizer<float>> optimizer;
    Rng shuffle_rng;                // orders the mini-batches
    std::int64_t steps_per_epoch = 0;

    /// One pass over the training data in shuffled mini-batches; returns the mean training loss.
    double train_epoch();
    /// Loss and metrics on `data` with gradients off.
    Scores evaluate(const Dataset& data) const;
    /// The model's outputs on `data` turned into probabilities by the loss's link.
    Tensor<float> probabilities(const Dataset& data) const;
    /// The logits on `data` with gradients off.
    Tensor<float> logits(const Dataset& data) const;
    /// The loss's target for the given rows of `data` (all rows when `rows` is empty).
    Target<float> target(const Dataset& data, std::span<const Index> rows = {}) const;

private:
    Tape<float> tape_;
    Tensor<float> batch_x_;
    Target<float> batch_y_;
};

/// Reads the data a config names: a bundled dataset, a generator or CSV files, split into train
/// and test (stratified, seeded) unless a test file is given, and standardised on the train part.
void load_data(const RunConfig& config, Experiment& experiment);

/// Everything built and ready for epoch 1.
std::unique_ptr<Experiment> make_experiment(const RunConfig& config);

/// How many outputs the model needs for this task and loss: one per class for softmax (and for
/// identity on a multi-class task), one per label for sigmoid, 1 for a binary sigmoid.
Index output_size(Task task, Link link, Index classes);

/// The config as it ran, every default filled in: what metrics.json and the checkpoint record.
nlohmann::json resolved_config(const Experiment& experiment);

/// Builds the model the config describes, initialised from `seed`.
std::unique_ptr<MLP<float>> make_model(const ModelConfig& model, Index inputs, Index outputs, std::uint64_t seed);

}  // namespace tapegrad
