// The lab's report: SVG charts and a self-contained report.html, both made from compare.json
// alone (docs/compare-format.md). The text is chosen from the measured numbers, so the report
// says what this run showed, including when MSE kept up with cross-entropy.
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

/// What one loss achieved over its seeds, read from compare.json's summary and curves.
/// Figures that the document does not hold are NaN.
struct LossOutcome {
    static constexpr double none = std::numeric_limits<double>::quiet_NaN();
    std::string loss;
    int seeds = 0, reached = 0;                          // runs in all, runs that reached the target
    double epochs_mean = none, epochs_min = none, epochs_max = none;  // over the runs that reached it
    double final_mean = none, final_min = none, final_max = none;     // the target metric at the end
    double saturated_peak = none, saturated_last = none;  // mean over seeds of saturated_fraction
    int saturated_peak_epoch = 0;
    double grad_first = none;                             // mean |dL/dz| in epoch 1, mean over seeds
};

LossOutcome read_outcome(const nlohmann::json& compare, const std::string& loss);

/// How loss b did against loss a on the way to the target. Mean epochs within 10% of each other
/// count as equal; the mean is over the runs that reached the target.
enum class Pace { a_faster, about_equal, b_faster, only_a_reached, only_b_reached, neither_reached };
Pace compare_pace(const LossOutcome& a, const LossOutcome& b);

/// Final target metrics (means over seeds) within 0.005 of each other count as equal.
enum class Level { a_higher, equal, b_higher };
Level compare_level(const LossOutcome& a, const LossOutcome& b);

/// The report's sentences, plain text (escape them for HTML), each chosen from the numbers.
struct ReportFindings {
    std::vector<std::string> outcome;     // what each loss reached and how the losses compare
    std::vector<std::string> information; // the recorded entropy + KL against the cross-entropy
    std::vector<std::string> saturation;  // the measured fractions of saturated outputs
    std::vector<std::string> gradient;    // measured gradient sizes: the probe and the first epoch
};
ReportFindings report_findings(const nlohmann::json& compare);

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
