// explain(tape): on a fixed two-row step, the printed p, y and dL/dz against a float64 computation
// made here from scratch, the matmul and bias sums against X^T G and the column sums of G, and
// every line within 100 columns, also for a wide step whose lines must wrap.
#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>

#include <cmath>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

using namespace tapegrad;

namespace {

// logits = X W + b on 2 rows, 2 features, 3 classes, labels 2 and 0; float32, as training runs.
struct TwoRowStep {
    Tensor<float> X = (Tensor<float>(2, 2) << 1.0f, 2.0f, -1.0f, 0.5f).finished();
    std::vector<Index> labels = {2, 0};
    Parameter<float> W{"W", (Tensor<float>(2, 3) << 0.1f, -0.2f, 0.3f, 0.0f, 0.4f, -0.1f).finished()};
    Parameter<float> b{"b", (Tensor<float>(1, 3) << 0.0f, 0.1f, 0.2f).finished()};
    Tape<float> tape;
    std::string text;

    TwoRowStep() {
        Var<float> x = tape.input(X);                    // node 0
        Var<float> w = tape.param(W);                    // node 1
        Var<float> xw = matmul(x, w);                    // node 2
        Var<float> bias = tape.param(b);                 // node 3
        Var<float> logits = xw + bias;                   // node 4
        Var<float> loss = softmax_cross_entropy(logits, std::span<const Index>(labels));  // node 5
        tape.backward(loss);
        text = explain(tape, TapeExportOptions().significant_digits(4).name(logits.id(), "logits").name(loss.id(), "loss"));
    }
};

// The lines between "node <id> " and the next node's header.
std::vector<std::string> section(const std::string& text, int id) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    bool inside = false;
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("node ", 0) == 0) inside = line.rfind("node " + std::to_string(id) + " ", 0) == 0;
        else if (inside) lines.push_back(line);
    }
    return lines;
}

// Table rows "[n,j]  v1 v2 ...": the numbers by (n, j).
std::vector<std::vector<double>> table(const std::vector<std::string>& lines) {
    static const std::regex row(R"(^\s+\[(\d+),(\d+)\]\s+(.*)$)");
    std::vector<std::vector<double>> rows;
    for (const std::string& line : lines) {
        std::smatch m;
        if (!std::regex_match(line, m, row)) continue;
        std::vector<double> values{std::stod(m[1]), std::stod(m[2])};
        std::istringstream numbers(m[3].str());
        for (double v; numbers >> v;) values.push_back(v);
        rows.push_back(values);
    }
    return rows;
}

// "dL/db[i,j] = ... = total": the total by (i, j).
std::vector<std::vector<double>> sums(const std::vector<std::string>& lines, const std::string& lhs) {
    const std::regex sum("^\\s+" + lhs + R"(\[(\d+),(\d+)\] = .*?(-?[0-9.e+-]+)$)");
    std::vector<std::vector<double>> out;
    for (const std::string& line : lines) {
        std::smatch m;
        if (std::regex_match(line, m, sum)) out.push_back({std::stod(m[1]), std::stod(m[2]), std::stod(m[3])});
    }
    return out;
}

bool close(double printed, double exact) { return std::abs(printed - exact) <= 5e-4 * std::abs(exact) + 1e-6; }

}  // namespace

TEST_CASE("explain: the loss node prints p = softmax(z), the one-hot y and dL/dz = (p - y) / m, as float64 gives them") {
    TwoRowStep s;
    // From scratch, in double: z = X W + b, p = e^z / sum e^z, G = (p - y) / 2.
    const double X[2][2] = {{1, 2}, {-1, 0.5}}, W[2][3] = {{0.1, -0.2, 0.3}, {0.0, 0.4, -0.1}}, b[3] = {0, 0.1, 0.2};
    double z[2][3], p[2][3], y[2][3] = {{0, 0, 1}, {1, 0, 0}}, G[2][3];
    for (int n = 0; n < 2; ++n) {
        double total = 0;
        for (int j = 0; j < 3; ++j) {
            z[n][j] = X[n][0] * W[0][j] + X[n][1] * W[1][j] + b[j];
            total += std::exp(z[n][j]);
        }
        for (int j = 0; j < 3; ++j) {
            p[n][j] = std::exp(z[n][j]) / total;
            G[n][j] = (p[n][j] - y[n][j]) / 2;
        }
    }
    const auto lines = section(s.text, 5);
    CHECK(s.text.find("labels y = 2, 0") != std::string::npos);
    CHECK(s.text.find("dL/dz = (p - y)/m") != std::string::npos);
    const auto rows = table(lines);
    REQUIRE(rows.size() == 6);
    for (const auto& r : rows) {
        const int n = static_cast<int>(r[0]), j = static_cast<int>(r[1]);
        REQUIRE(r.size() == 7);  // n, j, z, p, y, (p-y)/m, the tape's dL/dz
        CAPTURE(n);
        CAPTURE(j);
        CHECK(close(r[2], z[n][j]));
        CHECK(close(r[3], p[n][j]));
        CHECK(r[4] == y[n][j]);
        CHECK(close(r[5], G[n][j]));
        CHECK(close(r[6], G[n][j]));
    }
    CHECK(s.text.find("check  (p - y) / m is the gradient on the tape, in all 6 entries") != std::string::npos);

    // The bias: dL/db[j] = G[0][j] + G[1][j]. The weight: dL/dW[i][j] = sum_n X[n][i] G[n][j].
    const auto bias = sums(section(s.text, 4), "dL/db");
    REQUIRE(bias.size() == 3);
    for (const auto& r : bias) CHECK(close(r[2], G[0][int(r[1])] + G[1][int(r[1])]));
    CHECK(s.text.find("dL/dy summed over the 2 rows") != std::string::npos);
    const auto weight = sums(section(s.text, 2), "dL/db");
    REQUIRE(weight.size() == 6);
    for (const auto& r : weight) {
        const int i = int(r[0]), j = int(r[1]);
        CHECK(close(r[2], X[0][i] * G[0][j] + X[1][i] * G[1][j]));
    }
    CHECK(s.text.find("dL/da = dL/dy b^T") != std::string::npos);
    CHECK(s.text.find("not needed: node 0 (input) needs no gradient") != std::string::npos);
}

TEST_CASE("explain: nodes come last to first, with their names, and -0 is printed as 0") {
    TwoRowStep s;
    const std::size_t loss = s.text.find("node 5  softmax_cross_entropy (4)  1x1  loss");
    const std::size_t logits = s.text.find("node 4  add (2, 3)  2x3  logits");
    const std::size_t input = s.text.find("node 0  input  2x2");
    CHECK(loss < logits);
    CHECK(logits < input);
    CHECK(input != std::string::npos);
    CHECK(s.text.find("param W") != std::string::npos);
    CHECK(std::regex_search(s.text, std::regex(R"((^|\s)-0(\s|$))")) == false);
}

TEST_CASE("explain: every line fits 100 columns, on the two-row step and on a wide one that must wrap") {
    auto check_width = [](const std::string& text) {
        std::istringstream in(text);
        int count = 0;
        for (std::string line; std::getline(in, line); ++count) {
            CAPTURE(line);
            CHECK(line.size() <= 100);
        }
        CHECK(count > 10);
    };
    check_width(TwoRowStep().text);

    // 4 rows, 12 features, a hidden layer of 16, 10 classes, long parameter names: sums of 12 and
    // 16 products, which no 100-column line holds.
    Rng rng(3);
    Tensor<float> X(4, 12);
    for (Index i = 0; i < X.size(); ++i) X.data()[i] = static_cast<float>(rng.normal() * 1e-3);
    Parameter<float> W1("a_rather_long_layer_name.weight", Tensor<float>::Constant(12, 16, -0.0123456f));
    Parameter<float> W2("another_rather_long_layer_name.weight", Tensor<float>::Constant(16, 10, 0.0654321f));
    Tape<float> tape;
    Var<float> x = tape.input(X);
    Var<float> w1 = tape.param(W1);
    Var<float> h = relu(matmul(x, w1));
    Var<float> loss = softmax_cross_entropy(matmul(h, tape.param(W2)), {9, 0, 3, 7});
    tape.backward(loss);
    check_width(explain(tape, TapeExportOptions().significant_digits(4)));
    check_width(explain(tape, TapeExportOptions().significant_digits(6).full_values()));
}
