// `tapegrad eval --model DIR/model.ckpt [--data test.csv]` prints the model's metrics as JSON;
// without --data it evaluates on the test split the model was trained with (rebuilt from the
// config's seed). `tapegrad predict` writes each example's probabilities as CSV.
#include "commands.hpp"
#include "../core/files.hpp"
#include "../train/model_file.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

namespace tapegrad {

namespace {

// The data to evaluate on, scaled as in training, in an Experiment that holds the trained model.
std::unique_ptr<Experiment> experiment_for(TrainedModel& m, const std::string& data_path, const std::string& split) {
    auto x = std::make_unique<Experiment>();
    x->config = m.config;
    if (data_path.empty()) {
        load_data(m.config, *x);  // the same seeded split and standardisation as in training
        if (split == "validation") {
            if (x->validation.rows() == 0)
                throw UsageError("--split validation: the model was trained without a validation split");
            x->test = std::move(x->validation);
        }
    } else {
        CsvOptions csv;
        csv.labels = m.config.data.labels.empty() ? std::vector<std::string>{"label"} : m.config.data.labels;
        csv.multilabel = m.config.task == Task::multilabel;
        if (!csv.multilabel) csv.class_names = m.class_names;
        x->test = read_csv(data_path, csv);
        if (x->test.feature_names != m.feature_names) {
            std::string expected;
            for (const auto& name : m.feature_names) expected += (expected.empty() ? "" : ",") + name;
            throw ValueError(data_path + ": the feature columns differ from the model's (expected, in order: " +
                             expected + ")");
        }
        if (m.standardizer.fitted()) m.standardizer.transform_in_place(x->test.features);
    }
    x->loss = std::move(m.loss);
    x->model = std::move(m.model);
    return x;
}

}  // namespace

int run_eval(const EvalArgs& args) {
    TrainedModel m = load_trained_model(args.model);
    auto x = experiment_for(m, args.data, args.split);
    nlohmann::json result = x->evaluate(x->test).to_json(m.config.task, "test_");
    result["examples"] = x->test.rows();
    std::cout << result.dump() << "\n";
    return 0;
}

int run_predict(const EvalArgs& args) {
    TrainedModel m = load_trained_model(args.model);
    const std::vector<std::string> class_names = m.class_names;
    auto x = experiment_for(m, args.data, args.split);
    const Tensor<float> p = x->probabilities(x->test);
    std::ostringstream csv;
    csv.precision(6);
    for (Index c = 0; c < p.cols(); ++c)
        csv << (c ? "," : "") << "p_" << (p.cols() == 1 ? "1" : class_names[static_cast<std::size_t>(c)]);
    csv << "\n";
    for (Index i = 0; i < p.rows(); ++i) {
        for (Index c = 0; c < p.cols(); ++c) csv << (c ? "," : "") << p(i, c);
        csv << "\n";
    }
    if (args.out.empty()) std::cout << csv.str();
    else write_text_atomically(args.out, csv.str());
    return 0;
}

int run_datasets() {
    for (const DatasetInfo& d : list_datasets()) {
        std::cout << d.name << "  (" << d.kind << ", " << d.task << ")  " << d.description << "\n";
        if (!d.options.empty()) {
            std::cout << "    options:";
            for (const auto& o : d.options) std::cout << " " << o;
            std::cout << "\n";
        }
    }
    return 0;
}

}  // namespace tapegrad
