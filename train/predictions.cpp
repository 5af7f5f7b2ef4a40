// Scoring a trained model and writing its predictions: see predictions.hpp.
#include "predictions.hpp"

#include "../core/excerpt.hpp"
#include "../metrics/metrics.hpp"

#include <sstream>

namespace tapegrad {
namespace {

// A CSV cell: as it is, or in double quotes (with "" for a quote) when it holds , " or a line end.
std::string csv_cell(const std::string& s) {
    if (s.find_first_of(",\"\r\n;\t") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string number(float v) {
    std::ostringstream s;
    s.precision(6);
    s << v;
    return s.str();
}

}  // namespace

std::unique_ptr<Experiment> scoring_experiment(TrainedModel& m) {
    auto x = std::make_unique<Experiment>();
    x->config = m.config;
    x->loss = std::move(m.loss);
    x->model = std::move(m.model);
    x->standardizer = m.standardizer;
    x->data_description = m.data;
    return x;
}

Dataset evaluation_data(const TrainedModel& m, const std::string& data_path, const std::string& split) {
    Dataset d;
    if (!data_path.empty()) {
        d = read_for_model(m.data, m.config.task, m.class_names, data_path, true).data;
    } else if (m.data.train_file) {
        if (split == "validation" && m.data.validation_rows.empty())
            throw ValueError("--split validation: the model was trained without a validation split");
        d = stored_split(m.data, m.config.task, m.class_names, split);
    } else {
        Experiment x;
        load_data(m.config, x);  // the same seeded split and standardisation as in training
        if (split == "validation" && x.validation.rows() == 0)
            throw ValueError("--split validation: the model was trained without a validation split");
        return split == "validation" ? x.validation : x.test;
    }
    if (m.standardizer.fitted()) m.standardizer.transform_in_place(d.features);
    return d;
}

ModelInput prediction_input(const TrainedModel& m, const std::string& data_path) {
    ModelInput in;
    if (data_path.empty()) {
        in.data = evaluation_data(m, "", "test");
        in.table.lines.assign(static_cast<std::size_t>(in.data.rows()), 0);  // rows without cells: nothing to --keep
        for (Index i = 0; i < in.data.rows(); ++i) in.rows.push_back(i);
        in.has_labels = true;
        return in;
    }
    in = read_for_model(m.data, m.config.task, m.class_names, data_path, false);
    if (m.standardizer.fitted()) m.standardizer.transform_in_place(in.data.features);
    return in;
}

std::vector<Index> predicted_classes(const Tensor<float>& p) {
    if (p.cols() != 1) return argmax_rows(p);
    std::vector<Index> predicted(static_cast<std::size_t>(p.rows()));
    for (Index i = 0; i < p.rows(); ++i) predicted[static_cast<std::size_t>(i)] = p(i, 0) > 0.5f;
    return predicted;
}

nlohmann::json evaluation_report(const Experiment& x, const Dataset& data, double threshold_at) {
    const Tensor<float> p = x.probabilities(data);
    if (x.config.task == Task::multilabel) return multilabel_report(threshold(p, threshold_at), data.targets, data.class_names);
    return classification_report(predicted_classes(p), data.labels, data.class_names);
}

std::string predictions_csv(const ModelInput& in, const Tensor<float>& p, Task task,
                            const std::vector<std::string>& class_names, const PredictOptions& options) {
    const Table& t = in.table;
    std::vector<std::size_t> keep;
    for (const auto& name : options.keep) {
        const auto c = t.find(name);
        if (!c) t.fail("--keep: no column " + quoted_excerpt(name) + "; the header has " + listed_names(t.names, "columns"));
        keep.push_back(*c);
    }
    std::ostringstream csv;
    for (std::size_t c : keep) csv << csv_cell(t.names[c]) << ",";
    const bool multilabel = task == Task::multilabel;
    if (multilabel)
        for (const auto& name : class_names) csv << csv_cell(name) << ",";
    else
        csv << "predicted,";
    for (std::size_t k = 0; k < class_names.size(); ++k) csv << (k ? "," : "") << csv_cell("p_" + class_names[k]);
    csv << "\n";
    const std::vector<Index> predicted = multilabel ? std::vector<Index>{} : predicted_classes(p);
    const std::size_t empty_cells = (multilabel ? 2 : 1) * class_names.size() + (multilabel ? 0 : 1) - 1;
    std::size_t next = 0;  // the next row of p: rows of the table left out have none
    for (std::size_t r = 0; r < t.rows(); ++r) {
        for (std::size_t c : keep) csv << csv_cell(t.cell(r, c)) << ",";
        if (next >= in.rows.size() || in.rows[next] != static_cast<Index>(r)) {
            csv << std::string(empty_cells, ',') << "\n";
            continue;
        }
        const Index i = static_cast<Index>(next++);
        if (multilabel) {
            for (Index l = 0; l < p.cols(); ++l) csv << (p(i, l) > options.threshold ? "1" : "0") << ",";
            for (Index l = 0; l < p.cols(); ++l) csv << (l ? "," : "") << number(p(i, l));
        } else {
            csv << csv_cell(class_names[static_cast<std::size_t>(predicted[static_cast<std::size_t>(i)])]) << ",";
            if (p.cols() == 1) csv << number(1 - p(i, 0)) << "," << number(p(i, 0));
            else
                for (Index k = 0; k < p.cols(); ++k) csv << (k ? "," : "") << number(p(i, k));
        }
        csv << "\n";
    }
    return csv.str();
}

}  // namespace tapegrad
