// Splitting a Dataset into a training part and a test part, at random from a seed, keeping
// each class's share of the examples the same in both parts (a stratified split).
#pragma once

#include "dataset.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace tapegrad {

struct Split {
    Dataset train;
    Dataset test;
};

/// Sends a share test_fraction (0 < f < 1) of the rows to `test`, the rest to `train`.
///   stratified (single-label tasks, the default): each class sends round(count * f) of its
///     examples, picked at random, so both parts keep the class proportions. Iris (50 per class)
///     with f = 0.2 gives 10 of each class to test and 40 of each to train.
///   otherwise (and always for multi-label data): round(m * f) rows picked at random.
/// Rows keep their original order within each part. Neither part may end up empty.
Split train_test_split(const Dataset& data, double test_fraction, std::uint64_t seed, bool stratify = true);

/// The row numbers of the same split, each part in increasing order: stratified by `labels` (one
/// class index per row) when given, else plain random over `rows` rows. train_test_split is
/// split_rows followed by Dataset::subset, so both give the same parts for the same seed.
struct RowSplit {
    std::vector<Index> train, test;
};
RowSplit split_rows(std::span<const Index> labels, Index rows, double test_fraction, std::uint64_t seed);

}  // namespace tapegrad
