// One experiment as a config describes it: the data (split and standardised), the model, the loss
// and the optimizer, all derived from the config's seed, so that the same config always trains
// the same way. `tapegrad train`, `compare` and `tape` are built on it, and train_run.hpp trains it
// with the one loop, fit().
#pragma once

#include "config.hpp"
#include "optimizer_factory.hpp"
#include "table_data.hpp"

#include "../data/data.hpp"
#include "../losses/losses.hpp"
#include "../nn/nn.hpp"
#include "../optim/optim.hpp"

#include <memory>
#include <optional>

namespace tapegrad {

/// A data set's figures. Single-label tasks fill accuracy; multi-label tasks the rest.
struct Scores {
    double loss = 0;
    double accuracy = 0;
    double hamming_loss = 0, subset_accuracy = 0, micro_f1 = 0, macro_f1 = 0;
    /// {"<prefix>loss": ..., "<prefix>accuracy": ...}, prefix "test_" or "val_".
    nlohmann::json to_json(Task task, const std::string& prefix) const;
};

struct Experiment {
    RunConfig config;
    Dataset train, validation, test;  // standardised if the config says so; validation may be empty
    Standardizer standardizer;        // fitted on the training part (unfitted if not standardising)
    DataDescription data_description; // the columns, labels and files, for the model file
    std::unique_ptr<Loss> loss;
    std::unique_ptr<MLP<float>> model;
    std::unique_ptr<Optimizer<float>> optimizer;
    std::optional<ReduceLROnPlateau> plateau;  // "schedule": {"name": "plateau"}: driven by the trainer
    std::string plateau_metric;                 // the epoch record's key it watches
    Rng shuffle_rng;                  // orders the mini-batches
    std::int64_t steps_per_epoch = 0;

    /// Loss and metrics on `data` with gradients off: one forward pass, on evaluation_tape when
    /// the rows fit one batch of evaluation_batch (else logits() in batches). Not for two threads
    /// at once on one Experiment (the lab gives each run its own).
    Scores evaluate(const Dataset& data) const;
    /// Rows per forward pass when evaluating: large, since no backward needs the tape kept.
    static constexpr Index evaluation_batch = 4096;
    /// evaluate()'s tape, kept between calls so that its buffers are allocated once, not every
    /// epoch (a fresh tape took new memory for every layer's output, page faults included).
    mutable Tape<float> evaluation_tape;
    /// The logits on `data` with gradients off, computed in batches.
    Tensor<float> logits(const Dataset& data) const;
    /// The model's outputs on `data` turned into probabilities by the loss's link.
    Tensor<float> probabilities(const Dataset& data) const;
    /// Logits turned into probabilities by the loss's link (softmax, sigmoid or as they are).
    Tensor<float> to_probabilities(const Tensor<float>& logits) const;
    /// The loss's target for `data`: class indices, or the n-hot rows of a multi-label task; with
    /// data.label_smoothing > 0, soft rows (1 - eps) y + eps / K only, so every loss trains on them.
    Target<float> target(const Dataset& data) const;
};

/// Reads the data a config names: a bundled dataset, a generator or CSV files, split into train
/// and test (stratified, seeded) unless a test file is given, a validation part carved from the
/// training part when data.validation_fraction > 0, all standardised on the training part.
void load_data(const RunConfig& config, Experiment& experiment);

/// Refuses data that does not fit the task (one label column for multilabel, several for the
/// others, more than 2 classes for binary); `source` names the data in the message.
void check_task_fits(const RunConfig& config, const Dataset& data, const std::string& source);

/// The label column of a bundled dataset's CSV file ("species" for iris), or its label names.
std::vector<std::string> bundled_label_columns(const std::string& dataset, const Dataset& data);

/// Everything built and ready for epoch 1.
std::unique_ptr<Experiment> make_experiment(const RunConfig& config);

/// How many outputs the model needs for this task and loss: one per class for softmax (and for
/// identity on a multi-class task), one per label for sigmoid, 1 for a binary sigmoid.
Index output_size(Task task, Link link, Index classes);

/// Builds the model the config describes, initialised from `seed`. Refuses a model larger than
/// max_parameters before allocating it.
std::unique_ptr<MLP<float>> make_model(const ModelConfig& model, Index inputs, Index outputs, std::uint64_t seed);

/// The number of weights and biases of an MLP inputs -> hidden... -> outputs.
long double count_parameters(Index inputs, const std::vector<Index>& hidden, Index outputs);

// A loss Target as fit() batches it: the rows of its class indices or of its dense rows.
Index count_rows(const Target<float>& y);
void gather_rows(const Target<float>& y, std::span<const Index> rows, Target<float>& out);

}  // namespace tapegrad
