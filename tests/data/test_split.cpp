// The stratified split, the standardizer (fitted on the training part only) and the
// mini-batches (every row once per epoch).
#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>

#include <algorithm>
#include <numeric>
#include <set>

using namespace tapegrad;

namespace {
// 100 examples, 60 of class 0, 30 of class 1, 10 of class 2; feature 0 is the row number.
Dataset uneven() {
    Dataset d{Tensor<float>(100, 2), {}, {}, {"row", "twice"}, {"a", "b", "c"}};
    for (Index i = 0; i < 100; ++i) {
        d.features(i, 0) = float(i);
        d.features(i, 1) = float(2 * i);
        d.labels.push_back(i < 60 ? 0 : i < 90 ? 1 : 2);
    }
    return d;
}
}  // namespace

TEST_CASE("a stratified split keeps each class's share in both parts") {
    const Split s = train_test_split(uneven(), 0.2, 1);
    CHECK(s.test.class_counts() == std::vector<Index>{12, 6, 2});  // 20% of 60, 30 and 10
    CHECK(s.train.class_counts() == std::vector<Index>{48, 24, 8});
    CHECK(s.train.class_names == std::vector<std::string>{"a", "b", "c"});
    // Every row lands in exactly one part, and rows keep their order within a part.
    std::vector<Index> rows;
    for (const Dataset* part : {&s.train, &s.test})
        for (Index i = 0; i < part->rows(); ++i) rows.push_back(Index(part->features(i, 0)));
    CHECK(std::is_sorted(rows.begin(), rows.begin() + 80));
    std::sort(rows.begin(), rows.end());
    std::vector<Index> all(100);
    std::iota(all.begin(), all.end(), Index{0});
    CHECK(rows == all);
    // Labels travel with their rows.
    for (Index i = 0; i < s.test.rows(); ++i)
        CHECK(s.test.labels[std::size_t(i)] == (s.test.features(i, 0) < 60 ? 0 : s.test.features(i, 0) < 90 ? 1 : 2));
}

TEST_CASE("the split depends on the seed and only on the seed") {
    const Dataset d = uneven();
    CHECK(train_test_split(d, 0.3, 5).test.features == train_test_split(d, 0.3, 5).test.features);
    CHECK(train_test_split(d, 0.3, 5).test.features != train_test_split(d, 0.3, 6).test.features);
    CHECK(train_test_split(d, 0.3, 5, false).test.rows() == 30);
}

TEST_CASE("a split of multi-label data picks rows at random") {
    const Dataset d = make_multilabel({.n = 50, .seed = 1});
    const Split s = train_test_split(d, 0.2, 0);
    CHECK(s.test.rows() == 10);
    CHECK(s.train.targets.rows() == 40);
}

TEST_CASE("a split that would leave a part empty, or a fraction outside (0, 1), is refused") {
    CHECK_THROWS_WITH_AS(train_test_split(uneven(), 1.0, 0),
                         "train_test_split: test_fraction is 1; it must lie strictly between 0 and 1", ValueError);
    CHECK_THROWS_WITH_AS(train_test_split(uneven(), 0.001, 0),
                         "train_test_split: test_fraction 0.001 of 100 rows leaves the test part empty", ValueError);
}

TEST_CASE("the standardizer learns from the training part only and scales the test part alike") {
    // train column 0: 1, 2, 3 (mean 2, population std sqrt(2/3)); column 1 constant 5.
    Split s;
    s.train.features.resize(3, 2);
    s.train.features << 1, 5, 2, 5, 3, 5;
    s.test.features.resize(2, 2);
    s.test.features << 100, 7, 2, 5;
    const Standardizer z = standardize(s);
    CHECK(z.mean()(0, 0) == doctest::Approx(2));
    CHECK(z.scale()(0, 0) == doctest::Approx(std::sqrt(2.0 / 3)));
    CHECK(z.mean()(0, 1) == 5);
    CHECK(z.scale()(0, 1) == 1);  // constant column: centred, not divided by zero
    CHECK(s.train.features.col(0).mean() == doctest::Approx(0).epsilon(1e-6));
    CHECK(s.train.features(0, 0) == doctest::Approx(-1 / std::sqrt(2.0 / 3)));
    CHECK(s.train.features.col(1).isZero());
    // The test part is scaled with the training figures: its own mean (51) plays no part.
    CHECK(s.test.features(0, 0) == doctest::Approx(98 / std::sqrt(2.0 / 3)));
    CHECK(s.test.features(1, 0) == doctest::Approx(0));
    CHECK(s.test.features(0, 1) == 2);
    CHECK(all_finite(s.train.features));
}

TEST_CASE("a constant column stays finite even when its mean does not round exactly") {
    Standardizer z;
    const Tensor<float> x = Tensor<float>::Constant(7, 1, 0.1f);
    CHECK(z.fit_transform(x).isZero(1e-6f));
}

TEST_CASE("the standardizer refuses data of another width, or use before fitting") {
    Standardizer z;
    CHECK_THROWS_WITH_AS(z.transform(Tensor<float>::Ones(2, 3)),
                         "Standardizer::transform: call fit() on the training features first", ValueError);
    z.fit(Tensor<float>::Ones(4, 4));
    CHECK_THROWS_WITH_AS(z.transform(Tensor<float>::Ones(2, 3)),
                         "Standardizer::transform: x (2x3) has 3 columns, but the standardizer was fitted on 4", ShapeError);
    const Standardizer restored(z.mean(), z.scale());
    CHECK(restored.transform(Tensor<float>::Ones(1, 4)).isZero());
}

TEST_CASE("mini-batches visit every row exactly once per epoch, in a new order each epoch") {
    Rng rng(3);
    MiniBatches batches(10, 4);
    CHECK(batches.count() == 3);
    std::vector<Index> previous;
    for (int epoch = 0; epoch < 3; ++epoch) {
        batches.shuffle(rng);
        std::vector<Index> seen;
        for (Index b = 0; b < batches.count(); ++b) {
            const auto batch = batches.batch(b);
            CHECK(batch.size() == (b < 2 ? 4u : 2u));  // 10 = 4 + 4 + 2
            seen.insert(seen.end(), batch.begin(), batch.end());
        }
        CHECK(seen != previous);
        previous = seen;
        std::sort(seen.begin(), seen.end());
        CHECK(seen == std::vector<Index>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    }
    CHECK_THROWS_AS(batches.batch(3), ValueError);
    CHECK_THROWS_WITH_AS(MiniBatches(10, 0), "MiniBatches: batch_size is 0; it must be at least 1", ValueError);
}

TEST_CASE("Fisher-Yates with one seed gives one order, and every order can occur") {
    Rng a(9), b(9);
    CHECK(permutation(20, a) == permutation(20, b));
    std::set<std::vector<Index>> orders;
    Rng rng(0);
    for (int i = 0; i < 600; ++i) orders.insert(permutation(3, rng));
    CHECK(orders.size() == 6);  // all 3! orders of {0, 1, 2}
}

TEST_CASE("gather_rows copies a batch's features and labels") {
    const Dataset d = uneven();
    const std::vector<Index> rows = {5, 95, 61};
    Tensor<float> x;
    std::vector<Index> y;
    gather_rows(d.features, rows, x);
    gather_rows(d.labels, rows, y);
    CHECK(x.col(0) == Eigen::Vector3f(5, 95, 61));
    CHECK(y == std::vector<Index>{0, 2, 1});
    CHECK(one_hot(y, 3) == (Tensor<float>(3, 3) << 1, 0, 0, 0, 0, 1, 0, 1, 0).finished());
}
