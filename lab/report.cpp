// report.html and charts/*.svg from compare.json: the page puts the measured findings first,
// then the charts, then the theory (information, entropy, KL, the saturation factor) with the
// run's own numbers beside it, then the tape of one step and the gradient flow through the layers.
// Self-contained: inline CSS and SVG, no scripts, nothing fetched.
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

std::string capital(std::string s) {
    if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

const char* const style = R"(<style>
body { font-family: sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; line-height: 1.5; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; }
.meta { color: #555; } .findings p { margin: 0.5rem 0; }
.formula { font-family: serif; font-size: 1.1rem; margin: 0.6rem 0 0.6rem 2rem; }
figure { margin: 1.2rem 0; } figure svg { width: 100%; height: auto; border: 1px solid #eee; }
figure.tape { overflow-x: auto; } figure.tape svg { width: auto; max-width: none; }
figcaption { color: #444; font-size: 0.92rem; }
table { border-collapse: collapse; margin: 1rem 0; } th, td { border: 1px solid #ccc; padding: 0.3rem 0.6rem; text-align: right; }
th:first-child, td:first-child { text-align: left; } code { font-size: 0.95em; }
.config { background: #f6f6f6; padding: 0.6rem 0.9rem; font-size: 0.92rem; }
.headline { background: #eef5ff; border-left: 4px solid #3366cc; padding: 0.7rem 1rem; }
.takeaway { border: 1px solid #ccd; padding: 0.4rem 1rem; margin-top: 1rem; } .takeaway ul { margin: 0.3rem 0; }
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

std::string one_decimal(double v) {
    if (!std::isfinite(v)) return "&ndash;";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

std::string cell(const std::string& html) { return "<td>" + html + "</td>"; }

// The arms side by side: each loss's reduction, learning rate, pace and scores on the yardstick.
std::string arms_table(const nlohmann::json& compare, const std::vector<std::string>& losses, const std::string& metric) {
    const double epochs = number(compare, {"epochs"});
    std::string html = "<table>\n<tr><th>arm</th><th>loss</th><th>reduction (gradient factor)</th><th>learning rate</th>"
                       "<th>runs reaching the target</th><th>epochs to target (never = " + plain_number(epochs + 1) +
                       ")</th><th>final " + escape_xml(metric_label(metric)) + "</th><th>test log-loss</th><th>Brier score</th></tr>\n";
    const double base_lr = number(compare, {"config", "optimizer", "lr"});
    for (const std::string arm : {"configured", "scale_matched", "tuned"}) {
        const auto& summaries = lookup(compare, {"arms", arm});
        if (!summaries.is_object()) continue;
        for (const auto& loss : losses) {
            const auto& s = lookup(summaries, {loss});
            const auto& red = lookup(compare, {"reductions", loss});
            const std::string reduction = text(lookup(red, {arm == "configured" ? "configured" : "matched"}), "n/a");
            const double factor = arm == "configured" ? number(red, {"factor"}) : 1.0;
            const double lr = arm == "tuned" ? number(s, {"lr"}) : base_lr;
            html += "<tr>" + cell(arm == "configured" ? "as configured" : arm == "scale_matched" ? "scale-matched" : "tuned") +
                    cell("<code>" + escape_xml(loss) + "</code>") + cell(escape_xml(reduction) + " (&times;" + plain_number(factor) + ")") +
                    cell(plain_number(lr)) +
                    cell(plain_number(number(s, {"reached"})) + " of " + plain_number(number(s, {"runs"}))) +
                    cell(one_decimal(number(s, {"epochs_to_target_censored"}))) +
                    cell(score_percent(number(s, {"final", metric, "mean"}))) +
                    cell(plain_number(number(s, {"final", "test_log_loss", "mean"}))) +
                    cell(plain_number(number(s, {"final", "test_brier", "mean"}))) + "</tr>\n";
        }
    }
    return html + "</table>\n";
}

// The start arm: one row per initial scale, each loss tuned, and the saturation measured at epoch 0.
std::string start_table(const nlohmann::json& compare, const std::vector<std::string>& losses) {
    const auto& start = lookup(compare, {"arms", "start"});
    if (!start.is_array() || start.empty()) return {};
    std::string html = "<table>\n<tr><th>initial scale</th>";
    for (const auto& loss : losses) html += "<th><code>" + escape_xml(loss) + "</code>: epochs to target (lr)</th>";
    html += "<th>saturated at epoch 0</th><th>mean &sigma;&prime; at wrong outputs, epoch 0</th></tr>\n";
    for (const auto& at : start) {
        html += "<tr>" + cell(plain_number(number(at["init_scale"])));
        for (const auto& loss : losses)
            html += cell(one_decimal(number(lookup(at, {"losses", loss, "epochs_to_target_censored"}))) + " (" +
                         plain_number(number(lookup(at, {"losses", loss, "lr"}))) + ")");
        const auto& first = lookup(at, {"losses", losses.empty() ? "" : losses[0]});
        html += cell(percent(number(first, {"at_start", "saturated_fraction", "mean"}))) +
                cell(plain_number(number(first, {"at_start", "sigma_prime_wrong", "mean"}))) + "</tr>\n";
    }
    return html + "</table>\n";
}

// What the run was: the config in a few lines, so the reader knows which experiment this is.
std::string config_box(const nlohmann::json& compare) {
    const auto& c = lookup(compare, {"config"});
    std::string grid;
    for (double v : numbers(lookup(compare, {"lr_grid"}))) grid += (grid.empty() ? "" : ", ") + plain_number(v);
    std::string scales;
    for (double v : numbers(lookup(compare, {"init_scales"}))) scales += (scales.empty() ? "" : ", ") + plain_number(v);
    std::string hidden;
    for (double v : numbers(lookup(c, {"model", "hidden"}))) hidden += (hidden.empty() ? "" : ", ") + plain_number(v);
    return "<div class=\"config\"><b>The experiment.</b> Data: <code>" + escape_xml(lookup(c, {"data"}).dump()) +
           "</code>; model: hidden layers [" + hidden + "], " + escape_xml(text(lookup(c, {"model", "activation"}))) +
           ", initial scale " + plain_number(number(c, {"model", "init_scale"})) + "; optimizer: <code>" +
           escape_xml(lookup(c, {"optimizer"}).dump()) + "</code>; " + plain_number(number(compare, {"epochs"})) + " epochs, batch " +
           plain_number(number(c, {"batch_size"})) + ", seeds " + escape_xml(lookup(compare, {"seeds"}).dump()) + "; " +
           percent(number(compare, {"validation_fraction"})) + " of the training part held out to choose learning rates from {" +
           grid + "}; initial scales {" + scales + "}. Target: " + percent(number(compare, {"target"})) + " " +
           escape_xml(metric_label(text(lookup(compare, {"target_metric"})))) + ".</div>\n";
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
the loss averages). The start arm above measures how often that happens before training, and what it costs. What this run measured of the gradients:</p>
)";

// What the recorded information figures show, from the tuned reference runs.
std::vector<std::string> information_findings(const nlohmann::json& compare, const std::string& loss) {
    const auto& curves = lookup(compare, {"arms", "tuned", loss, "curves"});
    const auto ce = numbers(lookup(curves, {"cross_entropy", "mean"}));
    const auto h = numbers(lookup(curves, {"entropy", "mean"}));
    const auto kl = numbers(lookup(curves, {"kl_divergence", "mean"}));
    if (ce.empty() || h.size() != ce.size() || kl.size() != ce.size()) return {};
    double worst = 0;
    for (std::size_t e = 0; e < ce.size(); ++e) worst = std::max(worst, std::abs(h[e] + kl[e] - ce[e]));
    std::vector<std::string> out;
    out.push_back("Recorded for " + loss + " (tuned) on the training set: the targets' entropy H(p) is " + plain_number(h.back()) +
                  " nats per example" + (h.back() > 1e-12 ? " (soft targets: a floor the cross-entropy cannot go below)" : " (one-hot targets carry no uncertainty, so the cross-entropy is all KL)") +
                  "; the cross-entropy went from " + plain_number(ce.front()) + " at epoch 0 to " + plain_number(ce.back()) +
                  ", and the KL from " + plain_number(kl.front()) + " to " + plain_number(kl.back()) + ".");
    out.push_back("H(p) + KL(p || q) equals the recorded cross-entropy at every epoch to within " + plain_number(worst) + ".");
    return out;
}

// The tapes of one step, one figure per loss, with what the learner sees in them.
std::string tape_section(const std::vector<TapeDrawing>& tapes) {
    if (tapes.empty()) return {};
    std::string html = "<h2 id=\"tape\">The tape: one training step of this model</h2>\n<p>What tapegrad recorded for one step, drawn from "
                       "its tape. Each box is a node: the data (grey), the parameters (blue), the ops (white) and the loss "
                       "(orange), with its op, name and shape; hover over a box for its value and gradient. Backward walks the "
                       "tape from the loss on the right back to the batch on the left, and every arrow carries a gradient "
                       "the other way (a dashed arrow carries none).</p>\n";
    for (const auto& t : tapes) {
        if (t.svg.empty()) {
            html += "<p>" + escape_xml(t.caption) + "</p>\n";
            continue;
        }
        html += "<figure class=\"tape\">\n" + t.svg + "<figcaption>" + escape_xml(t.caption) + " (Also as <a href=\"charts/" +
                escape_xml(t.file) + "\">charts/" + escape_xml(t.file) + "</a>.)</figcaption>\n</figure>\n";
    }
    return html;
}

std::string page(const nlohmann::json& compare, const std::vector<ReportChart>& charts, const std::vector<TapeDrawing>& tapes) {
    const auto losses = strings(lookup(compare, {"losses"}));
    const std::string metric = text(lookup(compare, {"target_metric"}), "test_accuracy");
    const bool sigmoid = !losses.empty() && text(lookup(compare, {"links", losses[0]})) == "sigmoid";
    std::string names;
    for (std::size_t i = 0; i < losses.size(); ++i) names += (i ? " vs " : "") + losses[i];
    const std::string experiment = text(lookup(compare, {"experiment"}), "an experiment");

    std::string html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>tapegrad lab: " + escape_xml(names) +
                       " on " + escape_xml(experiment) + "</title>\n" + style + "</head>\n<body>\n";
    html += "<h1>" + escape_xml(names) + "</h1>\n<p class=\"meta\">" + escape_xml(capital(experiment)) +
            ". Written by <code>tapegrad compare</code> from compare.json; how to read it: docs/lab.md.</p>\n";
    html += config_box(compare);
    html += "<h2>What this run measured</h2>\n<div class=\"headline\">" + escape_xml(text(lookup(compare, {"verdict", "headline"}))) + "</div>\n";
    const auto takeaway = strings(lookup(compare, {"verdict", "takeaway"}));
    if (!takeaway.empty()) {
        html += "<div class=\"takeaway\"><b>Takeaway</b><ul>\n";
        for (const auto& t : takeaway) html += "<li>" + escape_xml(t) + "</li>\n";
        html += "</ul></div>\n";
    }
    html += "<h2>The arms</h2>\n<p>Each arm changes one thing and keeps the data, split, initial weights and seeds. "
            "<b>As configured</b>: the config's optimizer, learning rate and each loss's reduction. <b>Scale-matched</b>: every reduction "
            "at <code>batch_mean</code> (sum over outputs, mean over the batch; for squared error the Brier convention), so no loss's "
            "gradient is scaled by 1/C. <b>Tuned</b>: scale-matched, and each loss at the learning rate that did best on the validation "
            "split. The test log-loss and Brier score score every model the same way, whatever loss trained it.</p>\n";
    html += arms_table(compare, losses, metric);
    auto charts_named = [&](auto keep) {
        std::string out;
        for (const auto& c : charts)
            if (keep(c.file)) out += figure(c);
        return out;
    };
    html += charts_named([&](const std::string& f) { return f.rfind(metric, 0) == 0 || f == "yardstick_log_loss.svg"; });
    const std::string start = start_table(compare, losses);
    if (!start.empty()) {
        html += "<h2>The start: initial weight scales</h2>\n<p>The tuned comparison again, starting from weights multiplied by each "
                "scale. Large weights make confident predictions before any training, many of them wrong: that is where a "
                "squared error's gradient carries the small factor &sigma;&prime; and a cross-entropy's does not.</p>\n" + start;
        html += charts_named([](const std::string& f) { return f.rfind("start_", 0) == 0; });
    }
    html += information_theory;
    html += "<div class=\"findings\">\n" + paragraphs(losses.empty() ? std::vector<std::string>{} : information_findings(compare, losses[0])) + "</div>\n";
    html += charts_named([](const std::string& f) { return f == "information.svg"; });
    html += saturation_theory;
    if (sigmoid)
        html += "<p>Here every output is its own sigmoid with its own 0/1 label (C = 1 per output): the sigmoid formulas above apply "
                "output by output, and the saturated share counts outputs, not examples.</p>\n";
    html += "<div class=\"findings\">\n" + paragraphs(gradient_findings(compare)) + "</div>\n";
    html += charts_named([](const std::string& f) { return f == "grad_logits.svg" || f == "gradient_probe.svg"; });
    html += tape_section(tapes);
    const auto flow = gradient_flow_findings(compare);
    const std::string flow_charts = charts_named([](const std::string& f) { return f.rfind("gradient_flow", 0) == 0; });
    if (!flow.empty() || !flow_charts.empty())
        html += "<h2>Gradient flow through the layers</h2>\n<p>Backward hands each layer the gradient of the loss with respect to "
                "its weights and bias; its norm sets how far a step moves that layer. Measured on the whole training set at "
                "the end of every epoch (epoch 0: before training), from the same runs as everything above.</p>\n"
                "<div class=\"findings\">\n" + paragraphs(flow) + "</div>\n" + flow_charts;
    html += "<h2>Try next</h2>\n<p>Run the same experiment with one thing changed (add to the <code>tapegrad compare</code> command):</p><ul>\n";
    for (const auto& t : strings(lookup(compare, {"verdict", "try_next"}))) html += "<li><code>" + escape_xml(t) + "</code></li>\n";
    html += "</ul>\n</body>\n</html>\n";
    return html;
}

}  // namespace

void write_report(const nlohmann::json& compare, const std::filesystem::path& dir) {
    const auto charts = report_charts(compare);
    const auto tapes = report_tapes(compare);
    std::filesystem::create_directories(dir / "charts");
    for (const auto& c : charts) write_text_atomically(dir / "charts" / c.file, svg_document(c.chart));
    for (const auto& t : tapes)
        if (!t.document.empty()) write_text_atomically(dir / "charts" / t.file, t.document);
    write_text_atomically(dir / "report.html", page(compare, charts, tapes));
}

}  // namespace tapegrad
