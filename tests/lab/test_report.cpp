// The report: number formats, the gradient sentences, and report.html from a real (small)
// compare.json: it names its experiment, shows the config, leads with the verdict computed from
// the arms, holds every chart inline (curves from epoch 0) and fetches nothing from outside.
#include "lab/report.hpp"
#include "lab/markup_checks.hpp"
#include "core/tape_svg.hpp"
#include "train/record_step.hpp"
#include "optim/temp_dir.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <regex>
#include <sstream>

using namespace tapegrad;
using nlohmann::json;

namespace {

bool has(const std::string& text, const std::string& part) {
    if (text.find(part) != std::string::npos) return true;
    MESSAGE("missing: " << part << "\nin:\n" << text.substr(0, 4000));
    return false;
}

std::string read_text(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

json fixture() {
    std::ifstream in(std::string(TAPEGRAD_LAB_FIXTURES) + "/compare_small.json");
    return json::parse(in);
}

std::string all(const std::vector<std::string>& sentences) {
    std::string out;
    for (const auto& s : sentences) out += s + "\n";
    return out;
}

}  // namespace

TEST_CASE("numbers print with about three digits and no exponent in the usual range") {
    CHECK(plain_number(4.2) == "4.2");
    CHECK(plain_number(0.0066) == "0.0066");
    CHECK(plain_number(150.4) == "150");
    CHECK(plain_number(0.99) == "0.99");
    CHECK(plain_number(0) == "0");
    CHECK(plain_number(2e-7) == "2.0e-07");
    CHECK(plain_number(std::nan("")) == "n/a");
    CHECK(percent(0.9) == "90%");
    CHECK(percent(0.031) == "3.1%");
    CHECK(metric_label("test_accuracy") == "test accuracy");
    CHECK(metric_label("test_micro_f1") == "test micro-F1");
}

TEST_CASE("gradient sentences: the probe near p = 0.01, autodiff against the closed form, epochs") {
    json doc = {{"losses", {"softmax_cross_entropy", "mse_softmax"}}};
    doc["gradient_probe"] = {{"probabilities", {0.001, 0.0098, 0.1}}, {"classes", 3},
                             {"losses", {{"softmax_cross_entropy", {{"autodiff", {0.999, 0.99, 0.9}}, {"closed_form", {0.999, 0.99, 0.9}}}},
                                         {"mse_softmax", {{"autodiff", {0.00066, -0.0066, 0.05}}, {"closed_form", {0.00066, -0.0066001, 0.05}}}}}}};
    doc["arms"]["configured"]["softmax_cross_entropy"]["curves"]["grad_logits_mean_abs"]["mean"] = {0.2, 0.1, 0.05};
    doc["arms"]["configured"]["mse_softmax"]["curves"]["grad_logits_mean_abs"]["mean"] = {0.03, 0.02, 0.01};
    const std::string text = all(gradient_findings(doc));
    CHECK(has(text, "true class given probability p = 0.0098 (the other 2 classes share the rest)"));
    CHECK(has(text, "|dL/dz| at that class's logit of 0.99 for softmax_cross_entropy and 0.0066 for mse_softmax."));
    CHECK(has(text, "mse_softmax's is 150 times smaller than softmax_cross_entropy's."));
    CHECK(has(text, "Autodiff agrees with the closed form across the probe"));
    CHECK(has(text, "was 0.2 for softmax_cross_entropy and 0.03 for mse_softmax at the start (epoch 0, as configured); after the last epoch, 0.05 and 0.01."));
}

TEST_CASE("report.html names the experiment, leads with the verdict, holds every chart inline and fetches nothing") {
    json doc = fixture();
    TempDir dir;
    write_report(doc, dir.path);
    const std::string html = read_text(dir / "report.html");
    const auto charts = report_charts(doc);
    const auto tapes = report_tapes(doc);
    // Three arms' accuracy, the start arm's pace and saturation, the yardstick, information, |dL/dz|,
    // the gradient flow over epochs and by initial scale, the probe; and a tape per loss.
    REQUIRE(charts.size() == 11);
    REQUIRE(tapes.size() == 2);
    for (const auto& c : charts) {
        const std::string svg = read_text(dir.path / "charts" / c.file);
        CHECK_MESSAGE(unbalanced_tags(svg) == "", c.file);
        CHECK_MESSAGE(coordinates_are_numbers(svg), c.file);
        CHECK_MESSAGE(html.find(svg_element(c.chart)) != std::string::npos, c.file);
    }
    CHECK(count(html, "<svg ") == charts.size() + tapes.size());
    CHECK(unbalanced_tags(html) == "");
    for (const char* external : {"http://", "https://", "src=", "<script", "@import", "<link"})
        CHECK_MESSAGE(html.find(external) == std::string::npos, external);
    // url(...) only ever names a part of the page itself (the tape's arrowhead, url(#...)).
    CHECK(count(html, "url(") == count(html, "url(#"));
    CHECK(count(html, "url(#") == count(html, "url(#tapegrad-tape-arrow)"));
    // The title names the experiment; the config is shown; the headline is the computed verdict.
    CHECK(has(html, "<h1>softmax_cross_entropy vs mse_softmax</h1>"));
    CHECK(has(html, "Softmax regression on blobs (4 features, 3 classes), sgd lr 0.1, initial scale 1"));
    CHECK(has(html, "learning rates from {0.1, 1}; initial scales {1, 4}"));
    CHECK(has(html, escape_xml(doc["verdict"]["headline"].get<std::string>())));
    for (const auto& t : doc["verdict"]["takeaway"]) CHECK(has(html, escape_xml(t.get<std::string>())));
    CHECK(has(html, "--set model.init_scale=8"));
    // Curves start at epoch 0: the accuracy series have epochs + 1 points.
    const auto& series = charts[0].chart.series[0];
    CHECK(series.x.front() == 0);
    CHECK(series.x.size() == doc["epochs"].get<std::size_t>() + 1);
    // Only the finished files remain: no temporary file left beside them.
    std::size_t files = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir.path)) files += e.is_regular_file();
    CHECK(files == charts.size() + tapes.size() + 1);
}

TEST_CASE("names are escaped in the report") {
    json doc = fixture();
    doc["losses"][1] = "<b>mine</b>";
    doc["arms"]["configured"]["<b>mine</b>"] = doc["arms"]["configured"]["mse_softmax"];
    TempDir dir;
    write_report(doc, dir.path);
    const std::string html = read_text(dir / "report.html");
    CHECK(html.find("<b>mine</b>") == std::string::npos);
    CHECK(has(html, "&lt;b&gt;mine&lt;/b&gt;"));
}

TEST_CASE("multi-label reports speak of sigmoid outputs, C = 1 per output") {
    json doc = fixture();
    doc["links"]["softmax_cross_entropy"] = "sigmoid";
    TempDir dir;
    write_report(doc, dir.path);
    CHECK(has(read_text(dir / "report.html"), "every output is its own sigmoid with its own 0/1 label (C = 1 per output)"));
}

TEST_CASE("a document with almost nothing in it still gives a report") {
    TempDir dir;
    CHECK_NOTHROW(write_report(json{{"losses", {"a", "b"}}}, dir.path));
    CHECK_NOTHROW(write_report(json::object(), dir.path));
    CHECK(std::filesystem::exists(dir / "report.html"));
}

TEST_CASE("the same compare.json gives the same report, byte for byte") {
    const json doc = fixture();
    TempDir a, b;
    write_report(doc, a.path);
    write_report(doc, b.path);
    CHECK(read_text(a / "report.html") == read_text(b / "report.html"));
    CHECK(read_text(a.path / "charts" / "gradient_probe.svg") == read_text(b.path / "charts" / "gradient_probe.svg"));
}

namespace {
// A compare.json with only what the gradient-flow findings read: two losses, two layers, and the
// start arm at scales 1 and 8 with each loss's per-epoch curves (epochs 0, 1, 2).
json flow_doc(double mse_layer1_at_8, double mse_layer2_at_8, double mse_logits_at_8) {
    json doc = {{"losses", {"softmax_cross_entropy", "mse_softmax"}}, {"layers", 2}, {"epochs", 2}};
    auto curves = [](std::vector<double> layer1, std::vector<double> layer2, std::vector<double> logits) {
        return json{{"curves", {{"grad_norm_layer1", {{"mean", layer1}}}, {"grad_norm_layer2", {{"mean", layer2}}},
                                {"grad_logits_mean_abs", {{"mean", logits}}}}}};
    };
    doc["arms"]["start"] = json::array();
    doc["arms"]["start"].push_back({{"init_scale", 1},
                                    {"losses", {{"softmax_cross_entropy", curves({0.4, 0.3, 0.2}, {0.5, 0.4, 0.3}, {0.8, 0.6, 0.4})},
                                                {"mse_softmax", curves({0.2, 0.2, 0.1}, {0.25, 0.2, 0.15}, {0.4, 0.3, 0.2})}}}});
    doc["arms"]["start"].push_back({{"init_scale", 8},
                                    {"losses", {{"softmax_cross_entropy", curves({2, 1, 0.5}, {3, 2, 1}, {0.9, 0.5, 0.3})},
                                                {"mse_softmax", curves({mse_layer1_at_8, 0.1, 0.25}, {mse_layer2_at_8, 0.2, 0.5},
                                                                       {mse_logits_at_8, 0.05, 0.1})}}}});
    return doc;
}
}  // namespace

TEST_CASE("gradient flow: the sentence says vanished, and where, only when the ratios say so") {
    // MSE 40 times smaller at layer 1, 50 at layer 2 and 45 at the logits: vanished, at the loss.
    std::string text = all(gradient_flow_findings(flow_doc(0.05, 0.06, 0.02)));
    CHECK(has(text, "At initial scale 8 (the start arm's largest, each loss tuned), before the first step (the same initial weights "
                    "under every loss), mse_softmax's gradient norm at layer 1 (the input layer) is 0.05 against 2 for "
                    "softmax_cross_entropy: 40 times smaller; at layer 2, 50 times smaller; at the logits (mean |dL/dz|), 45 times smaller."));
    CHECK(has(text, "So under mse_softmax the gradient has vanished at this start (at least 10 times smaller at layer 1), and it is "
                    "already 45 times smaller at the logits, the first node backward reaches from the loss: it vanishes at the loss "
                    "itself, and every layer below inherits it."));
    CHECK(has(text, "At initial scale 1 it is 2 times smaller. After epoch 1 layer 1's is 10 times smaller; after epoch 2, 2 times smaller."));
    // Layer 1 40 times, but layer 2 only 3 and the logits 3: it shrank on the way down.
    text = all(gradient_flow_findings(flow_doc(0.05, 1, 0.3)));
    CHECK(has(text, "; at the logits it is only 3 times smaller, and it first passes 10 times at layer 1: it shrinks on the way down "
                    "through the layers."));
    CHECK(text.find("vanishes at the loss itself") == std::string::npos);
    // Layer 2 (the output layer) 50 times, the logits 3: it passed the factor in the output layer's own gradient.
    text = all(gradient_flow_findings(flow_doc(0.05, 0.06, 0.3)));
    CHECK(has(text, "and it passes 10 times in the output layer's own gradient"));
    CHECK(text.find("on the way down") == std::string::npos);
    // Only 4 times smaller at layer 1: not vanished, whatever the other figures say.
    text = all(gradient_flow_findings(flow_doc(0.5, 0.06, 0.02)));
    CHECK(has(text, "mse_softmax's gradient at layer 1 stays within a factor of 10 of softmax_cross_entropy's: by this report's rule "
                    "(10 times smaller) it has not vanished."));
    CHECK(text.find("has vanished") == std::string::npos);
    // Larger, not smaller: said the other way round.
    text = all(gradient_flow_findings(flow_doc(8, 0.06, 2)));
    CHECK(has(text, "is 8 against 2 for softmax_cross_entropy: 4 times larger"));
    // Nothing recorded (an older compare.json): no sentence and no chart.
    json old = flow_doc(0.05, 0.06, 0.02);
    old.erase("layers");
    CHECK(gradient_flow_findings(old).empty());
    CHECK(gradient_flow_charts(old).empty());
}

TEST_CASE("gradient flow charts: a line per loss and layer over epochs, and layer 1 at epoch 0 by initial scale") {
    const auto charts = gradient_flow_charts(flow_doc(0.05, 0.06, 0.02));
    REQUIRE(charts.size() == 2);
    CHECK(charts[0].file == "gradient_flow.svg");
    REQUIRE(charts[0].chart.series.size() == 4);
    CHECK(charts[0].chart.series[1].name == "softmax_cross_entropy, layer 2");
    CHECK(charts[0].chart.series[3].y == std::vector<double>{0.06, 0.2, 0.5});
    CHECK(charts[1].file == "gradient_flow_start.svg");
    REQUIRE(charts[1].chart.series.size() == 2);
    CHECK(charts[1].chart.series[1].x == std::vector<double>{1, 8});
    CHECK(charts[1].chart.series[1].y == std::vector<double>{0.2, 0.05});
}

TEST_CASE("the report embeds one step's tape per loss: a node group per tape node with its op, counted in the caption") {
    const json doc = fixture();
    TempDir dir;
    write_report(doc, dir.path);
    const std::string html = read_text(dir / "report.html");
    CHECK(has(html, "<h2 id=\"tape\">The tape: one training step of this model</h2>"));
    for (const std::string loss : {"softmax_cross_entropy", "mse_softmax"}) {
        CAPTURE(loss);
        // The same step recorded here, independently of the report.
        RunConfig config = parse_config(doc["config"]);
        if (config.loss["name"] != loss) config.loss = {{"name", loss}};
        auto x = make_experiment(config);
        Tape<float> tape;
        Tensor<float> batch;
        const RecordedStep step = record_step(*x, tape, batch, 4);
        // The drawing in the page: the file's <svg> without its namespace, inside a figure.
        const std::string file = read_text(dir.path / "charts" / ("tape_" + loss + ".svg"));
        CHECK(file == tape_to_svg(tape, step.names));
        const std::string ns = " xmlns=\"http://www.w3.org/2000/svg\"";
        REQUIRE(file.rfind("<svg" + ns, 0) == 0);
        const std::string drawn = "<svg" + file.substr(4 + ns.size());
        CHECK(has(html, "<figure class=\"tape\">\n" + drawn));
        std::size_t groups = 0;
        const std::regex group(R"re(<g class="node [a-z]+" data-id="(\d+)" data-op="([a-z_0-9]+)">)re");
        for (auto it = std::sregex_iterator(drawn.begin(), drawn.end(), group); it != std::sregex_iterator(); ++it) {
            const int id = std::stoi((*it)[1]);
            REQUIRE(id < static_cast<int>(tape.size()));
            CHECK((*it)[2] == std::string(tape.node(id).op));
            ++groups;
        }
        CHECK(groups == tape.size());
        CHECK(count(drawn, R"(<g class="node loss")") == 1);
        CHECK(has(html, "One training step under " + loss + " on the first 4 training examples: " + std::to_string(tape.size()) +
                            " nodes, recorded left to right"));
    }
    // CE is one fused node after the logits; MSE goes through the softmax's own node.
    CHECK(has(html, "softmax_cross_entropy records 1 op (softmax_cross_entropy): the link and the loss in one node"));
    CHECK(has(html, escape_xml("the gradient reaches the logits through the link's own node")));
}

TEST_CASE("a tape that cannot be drawn is said so in the report, in one line naming why") {
    json doc = fixture();
    doc["config"]["data"] = {{"train", "/nonexistent/train.csv"}, {"labels", {"label"}}};
    const auto tapes = report_tapes(doc);
    REQUIRE(tapes.size() == 2);
    CHECK(tapes[0].svg.empty());
    CHECK(has(tapes[0].caption, "The tape of softmax_cross_entropy is not drawn: "));
    CHECK(has(tapes[0].caption, "/nonexistent/train.csv"));
    TempDir dir;
    write_report(doc, dir.path);
    CHECK(has(read_text(dir / "report.html"), escape_xml(tapes[0].caption)));
    CHECK_FALSE(std::filesystem::exists(dir.path / "charts" / "tape_softmax_cross_entropy.svg"));
}
