// The synthetic datasets. Each generator fills its points class by class, then one seeded
// permutation mixes the rows.
#include "generators.hpp"

#include "../core/rng.hpp"
#include "batches.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

namespace tapegrad {
namespace {

constexpr double pi = 3.141592653589793;

void require(bool ok, const char* generator, const std::string& rule) {
    if (!ok) throw ValueError(std::string(generator) + ": " + rule);
}

std::string str(double v) {
    std::string s = std::to_string(v);
    s.erase(s.find_last_not_of('0') + 1);
    if (s.ends_with('.')) s.pop_back();
    return s;
}

void check_common(const char* generator, Index n, Index classes, double noise) {
    require(n >= classes, generator,
            "n is " + std::to_string(n) + "; it must be at least " + std::to_string(classes) + " (one example per class)");
    require(noise >= 0, generator, "noise is " + str(noise) + "; it must be >= 0");
}

// Class k's share of n examples: n / K, plus one for the first n % K classes.
Index class_size(Index n, Index classes, Index k) { return n / classes + (k < n % classes ? 1 : 0); }

// Position i of `count` evenly spaced values in [0, 1] (both ends included).
double spaced(Index i, Index count) { return count > 1 ? double(i) / double(count - 1) : 0.0; }

std::vector<std::string> numbered(const char* prefix, Index count) {
    std::vector<std::string> names;
    for (Index k = 0; k < count; ++k) names.push_back(prefix + std::to_string(k));
    return names;
}

// Points arrive grouped by class; this names them, adds noise and shuffles the rows.
Dataset finish(Tensor<float> x, std::vector<Index> labels, std::vector<std::string> class_names, double noise, Rng& rng) {
    for (Index i = 0; i < x.size(); ++i) x.data()[i] += static_cast<float>(noise * rng.normal());
    std::vector<std::string> feature_names = numbered("x", x.cols());
    Dataset grouped{std::move(x), std::move(labels), {}, std::move(feature_names), std::move(class_names)};
    const std::vector<Index> order = permutation(grouped.rows(), rng);
    return grouped.subset(order);
}

// Knuth's method: count uniform draws until their product falls below e^-mean.
Index poisson(double mean, Rng& rng) {
    const double limit = std::exp(-mean);
    Index k = 0;
    for (double product = rng.uniform(); product > limit; product *= rng.uniform()) ++k;
    return k;
}

// Index i with probability weights[i] / sum(weights), from their running sums.
Index categorical(const std::vector<double>& running_sum, Rng& rng) {
    const double u = rng.uniform() * running_sum.back();
    const auto it = std::upper_bound(running_sum.begin(), running_sum.end(), u);
    return std::min<Index>(it - running_sum.begin(), static_cast<Index>(running_sum.size()) - 1);
}

}  // namespace

Dataset make_blobs(const BlobsOptions& o) {
    require(o.classes >= 1 && o.features >= 1, "make_blobs", "classes and features must be at least 1");
    check_common("make_blobs", o.n, o.classes, 0);
    require(o.spread >= 0, "make_blobs", "spread is " + str(o.spread) + "; it must be >= 0");
    Rng rng(o.seed);
    const Tensor<float> centres = rng.uniform_tensor<float>(o.classes, o.features, -o.box, o.box);
    Tensor<float> x(o.n, o.features);
    std::vector<Index> labels;
    for (Index k = 0; k < o.classes; ++k)
        for (Index i = 0; i < class_size(o.n, o.classes, k); ++i) {
            x.row(static_cast<Index>(labels.size())) = centres.row(k);
            labels.push_back(k);
        }
    return finish(std::move(x), std::move(labels), numbered("", o.classes), o.spread, rng);
}

Dataset make_moons(const MoonsOptions& o) {
    check_common("make_moons", o.n, 2, o.noise);
    Rng rng(o.seed);
    Tensor<float> x(o.n, 2);
    std::vector<Index> labels;
    for (Index k = 0; k < 2; ++k) {
        const Index count = class_size(o.n, 2, k);
        for (Index i = 0; i < count; ++i) {
            const double t = pi * spaced(i, count);
            const Index row = static_cast<Index>(labels.size());
            if (k == 0) x.row(row) << float(std::cos(t)), float(std::sin(t));
            else x.row(row) << float(1 - std::cos(t)), float(0.5 - std::sin(t));
            labels.push_back(k);
        }
    }
    return finish(std::move(x), std::move(labels), {"upper", "lower"}, o.noise, rng);
}

Dataset make_circles(const CirclesOptions& o) {
    check_common("make_circles", o.n, 2, o.noise);
    require(o.factor > 0 && o.factor < 1, "make_circles", "factor is " + str(o.factor) + "; it must be in (0, 1)");
    Rng rng(o.seed);
    Tensor<float> x(o.n, 2);
    std::vector<Index> labels;
    for (Index k = 0; k < 2; ++k) {
        const Index count = class_size(o.n, 2, k);
        const double radius = k == 0 ? 1.0 : o.factor;
        for (Index i = 0; i < count; ++i) {
            const double t = 2 * pi * double(i) / double(count);  // [0, 2 pi): no point twice
            x.row(static_cast<Index>(labels.size())) << float(radius * std::cos(t)), float(radius * std::sin(t));
            labels.push_back(k);
        }
    }
    return finish(std::move(x), std::move(labels), {"outer", "inner"}, o.noise, rng);
}

Dataset make_spirals(const SpiralsOptions& o) {
    check_common("make_spirals", o.n, o.classes, o.noise);
    require(o.classes >= 2, "make_spirals", "classes is " + std::to_string(o.classes) + "; it must be at least 2");
    Rng rng(o.seed);
    Tensor<float> x(o.n, 2);
    std::vector<Index> labels;
    for (Index k = 0; k < o.classes; ++k) {
        const Index count = class_size(o.n, o.classes, k);
        for (Index i = 0; i < count; ++i) {
            const double r = spaced(i, count);
            const double angle = 2 * pi * (double(k) / double(o.classes) + o.turns * r);
            x.row(static_cast<Index>(labels.size())) << float(r * std::cos(angle)), float(r * std::sin(angle));
            labels.push_back(k);
        }
    }
    return finish(std::move(x), std::move(labels), numbered("", o.classes), o.noise, rng);
}

Dataset make_xor(const XorOptions& o) {
    check_common("make_xor", o.n, 2, o.noise);
    Rng rng(o.seed);
    Tensor<float> x(o.n, 2);
    std::vector<Index> labels;
    for (Index k = 0; k < 2; ++k)
        for (Index i = 0; i < class_size(o.n, 2, k); ++i) {
            // Class 0 alternates between quadrants (+,+) and (-,-); class 1 between (+,-) and (-,+).
            const double sx = i % 2 == 0 ? 1 : -1;
            const double sy = k == 0 ? sx : -sx;
            x.row(static_cast<Index>(labels.size())) << float(sx * rng.uniform()), float(sy * rng.uniform());
            labels.push_back(k);
        }
    return finish(std::move(x), std::move(labels), {"same_sign", "opposite_sign"}, o.noise, rng);
}

Dataset make_multilabel(const MultilabelOptions& o) {
    const char* name = "make_multilabel";
    require(o.n >= 1 && o.features >= 1 && o.labels >= 1, name, "n, features and labels must be at least 1");
    require(o.labels_per_example > 0 && o.labels_per_example <= double(o.labels), name,
            "labels_per_example is " + str(o.labels_per_example) + "; it must be in (0, labels]");
    require(o.length > 0 && o.length <= 500, name, "length must be in (0, 500]");
    Rng rng(o.seed);
    // Label priors and each label's distribution over words, as running sums for categorical().
    std::vector<double> prior(static_cast<std::size_t>(o.labels));
    for (double& p : prior) p = rng.uniform();
    std::vector<double> prior_sum(prior.size());
    std::partial_sum(prior.begin(), prior.end(), prior_sum.begin());
    Tensor<double> words_given_label = rng.uniform_tensor<double>(o.labels, o.features);  // (L, d), rows unnormalised
    for (Index l = 0; l < o.labels; ++l) words_given_label.row(l) /= words_given_label.row(l).sum();

    Dataset data{Tensor<float>::Zero(o.n, o.features), {}, Tensor<float>::Zero(o.n, o.labels),
                 numbered("x", o.features), numbered("label_", o.labels)};
    std::vector<double> word_sum(static_cast<std::size_t>(o.features));
    for (Index i = 0; i < o.n; ++i) {
        Index count;
        do count = poisson(o.labels_per_example, rng);
        while (count > o.labels || (count == 0 && !o.allow_unlabeled));
        for (Index picked = 0; picked < count;) {
            const Index l = categorical(prior_sum, rng);
            if (data.targets(i, l) == 0) {
                data.targets(i, l) = 1;
                ++picked;
            }
        }
        // This example's words come from the sum of its labels' rows, which categorical() treats as
        // their average; from all words alike if it carries no label.
        Eigen::RowVectorXd mix = Eigen::RowVectorXd::Ones(o.features);
        if (count > 0) mix = data.targets.row(i).cast<double>() * words_given_label;
        std::partial_sum(mix.data(), mix.data() + mix.size(), word_sum.begin());
        Index length;
        do length = poisson(o.length, rng);
        while (length == 0);
        for (Index w = 0; w < length; ++w) data.features(i, categorical(word_sum, rng)) += 1;
    }
    data.check();
    return data;
}

}  // namespace tapegrad
