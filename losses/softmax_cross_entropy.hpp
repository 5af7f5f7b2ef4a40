// Softmax cross-entropy: the loss for single-label classification (one class per example), fused
// with the softmax so that it stays finite at any logit. See softmax_cross_entropy.cpp for the math.
#pragma once

#include "reduction.hpp"

#include <initializer_list>
#include <optional>
#include <span>
#include <vector>

namespace tapegrad {

/// Options, read like a sentence:
///   SoftmaxCrossEntropyOptions().reduction(Reduction::sum).label_smoothing(0.1)
struct SoftmaxCrossEntropyOptions {
    /// mean (default): per-row losses averaged over the rows, or, with class weights and class
    /// indices, divided by the total weight of the rows not ignored (as PyTorch does);
    /// sum; batch_mean: sum / rows; none: the (m,1) per-row losses.
    SoftmaxCrossEntropyOptions& reduction(Reduction r) { reduction_ = r; return *this; }
    /// One weight w_c >= 0 per class: row n's loss is scaled by the weight of its class.
    SoftmaxCrossEntropyOptions& weight(std::vector<double> w) { weight_ = std::move(w); return *this; }
    /// eps in [0, 1]: the target becomes (1 - eps) target + eps / C, spreading eps over all classes.
    SoftmaxCrossEntropyOptions& label_smoothing(double eps) { label_smoothing_ = eps; return *this; }
    /// Rows whose class index equals i count for nothing (padding). Class-index targets only.
    SoftmaxCrossEntropyOptions& ignore_index(Index i) { ignore_index_ = i; return *this; }

    Reduction reduction() const { return reduction_; }
    const std::vector<double>& weight() const { return weight_; }
    double label_smoothing() const { return label_smoothing_; }
    std::optional<Index> ignore_index() const { return ignore_index_; }

private:
    Reduction reduction_ = Reduction::mean;
    std::vector<double> weight_;  // empty: every class weighs 1
    double label_smoothing_ = 0;
    std::optional<Index> ignore_index_;  // none by default: a negative index is an error
};

/// Cross-entropy of softmax(logits) against one class per row.
///   logits: (m,C) raw scores    target: m class indices in 0..C-1    result: 1x1, or (m,1) for none
///   L_n = -log softmax(logits_n)[target_n] = logsumexp(logits_n) - logits_n[target_n]
/// dL/dlogits = (softmax(logits) - onehot(target)) / m under mean reduction.
/// A logit of -inf rules its class out (its gradient is 0); a row of only -inf, a NaN or a +inf
/// logit, or a target index out of range throws ValueError.
template <class T>
Var<T> softmax_cross_entropy(Var<T> logits, std::span<const Index> target,
                             const SoftmaxCrossEntropyOptions& options = {});

/// The same with target rows of probabilities (one-hot or soft), each summing to 1.
///   target: (m,C)    L_n = -sum_c target_nc log softmax(logits_n)_c
/// mean divides by m. If target needs a gradient it gets one: dL/dtarget = -log softmax(logits).
template <class T>
Var<T> softmax_cross_entropy(Var<T> logits, Var<T> target, const SoftmaxCrossEntropyOptions& options = {});

/// What a softmax_cross_entropy node used, for tools that explain a step (core/tape_explain.hpp).
/// Row n of the gradient is  dL/dz_n = scale * dL/dy * weight_n * (p_n - y_n):
///   p       softmax(z) (m,C), from the node's input, the logits
///   y       the target each row is pulled towards (m,C), rows summing to 1: t', the one-hot row of
///           a class index or the given row of probabilities after label smoothing; with class
///           weights w, the weighted w t' / sum_c w_c t'_c
///   weight  per row: sum_c w_c t'_c, which is 1 without class weights and w_class for a class
///           index without smoothing; 0 for an ignored row
///   classes the class indices (-1 for an ignored row); empty for probability targets
///   scale   1/m for the mean of m rows (1 / total weight with class weights), 1 for sum
template <class T>
struct SoftmaxCrossEntropyParts {
    Tensor<T> p, y;
    std::vector<T> weight;
    std::vector<Index> classes;
    double scale = 1;
};

/// The parts of a node recorded by softmax_cross_entropy; throws ValueError for any other node.
template <class T>
SoftmaxCrossEntropyParts<T> softmax_cross_entropy_parts(const Node<T>& node);

/// Class indices written in place: softmax_cross_entropy(logits, {2, 0, 1}).
template <class T>
Var<T> softmax_cross_entropy(Var<T> logits, std::initializer_list<Index> target,
                             const SoftmaxCrossEntropyOptions& options = {}) {
    return softmax_cross_entropy(logits, std::span<const Index>(target.begin(), target.size()), options);
}

}  // namespace tapegrad
