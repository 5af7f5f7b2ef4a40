// The tapegrad command line. Each subcommand's work is in its own file; this one only reads the
// arguments (with CLI11) and turns every error into one clear line on stderr and exit code 1.
#include "commands.hpp"
#include "usage_error.hpp"

#include "../core/error.hpp"

#include <CLI/CLI.hpp>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace {

// Where the example configs and the docs are: the source tree this program was built from, while
// it is there, else the installed copies (cmake --install puts them in share/tapegrad).
std::string share_dir() {
    std::error_code ec;
    if (std::filesystem::exists(std::filesystem::path(TAPEGRAD_SOURCE_SHARE_DIR) / "examples/configs/iris.json", ec))
        return TAPEGRAD_SOURCE_SHARE_DIR;
    return TAPEGRAD_INSTALL_SHARE_DIR;
}

// Why writing stdout failed, once stdio has lost errno: the file-size limit reached, or no free
// space left where stdout's file is.
std::string why_stdout_failed(int saved_errno) {
    if (saved_errno != 0) return std::strerror(saved_errno);
    struct stat st {};
    if (::fstat(STDOUT_FILENO, &st) == 0 && S_ISREG(st.st_mode)) {
        struct rlimit limit {};
        if (::getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY &&
            static_cast<rlim_t>(st.st_size) >= limit.rlim_cur)
            return std::strerror(EFBIG);
        struct statvfs fs {};
        if (::fstatvfs(STDOUT_FILENO, &fs) == 0 && fs.f_bavail == 0) return std::strerror(ENOSPC);
    }
    return "write error";
}

}  // namespace

int main(int argc, char** argv) {
    using namespace tapegrad;
    // A write past the file-size limit (ulimit -f) would kill the program with SIGXFSZ and say
    // nothing; ignored, the write fails with EFBIG and the error names the file.
    std::signal(SIGXFSZ, SIG_IGN);
    const std::string share = share_dir();
    CLI::App app{"tapegrad: train small classifiers with a tape-based autodiff engine, and see how they learn.\n"
                 "Your own CSV file, no config: `tapegrad train --data fruit.csv --label fruit`.\n"
                 "A config to edit: `tapegrad init > run.json`; ready-made ones: " + share + "/examples/configs/\n"
                 "(`tapegrad train --config " + share + "/examples/configs/iris.json`). Docs: " + share + "/docs/cli.md"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("tapegrad ") + TAPEGRAD_VERSION);

    TrainArgs train;
    auto* train_cmd = app.add_subcommand("train", "Train the model a JSON config describes; writes a run directory (model.ckpt, metrics.json, ...)");
    train_cmd->add_option("--config", train.config, "The run's JSON config (see docs/cli.md)");
    train_cmd->add_option("--data", train.data, "A CSV file to train on without a config (defaults inferred; printed on stderr)");
    train_cmd->add_option("--label", train.labels, "The label column(s) of --data: --label fruit, or --label a,b for multi-label")->delimiter(',');
    train_cmd->add_option("--out", train.out, "The run directory")->capture_default_str();
    train_cmd->add_flag("--overwrite", train.overwrite, "Replace the run in --out (it is swapped out only once the new run is complete)");
    train_cmd->add_option("--resume", train.resume, "Continue the interrupted run in this directory, bit for bit");
    train_cmd->add_flag("--quiet", train.quiet, "No progress on stderr");
    train_cmd->add_option("--set", train.overrides, "Override a config value: --set optimizer.lr=0.05 (repeatable)");
    train_cmd->add_flag("--anomaly", train.anomaly, "Stop at the first op that produces NaN or infinity, and name it");

    EvalArgs eval;
    auto* eval_cmd = app.add_subcommand("eval", "Print a trained model's test metrics as JSON");
    eval_cmd->add_option("--model", eval.model, "A model.ckpt written by `tapegrad train`")->required();
    eval_cmd->add_option("--data", eval.data, "A CSV file with the training file's columns (default: the model's own test split)");
    eval_cmd->add_option("--split", eval.split, "Without --data: the split to score")->check(CLI::IsMember({"test", "validation"}))->capture_default_str();
    eval_cmd->add_flag("--report", eval.report, "Print the classification report (per class precision, recall, F1, support; averages; confusion matrix)");
    eval_cmd->add_flag("--json", eval.json, "With --report: the metrics and the report as JSON");
    eval_cmd->add_option("--threshold", eval.threshold, "Multi-label: a label is predicted when its probability is above this")->check(CLI::Range(0.0, 1.0))->capture_default_str();

    EvalArgs predict;
    auto* predict_cmd = app.add_subcommand("predict", "Write each example's class probabilities as CSV");
    predict_cmd->add_option("--model", predict.model, "A model.ckpt written by `tapegrad train`")->required();
    predict_cmd->add_option("--data", predict.data, "A CSV file with the model's feature columns, in any order; labels not needed (default: the model's test split)");
    predict_cmd->add_option("--out", predict.out, "Output CSV file, written atomically (default: stdout)");
    predict_cmd->add_option("--keep", predict.keep, "Input columns to copy to the output first: --keep id,name")->delimiter(',');
    predict_cmd->add_option("--threshold", predict.threshold, "Multi-label: a label is predicted when its probability is above this")->check(CLI::Range(0.0, 1.0))->capture_default_str();

    auto* datasets_cmd = app.add_subcommand("datasets", "List the bundled datasets and the data generators");

    InitArgs init;
    auto* init_cmd = app.add_subcommand("init", "Print a config template with a comment for every key: tapegrad init > run.json");
    init_cmd->add_option("--data", init.data, "Fill it in for this CSV file (the defaults `train --data` would use)");
    init_cmd->add_option("--label", init.labels, "The label column(s) of --data")->delimiter(',');

    TapeArgs tape;
    auto* tape_cmd = app.add_subcommand("tape", "Print one training step's tape: every node's op, shape, value and gradient");
    tape_cmd->add_option("--config", tape.config, "The run's JSON config (a fresh model from its seed)");
    tape_cmd->add_option("--model", tape.model, "Or a model.ckpt written by train or import: its config and weights");
    tape_cmd->add_option("--format", tape.format, "text, json, dot or svg (a drawing)")->check(CLI::IsMember({"text", "json", "dot", "svg"}))->capture_default_str();
    tape_cmd->add_flag("--full", tape.full, "Print full values and gradients, not summaries");
    tape_cmd->add_flag("--explain", tape.explain, "For each node, from the loss back: the rule it applied and the numbers it used");
    tape_cmd->add_option("--batch", tape.batch, "Examples in the recorded batch")->check(CLI::Range(1, 100000))->capture_default_str();
    tape_cmd->add_option("--set", tape.overrides, "Override a config value (repeatable)");

    CompareArgs compare;
    auto* compare_cmd = app.add_subcommand("compare", "The cross-entropy vs MSE lab: train under each loss and seed, write compare.json and report.html");
    compare_cmd->add_option("--config", compare.config, "The run's JSON config (its loss is replaced by each of --losses; its \"lab\" section sets the grid)");
    compare_cmd->add_option("--losses", compare.losses, "Comma-separated registry names")->capture_default_str();
    compare_cmd->add_option("--seeds", compare.seeds, "Seeds per loss: seed, seed + 1, ...")->check(CLI::Range(1, 1000))->capture_default_str();
    compare_cmd->add_option("--target", compare.target, "Target test accuracy (micro F1 for multi-label) for epochs-to-target")->check(CLI::Range(0.0, 1.0))->capture_default_str();
    compare_cmd->add_option("--out", compare.out, "Directory for compare.json, compare.csv, timings.json, charts/ and report.html")->capture_default_str();
    compare_cmd->add_option("--set", compare.overrides, "Override a config value (repeatable)");
    compare_cmd->add_option("--jobs", compare.jobs, "Runs at once (default: one per core); compare.json is the same for any value");
    compare_cmd->add_option("--shard", compare.shard, "Run only the K-th of N disjoint slices of the runs (K/N) and write partial.json");
    compare_cmd->add_option("--merge", compare.merge, "Combine the shards' output directories into compare.json and the report")->expected(1, 10000);
    compare_cmd->add_flag("--quiet", compare.quiet, "No progress on stderr");

    ExportDataArgs export_data;
    auto* export_cmd = app.add_subcommand("export-data", "Write the training and test sets a config produces (split, standardised) as CSV");
    export_cmd->add_option("--config", export_data.config, "The run's JSON config")->required();
    export_cmd->add_option("--out", export_data.out, "Directory for train.csv and test.csv")->capture_default_str();
    export_cmd->add_option("--set", export_data.overrides, "Override a config value (repeatable)");

    ExportArgs export_args;
    auto* export_model_cmd = app.add_subcommand("export", "Write a trained model for PyTorch or ONNX Runtime (docs/export.md)");
    export_model_cmd->add_option("--model", export_args.model, "A model.ckpt written by `tapegrad train`")->required();
    export_model_cmd->add_option("--format", export_args.format, "safetensors, pytorch (safetensors plus model.py beside it) or onnx")
        ->check(CLI::IsMember({"safetensors", "pytorch", "onnx"}))->capture_default_str();
    export_model_cmd->add_option("--out", export_args.out, "Output file (default: model.safetensors, or model.onnx)");

    ImportArgs import_args;
    auto* import_cmd = app.add_subcommand("import", "Make a run directory from weights saved as safetensors (a PyTorch state dict)");
    import_cmd->add_option("--weights", import_args.weights, "A .safetensors file named as nn.Sequential names it: 0.weight, 0.bias, 2.weight, ...")->required();
    import_cmd->add_option("--config", import_args.config, "The config that describes the model and its data")->required();
    import_cmd->add_option("--out", import_args.out, "The run directory")->capture_default_str();
    import_cmd->add_flag("--overwrite", import_args.overwrite, "Replace the run in --out");
    import_cmd->add_option("--set", import_args.overrides, "Override a config value (repeatable)");
    import_cmd->add_flag("--quiet", import_args.quiet, "Nothing on stderr");

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        // A usage error: one line and exit code 1, like every other bad input (docs/cli.md).
        const auto named = app.get_subcommands();
        std::cerr << usage_error_line(named.empty() ? "" : named.front()->get_name(), e.what()) << "\n";
        return 1;
    }
    const std::string command = app.get_subcommands().front()->get_name();
    try {
        int status = 1;
        if (command == "train") status = run_train(train);
        else if (command == "eval") status = run_eval(eval);
        else if (command == "predict") status = run_predict(predict);
        else if (command == "datasets") status = run_datasets();
        else if (command == "init") status = run_init(init);
        else if (command == "tape") status = run_tape(tape);
        else if (command == "compare") status = run_compare(compare);
        else if (command == "export-data") status = run_export_data(export_data);
        else if (command == "export") status = run_export(export_args);
        else if (command == "import") status = run_import(import_args);
        // Results on stdout that did not all arrive (a full disk, a closed pipe) are a failure too.
        errno = 0;
        const bool flushed = std::fflush(stdout) == 0;  // std::cout writes through stdout (synced with stdio)
        if (!flushed || std::ferror(stdout) || !std::cout)
            throw Error("stdout: could not write the output (" + why_stdout_failed(errno) +
                        "); check the disk or the pipe it goes to");
        return status;
    } catch (const UsageError& e) {
        std::cerr << "tapegrad " << command << ": " << e.what() << "; see tapegrad " << command << " --help\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "tapegrad " << command << ": " << e.what() << "\n";
        return 1;
    }
    (void)datasets_cmd;
    (void)init_cmd;
    (void)export_cmd;
    return 1;
}
