// The table reader under the CSV reader: delimiters detected or given, the hint for a file whose
// header is one column holding ';', tabs as separators, fingerprints and missing-value cells.
#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>

using namespace tapegrad;

namespace {
std::string refusal(const std::string& text, TableOptions options = {}) {
    try {
        parse_table(text, "fruit.csv", options);
    } catch (const ValueError& e) {
        return e.what();
    }
    return "(accepted)";
}
}  // namespace

TEST_CASE("a header without commas but with semicolons makes ';' the delimiter") {
    const Table t = parse_table("weight;colour;fruit\n120;red;apple\n 95 ; yellow ;banana\n", "fruit.csv");
    CHECK(t.delimiter == ';');
    CHECK(t.names == std::vector<std::string>{"weight", "colour", "fruit"});
    REQUIRE(t.rows() == 2);
    CHECK(t.cell(1, 1) == "yellow");
    CHECK(t.lines == std::vector<int>{2, 3});
}

TEST_CASE("tab-separated files are detected, and a tab then separates instead of being trimmed") {
    const Table t = parse_table("a\tb\tlabel\n1\t\t x\n", "fruit.tsv");
    CHECK(t.delimiter == '\t');
    REQUIRE(t.cols() == 3);
    CHECK(t.cell(0, 1) == "");
    CHECK(t.cell(0, 2) == "x");
}

TEST_CASE("a comma forced on a ';' file: the message says what the file looks like") {
    CHECK(refusal("a;b;fruit\n1;2;apple,x\n", {.delimiter = ','}) ==
          "fruit.csv:2: 2 cells, but the header has 1 column; the header is one column holding ';': is the file "
          "separated by semicolons? set data.delimiter to \";\" (or \"auto\")");
    // And when the rows have no comma either, the missing label column carries the same hint.
    const Table t = parse_table("a;b;fruit\n1;2;apple\n", "fruit.csv", {.delimiter = ','});
    CHECK_THROWS_WITH(find_label_columns(t, {"fruit"}),
                      doctest::Contains("; the header is one column holding ';': is the file separated by semicolons?"));
}

TEST_CASE("the fingerprint changes with any byte of the file, and only then") {
    const Table a = parse_table("x,y\n1,2\n", "a.csv"), b = parse_table("x,y\n1,2\n", "b.csv"), c = parse_table("x,y\n1,3\n", "c.csv");
    CHECK(a.fingerprint == b.fingerprint);
    CHECK(a.fingerprint != c.fingerprint);
    CHECK(a.fingerprint.size() == 16);
    CHECK(fingerprint_of("") == "cbf29ce484222325");  // FNV-1a's offset basis: no byte mixed in
}

TEST_CASE("missing cells: empty, NA, N/A, NaN, nan, null and ?") {
    for (const char* cell : {"", "NA", "N/A", "NaN", "nan", "null", "?"}) CHECK(is_missing_cell(cell));
    for (const char* cell : {"0", "none", "na", "-"}) CHECK_FALSE(is_missing_cell(cell));
}

TEST_CASE("delimiter names as a config writes them") {
    CHECK(delimiter_from_name("tab") == '\t');
    CHECK(delimiter_from_name(";") == ';');
    CHECK(delimiter_from_name("auto") == 0);
    CHECK_THROWS_WITH(delimiter_from_name(":"), doctest::Contains("unknown delimiter \":\""));
    CHECK(delimiter_name('\t') == "tab");
}
