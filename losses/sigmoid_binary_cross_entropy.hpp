// Sigmoid binary cross-entropy: the loss for binary and multi-label classification, where each
// column is its own yes/no question (n-hot targets). Fused with the sigmoid so it is finite at any logit.
#pragma once

#include "reduction.hpp"

#include <vector>

namespace tapegrad {

/// Options:  SigmoidBinaryCrossEntropyOptions().reduction(Reduction::sum).pos_weight({3.0, 1.0})
struct SigmoidBinaryCrossEntropyOptions {
    /// mean (default): over all m x n entries, as PyTorch; sum; batch_mean: sum / rows (each
    /// example's losses summed over its labels, then averaged over examples); none: (m,n).
    SigmoidBinaryCrossEntropyOptions& reduction(Reduction r) { reduction_ = r; return *this; }
    /// One weight per column for the positive term, to make up for rare positives: a column with
    /// 1 positive in 4 is balanced by pos_weight 3.
    SigmoidBinaryCrossEntropyOptions& pos_weight(std::vector<double> w) { pos_weight_ = std::move(w); return *this; }
    /// One weight per column multiplying that column's whole loss (both terms), as PyTorch's
    /// `weight` of shape (n,) broadcast over rows. The mean still divides by m n, not by the
    /// weights' sum, as PyTorch does.
    SigmoidBinaryCrossEntropyOptions& weight(std::vector<double> w) { weight_ = std::move(w); return *this; }

    Reduction reduction() const { return reduction_; }
    const std::vector<double>& pos_weight() const { return pos_weight_; }
    const std::vector<double>& weight() const { return weight_; }

private:
    Reduction reduction_ = Reduction::mean;
    std::vector<double> pos_weight_;  // empty: 1 for every column
    std::vector<double> weight_;      // empty: 1 for every column
};

/// Binary cross-entropy of sigmoid(logits) against target, entry by entry.
///   logits: (m,n)   target: (m,n), entries in [0, 1] (0/1 labels, or soft)   result: 1x1, or (m,n)
///   L_ij = max(x, 0) - x y + log1p(e^-|x|)          (x = logits_ij, y = target_ij)
///        = -[y ln sigmoid(x) + (1 - y) ln(1 - sigmoid(x))]
/// dL/dlogits = (sigmoid(logits) - target) / (m n) under mean reduction.
/// With pos_weight p_j:  L_ij = -[p_j y ln sigmoid(x) + (1 - y) ln(1 - sigmoid(x))].
/// With weight w_j:      L_ij = -w_j [p_j y ln sigmoid(x) + (1 - y) ln(1 - sigmoid(x))].
template <class T>
Var<T> sigmoid_binary_cross_entropy(Var<T> logits, Var<T> target,
                                    const SigmoidBinaryCrossEntropyOptions& options = {});

}  // namespace tapegrad
