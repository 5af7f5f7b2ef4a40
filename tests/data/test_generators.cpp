// The generators: shapes, the same data for the same seed, balanced classes, the geometry each
// one promises, and generation by name from JSON options.
#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>

using namespace tapegrad;

TEST_CASE("every generator gives the promised shape and balanced classes") {
    SUBCASE("blobs") {
        const Dataset d = make_blobs({.n = 301, .classes = 3, .features = 5});
        CHECK(d.features.rows() == 301);
        CHECK(d.features.cols() == 5);
        CHECK(d.class_counts() == std::vector<Index>{101, 100, 100});
    }
    SUBCASE("moons") {
        const Dataset d = make_moons({.n = 201});
        CHECK(d.features.cols() == 2);
        CHECK(d.class_counts() == std::vector<Index>{101, 100});
        CHECK(d.class_names == std::vector<std::string>{"upper", "lower"});
    }
    SUBCASE("circles") { CHECK(make_circles({.n = 100}).class_counts() == std::vector<Index>{50, 50}); }
    SUBCASE("spirals") {
        const Dataset d = make_spirals({.n = 400, .classes = 4});
        CHECK(d.class_counts() == std::vector<Index>{100, 100, 100, 100});
    }
    SUBCASE("xor") { CHECK(make_xor({.n = 10}).class_counts() == std::vector<Index>{5, 5}); }
}

TEST_CASE("the same seed gives the same data; another seed different data") {
    const auto same = [](const Dataset& a, const Dataset& b) { return a.features == b.features && a.labels == b.labels; };
    CHECK(same(make_moons({.seed = 7}), make_moons({.seed = 7})));
    CHECK_FALSE(same(make_moons({.seed = 7}), make_moons({.seed = 8})));
    CHECK(same(make_blobs({.seed = 1}), make_blobs({.seed = 1})));
    CHECK(same(make_spirals({.seed = 1}), make_spirals({.seed = 1})));
    CHECK(same(make_xor({.seed = 2}), make_xor({.seed = 2})));
    CHECK(same(make_circles({.seed = 3}), make_circles({.seed = 3})));
    CHECK(make_multilabel({.seed = 4}).targets == make_multilabel({.seed = 4}).targets);
    CHECK(make_multilabel({.seed = 4}).features == make_multilabel({.seed = 4}).features);
}

TEST_CASE("rows come out shuffled, not grouped by class") {
    const Dataset d = make_moons({.n = 100});
    Index changes = 0;
    for (std::size_t i = 1; i < d.labels.size(); ++i) changes += d.labels[i] != d.labels[i - 1];
    CHECK(changes > 20);  // grouped rows would change class once
}

TEST_CASE("without noise the points lie exactly where the shapes say") {
    const Dataset circles = make_circles({.n = 40, .noise = 0, .factor = 0.3});
    for (Index i = 0; i < circles.rows(); ++i)
        CHECK(circles.features.row(i).norm() == doctest::Approx(circles.labels[std::size_t(i)] == 0 ? 1.0 : 0.3).epsilon(1e-5));
    const Dataset x = make_xor({.n = 200, .noise = 0});
    for (Index i = 0; i < x.rows(); ++i) {
        const bool opposite = x.features(i, 0) * x.features(i, 1) < 0;
        CHECK(x.labels[std::size_t(i)] == (opposite ? 1 : 0));
        CHECK(x.features.row(i).cwiseAbs().maxCoeff() <= 1);
    }
    const Dataset spirals = make_spirals({.n = 90, .noise = 0});
    CHECK(spirals.features.rowwise().norm().maxCoeff() == doctest::Approx(1).epsilon(1e-5));
}

TEST_CASE("blobs sit around their centres with the given spread") {
    const Dataset d = make_blobs({.n = 3000, .classes = 2, .features = 1, .spread = 0.5, .box = 100, .seed = 3});
    for (Index k = 0; k < 2; ++k) {
        double sum = 0, sum_sq = 0;
        Index count = 0;
        for (Index i = 0; i < d.rows(); ++i)
            if (d.labels[std::size_t(i)] == k) {
                const double x = d.features(i, 0);
                sum += x;
                sum_sq += x * x;
                ++count;
            }
        const double mean = sum / double(count);
        CHECK(std::sqrt(sum_sq / double(count) - mean * mean) == doctest::Approx(0.5).epsilon(0.05));
    }
}

TEST_CASE("the multi-label generator gives word counts and several labels per example") {
    const Dataset d = make_multilabel({.n = 500, .features = 10, .labels = 4, .labels_per_example = 2, .length = 30,
                                       .allow_unlabeled = false, .seed = 1});
    REQUIRE(d.is_multilabel());
    CHECK(d.features.rows() == 500);
    CHECK(d.features.cols() == 10);
    CHECK(d.targets.cols() == 4);
    CHECK((d.features.array() >= 0).all());
    CHECK((d.features.array() == d.features.array().round()).all());  // counts are whole numbers
    const Eigen::VectorXf per_example = d.targets.rowwise().sum();
    CHECK(per_example.minCoeff() >= 1);  // allow_unlabeled = false
    CHECK(per_example.maxCoeff() <= 4);
    CHECK(per_example.mean() == doctest::Approx(2).epsilon(0.25));
    CHECK(d.features.rowwise().sum().mean() == doctest::Approx(30).epsilon(0.1));
    const Dataset loose = make_multilabel({.n = 500, .labels_per_example = 1, .seed = 2});
    CHECK(loose.targets.rowwise().sum().minCoeff() == 0);  // some examples carry no label
}

TEST_CASE("bad options are refused with the rule") {
    CHECK_THROWS_WITH_AS(make_moons({.n = 1}), "make_moons: n is 1; it must be at least 2 (one example per class)", ValueError);
    CHECK_THROWS_WITH_AS(make_moons({.noise = -0.5}), "make_moons: noise is -0.5; it must be >= 0", ValueError);
    CHECK_THROWS_WITH_AS(make_circles({.factor = 1}), "make_circles: factor is 1; it must be in (0, 1)", ValueError);
    CHECK_THROWS_WITH_AS(make_multilabel({.labels = 3, .labels_per_example = 4}),
                         "make_multilabel: labels_per_example is 4; it must be in (0, labels]", ValueError);
}

TEST_CASE("generate_dataset makes a generator's data by name from JSON options") {
    const Dataset d = generate_dataset("moons", {{"n", 50}, {"noise", 0.2}, {"seed", 3}});
    CHECK(d.features == make_moons({.n = 50, .noise = 0.2, .seed = 3}).features);
    CHECK(generate_dataset("multilabel", {{"labels", 3}}).targets.cols() == 3);
    CHECK(generate_dataset("xor").rows() == 200);
    CHECK_THROWS_WITH_AS(generate_dataset("moon"),
                         "generate_dataset: no generator \"moon\"; the generators are blobs, moons, circles, spirals, xor, multilabel",
                         ValueError);
    CHECK_THROWS_WITH_AS(generate_dataset("moons", {{"nosie", 0.1}}),
                         "generator \"moons\".nosie: unknown key; did you mean \"noise\"? (known here: n, noise, seed)", ValueError);
    CHECK_THROWS_WITH_AS(generate_dataset("moons", {{"n", "many"}}),
                         "generator \"moons\".n: expected a whole number, got \"many\"", ValueError);
    CHECK_THROWS_WITH_AS(generate_dataset("moons", {{"seed", -1}}),
                         "generator \"moons\".seed: must be >= 0, got -1", ValueError);
    CHECK_THROWS_WITH_AS(generate_dataset("multilabel", {{"allow_unlabeled", 1}}),
                         "generator \"multilabel\".allow_unlabeled: expected true or false, got 1", ValueError);
}

TEST_CASE("list_datasets names every bundled dataset and generator once, with a description") {
    std::vector<std::string> names;
    for (const auto& d : list_datasets()) {
        names.push_back(d.name);
        CHECK_FALSE(d.description.empty());
        CHECK((d.kind == "bundled" || d.kind == "generator"));
    }
    CHECK(names == std::vector<std::string>{"iris", "digits", "digits_multilabel", "blobs", "moons", "circles", "spirals",
                                            "xor", "multilabel"});
}
