// Single-label metrics. Sizes and class indices are checked first, so a mistake (logits passed as
// probabilities, a label out of range) gives a message rather than a wrong number.
#include "classification.hpp"

#include "../core/error.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>
#include <string>

namespace tapegrad {
namespace {

std::string number(double v) {
    std::ostringstream out;
    out << v;  // 0.7, 2, 1e-09: as a reader writes them
    return out.str();
}

void check_sizes(const char* metric, std::size_t predicted, std::size_t target) {
    if (predicted != target)
        throw ShapeError(std::string(metric) + ": predicted has " + std::to_string(predicted) + " entries, target has " +
                         std::to_string(target) + "; both need one entry per example");
    if (target == 0) throw ValueError(std::string(metric) + ": no examples");
}

void check_class(const char* metric, const char* which, std::size_t i, Index k, Index num_classes) {
    if (k < 0 || k >= num_classes)
        throw ValueError(std::string(metric) + ": " + which + "[" + std::to_string(i) + "] is " + std::to_string(k) +
                         ", outside the classes 0.." + std::to_string(num_classes - 1));
}

double safe_ratio(double num, double den) { return den == 0 ? 0.0 : num / den; }

double mean(const std::vector<double>& v) { return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / double(v.size()); }

}  // namespace

template <class T>
std::vector<Index> argmax_rows(const Tensor<T>& scores) {
    if (scores.cols() == 0) throw ShapeError("argmax_rows: scores (" + shape_of(scores) + ") has no columns");
    std::vector<Index> best(static_cast<std::size_t>(scores.rows()));
    for (Index i = 0; i < scores.rows(); ++i) scores.row(i).maxCoeff(&best[static_cast<std::size_t>(i)]);
    return best;
}

double accuracy(std::span<const Index> predicted, std::span<const Index> target) {
    check_sizes("accuracy", predicted.size(), target.size());
    std::size_t right = 0;
    for (std::size_t i = 0; i < target.size(); ++i) right += predicted[i] == target[i];
    return double(right) / double(target.size());
}

Tensor<Index> confusion_matrix(std::span<const Index> predicted, std::span<const Index> target, Index num_classes) {
    check_sizes("confusion_matrix", predicted.size(), target.size());
    Tensor<Index> counts = Tensor<Index>::Zero(num_classes, num_classes);
    for (std::size_t i = 0; i < target.size(); ++i) {
        check_class("confusion_matrix", "target", i, target[i], num_classes);
        check_class("confusion_matrix", "predicted", i, predicted[i], num_classes);
        ++counts(target[i], predicted[i]);
    }
    return counts;
}

ClassScores class_scores(const Tensor<Index>& c) {
    if (c.rows() != c.cols()) throw ShapeError("class_scores: the confusion matrix (" + shape_of(c) + ") must be square");
    ClassScores s;
    for (Index k = 0; k < c.rows(); ++k) {
        const double hits = double(c(k, k));
        const double p = safe_ratio(hits, double(c.col(k).sum()));
        const double r = safe_ratio(hits, double(c.row(k).sum()));
        s.precision.push_back(p);
        s.recall.push_back(r);
        s.f1.push_back(safe_ratio(2 * p * r, p + r));
        s.support.push_back(c.row(k).sum());
    }
    return s;
}

double ClassScores::macro_precision() const { return mean(precision); }
double ClassScores::macro_recall() const { return mean(recall); }
double ClassScores::macro_f1() const { return mean(f1); }

template <class T>
double log_loss(const Tensor<T>& probabilities, std::span<const Index> target, double eps) {
    const Tensor<T>& p = probabilities;
    check_sizes("log_loss", static_cast<std::size_t>(p.rows()), target.size());
    const bool binary = p.cols() == 1;
    double total = 0;
    for (Index i = 0; i < p.rows(); ++i) {
        for (Index k = 0; k < p.cols(); ++k)
            if (!(p(i, k) >= 0 && p(i, k) <= 1))  // also catches NaN
                throw ValueError("log_loss: probabilities(" + std::to_string(i) + ", " + std::to_string(k) + ") is " +
                                 number(double(p(i, k))) +
                                 "; probabilities lie in [0, 1] (pass softmax(logits) or sigmoid(logits), not logits)");
        const auto t = target[static_cast<std::size_t>(i)];
        check_class("log_loss", "target", static_cast<std::size_t>(i), t, binary ? 2 : p.cols());
        const double p_true = binary ? (t == 1 ? double(p(i, 0)) : 1.0 - double(p(i, 0))) : double(p(i, t));
        total -= std::log(std::clamp(p_true, eps, 1.0 - eps));
    }
    return total / double(p.rows());
}

template std::vector<Index> argmax_rows(const Tensor<float>&);
template std::vector<Index> argmax_rows(const Tensor<double>&);
template double log_loss(const Tensor<float>&, std::span<const Index>, double);
template double log_loss(const Tensor<double>&, std::span<const Index>, double);

}  // namespace tapegrad
