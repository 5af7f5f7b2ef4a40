// Classification reports: see report.hpp.
#include "report.hpp"

#include "multilabel.hpp"

#include <algorithm>
#include <cstdio>

namespace tapegrad {
namespace {

double ratio(double a, double b) { return b == 0 ? 0.0 : a / b; }  // 0/0 counts as 0

nlohmann::json scores(double precision, double recall, double f1, long long support) {
    return {{"precision", precision}, {"recall", recall}, {"f1", f1}, {"support", support}};
}

std::string fixed(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3f", v);
    return text;
}

std::string pad_left(const std::string& s, std::size_t width) { return std::string(width > s.size() ? width - s.size() : 0, ' ') + s; }

}  // namespace

nlohmann::json classification_report(std::span<const Index> predicted, std::span<const Index> target,
                                     const std::vector<std::string>& class_names) {
    const Index k = static_cast<Index>(class_names.size());
    const Tensor<Index> c = confusion_matrix(predicted, target, k);
    const ClassScores s = class_scores(c);
    const double m = static_cast<double>(target.size());
    nlohmann::json classes = nlohmann::json::array();
    double wp = 0, wr = 0, wf = 0;
    for (Index i = 0; i < k; ++i) {
        const auto j = static_cast<std::size_t>(i);
        nlohmann::json row = scores(s.precision[j], s.recall[j], s.f1[j], s.support[j]);
        row["name"] = class_names[j];
        classes.push_back(row);
        const double w = ratio(static_cast<double>(s.support[j]), m);
        wp += w * s.precision[j], wr += w * s.recall[j], wf += w * s.f1[j];
    }
    nlohmann::json matrix = nlohmann::json::array();
    for (Index t = 0; t < k; ++t) {
        nlohmann::json row = nlohmann::json::array();
        for (Index p = 0; p < k; ++p) row.push_back(c(t, p));
        matrix.push_back(row);
    }
    const auto total = static_cast<long long>(target.size());
    return {{"classes", classes},
            {"accuracy", accuracy(predicted, target)},
            {"macro_avg", scores(s.macro_precision(), s.macro_recall(), s.macro_f1(), total)},
            {"weighted_avg", scores(wp, wr, wf, total)},
            {"confusion_matrix", {{"labels", class_names}, {"matrix", matrix}}}};
}

nlohmann::json multilabel_report(const Tensor<float>& predicted, const Tensor<float>& target,
                                 const std::vector<std::string>& label_names) {
    nlohmann::json labels = nlohmann::json::array();
    double tp_all = 0, fp_all = 0, fn_all = 0, sp = 0, sr = 0, sf = 0;
    for (Index l = 0; l < target.cols(); ++l) {
        double tp = 0, fp = 0, fn = 0;
        for (Index i = 0; i < target.rows(); ++i) {
            const bool p = predicted(i, l) != 0, t = target(i, l) != 0;
            tp += p && t, fp += p && !t, fn += !p && t;
        }
        const double precision = ratio(tp, tp + fp), recall = ratio(tp, tp + fn), f1 = ratio(2 * tp, 2 * tp + fp + fn);
        nlohmann::json row = scores(precision, recall, f1, static_cast<long long>(tp + fn));
        row["name"] = label_names[static_cast<std::size_t>(l)];
        labels.push_back(row);
        tp_all += tp, fp_all += fp, fn_all += fn, sp += precision, sr += recall, sf += f1;
    }
    const double n = std::max<double>(1, static_cast<double>(target.cols()));
    const auto support = static_cast<long long>(tp_all + fn_all);
    return {{"labels", labels},
            {"micro_avg", scores(ratio(tp_all, tp_all + fp_all), ratio(tp_all, tp_all + fn_all),
                                 ratio(2 * tp_all, 2 * tp_all + fp_all + fn_all), support)},
            {"macro_avg", scores(sp / n, sr / n, sf / n, support)},
            {"hamming_loss", hamming_loss(predicted, target)},
            {"subset_accuracy", subset_accuracy(predicted, target)}};
}

std::string report_text(const nlohmann::json& report) {
    const bool multilabel = report.contains("labels") && !report.contains("classes");
    const nlohmann::json& rows = multilabel ? report["labels"] : report["classes"];
    std::size_t name_width = std::string(multilabel ? "subset accuracy" : "weighted avg").size();
    for (const auto& r : rows) name_width = std::max(name_width, r["name"].get<std::string>().size());
    constexpr std::size_t column = 11;
    std::string out = pad_left("", name_width);
    for (const char* head : {"precision", "recall", "f1-score", "support"}) out += pad_left(head, column);
    out += "\n\n";
    const auto line = [&](const std::string& name, const nlohmann::json& s) {
        out += pad_left(name, name_width) + pad_left(fixed(s["precision"]), column) + pad_left(fixed(s["recall"]), column) +
               pad_left(fixed(s["f1"]), column) + pad_left(std::to_string(s["support"].get<long long>()), column) + "\n";
    };
    for (const auto& r : rows) line(r["name"].get<std::string>(), r);
    out += "\n";
    if (multilabel) {
        line("micro avg", report["micro_avg"]);
        line("macro avg", report["macro_avg"]);
        out += "\n";
        out += pad_left("hamming loss", name_width) + pad_left(fixed(report["hamming_loss"]), column) + "\n";
        out += pad_left("subset accuracy", name_width) + pad_left(fixed(report["subset_accuracy"]), column) + "\n";
        return out;
    }
    out += pad_left("accuracy", name_width) + pad_left("", 2 * column) + pad_left(fixed(report["accuracy"]), column) +
           pad_left(std::to_string(report["macro_avg"]["support"].get<long long>()), column) + "\n";
    line("macro avg", report["macro_avg"]);
    line("weighted avg", report["weighted_avg"]);

    // The confusion matrix: a row per true class, a column per predicted class, both by name.
    const auto& labels = report["confusion_matrix"]["labels"];
    const auto& matrix = report["confusion_matrix"]["matrix"];
    std::size_t cell = 1;
    for (const auto& l : labels) cell = std::max(cell, l.get<std::string>().size());
    for (const auto& r : matrix)
        for (const auto& v : r) cell = std::max(cell, std::to_string(v.get<long long>()).size());
    out += "\nconfusion matrix (rows: true class, columns: predicted class)\n" + pad_left("", name_width);
    for (const auto& l : labels) out += "  " + pad_left(l.get<std::string>(), cell);
    out += "\n";
    for (std::size_t t = 0; t < matrix.size(); ++t) {
        out += pad_left(labels[t].get<std::string>(), name_width);
        for (const auto& v : matrix[t]) out += "  " + pad_left(std::to_string(v.get<long long>()), cell);
        out += "\n";
    }
    return out;
}

}  // namespace tapegrad
