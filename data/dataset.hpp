// A Dataset: a feature matrix with one example per row, and its labels: one class index per row
// (multiclass and binary tasks) or one n-hot row per example (multi-label tasks).
// Every reader, generator and split in data/ produces one.
#pragma once

#include "../core/error.hpp"
#include "../core/tensor.hpp"

#include <span>
#include <string>
#include <vector>

namespace tapegrad {

/// Features and labels of m examples with d features each.
///
///   multiclass / binary:  features (m, d), labels: m class indices in [0, K), targets empty (0x0)
///   multi-label:          features (m, d), labels empty, targets (m, L) of 0 and 1 (n-hot rows)
///
/// class_names[k] names class k (multiclass) or label column k (multi-label).
struct Dataset {
    Tensor<float> features;                  // (m, d)
    std::vector<Index> labels;               // m class indices, or empty for multi-label
    Tensor<float> targets;                   // (m, L) n-hot, or 0x0 for single-label tasks
    std::vector<std::string> feature_names;  // d names
    std::vector<std::string> class_names;    // K class names, or L label names

    Index rows() const { return features.rows(); }
    Index num_features() const { return features.cols(); }
    /// K for a single-label task, L (the number of label columns) for a multi-label one.
    Index num_classes() const { return static_cast<Index>(class_names.size()); }
    bool is_multilabel() const { return targets.cols() > 0; }

    /// The examples at the given row numbers, in that order (a row may repeat).
    Dataset subset(std::span<const Index> rows) const;
    /// How many examples carry each class (single-label) or each label (multi-label).
    std::vector<Index> class_counts() const;
    /// Throws ValueError if the parts disagree: row counts, name counts, labels out of range.
    void check() const;
};

/// Class indices as one-hot rows: labels {2, 0} with K = 3 give [[0,0,1], [1,0,0]].
Tensor<float> one_hot(std::span<const Index> labels, Index num_classes);

/// Copies the given rows of x into out (resized to rows.size() x x.cols()); reuses out's memory
/// when its size already fits, so a training loop can gather each batch without allocating.
void gather_rows(const Tensor<float>& x, std::span<const Index> rows, Tensor<float>& out);
void gather_rows(std::span<const Index> labels, std::span<const Index> rows, std::vector<Index>& out);

}  // namespace tapegrad
