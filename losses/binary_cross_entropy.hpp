// Binary cross-entropy on probabilities (the outputs of a sigmoid), with PyTorch's guard: each log
// is clamped at -100, so the loss is never infinite. Prefer sigmoid_binary_cross_entropy on logits.
#pragma once

#include "reduction.hpp"

namespace tapegrad {

struct BinaryCrossEntropyOptions {
    /// mean (default): over all m x n entries; sum; batch_mean: sum / rows; none: (m,n).
    BinaryCrossEntropyOptions& reduction(Reduction r) { reduction_ = r; return *this; }
    Reduction reduction() const { return reduction_; }

private:
    Reduction reduction_ = Reduction::mean;
};

/// L_ij = -[y max(ln p, -100) + (1 - y) max(ln(1 - p), -100)]     (p = probs_ij, y = target_ij)
///   probs, target: (m,n), entries in [0, 1]   result: 1x1, or (m,n) under none
/// Never negative, never infinite: at most 100 per entry.
/// dL/dp = (p - y) / max(p (1 - p), 1e-12): the exact derivative wherever p (1 - p) > 1e-12,
/// bounded by 1e12 near p = 0 and p = 1 (PyTorch's rule), so never inf or NaN.
template <class T>
Var<T> binary_cross_entropy(Var<T> probs, Var<T> target, const BinaryCrossEntropyOptions& options = {});

}  // namespace tapegrad
