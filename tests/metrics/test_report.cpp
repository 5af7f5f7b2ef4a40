// Classification reports against figures worked out by hand, as JSON and as aligned text.
#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>

using namespace tapegrad;

namespace {
// Six examples of three classes:
//   target     cat cat dog fox fox fox
//   predicted  cat dog dog fox fox cat
// Confusion (rows truth):  cat [1 1 0]   dog [0 1 0]   fox [1 0 2]
//   precision  cat 1/2   dog 1/2   fox 2/2        recall  cat 1/2   dog 1/1   fox 2/3
//   f1         cat 0.5   dog 2/3   fox 0.8        support 2, 1, 3;  accuracy 4/6
//   macro      p (0.5 + 0.5 + 1) / 3 = 2/3,  r (0.5 + 1 + 2/3) / 3 = 13/18,  f1 (0.5 + 2/3 + 0.8) / 3 = 59/90
//   weighted   p (2 0.5 + 0.5 + 3) / 6 = 3/4,  r (1 + 1 + 2) / 6 = 2/3,  f1 (1 + 2/3 + 2.4) / 6 = 61/90
const std::vector<Index> target = {0, 0, 1, 2, 2, 2};
const std::vector<Index> predicted = {0, 1, 1, 2, 2, 0};
const std::vector<std::string> names = {"cat", "dog", "fox"};
}  // namespace

TEST_CASE("the report's figures are the hand-computed ones") {
    const nlohmann::json r = classification_report(predicted, target, names);
    REQUIRE(r["classes"].size() == 3);
    CHECK(r["classes"][0]["name"] == "cat");
    CHECK(r["classes"][0]["precision"] == doctest::Approx(0.5));
    CHECK(r["classes"][1]["f1"] == doctest::Approx(2.0 / 3));
    CHECK(r["classes"][2]["recall"] == doctest::Approx(2.0 / 3));
    CHECK(r["classes"][2]["f1"] == doctest::Approx(0.8));
    CHECK(r["classes"][2]["support"] == 3);
    CHECK(r["accuracy"] == doctest::Approx(4.0 / 6));
    CHECK(r["macro_avg"]["precision"] == doctest::Approx(2.0 / 3));
    CHECK(r["macro_avg"]["recall"] == doctest::Approx(13.0 / 18));
    CHECK(r["macro_avg"]["f1"] == doctest::Approx(59.0 / 90));
    CHECK(r["weighted_avg"]["precision"] == doctest::Approx(0.75));
    CHECK(r["weighted_avg"]["recall"] == doctest::Approx(2.0 / 3));
    CHECK(r["weighted_avg"]["f1"] == doctest::Approx(61.0 / 90));
    CHECK(r["weighted_avg"]["support"] == 6);
    CHECK(r["confusion_matrix"]["matrix"] == nlohmann::json::parse("[[1,1,0],[0,1,0],[1,0,2]]"));
    CHECK(r["confusion_matrix"]["labels"] == nlohmann::json(names));
}

TEST_CASE("the text report is aligned, with the class names on both axes of the matrix") {
    const std::string expected =
        "              precision     recall   f1-score    support\n"
        "\n"
        "         cat      0.500      0.500      0.500          2\n"
        "         dog      0.500      1.000      0.667          1\n"
        "         fox      1.000      0.667      0.800          3\n"
        "\n"
        "    accuracy                            0.667          6\n"
        "   macro avg      0.667      0.722      0.656          6\n"
        "weighted avg      0.750      0.667      0.678          6\n"
        "\n"
        "confusion matrix (rows: true class, columns: predicted class)\n"
        "              cat  dog  fox\n"
        "         cat    1    1    0\n"
        "         dog    0    1    0\n"
        "         fox    1    0    2\n";
    CHECK(report_text(classification_report(predicted, target, names)) == expected);
}

TEST_CASE("the multi-label report: per label precision, recall, F1 and support, micro and macro") {
    // Two labels over four rows.   target    predicted
    //                              1 0       1 0
    //                              1 1       0 1
    //                              0 1       1 1
    //                              0 0       0 0
    // label a: TP 1, FP 1, FN 1 -> p 1/2, r 1/2, f1 1/2, support 2
    // label b: TP 2, FP 0, FN 0 -> p 1, r 1, f1 1, support 2
    // micro: TP 3, FP 1, FN 1 -> p 3/4, r 3/4, f1 3/4; macro f1 3/4; hamming 2/8; subset 2/4
    Tensor<float> t(4, 2), p(4, 2);
    t << 1, 0, 1, 1, 0, 1, 0, 0;
    p << 1, 0, 0, 1, 1, 1, 0, 0;
    const nlohmann::json r = multilabel_report(p, t, {"a", "b"});
    CHECK(r["labels"][0]["precision"] == doctest::Approx(0.5));
    CHECK(r["labels"][0]["support"] == 2);
    CHECK(r["labels"][1]["f1"] == doctest::Approx(1.0));
    CHECK(r["micro_avg"]["f1"] == doctest::Approx(0.75));
    CHECK(r["macro_avg"]["f1"] == doctest::Approx(0.75));
    CHECK(r["hamming_loss"] == doctest::Approx(0.25));
    CHECK(r["subset_accuracy"] == doctest::Approx(0.5));
    const std::string text = report_text(r);
    CHECK(text.find("\n              a      0.500      0.500      0.500          2\n") != std::string::npos);
    CHECK(text.find("\n      micro avg      0.750      0.750      0.750          4\n") != std::string::npos);
    CHECK(text.find("\nsubset accuracy      0.500\n") != std::string::npos);
}
