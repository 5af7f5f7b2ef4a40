// Fisher-Yates shuffling and the MiniBatches of an epoch.
#include "batches.hpp"

#include <algorithm>
#include <numeric>
#include <string>
#include <utility>

namespace tapegrad {

void shuffle_in_place(std::span<Index> v, Rng& rng) {
    for (std::size_t i = v.size(); i > 1; --i) {
        const std::size_t j = rng.below(i);  // uniform in [0, i-1]
        std::swap(v[i - 1], v[j]);
    }
}

std::vector<Index> permutation(Index n, Rng& rng) {
    std::vector<Index> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), Index{0});
    shuffle_in_place(order, rng);
    return order;
}

MiniBatches::MiniBatches(Index rows, Index batch_size) : batch_size_(batch_size) {
    if (rows < 1) throw ValueError("MiniBatches: no rows to batch (rows is " + std::to_string(rows) + ")");
    if (batch_size < 1)
        throw ValueError("MiniBatches: batch_size is " + std::to_string(batch_size) + "; it must be at least 1");
    order_.resize(static_cast<std::size_t>(rows));
    std::iota(order_.begin(), order_.end(), Index{0});
}

void MiniBatches::shuffle(Rng& rng) {
    std::iota(order_.begin(), order_.end(), Index{0});
    shuffle_in_place(order_, rng);
}

std::span<const Index> MiniBatches::batch(Index b) const {
    if (b < 0 || b >= count())
        throw ValueError("MiniBatches::batch: batch " + std::to_string(b) + " of " + std::to_string(count()) +
                         " (batches are numbered 0.." + std::to_string(count() - 1) + ")");
    const Index begin = b * batch_size_;
    const Index size = std::min(batch_size_, rows() - begin);
    return std::span<const Index>(order_).subspan(static_cast<std::size_t>(begin), static_cast<std::size_t>(size));
}

}  // namespace tapegrad
