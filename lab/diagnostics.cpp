// The lab's measurements: see diagnostics.hpp.
#include "diagnostics.hpp"

#include "../train/full_gradient.hpp"

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

// The targets as (m, C) rows of probabilities in float64: soft or n-hot rows as given, or one-hot
// rows from class indices (a single sigmoid column: the 0/1 labels).
Tensor<double> target_rows(const Target<float>& t, Index rows, Index cols) {
    if (t.dense.size() > 0) return t.dense.cast<double>();
    if (cols == 1) {
        Tensor<double> y(rows, 1);
        for (Index i = 0; i < rows; ++i) y(i, 0) = static_cast<double>(t.classes[static_cast<std::size_t>(i)]);
        return y;
    }
    return one_hot(t.classes, cols).cast<double>();
}

// p = softmax(z) row by row, or sigmoid(z) entry by entry, in float64.
Tensor<double> link_probabilities(const Tensor<double>& z, Link link) {
    if (link == Link::sigmoid) return (1.0 + (-z.array()).exp()).inverse().matrix();
    Tensor<double> p(z.rows(), z.cols());
    for (Index i = 0; i < z.rows(); ++i) {
        p.row(i) = (z.row(i).array() - z.row(i).maxCoeff()).exp();
        p.row(i) /= p.row(i).sum();
    }
    return p;
}

}  // namespace

std::string grad_norm_key(long layer) { return "grad_norm_layer" + std::to_string(layer); }

Diagnostics diagnose(Experiment& x) {
    const Dataset& data = x.train;
    const Index m = data.rows();
    const Target<float> target = x.target(data);
    Diagnostics d;
    // One forward and backward pass over the whole training set, as a step would take it.
    const FullGradient g = full_gradient(x, data);
    // A "sum" reduction grows with m; dividing by m gives every loss its per-example scale.
    const double per_example = uses_mean_over_examples(*x.loss) ? static_cast<double>(m) : 1.0;
    d.grad_logits_mean_abs = per_example * static_cast<double>(g.grad_logits.cwiseAbs().mean());
    const double to_mean = uses_mean_over_examples(*x.loss) ? 1.0 : 1.0 / static_cast<double>(m);
    std::size_t k = 0;  // g.params follows model->parameters(): each layer's weight and bias in turn
    for (Linear<float>& layer : x.model->layers) {
        double squares = 0;  // ||dL/dW||^2 + ||dL/db||^2, summed in double
        for (std::size_t n = layer.parameters().size(); n > 0; --n) squares += g.params.at(k++).cast<double>().squaredNorm();
        d.grad_norm_layers.push_back(to_mean * std::sqrt(squares));
    }
    const Tensor<double> logits = g.logits.cast<double>();

    const Link link = x.loss->link();
    if (link == Link::identity) return d;
    const Tensor<double> p = link_probabilities(logits, link);
    const Tensor<double> y = target_rows(target, logits.rows(), logits.cols());
    double slope = 0;
    Index saturated = 0, wrong = 0;
    if (link == Link::softmax && logits.cols() > 1) {
        for (Index i = 0; i < m; ++i) {
            Index truth, guess;
            y.row(i).maxCoeff(&truth);  // the most likely class of a soft row
            p.row(i).maxCoeff(&guess);
            saturated += p(i, truth) < 1e-3;  // confidently wrong: the true class all but ruled out
            if (guess != truth) {
                ++wrong;
                slope += p(i, truth) * (1 - p(i, truth));  // d p_y / d z_y: the softmax's own slope there
            }
        }
        d.saturated_fraction = static_cast<double>(saturated) / static_cast<double>(m);
        d.cross_entropy = cross_entropy(y, p).mean();
        d.entropy = entropy(y).mean() + 0.0;  // + 0.0 turns the -0 of one-hot rows into 0
        d.kl_divergence = kl_divergence(y, p).mean();
    } else {  // sigmoid (or one softmax column): each output is its own yes/no question
        for (Index i = 0; i < p.size(); ++i) {
            const double pi = p.data()[i], yi = y.data()[i];
            saturated += std::abs(pi - std::round(yi)) > 1 - 1e-3;
            if ((pi > 0.5) != (yi > 0.5)) {
                ++wrong;
                slope += pi * (1 - pi);
            }
        }
        d.saturated_fraction = static_cast<double>(saturated) / static_cast<double>(p.size());
        const Tensor<double> yb = as_bernoulli_rows(y), pb = as_bernoulli_rows(p);
        d.cross_entropy = mean_per_example(cross_entropy(yb, pb), p.cols());
        d.entropy = mean_per_example(entropy(yb), p.cols()) + 0.0;
        d.kl_divergence = mean_per_example(kl_divergence(yb, pb), p.cols());
    }
    if (wrong > 0) d.sigma_prime_wrong = slope / static_cast<double>(wrong);
    return d;
}

Yardstick yardstick(const Experiment& x, const Tensor<float>& logits, const Dataset& data) {
    Yardstick out;
    const Link link = x.loss->link();
    if (link == Link::identity || data.rows() == 0) return out;
    const Tensor<double> p = link_probabilities(logits.cast<double>(), link);
    Target<float> hard;
    if (data.is_multilabel()) hard.dense = data.targets;
    else hard.classes = data.labels;
    const Tensor<double> y = target_rows(hard, p.rows(), p.cols());
    const double m = static_cast<double>(p.rows());
    constexpr double tiny = 1e-300;  // log(0) would be -inf: a probability of exactly 0 costs about 690 nats
    out.brier = (p - y).squaredNorm() / m;
    if (link == Link::softmax && p.cols() > 1)
        out.log_loss = -(y.array() * (p.array() + tiny).log()).sum() / m;
    else
        out.log_loss = -(y.array() * (p.array() + tiny).log() + (1 - y.array()) * (1 - p.array() + tiny).log()).sum() / m;
    return out;
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
