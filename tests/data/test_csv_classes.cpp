// Classes of a CSV label column: the values seen (numbers sorted as numbers, text in byte order),
// class indices when the caller says so, at least 2 classes and at most max_classes.
#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>

using namespace tapegrad;

namespace {

Dataset parse(const std::string& text, CsvOptions options = {}) { return parse_csv(text, "train.csv", options); }
std::vector<Index> idx(std::initializer_list<Index> v) { return v; }
std::vector<std::string> names(std::initializer_list<const char*> v) { return {v.begin(), v.end()}; }

std::string refusal(const std::string& text, CsvOptions options = {}) {
    try {
        parse(text, options);
    } catch (const ValueError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("integer labels {1, 2} make two classes, not a phantom class 0") {
    const Dataset d = parse("x,label\n0.5,2\n1.5,1\n2.5,2\n");
    CHECK(d.class_names == names({"1", "2"}));
    CHECK(d.labels == idx({1, 0, 1}));
    CHECK(d.num_classes() == 2);
}

TEST_CASE("numbers sort as numbers and are named by their value") {
    // Byte order would put "10" before "9".
    CHECK(parse("x,label\n0,10\n0,9\n0,2\n").class_names == names({"2", "9", "10"}));
    const Dataset signs = parse("x,label\n0,+1\n0,-1\n0,1.0\n0,-0\n0,0.5\n");
    CHECK(signs.class_names == names({"-1", "0", "0.5", "1"}));  // "+1" and "1.0" are the class "1"
    CHECK(signs.labels == idx({3, 0, 3, 1, 2}));
}

TEST_CASE("as soon as one label is text, every label is a name, in byte order") {
    const Dataset d = parse("x,label\n0,10\n0,9\n0,ten\n");
    CHECK(d.class_names == names({"10", "9", "ten"}));
    CHECK(d.labels == idx({0, 1, 2}));
}

TEST_CASE("labels_are_indices keeps whole numbers as class indices, empty classes included") {
    const Dataset d = parse("x,label\n0,3\n0,1\n", {.labels_are_indices = true});
    CHECK(d.class_names == names({"0", "1", "2", "3"}));
    CHECK(d.labels == idx({3, 1}));
    CHECK(refusal("x,label\n0,1\n0,-1\n", {.labels_are_indices = true}) ==
          "train.csv:3:2: \"-1\" is not a class index (label column \"label\"); the labels are read as indices: "
          "whole numbers from 0");
    CHECK(refusal("x,label\n0,1\n0,1.5\n", {.labels_are_indices = true}) ==
          "train.csv:3:2: \"1.5\" is not a class index (label column \"label\"); the labels are read as indices: "
          "whole numbers from 0");
    CHECK(refusal("x,label\n0,1\n0,99999999999999999999999\n", {.labels_are_indices = true}) ==
          "train.csv:3:2: class index \"99999999999999999999999\" is too large (label column \"label\")");
}

TEST_CASE("a label column with a single class is refused: a classifier needs two") {
    const std::string hint = " (label column \"label\"); is this the right label column, or the right file?";
    CHECK(refusal("x,label\n1,cat\n2,cat\n") ==
          "train.csv: every row has the class \"cat\", but a classifier needs at least 2 classes" + hint);
    CHECK(refusal("x,label\n1,1\n2,1.0\n") ==
          "train.csv: every row has the class \"1\", but a classifier needs at least 2 classes" + hint);
    CHECK(refusal("x,label\n1,0\n2,0\n", {.labels_are_indices = true}) ==
          "train.csv: every row has the class \"0\", but a classifier needs at least 2 classes" + hint);
    // A test file read against the training file's classes may hold one class only.
    const Dataset test = parse("x,label\n1,cat\n", {.class_names = names({"cat", "dog"})});
    CHECK(test.labels == idx({0}));
    CHECK(test.num_classes() == 2);
}

TEST_CASE("max_classes bounds the classes, so one stray label cannot make a million-class model") {
    std::string rows;
    for (int i = 0; i < 19; ++i) rows += "0," + std::to_string(i % 2) + "\n";
    const std::string text = "x,label\n" + rows + "0,999999\n";
    // As values seen, 999999 is a third class, not the millionth.
    CHECK(parse(text).class_names == names({"0", "1", "999999"}));
    CHECK(refusal(text, {.labels_are_indices = true}) ==
          "train.csv:21:2: this label makes 1000000 classes, more than max_classes (10000) (label column \"label\"); "
          "raise CsvOptions::max_classes if the column really holds that many");
    CHECK(refusal("x,label\n0,a\n0,b\n0,c\n0,a\n", {.max_classes = 2}) ==
          "train.csv:4:2: this label makes 3 classes, more than max_classes (2) (label column \"label\"); "
          "raise CsvOptions::max_classes if the column really holds that many");
    CHECK(parse("x,label\n0,a\n0,b\n0,a\n", {.max_classes = 2}).num_classes() == 2);
}

TEST_CASE("given class names match cells as written or as the same number") {
    const Dataset d = parse("x,label\n0,2.0\n0,+1\n0,1\n", {.class_names = names({"1", "2"})});
    CHECK(d.labels == idx({1, 0, 0}));
    CHECK(refusal("x,label\n0,3\n", {.class_names = names({"1", "2"})}) ==
          "train.csv:2:2: unknown class \"3\" (label column \"label\"); the classes are 1, 2");
    CHECK(refusal("x,label\n0,5\n", {.class_names = names({"a", "b", "c"}), .labels_are_indices = true}) ==
          "train.csv:2:2: class index 5 is outside the 3 classes given (0..2) (label column \"label\")");
    CHECK(parse("x,label\n0,2\n", {.class_names = names({"a", "b", "c"}), .labels_are_indices = true}).labels == idx({2}));
}

TEST_CASE("class names keep their text, so a model can report them") {
    const Dataset d = parse("x,species\n0,Iris virginica\n0,\"Iris setosa, wild\"\n", {.labels = {"species"}});
    CHECK(d.class_names == names({"Iris setosa, wild", "Iris virginica"}));
}
