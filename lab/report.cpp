// report.html and charts/*.svg from compare.json: the page puts the measured findings first,
// then the charts, then the theory (information, entropy, KL, the saturation factor) with the
// run's own numbers beside it. Self-contained: inline CSS and SVG, no scripts, nothing fetched.
#include "report.hpp"
#include "report_json.hpp"

#include "../core/files.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace tapegrad {

using namespace report_json;

std::string plain_number(double v) {
    if (!std::isfinite(v)) return "n/a";
    if (v == 0) return "0";
    const double a = std::abs(v);
    char buf[48];
    if (a >= 1e6 || a < 1e-3) {
        std::snprintf(buf, sizeof buf, "%.1e", v);
        return buf;
    }
    const int decimals = std::clamp(2 - static_cast<int>(std::floor(std::log10(a))), 0, 6);
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string s = buf;
    if (s.find('.') != std::string::npos) {
        s.erase(s.find_last_not_of('0') + 1);
        if (s.back() == '.') s.pop_back();
    }
    return s;
}

std::string percent(double fraction) { return plain_number(fraction * 100) + "%"; }

std::string score_percent(double fraction) {
    if (!std::isfinite(fraction)) return "n/a";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", fraction * 100);
    return buf;
}

std::string metric_label(const std::string& metric) {
    std::string label;
    for (char ch : metric) label += ch == '_' ? ' ' : ch;
    for (const char* f1 : {"micro f1", "macro f1"})
        if (auto at = label.find(f1); at != std::string::npos) label.replace(at, 8, std::string(f1).substr(0, 5) + "-F1");
    return label;
}

namespace {

const char* const style = R"(<style>
body { font-family: sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; line-height: 1.5; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; }
.meta { color: #555; } .findings p { margin: 0.5rem 0; }
.formula { font-family: serif; font-size: 1.1rem; margin: 0.6rem 0 0.6rem 2rem; }
figure { margin: 1.2rem 0; } figure svg { width: 100%; height: auto; border: 1px solid #eee; }
figcaption { color: #444; font-size: 0.92rem; }
table { border-collapse: collapse; margin: 1rem 0; } th, td { border: 1px solid #ccc; padding: 0.3rem 0.6rem; text-align: right; }
th:first-child, td:first-child { text-align: left; } code { font-size: 0.95em; }
</style>
)";

std::string paragraphs(const std::vector<std::string>& sentences) {
    std::string html;
    for (const auto& s : sentences) html += "<p>" + escape_xml(s) + "</p>\n";
    return html;
}

std::string figure(const ReportChart& c) {
    return "<figure>\n" + svg_element(c.chart) + "<figcaption>" + escape_xml(c.caption) + " (Also as <a href=\"charts/" +
           escape_xml(c.file) + "\">charts/" + escape_xml(c.file) + "</a>.)</figcaption>\n</figure>\n";
}

// "mean (low to high)" in the given format, or a dash when the mean is unknown.
template <class Format>
std::string spread(double mean, double low, double high, Format f) {
    if (!std::isfinite(mean)) return "&ndash;";
    std::string out = f(mean);
    if (std::isfinite(low) && std::isfinite(high) && low < high) out += " (" + f(low) + " to " + f(high) + ")";
    return out;
}

std::string one_decimal(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

std::string summary_table(const nlohmann::json& compare, const std::vector<std::string>& losses, const std::string& metric) {
    const bool accuracy = metric.find("accuracy") != std::string::npos;
    std::string html = "<table>\n<tr><th>loss</th><th>seeds reaching the target</th><th>epochs to target: mean (min to max)</th><th>final " +
                       escape_xml(metric_label(metric)) + "</th><th>final test loss</th></tr>\n";
    for (const auto& loss : losses) {
        const LossOutcome o = read_outcome(compare, loss);
        const auto& test_loss = lookup(compare, {"summary", loss, "final", "test_loss"});
        html += "<tr><td><code>" + escape_xml(loss) + "</code></td><td>" + std::to_string(o.reached) + " of " + std::to_string(o.seeds) +
                "</td><td>" + (o.reached > 0 ? spread(o.epochs_mean, o.epochs_min, o.epochs_max, one_decimal) : "never") + "</td><td>" +
                (accuracy ? spread(o.final_mean, o.final_min, o.final_max, score_percent)
                          : spread(o.final_mean, o.final_min, o.final_max, plain_number)) + "</td><td>" +
                spread(number(test_loss, {"mean"}), number(test_loss, {"min"}), number(test_loss, {"max"}), plain_number) + "</td></tr>\n";
    }
    return html + "</table>\n";
}

const char* const information_theory = R"(<h2>Information, entropy and cross-entropy</h2>
<p>An outcome that a model gave probability <i>p</i> carries the <b>information</b> (the surprise)</p>
<div class="formula">I(<i>p</i>) = &minus;log <i>p</i></div>
<p>A certain outcome (<i>p</i> = 1) tells nothing; <i>p</i> = 1/2 is one bit (log 2 nats); as <i>p</i> goes to 0 the surprise grows without bound.
The <b>entropy</b> of a distribution <i>p</i> over classes <i>c</i> is the information one draw carries on average:</p>
<div class="formula">H(<i>p</i>) = &minus;&sum;<sub><i>c</i></sub> <i>p<sub>c</sub></i> log <i>p<sub>c</sub></i></div>
<p>If the outcomes come from the labels&rsquo; distribution <i>p</i> but are scored with the model&rsquo;s <i>q</i>, the information paid on average is the <b>cross-entropy</b></p>
<div class="formula">H(<i>p</i>, <i>q</i>) = &minus;&sum;<sub><i>c</i></sub> <i>p<sub>c</sub></i> log <i>q<sub>c</sub></i></div>
<p>and what it costs beyond the entropy itself is the <b>KL divergence</b>, never negative and zero only when <i>q</i> = <i>p</i>:</p>
<div class="formula">KL(<i>p</i> &#8214; <i>q</i>) = &sum;<sub><i>c</i></sub> <i>p<sub>c</sub></i> log(<i>p<sub>c</sub></i> / <i>q<sub>c</sub></i>),
&nbsp;&nbsp;&nbsp; H(<i>p</i>, <i>q</i>) = H(<i>p</i>) + KL(<i>p</i> &#8214; <i>q</i>)</div>
<p>The labels&rsquo; entropy does not depend on the model, so minimising the cross-entropy minimises the KL divergence: it moves the model&rsquo;s
distribution towards the labels. With one right answer <i>y</i> per example the sum has one term, and the loss is the information
of the right answer under the model: <i>L</i> = &minus;log <i>q<sub>y</sub></i>.</p>
)";

const char* const saturation_theory = R"(<h2>The saturation factor</h2>
<p>Take one sigmoid output <i>s</i> = &sigma;(<i>z</i>) and a label <i>y</i> of 0 or 1. The chain rule through the sigmoid brings in
&sigma;&prime;(<i>z</i>) = &sigma;(<i>z</i>)(1 &minus; &sigma;(<i>z</i>)), at most 1/4:</p>
<div class="formula">squared error: &nbsp; <i>L</i> = (&sigma;(<i>z</i>) &minus; <i>y</i>)<sup>2</sup>, &nbsp;&nbsp;
d<i>L</i>/d<i>z</i> = 2 (&sigma;(<i>z</i>) &minus; <i>y</i>) &middot; &sigma;(<i>z</i>)(1 &minus; &sigma;(<i>z</i>))</div>
<div class="formula">cross-entropy: &nbsp; <i>L</i> = &minus;[<i>y</i> log &sigma;(<i>z</i>) + (1 &minus; <i>y</i>) log(1 &minus; &sigma;(<i>z</i>))], &nbsp;&nbsp;
d<i>L</i>/d<i>z</i> = &sigma;(<i>z</i>) &minus; <i>y</i></div>
<p>When the output saturates on the wrong side (say <i>z</i> = &minus;12 while <i>y</i> = 1), &sigma;(<i>z</i>) is about 6&middot;10<sup>&minus;6</sup>
and so is &sigma;&prime;(<i>z</i>): squared error&rsquo;s gradient all but vanishes exactly when the mistake is largest. Cross-entropy&rsquo;s log
cancels the factor, and its gradient is as large as the error.</p>
<p>The softmax <i>p</i> = softmax(<i>z</i>) behaves the same way. Its Jacobian is &part;<i>p<sub>c</sub></i>/&part;<i>z<sub>k</sub></i> =
<i>p<sub>c</sub></i>(&delta;<sub><i>ck</i></sub> &minus; <i>p<sub>k</sub></i>). Cross-entropy&rsquo;s gradient is <i>p</i> &minus; <i>y</i>; squared error
&sum;<sub><i>c</i></sub>(<i>p<sub>c</sub></i> &minus; <i>y<sub>c</sub></i>)<sup>2</sup> keeps the Jacobian, and on the true class</p>
<div class="formula">&part;<i>L</i>/&part;<i>z<sub>y</sub></i> = 2 <i>p<sub>y</sub></i> [(<i>p<sub>y</sub></i> &minus; 1) &minus;
&sum;<sub><i>c</i></sub> (<i>p<sub>c</sub></i> &minus; <i>y<sub>c</sub></i>) <i>p<sub>c</sub></i>]</div>
<p>which shrinks in proportion to <i>p<sub>y</sub></i> as the true class&rsquo;s probability goes to 0 (up to a constant that depends on how
the loss averages). What this run measured:</p>
)";

std::string page(const nlohmann::json& compare, const std::vector<ReportChart>& charts) {
    const auto losses = strings(lookup(compare, {"losses"}));
    const std::string metric = text(lookup(compare, {"target_metric"}), "test_accuracy");
    const ReportFindings found = report_findings(compare);
    std::string names;
    for (std::size_t i = 0; i < losses.size(); ++i) names += (i ? ", " : "") + losses[i];

    std::string html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>tapegrad compare: " + escape_xml(names) +
                       "</title>\n" + style + "</head>\n<body>\n";
    html += "<h1>Comparing losses: " + escape_xml(names) + "</h1>\n";
    html += "<p class=\"meta\">Written by <code>tapegrad compare</code> from compare.json. Task: " +
            escape_xml(text(lookup(compare, {"task"}), "unknown")) + "; " + std::to_string(lookup(compare, {"seeds"}).size()) +
            " seeds; " + plain_number(number(compare, {"epochs"})) + " epochs. How to read this page: docs/lab.md; the theory in full: "
            "docs/losses.md (both in the tapegrad sources).</p>\n";
    html += "<h2>What this run shows</h2>\n<div class=\"findings\">\n" + paragraphs(found.outcome) + "</div>\n";
    html += summary_table(compare, losses, metric);
    auto charts_named = [&](auto keep) {
        std::string out;
        for (const auto& c : charts)
            if (keep(c.file)) out += figure(c);
        return out;
    };
    html += "<h2>Loss and " + escape_xml(metric_label(metric)) + " by epoch</h2>\n";
    auto theory_chart = [](const std::string& f) { return f == "saturation.svg" || f == "grad_logits.svg" || f == "gradient_probe.svg"; };
    html += charts_named([&](const std::string& f) { return f.rfind("loss_", 0) != 0 && !theory_chart(f); });
    html += charts_named([](const std::string& f) { return f.rfind("loss_", 0) == 0; });
    html += information_theory;
    html += "<div class=\"findings\">\n" + paragraphs(found.information) + "</div>\n";
    html += saturation_theory;
    html += "<div class=\"findings\">\n" + paragraphs(found.saturation) + paragraphs(found.gradient) + "</div>\n";
    html += charts_named(theory_chart);
    html += "</body>\n</html>\n";
    return html;
}

}  // namespace

void write_report(const nlohmann::json& compare, const std::filesystem::path& dir) {
    const auto charts = report_charts(compare);
    std::filesystem::create_directories(dir / "charts");
    for (const auto& c : charts) write_text_atomically(dir / "charts" / c.file, svg_document(c.chart));
    write_text_atomically(dir / "report.html", page(compare, charts));
}

}  // namespace tapegrad
