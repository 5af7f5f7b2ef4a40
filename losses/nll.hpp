// Negative log-likelihood: the loss on log-probabilities (say, from log_softmax) of one class per
// row. nll(log_softmax(z), y) is softmax_cross_entropy(z, y), taken in two steps.
#pragma once

#include "reduction.hpp"

#include <initializer_list>
#include <optional>
#include <span>
#include <vector>

namespace tapegrad {

struct NllOptions {
    /// mean (default): over the rows, or with class weights over their total weight (as PyTorch);
    /// sum; batch_mean: sum / rows; none: the (m,1) per-row losses.
    NllOptions& reduction(Reduction r) { reduction_ = r; return *this; }
    /// One weight w_c >= 0 per class.
    NllOptions& weight(std::vector<double> w) { weight_ = std::move(w); return *this; }
    /// Rows whose class index equals i count for nothing.
    NllOptions& ignore_index(Index i) { ignore_index_ = i; return *this; }

    Reduction reduction() const { return reduction_; }
    const std::vector<double>& weight() const { return weight_; }
    std::optional<Index> ignore_index() const { return ignore_index_; }

private:
    Reduction reduction_ = Reduction::mean;
    std::vector<double> weight_;
    std::optional<Index> ignore_index_;
};

/// L_n = -w_{y_n} log_probs(n, y_n): the information of the right answer under the model.
///   log_probs: (m,C)   target: m class indices   result: 1x1, or (m,1) under none
/// Built from ops (gather, *, sum), so its gradient needs no code of its own:
/// dL/dlog_probs(n, y_n) = -w_{y_n} / (total weight) under mean, 0 elsewhere.
template <class T>
Var<T> nll(Var<T> log_probs, std::span<const Index> target, const NllOptions& options = {});

template <class T>
Var<T> nll(Var<T> log_probs, std::initializer_list<Index> target, const NllOptions& options = {}) {
    return nll(log_probs, std::span<const Index>(target.begin(), target.size()), options);
}

}  // namespace tapegrad
