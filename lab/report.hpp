// The lab's report: SVG charts and a self-contained report.html, made from compare.json
// (docs/compare-format.md); only the drawing of one step's tape also reads the config's data, to
// rebuild the model. Its headline is the verdict computed from the arms (lab/verdict.hpp), so
// the report says what this run measured, including when MSE kept up.
#pragma once

#include "svg_chart.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <limits>
#include <string>
#include <vector>

namespace tapegrad {

/// Writes DIR/charts/*.svg and DIR/report.html (each file atomically) from a compare.json document.
void write_report(const nlohmann::json& compare, const std::filesystem::path& dir);

/// The gradient sentences alone: the probe near p = 0.01, autodiff against the closed form, and
/// the mean |dL/dz| in the first and last epochs.
std::vector<std::string> gradient_findings(const nlohmann::json& compare);

/// One chart of the report: its file name under charts/, a caption and the drawing.
struct ReportChart {
    std::string file, caption;
    LineChart chart;
};
std::vector<ReportChart> report_charts(const nlohmann::json& compare);

/// A loss's gradient counts as vanished where it is at least this many times smaller than the
/// reference loss's (an order of magnitude).
inline constexpr double vanishing_ratio = 10;

/// Gradient flow, from the per-layer gradient norms of the most saturated start the lab ran (the
/// start arm's largest initial scale; else the tuned arm): for each loss after the first, its
/// gradient norm at each layer and at the logits against the first loss's at epoch 0, whether it
/// vanished (vanishing_ratio) and where (already at the logits, or on the way down), and the
/// ratio after epoch 1 and the last epoch.
std::vector<std::string> gradient_flow_findings(const nlohmann::json& compare);
/// Its charts: the norms over epochs per loss and layer, and the input layer's at epoch 0 by
/// initial scale (when the start arm ran more than one). Part of report_charts.
std::vector<ReportChart> gradient_flow_charts(const nlohmann::json& compare);

/// The tape of one training step of the report's model under one loss, drawn by tape_to_svg.
struct TapeDrawing {
    std::string loss, file;  // file: its name under charts/
    std::string svg;         // an <svg> element ready to inline in HTML; empty if it could not be drawn
    std::string document;    // the same as a standalone .svg file
    std::string caption;     // what the learner sees, with the tape's own counts; or why it is missing
};
/// Rebuilds the model from compare.json's config (its data, initial weights and seed) under each
/// loss and records one step on the first 4 training examples. None without a config.
std::vector<TapeDrawing> report_tapes(const nlohmann::json& compare);

/// Number formats shared by the report's text: about three significant digits without an
/// exponent ("0.0066", "150", "4.2"); percentages of a fraction ("90%", "3.1%"); measured
/// scores as percentages with one decimal, so that figures line up ("97.0%", "85.3%").
std::string plain_number(double v);
std::string percent(double fraction);
std::string score_percent(double fraction);

/// "test_accuracy" -> "test accuracy", "test_micro_f1" -> "test micro-F1".
std::string metric_label(const std::string& metric);

}  // namespace tapegrad
