// The report's charts, drawn from compare.json's per-epoch curves (mean line, min-max band over
// seeds) and its gradient probe. Each loss keeps one colour across every chart.
#include "report.hpp"
#include "report_json.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace tapegrad {

using namespace report_json;

namespace {

// A loss name made safe for a file name: letters, digits, '-' and '_' only.
std::string file_safe(const std::string& name) {
    std::string out;
    for (char ch : name) out += std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' ? ch : '_';
    return out.empty() ? "loss" : out;
}

// One summary curve as a series: x = epoch 0..n, the mean as the line, min and max as the band.
ChartSeries curve(const nlohmann::json& curves, const std::string& key, const std::string& name, int color) {
    ChartSeries s;
    s.name = name;
    s.color = color;
    s.y = numbers(lookup(curves, {key, "mean"}));
    s.band_low = numbers(lookup(curves, {key, "min"}));
    s.band_high = numbers(lookup(curves, {key, "max"}));
    for (std::size_t i = 0; i < s.y.size(); ++i) s.x.push_back(static_cast<double>(i));
    if (s.band_low.size() != s.y.size() || s.band_high.size() != s.y.size()) s.band_low.clear(), s.band_high.clear();
    return s;
}

const char* const band_note = " Lines are the mean over seeds; the shaded band runs from the lowest to the highest seed.";

// The summaries of one arm, by loss: arms.<arm>, or the start arm's entry at one initial scale.
const nlohmann::json& arm_summaries(const nlohmann::json& compare, const std::string& arm, double init_scale = 0) {
    if (arm != "start") return lookup(compare, {"arms", arm});
    for (const auto& s : lookup(compare, {"arms", "start"}))
        if (number(s["init_scale"]) == init_scale) return s["losses"];
    static const nlohmann::json none;
    return none;
}

// One chart with a line per loss for a per-epoch quantity of one arm; empty if no loss has it.
LineChart per_loss_chart(const nlohmann::json& summaries, const std::vector<std::string>& losses, const std::string& key) {
    LineChart chart;
    for (std::size_t i = 0; i < losses.size(); ++i) {
        auto s = curve(lookup(summaries, {losses[i], "curves"}), key, losses[i], static_cast<int>(i));
        if (!s.y.empty()) chart.series.push_back(std::move(s));
    }
    chart.x_label = "epoch";
    return chart;
}

std::string capitalised(std::string s) {
    if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

const char* arm_label(const std::string& arm) {
    if (arm == "configured") return "as configured";
    if (arm == "scale_matched") return "scale-matched";
    return "tuned";
}

}  // namespace

std::vector<ReportChart> report_charts(const nlohmann::json& compare) {
    const auto losses = strings(lookup(compare, {"losses"}));
    const std::string metric = text(lookup(compare, {"target_metric"}), "test_accuracy");
    const double target = number(compare, {"target"});
    const double epochs = number(compare, {"epochs"});
    std::vector<ReportChart> charts;

    // The headline metric by epoch, one chart per arm, epoch 0 (the untrained model) included.
    for (const std::string arm : {"configured", "scale_matched", "tuned"}) {
        const auto& summaries = arm_summaries(compare, arm);
        LineChart score = per_loss_chart(summaries, losses, metric);
        if (score.series.empty()) continue;
        if (std::isfinite(target))
            score.series.push_back({.name = "target " + percent(target), .x = {0, epochs}, .y = {target, target}, .color = 7, .dashed = true});
        score.title = capitalised(metric_label(metric)) + ", " + arm_label(arm);
        score.y_label = metric_label(metric);
        score.y_include = true;
        score.y_include_low = 0;
        score.y_include_high = 1;
        std::string how = arm == "configured" ? "with the config's optimizer, learning rate and reductions"
                          : arm == "scale_matched" ? "with every reduction at batch_mean (sum over outputs, mean over the batch)"
                                                   : "scale-matched, each loss at the learning rate it did best with on the validation split";
        charts.push_back({file_safe(metric) + "_" + arm + ".svg",
                          "The " + metric_label(metric) + " of each loss after each epoch (0: before training), " + how +
                              "; the target is the grey dashed line." + band_note,
                          std::move(score)});
    }

    // The start arm: epochs to the target against the initial weight scale, each loss tuned.
    const auto& start = lookup(compare, {"arms", "start"});
    if (start.is_array() && !start.empty()) {
        LineChart pace;
        pace.title = "Epochs to the target by initial weight scale (tuned)";
        pace.x_label = "initial weight scale (log scale)";
        pace.y_label = "epochs to target";
        pace.log_x = true;
        pace.y_include = true;
        pace.y_include_low = 0;
        pace.y_include_high = 1;
        for (std::size_t i = 0; i < losses.size(); ++i) {
            ChartSeries s{.name = losses[i], .color = static_cast<int>(i), .points = true};
            for (const auto& at : start) {
                s.x.push_back(number(at["init_scale"]));
                s.y.push_back(number(lookup(at, {"losses", losses[i], "epochs_to_target_censored"})));
            }
            pace.series.push_back(std::move(s));
        }
        charts.push_back({"start_epochs.svg",
                          "Mean epochs to the target at each initial weight scale, each loss at its own tuned learning rate; a run that "
                          "never reached the target counts as " + plain_number(epochs + 1) + ".",
                          std::move(pace)});
        LineChart saturated;
        saturated.title = "Saturation at the start, by initial weight scale";
        saturated.x_label = "initial weight scale (log scale)";
        saturated.log_x = true;
        saturated.y_include = true;
        saturated.y_include_low = 0;
        saturated.y_include_high = 1;
        ChartSeries fraction{.name = "saturated share", .color = 2, .points = true};
        ChartSeries slope{.name = "mean sigma' at wrong outputs", .color = 3, .points = true};
        for (const auto& at : start) {
            const auto& first = lookup(at, {"losses", losses.empty() ? "" : losses[0]});
            fraction.x.push_back(number(at["init_scale"]));
            fraction.y.push_back(number(first, {"at_start", "saturated_fraction", "mean"}));
            slope.x.push_back(number(at["init_scale"]));
            slope.y.push_back(number(first, {"at_start", "sigma_prime_wrong", "mean"}));
        }
        saturated.series = {fraction, slope};
        charts.push_back({"start_saturation.svg",
                          "Before training (epoch 0): the share of outputs saturated on the wrong side, and the mean slope sigma' = "
                          "p (1 - p) of the link at the wrong outputs, the factor a squared error's gradient carries.",
                          std::move(saturated)});
    }

    // The common yardstick, whatever the loss: the test log-loss of the tuned models.
    {
        LineChart yard = per_loss_chart(arm_summaries(compare, "tuned"), losses, "test_log_loss");
        if (!yard.series.empty()) {
            yard.title = "Test log-loss, tuned (one yardstick for every loss)";
            yard.y_label = "log-loss (nats)";
            charts.push_back({"yardstick_log_loss.svg",
                              "Every model scored the same way, whatever loss trained it: the mean -log of the probability it gives "
                              "the true label on the test set." + std::string(band_note),
                              std::move(yard)});
        }
    }

    // Information: the trained cross-entropy split into the targets' entropy and the KL.
    if (!losses.empty()) {
        const auto& curves = lookup(arm_summaries(compare, "tuned"), {losses[0], "curves"});
        LineChart info;
        info.title = "Cross-entropy = H(p) + KL(p || q), " + losses[0] + " tuned";
        info.x_label = "epoch";
        info.y_label = "nats per example";
        auto ce = curve(curves, "cross_entropy", "cross-entropy H(p, q)", 0);
        auto h = curve(curves, "entropy", "entropy of the targets H(p)", 2);
        auto kl = curve(curves, "kl_divergence", "KL(p || q)", 3);
        h.dashed = true;
        for (auto* s : {&ce, &h, &kl})
            if (!s->y.empty()) info.series.push_back(std::move(*s));
        info.y_include = true;
        info.y_include_low = 0;
        info.y_include_high = 0;
        if (!info.series.empty())
            charts.push_back({"information.svg",
                              "On the training set, against the targets the loss trained on: training drives the KL down; the "
                              "targets' entropy H(p) is the floor it cannot go below (0 for one-hot labels).",
                              std::move(info)});
    }

    LineChart grad = per_loss_chart(arm_summaries(compare, "configured"), losses, "grad_logits_mean_abs");
    if (!grad.series.empty()) {
        grad.title = "Mean |dL/dz| at the logits by epoch, as configured";
        grad.y_label = "mean |dL/dz| (log scale)";
        grad.log_y = true;
        charts.push_back({"grad_logits.svg",
                          "How hard each loss pushes on the logits z, averaged over the training set: the mean of |dL/dz| per "
                          "example." + std::string(band_note),
                          std::move(grad)});
    }

    for (auto& c : gradient_flow_charts(compare)) charts.push_back(std::move(c));

    const auto& probe = lookup(compare, {"gradient_probe"});
    const auto ps = numbers(lookup(probe, {"probabilities"}));
    LineChart grads;
    for (std::size_t i = 0; i < losses.size(); ++i) {
        const auto& entry = lookup(probe, {"losses", losses[i]});
        ChartSeries closed{.name = losses[i] + " (closed form)", .x = ps, .y = numbers(lookup(entry, {"closed_form"})), .color = static_cast<int>(i)};
        ChartSeries measured{.name = losses[i] + " (autodiff)", .x = ps, .y = numbers(lookup(entry, {"autodiff"})),
                             .color = static_cast<int>(i), .points = true, .line = false};
        for (auto* s : {&closed, &measured}) {
            for (double& v : s->y) v = std::abs(v);
            if (s->y.size() == ps.size() && !ps.empty()) grads.series.push_back(std::move(*s));
        }
    }
    if (!grads.series.empty()) {
        grads.title = "Gradient at a wrong prediction";
        grads.x_label = "predicted probability of the true class (log scale)";
        grads.y_label = "|dL/dz| at the true class (log scale)";
        grads.log_x = grads.log_y = true;
        charts.push_back({"gradient_probe.svg",
                          "One example predicted wrong: the gradient on its true class's logit as the probability the model gives "
                          "that class varies, each loss as configured. Circles are what autodiff computed, lines the closed form.",
                          std::move(grads)});
    }
    return charts;
}

}  // namespace tapegrad
