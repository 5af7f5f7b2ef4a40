// `tapegrad tape --config run.json | --model DIR/model.ckpt [--format text|json|dot|svg] [--full]
// [--explain]`: builds the model a config describes (or loads a trained or imported one), records one training step on a small batch, walks it back and prints
// the tape, so a learner can follow the chain rule node by node. --explain prints, for each node
// from the loss back, the rule it applied and the numbers it used (core/tape_explain.hpp).
#include "commands.hpp"
#include "../train/experiment.hpp"
#include "../train/model_file.hpp"
#include "../train/record_step.hpp"

#include "../core/tape_explain.hpp"
#include "../core/tape_export.hpp"
#include "../core/tape_print.hpp"
#include "../core/tape_svg.hpp"

#include <iostream>

namespace tapegrad {

int run_tape(const TapeArgs& args) {
    if (args.model.empty() == args.config.empty())
        throw UsageError("--config, --model: name the step to record with one of them: --config run.json (a fresh model) or --model DIR/model.ckpt (a trained or imported one)");
    if (!args.model.empty() && !args.overrides.empty())
        throw UsageError("--set: --model records the model with the config it was saved with; leave out --set");
    const RunConfig config = args.model.empty() ? load_config(args.config, args.overrides) : parse_config(read_saved_run(args.model).config);
    auto x = make_experiment(config);
    if (!args.model.empty()) {  // the saved weights, checked name by name and shape by shape
        TrainingState<float> saved{x->model->parameters(), nullptr, nullptr, {}, {}};
        load_checkpoint(args.model, saved);
    }
    Tape<float> tape;
    Tensor<float> batch;
    const RecordedStep step = record_step(*x, tape, batch, args.batch);
    const Index m = step.rows;
    const TapeExportOptions& named = step.names;  // the batch, the logits, the loss and its target
    if (args.explain) {
        std::cout << "# one step of " << x->loss->name() << " on " << m << " examples, explained\n"
                  << explain(tape, TapeExportOptions(named).significant_digits(4).full_values(args.full));
    } else if (args.format == "json") {
        std::cout << dump_tape_json(tape_to_json(tape, TapeExportOptions(named).full_values(args.full)));
    } else if (args.format == "svg") {
        std::cout << tape_to_svg(tape, named);
    } else if (args.format == "dot") {
        std::cout << tape_to_dot(tape, TapeExportOptions(named).show_summaries());
    } else {
        std::cout << "# one step of " << x->loss->name() << " on " << m << " examples; node: id op (inputs) shape value grad\n";
        if (args.full) {
            for (std::size_t i = 0; i < tape.size(); ++i) {
                const Node<float>& n = tape.node(static_cast<int>(i));
                std::cout << "node " << i << " " << n.op << (n.name ? " " + *n.name : "") << "\nvalue\n" << n.value() << "\n";
                if (n.requires_grad) std::cout << "grad\n" << n.grad() << "\n";
            }
        } else {
            std::cout << tape;
        }
    }
    return 0;
}

}  // namespace tapegrad
