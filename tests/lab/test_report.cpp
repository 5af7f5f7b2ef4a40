// The report: number formats, the gradient sentences, and report.html from a real (small)
// compare.json: it names its experiment, shows the config, leads with the verdict computed from
// the arms, holds every chart inline (curves from epoch 0) and fetches nothing from outside.
#include "lab/report.hpp"
#include "lab/markup_checks.hpp"
#include "optim/temp_dir.hpp"

#include <doctest/doctest.h>

#include <fstream>
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
    // Three arms' accuracy, the start arm's pace and saturation, the yardstick, information, |dL/dz|, the probe.
    REQUIRE(charts.size() == 9);
    for (const auto& c : charts) {
        const std::string svg = read_text(dir.path / "charts" / c.file);
        CHECK_MESSAGE(unbalanced_tags(svg) == "", c.file);
        CHECK_MESSAGE(coordinates_are_numbers(svg), c.file);
        CHECK_MESSAGE(html.find(svg_element(c.chart)) != std::string::npos, c.file);
    }
    CHECK(count(html, "<svg ") == charts.size());
    CHECK(unbalanced_tags(html) == "");
    for (const char* external : {"http://", "https://", "src=", "<script", "@import", "url(", "<link"})
        CHECK_MESSAGE(html.find(external) == std::string::npos, external);
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
    CHECK(files == charts.size() + 1);
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
