// Synthetic datasets drawn from a seed: the 2-D toy problems that show what a linear model
// cannot do and a hidden layer can (moons, circles, spirals, XOR), Gaussian blobs, and a
// multi-label generator. A seed gives the same data with any compiler (see core/rng.hpp).
#pragma once

#include "dataset.hpp"

#include <cstdint>

namespace tapegrad {

// Every generator: n examples, split as evenly as the classes allow (class k gets n / K, plus one
// for the first n % K classes); `noise` is the standard deviation of Gaussian noise added to every
// coordinate; rows come out shuffled, not grouped by class. Options read like sentences:
//   make_moons({.n = 500, .noise = 0.2, .seed = 1})

/// Gaussian blobs: K centres drawn uniformly in [-box, box]^d, each point a centre plus
/// N(0, spread^2) per coordinate.
struct BlobsOptions {
    Index n = 300;
    Index classes = 3;
    Index features = 2;
    double spread = 1.0;
    double box = 10.0;
    std::uint64_t seed = 0;
};
Dataset make_blobs(const BlobsOptions& options = {});

/// Two interleaving half circles: class 0 is (cos t, sin t), class 1 is (1 - cos t, 0.5 - sin t),
/// t evenly spaced in [0, pi].
struct MoonsOptions {
    Index n = 200;
    double noise = 0.1;
    std::uint64_t seed = 0;
};
Dataset make_moons(const MoonsOptions& options = {});

/// Two concentric circles: class 0 of radius 1, class 1 of radius `factor` (0 < factor < 1).
struct CirclesOptions {
    Index n = 200;
    double noise = 0.05;
    double factor = 0.5;
    std::uint64_t seed = 0;
};
Dataset make_circles(const CirclesOptions& options = {});

/// K spiral arms around the origin: arm k at radius r in [0, 1] sits at angle
/// 2 pi (k / K + turns r).
struct SpiralsOptions {
    Index n = 300;
    Index classes = 3;
    double noise = 0.05;
    double turns = 0.75;
    std::uint64_t seed = 0;
};
Dataset make_spirals(const SpiralsOptions& options = {});

/// XOR: points uniform in the four quadrants of [-1, 1]^2; class 1 where x and y have opposite
/// signs. The label comes from the quadrant before noise is added, so noise blurs the border.
struct XorOptions {
    Index n = 200;
    double noise = 0.1;
    std::uint64_t seed = 0;
};
Dataset make_xor(const XorOptions& options = {});

/// Multi-label "documents", after the idea of scikit-learn's make_multilabel_classification:
/// each label has its own distribution over the features ("words"). An example draws how many
/// labels it carries (Poisson with mean labels_per_example, at most `labels`), picks them by the
/// labels' prior weights, draws a length (Poisson with mean `length`, at least 1), and then
/// that many words, each from the average of its labels' word distributions (from all words
/// alike when it carries none). Its features are the word counts.
struct MultilabelOptions {
    Index n = 300;
    Index features = 20;
    Index labels = 5;
    double labels_per_example = 2.0;
    double length = 50.0;
    bool allow_unlabeled = true;  // may an example carry no label at all?
    std::uint64_t seed = 0;
};
Dataset make_multilabel(const MultilabelOptions& options = {});

}  // namespace tapegrad
