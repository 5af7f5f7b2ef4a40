// The bundled data: iris and digits load with the documented shapes and classes, the data
// folder can be moved with TAPEGRAD_DATA_DIR, and the multi-label digits view is right.
#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

using namespace tapegrad;

TEST_CASE("iris is 150 x 4 with 3 classes of 50") {
    const Dataset iris = load_dataset("iris");
    CHECK(iris.features.rows() == 150);
    CHECK(iris.features.cols() == 4);
    CHECK(iris.class_names == std::vector<std::string>{"setosa", "versicolor", "virginica"});
    CHECK(iris.class_counts() == std::vector<Index>{50, 50, 50});
    CHECK(iris.feature_names == std::vector<std::string>{"sepal_length", "sepal_width", "petal_length", "petal_width"});
    // The first flower of Fisher's table: 5.1, 3.5, 1.4, 0.2, setosa.
    CHECK(iris.features.row(0) == Eigen::RowVector4f(5.1f, 3.5f, 1.4f, 0.2f));
    CHECK(iris.labels[0] == 0);
}

TEST_CASE("digits is 1797 x 64 with 10 classes, pixels 0..16") {
    const Dataset digits = load_dataset("digits");
    CHECK(digits.features.rows() == 1797);
    CHECK(digits.features.cols() == 64);
    CHECK(digits.num_classes() == 10);
    CHECK(digits.class_counts() == std::vector<Index>{178, 182, 177, 183, 181, 182, 181, 179, 174, 180});
    CHECK(digits.features.minCoeff() == 0);
    CHECK(digits.features.maxCoeff() == 16);
    CHECK(digits.feature_names[9] == "pixel_1_1");
    CHECK(digits.labels[0] == 0);  // scikit-learn's digits begin 0, 1, 2, ...
    CHECK(digits.labels[1] == 1);
}

TEST_CASE("the multi-label digits view labels each image by facts about its digit") {
    const Dataset digits = load_dataset("digits");
    const Dataset view = load_dataset("digits_multilabel");
    REQUIRE(view.is_multilabel());
    CHECK(view.class_names == std::vector<std::string>{"even", "prime", "at_least_5", "has_closed_loop"});
    CHECK(view.features == digits.features);
    //                                               even prime >=5 loop
    const std::vector<std::pair<Index, Eigen::RowVector4f>> known = {
        {0, {1, 0, 0, 1}}, {1, {0, 0, 0, 0}}, {2, {1, 1, 0, 0}}, {4, {1, 0, 0, 1}},
        {5, {0, 1, 1, 0}}, {8, {1, 0, 1, 1}}, {9, {0, 0, 1, 1}}, {7, {0, 1, 1, 0}}};
    for (const auto& [digit, labels] : known) {
        const auto row = std::find(digits.labels.begin(), digits.labels.end(), digit) - digits.labels.begin();
        CAPTURE(digit);
        CHECK(view.targets.row(row) == labels);
    }
    // Digits 0, 2, 4, 6, 8 are even: 178 + 177 + 181 + 181 + 174.
    CHECK(view.class_counts()[0] == 891);
}

TEST_CASE("TAPEGRAD_DATA_DIR moves the data folder, and a wrong one is reported") {
    const char* before = std::getenv("TAPEGRAD_DATA_DIR");
    const std::string saved = before ? before : "";
    const std::string real = bundled_data_dir();
    CHECK(std::filesystem::exists(std::filesystem::path(real) / "iris.csv"));
    ::setenv("TAPEGRAD_DATA_DIR", "/nonexistent/tapegrad", 1);
    CHECK(bundled_data_dir() == "/nonexistent/tapegrad");
    CHECK_THROWS_WITH_AS(load_dataset("iris"), "/nonexistent/tapegrad/iris.csv: no such file", ValueError);
    ::setenv("TAPEGRAD_DATA_DIR", real.c_str(), 1);
    CHECK(load_dataset("iris").rows() == 150);
    if (before) ::setenv("TAPEGRAD_DATA_DIR", saved.c_str(), 1);
    else ::unsetenv("TAPEGRAD_DATA_DIR");
}

TEST_CASE("an unknown dataset name is refused with the names that exist") {
    CHECK_THROWS_WITH_AS(load_dataset("mnist"),
                         "load_dataset: no bundled dataset \"mnist\"; the bundled datasets are iris, digits, "
                         "digits_multilabel (generators such as moons are made with generate_dataset)",
                         ValueError);
}
