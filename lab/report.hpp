// The lab's report: SVG charts and a self-contained report.html, both made from compare.json
// alone (docs/compare-format.md). Its headline is the verdict computed from the arms
// (lab/verdict.hpp), so the report says what this run measured, including when MSE kept up.
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

/// Number formats shared by the report's text: about three significant digits without an
/// exponent ("0.0066", "150", "4.2"); percentages of a fraction ("90%", "3.1%"); measured
/// scores as percentages with one decimal, so that figures line up ("97.0%", "85.3%").
std::string plain_number(double v);
std::string percent(double fraction);
std::string score_percent(double fraction);

/// "test_accuracy" -> "test accuracy", "test_micro_f1" -> "test micro-F1".
std::string metric_label(const std::string& metric);

}  // namespace tapegrad
