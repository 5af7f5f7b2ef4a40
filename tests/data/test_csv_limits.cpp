// The CSV reader against hostile sizes: a header of a million names, a row of a million cells,
// a 50 MB cell. Each is read or refused in well under a second, and messages quote at most a
// short excerpt of the input.
#include "timing.hpp"

#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>

#include <string>

using namespace tapegrad;

namespace {

Dataset parse(const std::string& text, CsvOptions options = {}) { return parse_csv(text, "train.csv", options); }

// "c0,c1,...,c<n-1>": n distinct column names.
std::string names(std::size_t n) {
    std::string header;
    for (std::size_t i = 0; i < n; ++i) header += (i ? ",c" : "c") + std::to_string(i);
    return header;
}

// The message parse() throws, or "" if it reads the text.
std::string refusal(const std::string& text, CsvOptions options = {}) {
    try {
        parse(text, options);
    } catch (const ValueError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("a duplicate name at the end of a 100,000-column header is found in linear time") {
    // Checking each name against all earlier ones took 5.6 s for 80,000 names.
    const std::string header = names(99'999) + ",c5\n";
    std::string message;
    const double took = timing::seconds([&] { message = refusal(header + "1\n"); });
    CHECK(message == "train.csv:1:100000: column \"c5\" appears twice (first as column 6)");
    CHECK(took < 5 * timing::slowdown);  // quadratic work would take minutes; a loaded machine must not fail it
}

TEST_CASE("a header with more columns than CsvOptions::max_columns is refused at once") {
    const std::string header = names(1'000'000) + ",label\n";
    std::string message;
    const double took = timing::seconds([&] { message = refusal(header + "1\n"); });
    CHECK(message ==
          "train.csv:1: the header has 1000001 columns, more than max_columns (100000); "
          "raise CsvOptions::max_columns to read a wider file");
    CHECK(took < 5 * timing::slowdown);  // quadratic work would take minutes; a loaded machine must not fail it
    CHECK(refusal("a,b,label\n1,2,0\n", {.max_columns = 2}) ==
          "train.csv:1: the header has 3 columns, more than max_columns (2); "
          "raise CsvOptions::max_columns to read a wider file");
}

TEST_CASE("a million columns are read when max_columns allows them") {
    const std::size_t n = 1'000'000;
    std::string row;
    for (std::size_t i = 0; i < n; ++i) row += i ? ",1" : "1";
    const std::string text = names(n) + ",label\n" + row + ",a\n" + row + ",b\n";
    Dataset d;
    const double took = timing::seconds([&] { d = parse(text, {.max_columns = n + 1}); });
    CHECK(d.num_features() == static_cast<Index>(n));
    CHECK(d.feature_names.back() == "c999999");
    CHECK(took < 20 * timing::slowdown);  // two rows of a million cells each, not only the header
}

TEST_CASE("a row with far more cells than the header is refused without keeping them") {
    std::string row = "1";
    for (int i = 0; i < 1'000'000; ++i) row += ",1";
    CHECK(refusal("a,label\n" + row + "\n") == "train.csv:2: 1000001 cells, but the header has 2 columns");
}

TEST_CASE("a missing label column lists a few of the header's names, not all of them") {
    CHECK(refusal(names(100'000) + "\n1\n", {.labels = {"species"}}) ==
          "train.csv: no label column \"species\"; the header has c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, ... "
          "(100000 columns)");
}

TEST_CASE("messages quote a short escaped excerpt of a bad cell, not all of it") {
    const std::string huge(50'000'000, 'a');
    CHECK(refusal("x,label\n" + huge + ",0\n") ==
          "train.csv:2:1: \"" + std::string(40, 'a') + "\"... (50000000 bytes) is not a number (column \"x\")");
    CHECK(refusal("x,label\n\x1b[2J,0\n") == "train.csv:2:1: \"\\x1b[2J\" is not a number (column \"x\")");
    CHECK(refusal("x\x07,label\n1,0\n1,0\n", {.labels = {"nope"}}) ==
          "train.csv: no label column \"nope\"; the header has \"x\\x07\", label");
}
