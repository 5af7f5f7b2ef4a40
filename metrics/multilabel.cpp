// Multi-label metrics. Both tensors must be (m, L) of exact 0s and 1s; probabilities passed by
// mistake are refused with a hint to threshold() them.
#include "multilabel.hpp"

#include "../core/error.hpp"

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

void check(const char* metric, const Tensor<float>& predicted, const Tensor<float>& target) {
    if (predicted.rows() != target.rows() || predicted.cols() != target.cols())
        throw ShapeError(std::string(metric) + ": predicted (" + shape_of(predicted) + ") and target (" +
                         shape_of(target) + ") must have the same shape");
    if (target.size() == 0) throw ValueError(std::string(metric) + ": no examples (" + shape_of(target) + ")");
    const auto check_binary = [&](const Tensor<float>& x, const char* which, const char* hint) {
        for (Index i = 0; i < x.rows(); ++i)
            for (Index j = 0; j < x.cols(); ++j)
                if (x(i, j) != 0 && x(i, j) != 1)
                    throw ValueError(std::string(metric) + ": " + which + "(" + std::to_string(i) + ", " +
                                     std::to_string(j) + ") is " + number(x(i, j)) + "; entries must be 0 or 1" + hint);
    };
    check_binary(predicted, "predicted", " (threshold probabilities first: threshold(p, 0.5))");
    check_binary(target, "target", "");
}

// True positives, false positives and false negatives of each label column, as (1, L) rows.
struct Counts {
    Eigen::RowVectorXd tp, fp, fn;
};

Counts count(const Tensor<float>& predicted, const Tensor<float>& target) {
    const Tensor<double> p = predicted.cast<double>(), t = target.cast<double>();
    return {(p.array() * t.array()).colwise().sum().matrix(),
            (p.array() * (1 - t.array())).colwise().sum().matrix(),
            ((1 - p.array()) * t.array()).colwise().sum().matrix()};
}

double f1(double tp, double fp, double fn) {
    const double den = 2 * tp + fp + fn;
    return den == 0 ? 0.0 : 2 * tp / den;
}

}  // namespace

Tensor<float> threshold(const Tensor<float>& probabilities, double threshold) {
    return (probabilities.array().cast<double>() > threshold).cast<float>().matrix();
}

double hamming_loss(const Tensor<float>& predicted, const Tensor<float>& target) {
    check("hamming_loss", predicted, target);
    return double((predicted.array() != target.array()).count()) / double(target.size());
}

double subset_accuracy(const Tensor<float>& predicted, const Tensor<float>& target) {
    check("subset_accuracy", predicted, target);
    Index right = 0;
    for (Index i = 0; i < target.rows(); ++i) right += predicted.row(i) == target.row(i);
    return double(right) / double(target.rows());
}

std::vector<double> per_label_f1(const Tensor<float>& predicted, const Tensor<float>& target) {
    check("per_label_f1", predicted, target);
    const Counts c = count(predicted, target);
    std::vector<double> scores;
    for (Index j = 0; j < target.cols(); ++j) scores.push_back(f1(c.tp(j), c.fp(j), c.fn(j)));
    return scores;
}

double micro_f1(const Tensor<float>& predicted, const Tensor<float>& target) {
    check("micro_f1", predicted, target);
    const Counts c = count(predicted, target);
    return f1(c.tp.sum(), c.fp.sum(), c.fn.sum());
}

double macro_f1(const Tensor<float>& predicted, const Tensor<float>& target) {
    const std::vector<double> scores = per_label_f1(predicted, target);
    return std::accumulate(scores.begin(), scores.end(), 0.0) / double(scores.size());
}

}  // namespace tapegrad
