// Dataset helpers: picking rows, counting classes, one-hot rows and the consistency check that
// every reader and generator runs before handing a Dataset out.
#include "dataset.hpp"

namespace tapegrad {

void gather_rows(const Tensor<float>& x, std::span<const Index> rows, Tensor<float>& out) {
    out.resize(static_cast<Index>(rows.size()), x.cols());
    for (std::size_t i = 0; i < rows.size(); ++i) out.row(static_cast<Index>(i)) = x.row(rows[i]);
}

void gather_rows(std::span<const Index> labels, std::span<const Index> rows, std::vector<Index>& out) {
    out.resize(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) out[i] = labels[static_cast<std::size_t>(rows[i])];
}

Dataset Dataset::subset(std::span<const Index> rows) const {
    for (Index r : rows)
        if (r < 0 || r >= this->rows())
            throw ValueError("Dataset::subset: row " + std::to_string(r) + " is outside 0.." +
                             std::to_string(this->rows() - 1));
    Dataset part;
    part.feature_names = feature_names;
    part.class_names = class_names;
    gather_rows(features, rows, part.features);
    if (is_multilabel())
        gather_rows(targets, rows, part.targets);
    else
        gather_rows(labels, rows, part.labels);
    return part;
}

std::vector<Index> Dataset::class_counts() const {
    std::vector<Index> counts(class_names.size(), 0);
    if (is_multilabel()) {
        for (Index j = 0; j < targets.cols(); ++j) counts[static_cast<std::size_t>(j)] = static_cast<Index>(targets.col(j).sum());
    } else {
        for (Index k : labels) ++counts[static_cast<std::size_t>(k)];
    }
    return counts;
}

Tensor<float> one_hot(std::span<const Index> labels, Index num_classes) {
    Tensor<float> y = Tensor<float>::Zero(static_cast<Index>(labels.size()), num_classes);
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (labels[i] < 0 || labels[i] >= num_classes)
            throw ValueError("one_hot: label " + std::to_string(i) + " is " + std::to_string(labels[i]) +
                             ", outside 0.." + std::to_string(num_classes - 1));
        y(static_cast<Index>(i), labels[i]) = 1;
    }
    return y;
}

void Dataset::check() const {
    const auto fail = [](const std::string& why) { throw ValueError("Dataset: " + why); };
    const std::string m = std::to_string(rows());
    if (static_cast<Index>(feature_names.size()) != num_features())
        fail(std::to_string(feature_names.size()) + " feature names for " + std::to_string(num_features()) +
             " feature columns");
    if (is_multilabel()) {
        if (!labels.empty()) fail("a multi-label dataset keeps its labels in targets; labels must be empty");
        if (targets.rows() != rows()) fail("targets has " + std::to_string(targets.rows()) + " rows, features " + m);
        if (targets.cols() != num_classes())
            fail(std::to_string(class_names.size()) + " label names for " + std::to_string(targets.cols()) +
                 " target columns");
        if (!(targets.array() == 0 || targets.array() == 1).all()) fail("targets must hold only 0 and 1");
        return;
    }
    if (static_cast<Index>(labels.size()) != rows())
        fail(std::to_string(labels.size()) + " labels for " + m + " rows of features");
    for (std::size_t i = 0; i < labels.size(); ++i)
        if (labels[i] < 0 || labels[i] >= num_classes())
            fail("label " + std::to_string(i) + " is " + std::to_string(labels[i]) + ", but there are " +
                 std::to_string(num_classes()) + " class names");
}

}  // namespace tapegrad
