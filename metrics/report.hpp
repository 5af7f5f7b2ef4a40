// Classification reports, as scikit-learn's classification_report prints them: per class (or per
// label) precision, recall, F1 and support, with the class names, then the averages, and for a
// single-label task the confusion matrix. Built as JSON (what `tapegrad eval --report --json`
// prints) and rendered from that JSON as aligned text (what it prints otherwise).
#pragma once

#include "classification.hpp"

#include <nlohmann/json.hpp>

#include <span>
#include <string>
#include <vector>

namespace tapegrad {

/// Single-label report of predicted vs target class indices, K = class_names.size():
///   {"classes": [{"name", "precision", "recall", "f1", "support"}, ...],
///    "accuracy", "macro_avg": {...}, "weighted_avg": {...},   (averages carry "support": m)
///    "confusion_matrix": {"labels": [names], "matrix": [[C(t, p)]]}}   rows: truth, columns: prediction
/// Macro averages weigh every class the same; weighted averages weigh each class by its support.
nlohmann::json classification_report(std::span<const Index> predicted, std::span<const Index> target,
                                     const std::vector<std::string>& class_names);

/// Multi-label report of n-hot predictions vs targets (m, L):
///   {"labels": [{"name", "precision", "recall", "f1", "support"}, ...],   support: rows carrying the label
///    "micro_avg": {...}, "macro_avg": {...}, "hamming_loss", "subset_accuracy"}
/// Micro pools every label's counts; macro is the plain mean over labels. 0/0 counts as 0.
nlohmann::json multilabel_report(const Tensor<float>& predicted, const Tensor<float>& target,
                                 const std::vector<std::string>& label_names);

/// Either report as aligned text: a table with one row per class (or label) and the averages,
/// figures to 3 decimals, then the confusion matrix with the class names on both axes.
std::string report_text(const nlohmann::json& report);

}  // namespace tapegrad
