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

// One summary curve as a series: x = epoch 1..n, the mean as the line, min and max as the band.
ChartSeries curve(const nlohmann::json& curves, const std::string& key, const std::string& name, int color) {
    ChartSeries s;
    s.name = name;
    s.color = color;
    s.y = numbers(lookup(curves, {key, "mean"}));
    s.band_low = numbers(lookup(curves, {key, "min"}));
    s.band_high = numbers(lookup(curves, {key, "max"}));
    for (std::size_t i = 0; i < s.y.size(); ++i) s.x.push_back(static_cast<double>(i + 1));
    if (s.band_low.size() != s.y.size() || s.band_high.size() != s.y.size()) s.band_low.clear(), s.band_high.clear();
    return s;
}

const char* const band_note = " Lines are the mean over seeds; the shaded band runs from the lowest to the highest seed.";

// One chart with a line per loss for a per-epoch quantity; empty if no loss has that curve.
LineChart per_loss_chart(const nlohmann::json& compare, const std::vector<std::string>& losses, const std::string& key) {
    LineChart chart;
    for (std::size_t i = 0; i < losses.size(); ++i) {
        auto s = curve(lookup(compare, {"summary", losses[i], "curves"}), key, losses[i], static_cast<int>(i));
        if (!s.y.empty()) chart.series.push_back(std::move(s));
    }
    chart.x_label = "epoch";
    return chart;
}

}  // namespace

std::vector<ReportChart> report_charts(const nlohmann::json& compare) {
    const auto losses = strings(lookup(compare, {"losses"}));
    const std::string metric = text(lookup(compare, {"target_metric"}), "test_accuracy");
    std::vector<ReportChart> charts;
    std::vector<std::string> used;

    for (std::size_t i = 0; i < losses.size(); ++i) {
        const auto& curves = lookup(compare, {"summary", losses[i], "curves"});
        LineChart chart;
        chart.title = "Loss of " + losses[i] + ": training and test";
        chart.x_label = "epoch";
        chart.y_label = "loss";
        auto test = curve(curves, "test_loss", "test loss", static_cast<int>(i));
        auto train = curve(curves, "train_loss", "training loss", static_cast<int>(i));
        train.dashed = true;
        for (auto* s : {&test, &train})
            if (!s->y.empty()) chart.series.push_back(std::move(*s));
        if (chart.series.empty()) continue;
        std::string file = "loss_" + file_safe(losses[i]) + ".svg";
        if (std::find(used.begin(), used.end(), file) != used.end()) file = "loss_" + std::to_string(i + 1) + "_" + file_safe(losses[i]) + ".svg";
        used.push_back(file);
        charts.push_back({file, "The loss " + losses[i] + " on the training set (dashed) and the test set (solid), each epoch." + band_note,
                          std::move(chart)});
    }

    LineChart score = per_loss_chart(compare, losses, metric);
    if (!score.series.empty()) {
        const double target = number(compare, {"target"});
        const double epochs = static_cast<double>(score.series[0].x.size());
        if (std::isfinite(target))
            score.series.push_back({.name = "target " + (metric.find("accuracy") != std::string::npos ? percent(target) : plain_number(target)),
                                    .x = {1, epochs}, .y = {target, target}, .color = 7, .dashed = true});
        score.title = metric_label(metric) + " by epoch";
        score.title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(score.title[0])));
        score.y_label = metric_label(metric);
        charts.push_back({file_safe(metric) + ".svg",
                          "The " + metric_label(metric) + " of each loss after each epoch, with the target as a grey dashed line." + band_note,
                          std::move(score)});
    }

    LineChart grad = per_loss_chart(compare, losses, "grad_logits_mean_abs");
    if (!grad.series.empty()) {
        grad.title = "Mean |dL/dz| at the logits by epoch";
        grad.y_label = "mean |dL/dz| (log scale)";
        grad.log_y = true;
        charts.push_back({"grad_logits.svg",
                          "How hard each loss pushes on the logits z, averaged over the training set: the mean of |dL/dz| per "
                          "example." + std::string(band_note),
                          std::move(grad)});
    }

    LineChart saturated = per_loss_chart(compare, losses, "saturated_fraction");
    if (!saturated.series.empty()) {
        saturated.title = "Saturated outputs by epoch";
        saturated.y_label = "fraction confidently wrong";
        saturated.y_include = true;
        saturated.y_include_low = 0;
        saturated.y_include_high = 0.01;
        charts.push_back({"saturation.svg",
                          "The fraction of outputs that are confidently wrong (within 0.001 of the wrong end), where squared "
                          "error's gradient all but vanishes." + std::string(band_note),
                          std::move(saturated)});
    }

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
                          "that class varies. Circles are what autodiff computed, lines the closed form.",
                          std::move(grads)});
    }
    return charts;
}

}  // namespace tapegrad
