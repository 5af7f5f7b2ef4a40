// Metrics for single-label tasks (multiclass and binary): accuracy, the confusion matrix,
// per-class precision, recall and F1, and log loss. Plain functions of class indices and
// probabilities; nothing here touches the tape.
#pragma once

#include "../core/tensor.hpp"

#include <span>
#include <vector>

namespace tapegrad {

/// The predicted class of each row of scores (logits or probabilities, (m, K)): the column of its
/// largest entry; a tie goes to the lowest column.
template <class T>
std::vector<Index> argmax_rows(const Tensor<T>& scores);

/// The share of examples whose predicted class is the target: (1/m) sum_i [predicted_i == target_i].
double accuracy(std::span<const Index> predicted, std::span<const Index> target);

/// C(t, p) = how many examples of true class t were predicted as class p; (K, K).
/// Rows are the truth and columns the prediction, as in scikit-learn:
///   target {0, 0, 1, 2}, predicted {0, 1, 1, 1}  ->  [[1, 1, 0],
///                                                     [0, 1, 0],
///                                                     [0, 1, 0]]
Tensor<Index> confusion_matrix(std::span<const Index> predicted, std::span<const Index> target, Index num_classes);

/// Per-class scores read off a confusion matrix C:
///   precision_k = C(k,k) / sum_t C(t,k)    of the examples predicted k, the share that are k
///   recall_k    = C(k,k) / sum_p C(k,p)    of the examples of class k, the share found
///   f1_k        = 2 precision_k recall_k / (precision_k + recall_k)
/// A 0/0 counts as 0 (scikit-learn's zero_division=0): the precision of a class never predicted,
/// the recall of a class that never occurs, and the F1 when both are 0.
struct ClassScores {
    std::vector<double> precision, recall, f1;
    std::vector<Index> support;  // how many examples of each class the target holds

    /// Unweighted means over the classes (every class counts the same, however rare).
    double macro_precision() const;
    double macro_recall() const;
    double macro_f1() const;
};
ClassScores class_scores(const Tensor<Index>& confusion);

/// Mean negative log-probability of the true class: -(1/m) sum_i log p(i, target_i), in nats.
/// probabilities: (m, K) rows (softmax outputs), or (m, 1) holding p(class 1) of a binary task.
/// Each probability is clamped to [eps, 1 - eps] first, so a confident wrong answer costs
/// -log(eps) (about 16.1 for the default) instead of infinity.
template <class T>
double log_loss(const Tensor<T>& probabilities, std::span<const Index> target, double eps = 1e-7);

}  // namespace tapegrad
