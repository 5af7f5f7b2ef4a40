// The report: the sentences chosen from compare.json's numbers (cross-entropy ahead, a tie,
// squared error never reaching the target, multi-label, a user's own loss), the number formats,
// and report.html with every chart inlined and nothing fetched from outside.
#include "lab/report.hpp"
#include "lab/markup_checks.hpp"
#include "optim/temp_dir.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

using namespace tapegrad;
using nlohmann::json;

namespace {

struct Spec {
    std::string loss;
    int reached;
    double epochs_mean, final_metric, saturated_peak = 0;
};

// A compare.json fragment with only what the sentences read: 5 seeds, 30 epochs, target 0.9.
json fragment(const std::vector<Spec>& specs, const std::string& metric = "test_accuracy", const std::string& task = "multiclass") {
    json doc = {{"task", task}, {"target_metric", metric}, {"target", 0.9}, {"epochs", 30}, {"seeds", {0, 1, 2, 3, 4}}};
    for (const auto& s : specs) {
        doc["losses"].push_back(s.loss);
        json& summary = doc["summary"][s.loss];
        summary["runs_reaching_target"] = s.reached;
        summary["epochs_to_target"] = s.reached > 0 ? json{{"mean", s.epochs_mean}, {"min", 3}, {"max", 14}} : json(nullptr);
        summary["final"][metric] = {{"mean", s.final_metric}, {"min", s.final_metric - 0.02}, {"max", s.final_metric + 0.01}};
        summary["curves"]["saturated_fraction"]["mean"] = {0.0, s.saturated_peak, s.saturated_peak / 2};
    }
    return doc;
}

std::string all(const std::vector<std::string>& sentences) {
    std::string out;
    for (const auto& s : sentences) out += s + "\n";
    return out;
}

bool has(const std::string& text, const std::string& part) {
    if (text.find(part) != std::string::npos) return true;
    MESSAGE("missing: " << part << "\nin:\n" << text);
    return false;
}

std::string read_text(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
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

TEST_CASE("cross-entropy clearly ahead: the report says so, with the run's figures") {
    json doc = fragment({{"softmax_cross_entropy", 5, 4.2, 0.967}, {"mse_softmax", 4, 11.6, 0.91, 0.031}});
    doc["summary"]["softmax_cross_entropy"]["curves"]["grad_logits_mean_abs"]["mean"] = {0.12, 0.05, 0.02};
    doc["summary"]["mse_softmax"]["curves"]["grad_logits_mean_abs"]["mean"] = {0.015, 0.01, 0.005};
    CHECK(compare_pace(read_outcome(doc, "softmax_cross_entropy"), read_outcome(doc, "mse_softmax")) == Pace::a_faster);
    const auto f = report_findings(doc);
    const std::string text = all(f.outcome);
    CHECK(has(text, "softmax_cross_entropy reached 90% test accuracy in 4.2 epochs on average (5 of 5 seeds, between 3 and 14 epochs)."));
    CHECK(has(text, "mse_softmax reached 90% test accuracy in 11.6 epochs on average (4 of 5 seeds; the other 1 had not reached it after 30 epochs)."));
    CHECK(has(text, "softmax_cross_entropy got there 2.76 times as fast as mse_softmax (4.2 epochs against 11.6)."));
    CHECK(has(text, "softmax_cross_entropy ended higher: 96.7% against 91.0%."));
    CHECK(has(text, "as the theory below predicts"));
    CHECK(has(text, "In the first epoch mse_softmax's mean |dL/dz| was 8 times smaller than softmax_cross_entropy's"));
    CHECK(has(text, "Up to 3.1% of mse_softmax's outputs were saturated (epoch 2)"));
    CHECK(text.find("does not show the textbook advantage") == std::string::npos);
    CHECK(has(all(f.saturation), "mse_softmax: at most 3.1% of outputs saturated (epoch 2), 1.55% after the last epoch."));
    CHECK(has(all(f.saturation), "softmax_cross_entropy never had a saturated output"));
}

TEST_CASE("a tie on an easy problem is called a tie, not the textbook result") {
    const json doc = fragment({{"softmax_cross_entropy", 5, 5.0, 0.967}, {"mse_softmax", 5, 5.4, 0.965, 0.002}});
    const auto a = read_outcome(doc, "softmax_cross_entropy"), b = read_outcome(doc, "mse_softmax");
    CHECK(compare_pace(a, b) == Pace::about_equal);
    CHECK(compare_level(a, b) == Level::equal);
    const std::string text = all(report_findings(doc).outcome);
    CHECK(has(text, "mse_softmax kept pace with softmax_cross_entropy: 5.4 epochs to the target against 5.0, within 10%."));
    CHECK(has(text, "Both ended at the same final test accuracy (96.7% and 96.5%)."));
    CHECK(has(text, "mse_softmax (squared error) did as well as softmax_cross_entropy (cross-entropy), so this run does not show the "
                    "textbook advantage of cross-entropy."));
    CHECK(has(text, "at most 0.2% of mse_softmax's outputs ever did here"));
    CHECK(text.find("as the theory below predicts") == std::string::npos);
}

TEST_CASE("slower to the target but level at the end: a difference of speed only") {
    const json doc = fragment({{"softmax_cross_entropy", 5, 4.0, 0.96}, {"mse_softmax", 5, 9.0, 0.958}});
    const std::string text = all(report_findings(doc).outcome);
    CHECK(has(text, "caught up by the end"));
    CHECK(text.find("as the theory below predicts") == std::string::npos);
}

TEST_CASE("squared error faster: the report says squared error did better") {
    const json doc = fragment({{"softmax_cross_entropy", 5, 8.0, 0.95}, {"mse_softmax", 5, 5.0, 0.96}});
    CHECK(compare_pace(read_outcome(doc, "softmax_cross_entropy"), read_outcome(doc, "mse_softmax")) == Pace::b_faster);
    const std::string text = all(report_findings(doc).outcome);
    CHECK(has(text, "mse_softmax got there faster than softmax_cross_entropy: 5.0 epochs against 8.0."));
    CHECK(has(text, "mse_softmax (squared error) did better than softmax_cross_entropy (cross-entropy)"));
}

TEST_CASE("squared error never reaching the target") {
    const json doc = fragment({{"softmax_cross_entropy", 5, 6.0, 0.95}, {"mse_softmax", 0, 0, 0.62, 0.18}});
    CHECK(compare_pace(read_outcome(doc, "softmax_cross_entropy"), read_outcome(doc, "mse_softmax")) == Pace::only_a_reached);
    const std::string text = all(report_findings(doc).outcome);
    CHECK(has(text, "mse_softmax did not reach 90% test accuracy within 30 epochs in any of its 5 seeds. Its final test accuracy was 62.0% on average (60.0% to 63.0% over seeds)."));
    CHECK(has(text, "softmax_cross_entropy reached the target and mse_softmax never did."));
    CHECK(has(text, "Up to 18% of mse_softmax's outputs were saturated (epoch 2)"));
    const json few = fragment({{"softmax_cross_entropy", 5, 6.0, 0.95}, {"mse_softmax", 0, 0, 0.62, 0.0005}});
    CHECK(has(all(report_findings(few).outcome), "Few of its outputs were saturated (at most 0.05%), so saturation explains little"));
}

TEST_CASE("multi-label runs aim at micro-F1 and define saturation on sigmoid outputs") {
    const json doc = fragment({{"sigmoid_binary_cross_entropy", 5, 3.0, 0.93}, {"mse_sigmoid", 2, 20.0, 0.88}}, "test_micro_f1", "multilabel");
    const auto f = report_findings(doc);
    CHECK(has(all(f.outcome), "sigmoid_binary_cross_entropy reached a test micro-F1 of 0.9 in 3.0 epochs on average"));
    CHECK(has(all(f.outcome), "Its final test micro-F1 was 0.88 on average"));
    CHECK(has(all(f.outcome), "Only the seeds that reached the target count in those means: 5 for sigmoid_binary_cross_entropy, 2 for mse_sigmoid."));
    CHECK(has(all(f.saturation), "a sigmoid output within 0.001 of the wrong end"));
    json binary = fragment({{"sigmoid_binary_cross_entropy", 5, 3.0, 0.93}}, "test_accuracy", "binary");
    CHECK(has(all(report_findings(binary).saturation), "the true class gets a probability below 0.001"));
    binary["links"]["sigmoid_binary_cross_entropy"] = "sigmoid";
    CHECK(has(all(report_findings(binary).saturation), "a sigmoid output within 0.001 of the wrong end"));
}

TEST_CASE("any losses, a user's own included: compared with the first, no textbook verdict") {
    const json doc = fragment({{"my_hinge", 5, 6.0, 0.95}, {"focal", 5, 6.2, 0.95}, {"other", 0, 0, 0.5}});
    const std::string text = all(report_findings(doc).outcome);
    CHECK(has(text, "focal kept pace with my_hinge"));
    CHECK(has(text, "my_hinge reached the target and other never did."));
    CHECK(text.find("textbook") == std::string::npos);
    CHECK(text.find("theory") == std::string::npos);
}

TEST_CASE("gradient sentences: the probe near p = 0.01, autodiff against the closed form, epochs") {
    json doc = fragment({{"softmax_cross_entropy", 5, 4.0, 0.96}, {"mse_softmax", 5, 9.0, 0.95}});
    doc["gradient_probe"] = {{"probabilities", {0.001, 0.0098, 0.1}}, {"classes", 3},
                             {"losses", {{"softmax_cross_entropy", {{"autodiff", {0.999, 0.99, 0.9}}, {"closed_form", {0.999, 0.99, 0.9}}}},
                                         {"mse_softmax", {{"autodiff", {0.00066, -0.0066, 0.05}}, {"closed_form", {0.00066, -0.0066001, 0.05}}}}}}};
    doc["summary"]["softmax_cross_entropy"]["curves"]["grad_logits_mean_abs"]["mean"] = {0.2, 0.1, 0.05};
    doc["summary"]["mse_softmax"]["curves"]["grad_logits_mean_abs"]["mean"] = {0.03, 0.02, 0.01};
    const std::string text = all(gradient_findings(doc));
    CHECK(has(text, "true class given probability p = 0.0098 (the other 2 classes share the rest)"));
    CHECK(has(text, "|dL/dz| at that class's logit of 0.99 for softmax_cross_entropy and 0.0066 for mse_softmax."));
    CHECK(has(text, "mse_softmax's is 150 times smaller than softmax_cross_entropy's."));
    CHECK(has(text, "Autodiff agrees with the closed form across the probe (largest relative difference 0 for softmax_cross_entropy and 1.5e-05 for mse_softmax)."));
    CHECK(has(text, "was 0.2 for softmax_cross_entropy and 0.03 for mse_softmax in the first epoch; in the last, 0.05 and 0.01."));
}

TEST_CASE("report.html holds every chart inline, escapes names and fetches nothing") {
    std::ifstream in(std::string(TAPEGRAD_LAB_FIXTURES) + "/compare_small.json");
    json doc = json::parse(in);
    TempDir dir;
    write_report(doc, dir.path);
    const std::string html = read_text(dir / "report.html");
    const auto charts = report_charts(doc);
    REQUIRE(charts.size() == 6);  // two loss charts, accuracy, mean |dL/dz|, saturation, the probe
    for (const auto& c : charts) {
        const std::string svg = read_text(dir.path / "charts" / c.file);
        CHECK_MESSAGE(unbalanced_tags(svg) == "", c.file);
        CHECK_MESSAGE(coordinates_are_numbers(svg), c.file);
        CHECK_MESSAGE(html.find(svg_element(c.chart)) != std::string::npos, c.file);
    }
    CHECK(count(html, "<svg ") == charts.size());
    CHECK(count(read_text(dir.path / "charts" / "test_accuracy.svg"), "<polygon class=\"band\"") == 2);
    CHECK(unbalanced_tags(html) == "");
    for (const char* external : {"http://", "https://", "src=", "<script", "@import", "url(", "<link"})
        CHECK_MESSAGE(html.find(external) == std::string::npos, external);
    CHECK(has(html, "softmax_cross_entropy reached 90% test accuracy in 3.7 epochs on average (3 of 3 seeds"));
    CHECK(has(html, "H(<i>p</i>, <i>q</i>) = H(<i>p</i>) + KL(<i>p</i> &#8214; <i>q</i>)"));
    CHECK(has(html, "entropy + KL matched the cross-entropy"));
    // Only the finished files remain: no temporary file left beside them.
    std::size_t files = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir.path)) files += e.is_regular_file();
    CHECK(files == charts.size() + 1);

    doc["losses"][1] = "<b>mine</b>";
    doc["summary"]["<b>mine</b>"] = doc["summary"]["mse_softmax"];
    TempDir other;
    write_report(doc, other.path);
    const std::string escaped = read_text(other / "report.html");
    CHECK(escaped.find("<b>mine</b>") == std::string::npos);
    CHECK(has(escaped, "&lt;b&gt;mine&lt;/b&gt;"));
    CHECK(std::filesystem::exists(other.path / "charts" / "loss__b_mine__b_.svg"));
}

TEST_CASE("a document with almost nothing in it still gives a report") {
    TempDir dir;
    CHECK_NOTHROW(write_report(json{{"losses", {"a", "b"}}}, dir.path));
    CHECK_NOTHROW(write_report(json::object(), dir.path));
    CHECK(std::filesystem::exists(dir / "report.html"));
}

TEST_CASE("the same compare.json gives the same report, byte for byte") {
    std::ifstream in(std::string(TAPEGRAD_LAB_FIXTURES) + "/compare_small.json");
    const json doc = json::parse(in);
    TempDir a, b;
    write_report(doc, a.path);
    write_report(doc, b.path);
    CHECK(read_text(a / "report.html") == read_text(b / "report.html"));
    CHECK(read_text(a.path / "charts" / "gradient_probe.svg") == read_text(b.path / "charts" / "gradient_probe.svg"));
}
