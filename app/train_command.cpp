// `tapegrad train --config run.json [--out DIR] [--overwrite] [--set key=value]...` and
// `tapegrad train --resume DIR`: reads the config, builds the experiment, calls the library's
// training loop, and writes the run directory's files (train/run_directory.hpp says which).
#include "commands.hpp"
#include "finite_checks.hpp"
#include "progress.hpp"

#include "../core/anomaly.hpp"
#include "../core/files.hpp"
#include "../train/quick_start.hpp"
#include "../train/train.hpp"

#include <chrono>
#include <iostream>

namespace tapegrad {

namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

// What a resumed run starts from: the config it ran with, its id and its records so far.
struct Resume {
    RunConfig config;
    std::string run_id;
    std::vector<json> records;
};

Resume read_resume_point(const fs::path& dir) {
    const fs::path last = dir / "last.ckpt";
    if (!fs::exists(last))
        throw Error(last.string() + ": not found; --resume continues a run from the last.ckpt that `tapegrad train` writes");
    const SavedRun summary = read_saved_run(last);
    Resume r;
    r.config = parse_config(summary.config);
    r.run_id = summary.run_id;
    for (json& record : RunDirectory::read_records(dir))
        if (record.value("epoch", 0L) <= summary.epoch) r.records.push_back(std::move(record));
    return r;
}

}  // namespace

int run_train(const TrainArgs& args) {
    const auto begun = std::chrono::steady_clock::now();  // for metrics.json's timings.setup_s
    const bool resuming = !args.resume.empty();
    if (resuming && (!args.config.empty() || !args.overrides.empty()))
        throw UsageError("--resume: continues a run with the config it started with; leave out --config and --set");
    if (resuming && (!args.data.empty() || !args.labels.empty()))
        throw UsageError("--resume: continues a run with the data it started with; leave out --data and --label");
    if (!resuming && args.config.empty() && args.data.empty())
        throw UsageError("--config: required: --config run.json, or --data file.csv --label column (or --resume DIR)");
    if (args.config.empty() && !args.data.empty() && args.labels.empty())
        throw UsageError("--label: required with --data " + args.data + "; say which column holds the labels with --label NAME");
    const fs::path out = resuming ? fs::path(args.resume) : fs::path(args.out);

    Resume resume;
    RunConfig config;
    if (resuming) {
        resume = read_resume_point(out);
        config = resume.config;
    } else if (!args.config.empty()) {
        // --data and --label given with a config replace its data.train and data.labels.
        std::vector<std::string> overrides;
        if (!args.data.empty()) overrides.push_back("data.train=" + fs::absolute(args.data).string());
        if (!args.labels.empty()) overrides.push_back("data.labels=" + json(args.labels).dump());
        overrides.insert(overrides.end(), args.overrides.begin(), args.overrides.end());
        config = load_config(args.config, overrides);
    } else {
        const std::string source = "--data " + args.data;
        nlohmann::ordered_json quick;
        try {
            quick = quick_config(args.data, args.labels);
        } catch (const ValueError& e) {
            throw ConfigError(e.what());
        }
        config = config_from_document(json::parse(quick.dump()), args.overrides, source);
    }
    config.anomaly = config.anomaly || args.anomaly;
    auto x = make_experiment(config);  // reads and checks the data, loss and optimizer first
    if (args.config.empty() && !resuming && !args.quiet) {  // the defaults train --data chose, once they work
        std::string labels;
        for (const auto& l : args.labels) labels += (labels.empty() ? "" : ",") + l;
        std::cerr << "config (defaults for " << args.data << "; to keep and edit it: tapegrad init --data " << args.data
                  << " --label " << labels << " > run.json):\n"
                  << resolved_config(config).dump(2) << "\n";
    }
    long start_epoch = 0;
    if (resuming) start_epoch = restore_experiment(out / "last.ckpt", *x);
    if (resuming && start_epoch >= config.epochs && fs::exists(out / "metrics.json"))
        throw Error(out.string() + ": the run is complete (" + std::to_string(config.epochs) + " epochs); nothing to resume");

    const auto mode = resuming ? RunDirectory::Mode::resume
                               : args.overwrite ? RunDirectory::Mode::overwrite : RunDirectory::Mode::fresh;
    const json resolved = resolved_config(x->config);
    RunDirectory dir(out, mode, resuming ? resume.run_id : run_id_for(resolved));
    const std::string metadata = model_metadata(*x, dir.run_id()).dump();
    if (resuming) dir.write_records(resume.records);
    else write_text_atomically(dir.file("run.json"), json{{"run_id", dir.run_id()}, {"config", resolved}}.dump(2) + "\n");

    const std::string monitored = monitor_prefix(*x) + headline_metric(config.task);
    if (!args.quiet)
        std::cerr << (resuming ? "resuming after epoch " + std::to_string(start_epoch) + ": " : std::string()) << "training on "
                  << x->train.rows() << " examples (" << x->train.num_features() << " features)"
                  << (x->validation.rows() ? ", validating on " + std::to_string(x->validation.rows()) : std::string())
                  << ", testing on " << x->test.rows() << "; writing " << dir.where().string() << "/\n";

    const std::string overflow_hint = "the model's outputs overflow; lower the learning rate (optimizer.lr) or set \"clip\": {\"max_norm\": 1.0}";
    Progress progress(config.epochs, start_epoch, args.quiet);
    long saved_epoch = start_epoch;
    CheckpointSchedule checkpoints(config.checkpoint_every, config.checkpoint_seconds, config.epochs);
    TrainHooks hooks;
    int current_epoch = static_cast<int>(start_epoch) + 1;  // for messages
    hooks.on_step = [&](int epoch, Index b, Index batches) {
        current_epoch = epoch;
        progress.step(epoch, b, batches);
    };
    hooks.on_record = [&](const json& record) {
        json line = record;
        line["run_id"] = dir.run_id();
        dir.append_record(line);  // the record first: a resumed run drops records past its checkpoint
        const long e = record["epoch"].get<long>();
        require_finite_metrics(record, "epoch " + std::to_string(e), overflow_hint);  // a val_loss of inf is no record
        if (checkpoints.due(e)) {
            save_experiment(dir.file("last.ckpt"), *x, e, metadata);
            saved_epoch = e;
        }
        progress.epoch(record, monitored);
    };
    hooks.on_best = [&](int epoch) { save_experiment(dir.file("best.ckpt"), *x, epoch, metadata); };

    const auto start = std::chrono::steady_clock::now();
    const double setup_s = std::chrono::duration<double>(start - begun).count();  // config, data, model
    std::optional<AnomalyGuard> anomaly;
    if (config.anomaly) anomaly.emplace();
    TrainResult result;
    try {
        result = train_experiment(*x, hooks, {static_cast<int>(start_epoch), resume.records});
    } catch (const Error& e) {
        progress.finish();
        std::string what = e.what();
        // An op that met inf or NaN while training (a file that could not be written names itself):
        // the epoch it happened in, and the learning rate, the usual cause.
        if (dynamic_cast<const ValueError*>(&e)) {
            if (!what.starts_with("epoch ") && !what.starts_with("the training loss"))
                what = "epoch " + std::to_string(current_epoch) + ": " + what;
            if (what.find("lower the learning rate") == std::string::npos)
                what += "; lower the learning rate (optimizer.lr), set \"clip\": {\"max_norm\": 1.0}, or run with --anomaly to find the op";
        }
        const std::string where = dir.where() != out
                                      ? out.string() + "/ still holds the earlier run; this run's files are in " + dir.where().string() + "/"
                                  : saved_epoch > 0 ? "its files so far are in " + out.string() + "/ (last.ckpt: epoch " +
                                                          std::to_string(saved_epoch) + "; continue with --resume " + out.string() + ")"
                                                    : "its files so far are in " + out.string() + "/ (no checkpoint yet; start again with --overwrite)";
        throw Error(what + "; " + where);
    }
    anomaly.reset();
    const long last_epoch = result.records.empty() ? 0 : result.records.back()["epoch"].get<long>();
    if (saved_epoch != last_epoch) save_experiment(dir.file("last.ckpt"), *x, last_epoch, metadata);
    if (config.early_stopping && result.best_epoch > 0) {  // the run ends with its best model
        TrainingState<float> best;
        best.parameters = x->model->parameters();
        load_checkpoint(dir.file("best.ckpt"), best);
    }
    save_experiment(dir.file("model.ckpt"), *x, last_epoch, metadata);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    progress.finish();

    require_finite_outputs(*x, x->test, "the test split");
    json final_record = x->evaluate(x->test).to_json(config.task, "test_");
    require_finite_metrics(final_record, "the test split", overflow_hint);
    // Where the time went (train/trainer.hpp); end_s: the last checkpoints and the final evaluation.
    json timings = result.timings.to_json();
    timings["setup_s"] = setup_s;
    timings["end_s"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() -
                       result.timings.training_s - result.timings.evaluation_s - result.timings.hooks_s;
    if (!result.records.empty()) final_record["train_loss"] = result.records.back()["train_loss"];
    const json metrics = {{"run_id", dir.run_id()},
                          {"config", resolved},
                          {"train_examples", x->train.rows()},
                          {"validation_examples", x->validation.rows()},
                          {"test_examples", x->test.rows()},
                          {"epochs", result.records},
                          {"best_epoch", result.best_epoch > 0 ? json(result.best_epoch) : json(nullptr)},
                          {"stopped_early", result.stopped_early},
                          {"final", final_record},
                          {"wall_time_s", wall},
                          {"timings", timings}};
    write_text_atomically(dir.file("metrics.json"), metrics.dump(2) + "\n");
    dir.commit();
    std::cout << final_record.dump() << "\n";
    if (!args.quiet)
        std::cerr << (result.stopped_early ? "stopped early after epoch " + std::to_string(last_epoch) + " (best: epoch " +
                                                 std::to_string(result.best_epoch) + "); "
                                           : std::string())
                  << "wrote " << out.string() << "/ (metrics.json, metrics.jsonl, model.ckpt, last.ckpt"
                  << (result.best_epoch > 0 ? ", best.ckpt" : "") << ")\n";
    return 0;
}

}  // namespace tapegrad
