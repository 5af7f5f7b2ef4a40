// Tape export: the JSON of one fixed softmax-regression step against a checked-in file, numbers a
// reader can check by hand, and DOT output that is well formed (and that Graphviz renders, when
// `dot` is installed). To rewrite the expected file after an intended change, run the tests with
// TAPEGRAD_UPDATE_EXPECTED=1 and review the diff.
#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include <unistd.h>

using namespace tapegrad;
using T2 = Tensor<double>;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const fs::path expected_dir = fs::path(__FILE__).parent_path() / "expected";

// One step of softmax regression on 2 samples with 2 features and 3 classes, from ops only:
//   logits = X W + b      L = -mean_i log softmax(logits)_i,y_i
// Each leaf is recorded in its own statement: the order in which C++ evaluates function arguments
// is unspecified, and node ids must not depend on the compiler.
struct Step {
    T2 X = (T2(2, 2) << 1.0, 2.0, -1.0, 0.5).finished();
    std::vector<Index> y = {2, 0};
    Parameter<double> W{"W", (T2(2, 3) << 0.1, -0.2, 0.3, 0.0, 0.4, -0.1).finished()};
    Parameter<double> b{"b", (T2(1, 3) << 0.0, 0.1, 0.2).finished()};
    Tape<double> tape;
    Var<double> logits, loss;

    Step() {
        Var<double> x = tape.input(X);                   // node 0
        Var<double> w = tape.param(W);                   // node 1
        Var<double> xw = matmul(x, w);                   // node 2
        Var<double> bias = tape.param(b);                // node 3
        logits = xw + bias;                              // node 4
        Var<double> logp = log_softmax(logits);          // node 5
        Var<double> picked = gather(logp, std::span<const Index>(y));  // node 6
        loss = -mean(picked);                            // nodes 7, 8
        tape.backward(loss);
    }
};

TapeExportOptions step_options() {
    return TapeExportOptions().significant_digits(4).full_values().name(1, "W").name(3, "b").name(4, "logits").name(8, "loss");
}

// Where `actual` differs from `expected`: "" when they agree. Numbers agree when they differ by at
// most 2 units in their 4th significant digit, so that a value sitting on a rounding boundary does
// not fail on another compiler.
std::string difference(const json& expected, const json& actual, const std::string& path) {
    if (expected.is_number() && actual.is_number()) {
        const double e = expected.get<double>(), a = actual.get<double>();
        const double tolerance = 2e-3 * std::max(std::abs(e), std::abs(a)) + 1e-12;
        return std::abs(e - a) <= tolerance ? "" : path + ": expected " + expected.dump() + ", got " + actual.dump();
    }
    if (expected.type() != actual.type() || expected.size() != actual.size())
        return path + ": expected " + expected.dump() + ", got " + actual.dump();
    if (expected.is_array()) {
        for (std::size_t i = 0; i < expected.size(); ++i)
            if (auto d = difference(expected[i], actual[i], path + "[" + std::to_string(i) + "]"); !d.empty()) return d;
        return "";
    }
    if (expected.is_object()) {
        for (auto it = expected.begin(); it != expected.end(); ++it) {
            if (!actual.contains(it.key())) return path + "." + it.key() + ": missing";
            if (auto d = difference(it.value(), actual[it.key()], path + "." + it.key()); !d.empty()) return d;
        }
        return "";
    }
    return expected == actual ? "" : path + ": expected " + expected.dump() + ", got " + actual.dump();
}

std::string read_text(const fs::path& p) {
    std::ifstream in(p);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

int count_lines(const std::string& text, const std::regex& pattern) {
    int n = 0;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) n += std::regex_match(line, pattern);
    return n;
}

T2 tensor_from(const json& rows) {
    T2 t(static_cast<Index>(rows.size()), static_cast<Index>(rows[0].size()));
    for (Index i = 0; i < t.rows(); ++i)
        for (Index j = 0; j < t.cols(); ++j) t(i, j) = rows[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
    return t;
}

}  // namespace

TEST_CASE("the JSON tape of a fixed softmax-regression step matches tests/core/expected/tape_step.json") {
    Step step;
    const json actual = tape_to_json(step.tape, step_options());
    const fs::path file = expected_dir / "tape_step.json";
    if (std::getenv("TAPEGRAD_UPDATE_EXPECTED")) {
        std::ofstream(file) << dump_tape_json(actual);
        MESSAGE("rewrote ", file.string());
    }
    REQUIRE_MESSAGE(fs::exists(file), "missing expected file ", file.string());
    const json expected = json::parse(read_text(file));
    const std::string diff = difference(expected, actual, "tape");
    INFO("first difference: ", diff);
    CHECK(diff.empty());
}

TEST_CASE("the JSON tape holds numbers a reader can check: the loss and dL/dlogits = (softmax - y) / N") {
    Step step;
    const json j = tape_to_json(step.tape, TapeExportOptions().significant_digits(10).full_values());
    REQUIRE(j["nodes"].size() == 9);
    CHECK(j["dtype"] == "float64");
    CHECK(j["output"] == 8);

    // The loss by hand: logits row 0 = [0.1, 0.7, 0.3], row 1 = [-0.1, 0.5, -0.15].
    const T2 logits = tensor_from(j["nodes"][4]["value"]["data"]);
    CHECK(logits(0, 1) == doctest::Approx(0.7));
    CHECK(logits(1, 2) == doctest::Approx(-0.15));
    T2 p(2, 3);
    for (Index i = 0; i < 2; ++i) p.row(i) = logits.row(i).array().exp() / logits.row(i).array().exp().sum();
    const double loss = -(std::log(p(0, 2)) + std::log(p(1, 0))) / 2;
    CHECK(j["nodes"][8]["value"]["data"][0][0].get<double>() == doctest::Approx(loss).epsilon(1e-9));

    T2 expected_grad = p;
    expected_grad(0, 2) -= 1;
    expected_grad(1, 0) -= 1;
    expected_grad /= 2;
    const T2 grad = tensor_from(j["nodes"][4]["grad"]["data"]);
    CHECK((grad - expected_grad).cwiseAbs().maxCoeff() < 1e-9);

    // The structure: which node was computed from which.
    CHECK(j["nodes"][2]["op"] == "matmul");
    CHECK(j["nodes"][2]["inputs"] == json::array({0, 1}));
    CHECK(j["nodes"][4]["shape"] == json::array({2, 3}));
    CHECK(j["nodes"][0]["requires_grad"] == false);
    CHECK(j["nodes"][0]["grad"].is_null());
    CHECK(j["nodes"][1]["requires_grad"] == true);
}

TEST_CASE("JSON export: summaries by default, float32, NaN as text, and a check on the digits") {
    Tape<float> tape;
    auto x = tape.variable(Tensor<float>{{1.0f, -2.0f}, {3.0f, 0.25f}});
    auto y = sum(x * 2.0f);
    tape.backward(y);

    const json j = tape_to_json(tape);
    CHECK(j["dtype"] == "float32");
    const json& value = j["nodes"][0]["value"];
    CHECK(value == json{{"min", -2.0}, {"mean", 0.5625}, {"max", 3.0}});
    CHECK_FALSE(value.contains("data"));
    CHECK(j["nodes"][0]["grad"] == json{{"min", 2.0}, {"mean", 2.0}, {"max", 2.0}});
    CHECK(j["nodes"][2]["value"]["mean"] == 4.5);
    CHECK_FALSE(j["nodes"][0].contains("name"));

    SUBCASE("rounding") {
        CHECK(round_significant(0.123456, 3) == 0.123);
        CHECK(round_significant(-98765.4, 2) == -99000.0);
        CHECK(std::signbit(round_significant(-1e-30, 2)) == true);   // small is kept, not zeroed
        CHECK(std::signbit(round_significant(-0.0, 4)) == false);    // no "-0" in the output
        CHECK_THROWS_WITH_AS(tape_to_json(tape, TapeExportOptions().significant_digits(0)),
                             "tape export: significant_digits is 0, but must be in 1..17", ValueError);
    }
    SUBCASE("a mean that is rounding noise is written as 0") {
        Tape<double> t;
        t.variable(T2{{0.1, 0.2, -0.3}});  // 0.1 + 0.2 - 0.3 = 5.55e-17 in float64
        CHECK(tape_to_json(t)["nodes"][0]["value"]["mean"] == 0.0);
    }
    SUBCASE("values JSON cannot hold") {
        Tape<double> t;
        t.constant(T2{{std::nan(""), INFINITY, -INFINITY}});
        const json d = tape_to_json(t, TapeExportOptions().full_values())["nodes"][0]["value"]["data"];
        CHECK(d == json::array({json::array({"nan", "inf", "-inf"})}));
    }
    SUBCASE("one node per line, and still JSON") {
        const std::string text = dump_tape_json(j);
        CHECK(json::parse(text) == j);
        CHECK(text.rfind("{\n  \"dtype\": \"float32\",\n  \"output\": 2,\n  \"nodes\": [\n    {\"grad\":", 0) == 0);
        CHECK(std::count(text.begin(), text.end(), '\n') == 9);
    }
    SUBCASE("an output that is not on the tape") {
        CHECK_THROWS_WITH_AS(tape_to_json(tape, TapeExportOptions().output(7)),
                             "tape export: output node 7 is not on the tape (it has 3 nodes)", ValueError);
    }
}

TEST_CASE("DOT export is a well-formed digraph: one node line per tape node, one edge per input") {
    Step step;
    const std::string dot = tape_to_dot(step.tape, step_options().show_summaries());
    INFO(dot);

    CHECK(dot.rfind("digraph tape {\n", 0) == 0);
    CHECK(dot.substr(dot.size() - 2) == "}\n");
    int depth = 0, lowest = 0;
    for (char c : dot) {
        depth += (c == '{') - (c == '}');
        lowest = std::min(lowest, depth);
    }
    CHECK(depth == 0);
    CHECK(lowest == 0);

    std::size_t inputs = 0;
    for (std::size_t i = 0; i < step.tape.size(); ++i) inputs += step.tape.node(static_cast<int>(i)).inputs.size();
    CHECK(count_lines(dot, std::regex(R"(  n\d+ \[label=".*\];)")) == static_cast<int>(step.tape.size()));
    CHECK(count_lines(dot, std::regex(R"(  n\d+ -> n\d+( \[style=dashed\])?;)")) == static_cast<int>(inputs));

    // Data direction, the styles that set leaves and the loss apart, and the labels.
    CHECK(dot.find("  n0 -> n2 [style=dashed];\n") != std::string::npos);  // X needs no gradient
    CHECK(dot.find("  n1 -> n2;\n") != std::string::npos);
    CHECK(dot.find("  n7 -> n8;\n") != std::string::npos);
    CHECK(dot.find(R"(n1 [label="#1 param\nW\n2x3\nvalue min -0.2 mean 0.08333 max 0.4\ngrad )") != std::string::npos);
    CHECK(dot.find(R"(n0 [label="#0 input\n2x2\nvalue min -1 mean 0.625 max 2", shape=ellipse)") != std::string::npos);
    CHECK(dot.find(R"(n8 [label="#8 neg\nloss\n1x1\nvalue 1.263)") != std::string::npos);
    CHECK(dot.find("peripheries=2") != std::string::npos);
    CHECK(count_lines(dot, std::regex(".*peripheries=2.*")) == 1);

    SUBCASE("parameters are labelled with their own names") {
        const std::string plain = tape_to_dot(step.tape);
        CHECK(plain.find(R"(n1 [label="#1 param\nW\n2x3", shape=box, style="rounded,filled")") != std::string::npos);
        CHECK(tape_to_json(step.tape)["nodes"][3]["name"] == "b");
    }
    SUBCASE("a quote in a name is escaped") {
        const std::string quoted = tape_to_dot(step.tape, TapeExportOptions().name(0, R"(the "X")"));
        CHECK(quoted.find(R"(n0 [label="#0 input\nthe \"X\"\n2x2")") != std::string::npos);
    }
}

TEST_CASE("Graphviz renders the DOT export, when dot is installed") {
    if (std::system("command -v dot > /dev/null 2>&1") != 0) {
        MESSAGE("Graphviz (dot) is not installed: skipping the render; the structural check still ran");
        return;
    }
    Step step;
    const fs::path dir = fs::temp_directory_path() / ("tapegrad_dot_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "tape.dot") << tape_to_dot(step.tape, step_options().show_summaries());
    const std::string render = "dot -Tplain " + (dir / "tape.dot").string() + " -o " + (dir / "tape.plain").string() +
                               " && dot -Tsvg " + (dir / "tape.dot").string() + " -o " + (dir / "tape.svg").string();
    REQUIRE(std::system(render.c_str()) == 0);

    // Graphviz's own reading of the graph: "node" and "edge" lines in its plain output.
    const std::string plain = read_text(dir / "tape.plain");
    CHECK(count_lines(plain, std::regex("node .*")) == static_cast<int>(step.tape.size()));
    CHECK(count_lines(plain, std::regex("edge .*")) == 8);
    CHECK(fs::file_size(dir / "tape.svg") > 0);
    fs::remove_all(dir);
}
