// JSON input limits: nesting depth checked before parsing (150,000 levels crashed nlohmann's
// recursive copy), and parse errors rewritten from nlohmann's text into file:line:column and
// plain words, quoting at most a short escaped excerpt; a key given twice is refused.
#include "../data/timing.hpp"

#include <doctest/doctest.h>

#include <tapegrad/core/json_limits.hpp>

#include <string>

using namespace tapegrad;

namespace {

std::string refusal(const std::string& text, JsonLimits limits = {}) {
    try {
        parse_json(text, "run.json", limits);
    } catch (const JsonError& e) {
        return e.what();
    }
    return "parsed";
}

std::string nested(std::size_t levels) { return std::string(levels, '[') + std::string(levels, ']'); }

}  // namespace

TEST_CASE("a config nested 150,000 levels deep inside a section is refused at once, without a crash") {
    const std::string text = R"({"model": )" + nested(150'000) + "}";
    std::string message;
    const double took = timing::seconds([&] { message = refusal(text); });
    // The 65th level is the 64th "[", after the 10 characters of {"model": .
    CHECK(message ==
          "run.json:1:74: nesting deeper than 64 levels of arrays and objects; a config needs only a few, so this "
          "file is probably damaged or hostile");
    CHECK(took < 0.5 * timing::slowdown);
    CHECK_THROWS_AS(check_json_depth(text, "run.json"), JsonError);
}

TEST_CASE("the depth limit counts levels exactly, and only outside strings") {
    CHECK(refusal(nested(64)) == "parsed");
    CHECK(refusal(nested(65)).starts_with("run.json:1:65: nesting deeper than 64 levels"));
    CHECK(refusal(nested(3), {.max_depth = 2}).starts_with("run.json:1:3: nesting deeper than 2 levels"));
    CHECK(refusal(R"({"text": ")" + std::string(1000, '[') + R"("})") == "parsed");
    CHECK(refusal(R"({"text": "a \" [[[[ \\", "b": [[1]]})", {.max_depth = 3}) == "parsed");
    CHECK(refusal("{\n  \"a\": {\n    \"b\": [[1]]\n  }\n}", {.max_depth = 3}).starts_with("run.json:3:11: nesting deeper"));
    CHECK_NOTHROW(check_json_depth("]]]]", "x"));  // unbalanced: the parser's to report
}

TEST_CASE("a number too large for a double is named with its line and column, in plain words") {
    // nlohmann says: [json.exception.out_of_range.406] number overflow parsing '1e400'
    CHECK(refusal("{\n  \"lr\": 1e400\n}") == "run.json:2:9: the number \"1e400\" does not fit in a double");
    CHECK(refusal("[1, -1" + std::string(500, '0') + "]").starts_with("run.json:1:5: the number \"-100000000"));
}

TEST_CASE("syntax errors keep nlohmann's description, not its prefix, and quote a short excerpt") {
    CHECK(refusal("{\"a\": tru}") ==
          "run.json:1:10: syntax error while parsing value - invalid literal (last read: \"\\\"a\\\": tru}\")");
    CHECK(refusal("{\"a\": 1") ==
          "run.json:1:8: syntax error while parsing object - unexpected end of input; expected '}' (last read: \"1\")");
    CHECK(refusal("") == "run.json:1:1: syntax error while parsing value - unexpected end of input; expected '[', '{', "
                         "or a literal");
    const std::string unterminated = "{\"a\": \"" + std::string(50'000'000, 'x');
    const std::string message = refusal(unterminated);
    CHECK(message.size() < 300);
    CHECK(message.find("... (50000001 bytes)") != std::string::npos);
    // A raw control byte is never echoed: nlohmann's token already shows it as <U+001B>.
    CHECK(refusal("{\"a\": \"\x1b[2J\"}") ==
          "run.json:1:8: syntax error while parsing value - invalid string: control character U+001B (ESC) must be "
          "escaped to \\u001B (last read: \"\\\"<U+001B>\")");
}

TEST_CASE("a key given twice is refused with the object's key path, unless allowed") {
    CHECK(refusal(R"({"optimizer": {"lr": 0.1, "lr": 0.2}})") == "run.json: optimizer.lr: duplicate key (each key may appear once per object)");
    CHECK(refusal(R"({"seed": 1, "seed": 2})") == "run.json: seed: duplicate key (each key may appear once per object)");
    CHECK(refusal(R"({"runs": [{"x": 1}, {"x": 1, "x": 2}]})") == "run.json: runs[1].x: duplicate key (each key may appear once per object)");
    CHECK(refusal(R"({"a": {"x": 1}, "b": {"x": 1}})") == "parsed");  // the same key in two objects is fine
    CHECK(parse_json(R"({"seed": 1, "seed": 2})", "run.json", {.allow_duplicate_keys = true})["seed"] == 2);
}

TEST_CASE("a well-formed config parses to what nlohmann::json::parse gives") {
    const std::string text = R"({"task": "multiclass", "data": {"labels": ["label"], "standardize": true},
                                 "model": {"hidden": [64, 32]}, "optimizer": {"name": "sgd", "lr": 0.1}, "seed": -3})";
    CHECK(parse_json(text, "run.json") == nlohmann::json::parse(text));
}

TEST_CASE("lines and columns count from 1, columns in characters") {
    CHECK(position_in("ab\ncd", 4).line == 2);
    CHECK(position_in("ab\ncd", 4).column == 2);
    CHECK(position_in("\xc3\xa9t\xc3\xa9", 5).column == 4);  // "été": the 5th byte is the 4th character
    CHECK(refusal("{\"caf\xc3\xa9\": tru}").starts_with("run.json:1:13: "));  // the 14th byte, the 13th character
}

TEST_CASE("read_json_file names the file, and refuses a missing one") {
    CHECK_THROWS_WITH_AS(read_json_file("/nonexistent/run.json"), "/nonexistent/run.json: no such file", JsonError);
}
