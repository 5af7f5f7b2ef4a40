// The CSV reader: class names and indices, CRLF, quotes, multi-label columns, and every
// malformed file refused with its exact message (file:line:column).
#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

using namespace tapegrad;

namespace {
Dataset parse(const std::string& text, CsvOptions options = {}) { return parse_csv(text, "train.csv", options); }
std::vector<Index> idx(std::initializer_list<Index> v) { return v; }
}  // namespace

TEST_CASE("class names are numbered in sorted order, whatever the order of the rows") {
    const Dataset d = parse("a,b,label\n1,2,virginica\n3,4,setosa\n5,6,versicolor\n7,8,setosa\n");
    CHECK(d.class_names == std::vector<std::string>{"setosa", "versicolor", "virginica"});
    CHECK(d.labels == idx({2, 0, 1, 0}));
    CHECK(d.feature_names == std::vector<std::string>{"a", "b"});
    REQUIRE(d.features.rows() == 4);
    CHECK(d.features(3, 0) == 7);
    CHECK(d.features(3, 1) == 8);
    CHECK_FALSE(d.is_multilabel());
}

TEST_CASE("whole numbers in the label column are class indices when the caller says so") {
    // Class 1 never occurs: K is still 3.
    const Dataset d = parse("label,x\n2,0.5\n0,-1e-3\n2,+4\n", {.labels_are_indices = true});
    CHECK(d.labels == idx({2, 0, 2}));
    CHECK(d.class_names == std::vector<std::string>{"0", "1", "2"});
    CHECK(d.features(1, 0) == doctest::Approx(-0.001));
    CHECK(d.features(2, 0) == 4);
}

TEST_CASE("CRLF line ends, a byte order mark, blank lines, spaces and quotes are all read") {
    const Dataset d = parse("\xEF\xBB\xBFx , \"y, in cm\",label\r\n 1 , 2 ,\"cat\"\r\n\r\n3,4,\"say \"\"hi\"\"\"\r\n\r\n");
    CHECK(d.feature_names == std::vector<std::string>{"x", "y, in cm"});
    CHECK(d.class_names == std::vector<std::string>{"cat", "say \"hi\""});
    CHECK(d.labels == idx({0, 1}));
    CHECK(d.features(1, 1) == 4);
}

TEST_CASE("the last line may end with or without a newline") {
    CHECK(parse("x,label\n1,0\n2,1").rows() == 2);
    CHECK(parse("x,label\n1,0\n2,1\n").rows() == 2);
}

TEST_CASE("given class names (from a training file) fix the numbering") {
    CsvOptions options{.labels = {"label"}, .class_names = {"setosa", "versicolor", "virginica"}};
    const Dataset d = parse("x,label\n1,virginica\n", options);
    CHECK(d.labels == idx({2}));
    CHECK(d.num_classes() == 3);
    CHECK_THROWS_WITH_AS(parse("x,label\n1,virginica\n2,rose\n", options),
                         "train.csv:3:2: unknown class \"rose\" (label column \"label\"); the classes are setosa, versicolor, virginica",
                         ValueError);
}

TEST_CASE("several label columns make a multi-label dataset of 0/1 targets") {
    const Dataset d = parse("even,x1,x2,prime\n1,0.5,1.5,0\n0,2,3,1\n1,4,5,1.0\n", {.labels = {"even", "prime"}});
    REQUIRE(d.is_multilabel());
    CHECK(d.class_names == std::vector<std::string>{"even", "prime"});
    CHECK(d.feature_names == std::vector<std::string>{"x1", "x2"});
    CHECK(d.labels.empty());
    Tensor<float> expected(3, 2);
    expected << 1, 0, 0, 1, 1, 1;
    CHECK(d.targets == expected);
    CHECK(parse("x,y\n1,1\n2,0\n", {.labels = {"y"}, .multilabel = true}).targets.cols() == 1);
}

TEST_CASE("malformed cells are refused with file, line and column") {
    const std::string header = "sepal_length,sepal_width,petal_width,label\n";
    CHECK_THROWS_WITH_AS(parse(header + "1,2,3,0\n1,2,abc,0\n"),
                         "train.csv:3:3: \"abc\" is not a number (column \"petal_width\")", ValueError);
    CHECK_THROWS_WITH_AS(parse(header + "1,,3,0\n"), "train.csv:2:2: missing value (column \"sepal_width\")", ValueError);
    CHECK_THROWS_WITH_AS(parse(header + "1,2,3,0\r\n1,2,3.5x,0\r\n"),
                         "train.csv:3:3: \"3.5x\" is not a number (column \"petal_width\")", ValueError);
    CHECK_THROWS_WITH_AS(parse(header + "nan,2,3,0\n"),
                         "train.csv:2:1: \"nan\" is not a finite number (column \"sepal_length\")", ValueError);
    CHECK_THROWS_WITH_AS(parse(header + "1,inf,3,0\n"),
                         "train.csv:2:2: \"inf\" is not a finite number (column \"sepal_width\")", ValueError);
    CHECK_THROWS_WITH_AS(parse(header + "1,2,1e60,0\n"),
                         "train.csv:2:3: \"1e60\" is outside the range of a float (column \"petal_width\")", ValueError);
    CHECK_THROWS_WITH_AS(parse(header + "1,2,3,\n"), "train.csv:2:4: missing label (label column \"label\")", ValueError);
    CHECK_THROWS_WITH_AS(parse(header + "1,2,\"3,0\n"), "train.csv:2:3: a quote opens here but never closes", ValueError);
    CHECK_THROWS_WITH_AS(parse(header + "1,2,\"3\"x,0\n"), "train.csv:2:3: text after a closing quote", ValueError);
}

TEST_CASE("ragged rows are refused with the line and both counts") {
    CHECK_THROWS_WITH_AS(parse("a,b,label\n1,2,0\n1,2\n"), "train.csv:3: 2 cells, but the header has 3 columns", ValueError);
    CHECK_THROWS_WITH_AS(parse("a,b,label\n1,2,0,9\n"), "train.csv:2: 4 cells, but the header has 3 columns", ValueError);
}

TEST_CASE("an empty file, a header alone and a bad header are refused") {
    CHECK_THROWS_WITH_AS(parse(""), "train.csv: the file is empty; expected a header row of column names, then one row per example",
                         ValueError);
    CHECK_THROWS_WITH_AS(parse("\r\n\n"), "train.csv: the file is empty; expected a header row of column names, then one row per example",
                         ValueError);
    CHECK_THROWS_WITH_AS(parse("a,label\n"), "train.csv: no data rows below the header", ValueError);
    CHECK_THROWS_WITH_AS(parse("a,,label\n1,2,0\n"), "train.csv:1:2: empty column name; every column needs a name", ValueError);
    CHECK_THROWS_WITH_AS(parse("a,b,a,label\n"), "train.csv:1:3: column \"a\" appears twice (first as column 1)", ValueError);
    CHECK_THROWS_WITH_AS(parse("label\n1\n"), "train.csv: no feature columns: every column is a label", ValueError);
}

TEST_CASE("a missing label column names what the header does have") {
    CHECK_THROWS_WITH_AS(parse("a,b,class\n1,2,0\n", {.labels = {"species"}}),
                         "train.csv: no label column \"species\"; the header has a, b, class", ValueError);
    CHECK_THROWS_WITH_AS(parse("a,b\n1,2\n", {.labels = {}}),
                         "train.csv: no label column named; say which column holds the labels", ValueError);
}

TEST_CASE("multi-label cells must be 0 or 1, class indices must be reasonable") {
    CHECK_THROWS_WITH_AS(parse("x,even,prime\n1,1,0\n2,2,1\n", {.labels = {"even", "prime"}}),
                         "train.csv:3:2: \"2\" is not 0 or 1 (label column \"even\")", ValueError);
    CHECK_THROWS_WITH_AS(parse("x,even,prime\n1,yes,0\n", {.labels = {"even", "prime"}}),
                         "train.csv:2:2: \"yes\" is not a number (column \"even\")", ValueError);
    CHECK_THROWS_WITH_AS(parse("x,label\n1,0\n2,12345678\n", {.labels_are_indices = true}),
                         "train.csv:3:2: this label makes 12345679 classes, more than max_classes (10000) (label column "
                         "\"label\"); raise CsvOptions::max_classes if the column really holds that many",
                         ValueError);
}

TEST_CASE("read_csv reads a file from disk and refuses a missing one") {
    const auto path = (std::filesystem::temp_directory_path() / "tapegrad_test_csv.csv").string();
    {
        std::ofstream out(path, std::ios::binary);
        out << "x,label\r\n1.5,b\r\n2.5,a\r\n";
    }
    const Dataset d = read_csv(path);
    CHECK(d.labels == idx({1, 0}));
    CHECK(d.features(0, 0) == 1.5f);
    std::filesystem::remove(path);
    CHECK_THROWS_WITH_AS(read_csv(path), (path + ": no such file").c_str(), ValueError);
    CHECK_THROWS_WITH_AS(read_csv(std::filesystem::temp_directory_path().string()),
                         (std::filesystem::temp_directory_path().string() + ": is a folder, not a CSV file").c_str(),
                         ValueError);
    {
        std::ofstream out(path, std::ios::binary);  // an empty file
    }
    CHECK_THROWS_WITH_AS(read_csv(path),
                         (path + ": the file is empty; expected a header row of column names, then one row per example").c_str(),
                         ValueError);
    std::filesystem::remove(path);
}
