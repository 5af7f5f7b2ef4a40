// tape_to_svg: the drawing parsed back: one <g class="node"> per tape node, each naming its op,
// id and shape; one arrow per input; the loss, the parameters and the data styled apart; balanced
// tags and numeric coordinates; and the same text for the same tape.
#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>

#include "lab/markup_checks.hpp"

#include <iterator>
#include <regex>
#include <string>
#include <vector>

using namespace tapegrad;

namespace {

struct DrawnNode {
    std::string kind, op, texts;
    int id;
};

// Every <g class="node KIND" data-id="ID" data-op="OP"> ... </g>, with the text of its <text>s.
std::vector<DrawnNode> drawn_nodes(const std::string& svg) {
    static const std::regex group(R"re(<g class="node (\w+)" data-id="(\d+)" data-op="([^"]*)">([\s\S]*?)</g>)re");
    static const std::regex text(R"re(<text[^>]*>([^<]*)</text>)re");
    std::vector<DrawnNode> nodes;
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), group); it != std::sregex_iterator(); ++it) {
        DrawnNode n{(*it)[1], (*it)[3], "", std::stoi((*it)[2])};
        const std::string body = (*it)[4];
        for (auto t = std::sregex_iterator(body.begin(), body.end(), text); t != std::sregex_iterator(); ++t)
            n.texts += std::string((*t)[1]) + "|";
        nodes.push_back(n);
    }
    return nodes;
}

long count(const std::string& text, const char* pattern) {
    const std::regex re(pattern);
    return std::distance(std::sregex_iterator(text.begin(), text.end(), re), std::sregex_iterator());
}

}  // namespace

TEST_CASE("tape_to_svg draws one element per node with its op, id, name and shape") {
    Tensor<float> X = Tensor<float>::Constant(2, 4, 0.5f);
    Parameter<float> W("0.weight", Tensor<float>::Constant(4, 3, 0.1f)), b("0.bias", Tensor<float>::Zero(1, 3));
    Tape<float> tape;
    Var<float> x = tape.input(X);  // one leaf a statement: argument order is up to the compiler
    Var<float> w = tape.param(W);
    Var<float> xw = matmul(x, w);
    Var<float> logits = xw + tape.param(b);
    Var<float> loss = softmax_cross_entropy(logits, {2, 0});
    tape.backward(loss);
    const std::string svg = tape_to_svg(tape, TapeExportOptions().name(logits.id(), "logits").name(loss.id(), "loss"));

    CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
    CHECK(unbalanced_tags(svg) == "");
    CHECK(coordinates_are_numbers(svg));
    const auto nodes = drawn_nodes(svg);
    REQUIRE(nodes.size() == tape.size());
    for (const DrawnNode& n : nodes) {
        CAPTURE(n.texts);
        CHECK(n.op == tape.node(n.id).op);
        CHECK(n.texts.find("#" + std::to_string(n.id) + " " + n.op + "|") == 0);
        CHECK(n.texts.find(shape_of(tape.node(n.id).value()) + "|") != std::string::npos);
    }
    CHECK(nodes[0].kind == "data");
    CHECK(nodes[1].kind == "param");
    CHECK(nodes[1].texts.find("0.weight|") != std::string::npos);
    CHECK(nodes[4].texts.find("logits|") != std::string::npos);
    CHECK(nodes[5].kind == "loss");
    CHECK(nodes[5].op == "softmax_cross_entropy");
    // One arrow per input: 2 into the matmul, 2 into the add, 1 into the loss; the data's is dashed.
    CHECK(count(svg, R"(<path class="edge[^"]*" d="M[^"]*" marker-end=)") == 5);
    CHECK(count(svg, R"(<path class="edge nograd" d="M[^"]*" marker-end=)") == 1);
    CHECK(svg == tape_to_svg(tape, TapeExportOptions().name(logits.id(), "logits").name(loss.id(), "loss")));
}

TEST_CASE("tape_to_svg puts inputs left of their users, escapes names, and refuses a loss that is not on the tape") {
    Parameter<double> w("w<&>\"", Tensor<double>::Constant(1, 1, 2.0));
    Tape<double> tape;
    Var<double> y = tape.param(w) * tape.param(w);
    tape.backward(y);
    const std::string svg = tape_to_svg(tape);
    CHECK(svg.find("w&lt;&amp;&gt;&quot;") != std::string::npos);
    CHECK(unbalanced_tags(svg) == "");
    const std::regex box(R"re(data-id="(\d+)"[^>]*>[\s\S]*?<rect x="(\d+)")re");
    std::vector<int> x;
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), box); it != std::sregex_iterator(); ++it) x.push_back(std::stoi((*it)[2]));
    REQUIRE(x.size() == 3);
    CHECK(x[0] < x[2]);
    CHECK(x[1] < x[2]);
    CHECK_THROWS_WITH_AS(tape_to_svg(tape, TapeExportOptions().output(7)),
                         "tape_to_svg: output node 7 is not on the tape (it has 3 nodes)", ValueError);
    Tape<double> empty;
    CHECK(drawn_nodes(tape_to_svg(empty)).empty());
}
