// Shuffling and mini-batches. One Fisher-Yates shuffle, driven by the project's Rng, orders the
// examples of each epoch; a batch is a run of that order. The same seed gives the same batches
// with any compiler, since no std:: distribution or std::shuffle is involved.
#pragma once

#include "../core/rng.hpp"
#include "dataset.hpp"

#include <span>
#include <vector>

namespace tapegrad {

/// Fisher-Yates: for i = n-1 down to 1, swap v[i] with v[j], j uniform in [0, i]. Every one of
/// the n! orders is equally likely.
void shuffle_in_place(std::span<Index> v, Rng& rng);

/// A random order of 0, 1, ..., n-1.
std::vector<Index> permutation(Index n, Rng& rng);

/// The mini-batches of an epoch: call shuffle() at the start of each epoch, then visit
/// batch(0), ..., batch(count() - 1). Every row appears exactly once per epoch; the last batch
/// holds the remainder (rows % batch_size) when the rows do not divide evenly.
///
///   MiniBatches batches(data.rows(), 32);
///   for (int epoch = 0; epoch < epochs; ++epoch) {
///       batches.shuffle(rng);
///       for (Index b = 0; b < batches.count(); ++b) {
///           gather_rows(data.features, batches.batch(b), x);  // x: (<= 32, d)
///           gather_rows(data.labels, batches.batch(b), y);
///           ...
///       }
///   }
class MiniBatches {
public:
    MiniBatches(Index rows, Index batch_size);

    /// A fresh order for the next epoch; reuses its memory. The order starts from 0, 1, ..., n-1
    /// each time, so it depends only on the Rng's state: a run resumed from a checkpoint (which
    /// restores the Rng) shuffles exactly as an uninterrupted one.
    void shuffle(Rng& rng);
    /// Batches per epoch: rows / batch_size, rounded up.
    Index count() const { return (rows() + batch_size_ - 1) / batch_size_; }
    /// The row numbers of batch b, 0 <= b < count().
    std::span<const Index> batch(Index b) const;

    Index rows() const { return static_cast<Index>(order_.size()); }
    Index batch_size() const { return batch_size_; }
    const std::vector<Index>& order() const { return order_; }

private:
    std::vector<Index> order_;
    Index batch_size_;
};

}  // namespace tapegrad
