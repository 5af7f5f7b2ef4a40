// Metrics for multi-label tasks, where each example carries any number of L labels: predictions
// and targets are n-hot tensors (m, L) of 0 and 1. Hamming loss and subset accuracy judge whole
// rows or single entries; F1 is given per label and averaged two ways (micro and macro).
#pragma once

#include "../core/tensor.hpp"

#include <vector>

namespace tapegrad {

/// 1 where a probability is above the threshold, else 0: turns sigmoid outputs into predictions.
Tensor<float> threshold(const Tensor<float>& probabilities, double threshold = 0.5);

/// The share of the m * L entries that are wrong: (1 / mL) sum_ij [predicted_ij != target_ij].
double hamming_loss(const Tensor<float>& predicted, const Tensor<float>& target);

/// The share of examples whose whole row of labels is right (every label, none missing, none extra).
double subset_accuracy(const Tensor<float>& predicted, const Tensor<float>& target);

/// F1 of each label column: 2 TP / (2 TP + FP + FN), counted down that column. 0 when the
/// label is neither present nor predicted (0/0 counts as 0, as in class_scores).
std::vector<double> per_label_f1(const Tensor<float>& predicted, const Tensor<float>& target);

/// Micro F1 pools the counts of all labels first: 2 sum TP / (2 sum TP + sum FP + sum FN),
/// so frequent labels weigh more. Macro F1 is the plain mean of per_label_f1: every label
/// counts the same.
double micro_f1(const Tensor<float>& predicted, const Tensor<float>& target);
double macro_f1(const Tensor<float>& predicted, const Tensor<float>& target);

}  // namespace tapegrad
