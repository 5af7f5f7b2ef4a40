// The lab's measurements: see lab.hpp.
#include "diagnostics.hpp"

#include <cmath>

namespace tapegrad {

namespace {

// Rows [y, 1 - y] for every entry of an n-hot or probability matrix: one Bernoulli per entry.
Tensor<double> as_bernoulli_rows(const Tensor<double>& x) {
    Tensor<double> rows(x.size(), 2);
    for (Index i = 0; i < x.size(); ++i) {
        rows(i, 0) = x.data()[i];
        rows(i, 1) = 1 - x.data()[i];
    }
    return rows;
}

// Sums each group of `per_example` consecutive rows of a column, then averages the groups.
double mean_per_example(const Tensor<double>& column, Index per_example) {
    return column.sum() / static_cast<double>(column.rows() / per_example);
}

bool uses_mean_over_examples(const Loss& loss) {
    const auto& o = loss.options();
    return !o.contains("reduction") || o["reduction"] != "sum";
}

}  // namespace

Diagnostics diagnose(const Experiment& x) {
    const Dataset& data = x.train;
    const Index m = data.rows();
    Diagnostics d;
    Tape<float> tape;
    Var<float> z = tape.variable(x.logits(data));  // a leaf: backward stops at the logits
    Var<float> L = (*x.loss)(z, x.target(data));
    tape.backward(L);
    const double per_example = uses_mean_over_examples(*x.loss) ? static_cast<double>(m) : 1.0;
    d.grad_logits_mean_abs = per_example * static_cast<double>(z.grad().cwiseAbs().mean());

    if (x.loss->link() == Link::identity) return d;
    const Tensor<double> logits = z.value().cast<double>();
    Tensor<double> p(logits.rows(), logits.cols()), y(logits.rows(), logits.cols());
    Index saturated = 0;
    if (x.loss->link() == Link::softmax) {
        for (Index i = 0; i < m; ++i) {  // p = softmax(z) per row, in float64
            const double top = logits.row(i).maxCoeff();
            p.row(i) = (logits.row(i).array() - top).exp();
            p.row(i) /= p.row(i).sum();
        }
        y = data.is_multilabel() ? Tensor<double>(data.targets.cast<double>())
                                 : Tensor<double>(one_hot(data.labels, logits.cols()).cast<double>());
        if (logits.cols() == 1) y = Tensor<double>::Ones(m, 1);  // degenerate, but defined
        for (Index i = 0; i < m; ++i) {
            Index truth;
            y.row(i).maxCoeff(&truth);
            saturated += p(i, truth) < 1e-3;  // confidently wrong: the true class all but ruled out
        }
        d.saturated_fraction = static_cast<double>(saturated) / static_cast<double>(m);
        d.cross_entropy = cross_entropy(y, p).mean();
        d.entropy = entropy(y).mean() + 0.0;  // + 0.0 turns the -0 of one-hot rows into 0
        d.kl_divergence = kl_divergence(y, p).mean();
    } else {  // sigmoid: each output is its own yes/no question
        p = (1.0 + (-logits.array()).exp()).inverse().matrix();
        if (data.is_multilabel()) y = data.targets.cast<double>();
        else for (Index i = 0; i < m; ++i) y(i, 0) = static_cast<double>(data.labels[static_cast<std::size_t>(i)]);
        saturated = ((p - y).array().abs() > 1 - 1e-3).count();
        d.saturated_fraction = static_cast<double>(saturated) / static_cast<double>(p.size());
        const Tensor<double> yb = as_bernoulli_rows(y), pb = as_bernoulli_rows(p);
        d.cross_entropy = mean_per_example(cross_entropy(yb, pb), p.cols());
        d.entropy = mean_per_example(entropy(yb), p.cols());
        d.kl_divergence = mean_per_example(kl_divergence(yb, pb), p.cols());
    }
    return d;
}

Tensor<double> probe_logits(double p, Index classes) {
    if (classes == 1) return Tensor<double>::Constant(1, 1, std::log(p / (1 - p)));
    Tensor<double> z = Tensor<double>::Constant(1, classes, std::log((1 - p) / static_cast<double>(classes - 1)));
    z(0, 0) = std::log(p);
    return z;
}

double probe_gradient(const Loss& loss, double p, Index classes) {
    Tape<double> tape;
    Var<double> z = tape.variable(probe_logits(p, classes));
    Target<double> target;
    if (classes == 1 || loss.link() == Link::sigmoid) {
        target.dense = Tensor<double>::Zero(1, classes);
        target.dense(0, 0) = 1;
        if (classes == 1) target.classes = {1};
    } else {
        target.classes = {0};
    }
    tape.backward(loss(z, target));
    return std::abs(z.grad()(0, 0));
}

std::optional<double> probe_gradient_closed_form(const Loss& loss, double p, Index classes) {
    // What the loss is comes from its registry line (its family) and its link, never its name.
    const auto& o = loss.options();
    auto unset = [&](const char* key) { return !o.contains(key) || o[key].is_null() || o[key].empty(); };
    const bool defaults = o.value("label_smoothing", 0.0) == 0.0 && unset("weight") && unset("pos_weight") &&
                          o.value("reduction", std::string("mean")) == "mean" && unset("gamma");
    if (!defaults) return std::nullopt;
    const double C = static_cast<double>(classes);
    if (loss.family() == LossFamily::cross_entropy && loss.link() != Link::identity) return 1 - p;  // |p - y|, y = 1
    if (loss.family() == LossFamily::squared_error && loss.link() == Link::softmax && classes > 1)
        return 2 * p * (1 - p) * (1 - p) / (C - 1);
    if (loss.family() == LossFamily::squared_error && (loss.link() == Link::sigmoid || classes == 1))
        return 2 * p * (1 - p) * (1 - p) / C;
    return std::nullopt;
}

}  // namespace tapegrad
