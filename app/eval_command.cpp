// `tapegrad eval --model DIR/model.ckpt [--data test.csv] [--report [--json]]` prints the model's
// metrics as JSON, or its classification report; without --data it scores the test split the
// model was trained with. `tapegrad predict` writes each row's predicted class and probabilities
// as CSV. The work is the library's (train/predictions.hpp); this reads arguments and writes.
#include "commands.hpp"
#include "finite_checks.hpp"

#include "../core/files.hpp"
#include "../metrics/report.hpp"
#include "../train/predictions.hpp"

#include "../train/quick_start.hpp"

#include <iostream>

namespace tapegrad {

int run_eval(const EvalArgs& args) {
    TrainedModel m = load_trained_model(args.model);
    const Dataset data = evaluation_data(m, args.data, args.split);
    const auto x = scoring_experiment(m);
    const std::string where = !args.data.empty() ? args.data : args.model + " (its " + args.split + " split)";
    require_finite_outputs(*x, data, where);
    nlohmann::json result = x->evaluate(data).to_json(m.config.task, "test_");
    require_finite_metrics(result, where, "the examples' features lie so far outside the range the model was trained on that the loss overflows");
    result["examples"] = data.rows();
    if (!args.report) {
        std::cout << result.dump() << "\n";
        return 0;
    }
    const nlohmann::json report = evaluation_report(*x, data, args.threshold);
    if (args.json) {
        result["report"] = report;
        std::cout << result.dump() << "\n";
    } else {
        std::cout << report_text(report);
    }
    return 0;
}

int run_predict(const EvalArgs& args) {
    TrainedModel m = load_trained_model(args.model);
    const ModelInput input = prediction_input(m, args.data);
    const auto x = scoring_experiment(m);
    require_finite_outputs(*x, input.data, !args.data.empty() ? args.data : args.model + " (its test split)");
    const Tensor<float> p = x->probabilities(input.data);
    const std::string csv = predictions_csv(input, p, m.config.task, m.class_names, {args.keep, args.threshold});
    if (args.out.empty()) std::cout << csv;
    else write_text_atomically(args.out, csv);
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

int run_init(const InitArgs& args) {
    if (args.data.empty() != args.labels.empty()) throw UsageError("--data, --label: give both (or neither, for a generic template)");
    const nlohmann::ordered_json config = args.data.empty() ? template_config() : quick_config(args.data, args.labels);
    std::cout << with_comments(config).dump(2) << "\n";
    return 0;
}

}  // namespace tapegrad
