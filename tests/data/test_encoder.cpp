// The feature encoder: ignored columns, one-hot categories learned from the training rows only,
// the three ways of handling a missing value, columns found by name in another file, and the
// round trip through the JSON a model file stores.
#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>

using namespace tapegrad;

namespace {
const std::string fruit =
    "id,weight,colour,fruit\n"
    "1,120,red,apple\n"
    "2,,yellow,banana\n"
    "3,100,green,apple\n"
    "4,140,yellow,banana\n";
Table table(const std::string& text) { return parse_table(text, "fruit.csv"); }
std::vector<Index> all_rows(const Table& t) {
    std::vector<Index> rows;
    for (std::size_t r = 0; r < t.rows(); ++r) rows.push_back(static_cast<Index>(r));
    return rows;
}
}  // namespace

TEST_CASE("ignored columns are left out, text columns one-hot encoded in sorted order") {
    const Table t = table(fruit);
    FeatureEncoder e(t, {"fruit"}, {.ignore = {"id"}, .missing = MissingValues::mean, .categorical_auto = true});
    const std::vector<Index> rows = e.usable_rows(t);
    CHECK(rows.size() == 4);  // mean fills the gap: no row is dropped
    e.fit(t, rows);
    CHECK(e.feature_names() == std::vector<std::string>{"weight", "colour=green", "colour=red", "colour=yellow"});
    const Tensor<float> x = e.transform(t, rows);
    // Row 2's weight is missing: the mean of 120, 100 and 140 is 120.
    Tensor<float> expected(4, 4);
    expected << 120, 0, 1, 0,
                120, 0, 0, 1,
                100, 1, 0, 0,
                140, 0, 0, 1;
    CHECK(x == expected);
}

TEST_CASE("the categories and the mean come from the training rows only") {
    const Table t = table(fruit);
    FeatureEncoder e(t, {"fruit"}, {.ignore = {"id"}, .missing = MissingValues::mean, .categorical = {"colour"}});
    e.fit(t, std::vector<Index>{0, 1});  // red and yellow seen; the one weight seen is 120
    CHECK(e.feature_names() == std::vector<std::string>{"weight", "colour=red", "colour=yellow"});
    const Tensor<float> x = e.transform(t, std::vector<Index>{1, 2});
    CHECK(x(0, 0) == 120);                                  // missing: the training mean
    CHECK(x.row(1) == (Tensor<float>(1, 3) << 100, 0, 0).finished());  // green, never seen: all zeros
}

TEST_CASE("drop_rows leaves out a row with a missing feature or label; error names the cell") {
    const Table t = table(fruit + "5,130,red,\n");
    FeatureEncoder drop(t, {"fruit"}, {.ignore = {"id"}, .missing = MissingValues::drop_rows, .categorical_auto = true});
    const std::vector<std::size_t> label = {3};
    CHECK(drop.usable_rows(t, label) == std::vector<Index>{0, 2, 3});
    FeatureEncoder strict(t, {"fruit"}, {.ignore = {"id"}, .categorical_auto = true});
    CHECK_THROWS_WITH(strict.usable_rows(t, label),
                      "fruit.csv:3:2: missing value (column \"weight\"); set data.missing to \"drop_rows\" or \"mean\" to "
                      "train on a file with gaps");
}

TEST_CASE("a text cell in a number column says how to declare the column categorical") {
    const Table t = table(fruit);
    FeatureEncoder e(t, {"fruit"}, {.ignore = {"id"}, .missing = MissingValues::mean});
    e.fit(t, all_rows(t));
    CHECK_THROWS_WITH(e.transform(t, all_rows(t)),
                      "fruit.csv:2:3: \"red\" is not a number (column \"colour\"); if the column holds categories, name it "
                      "in data.categorical (or set that to \"auto\")");
}

TEST_CASE("another file's columns are found by name, in any order, extra columns ignored") {
    const Table t = table(fruit);
    FeatureEncoder e(t, {"fruit"}, {.ignore = {"id"}, .missing = MissingValues::mean, .categorical_auto = true});
    e.fit(t, all_rows(t));
    const Table other = table("colour,note,weight\nred,x,90\ngreen,y,110\n");
    const Tensor<float> x = e.transform(other, all_rows(other));
    CHECK(x == (Tensor<float>(2, 4) << 90, 0, 1, 0, 110, 1, 0, 0).finished());
    CHECK_THROWS_WITH(e.transform(table("colour\nred\n"), std::vector<Index>{0}),
                      "fruit.csv: no column \"weight\", which the model takes as a feature; the header has colour");
}

TEST_CASE("a named column that the file lacks is refused with the header's names") {
    CHECK_THROWS_WITH(FeatureEncoder(table(fruit), {"fruit"}, {.ignore = {"ID"}}),
                      "fruit.csv: data.ignore: no column \"ID\"; the header has id, weight, colour, fruit");
}

TEST_CASE("the encoder survives the JSON a model file stores") {
    const Table t = table(fruit);
    FeatureEncoder e(t, {"fruit"}, {.ignore = {"id"}, .missing = MissingValues::mean, .categorical_auto = true});
    e.fit(t, all_rows(t));
    const FeatureEncoder back = FeatureEncoder::from_json(nlohmann::json::parse(e.to_json().dump()));
    CHECK(back.feature_names() == e.feature_names());
    CHECK(back.missing() == MissingValues::mean);
    CHECK(back.ignored() == std::vector<std::string>{"id"});
    CHECK(back.transform(t, all_rows(t)) == e.transform(t, all_rows(t)));
}
