// The lab's runner: the plan of runs, running them (in parallel, or one shard), and gathering
// them into compare.json. See compare.hpp.
#include "compare.hpp"

#include "diagnostics.hpp"
#include "report.hpp"
#include "summary.hpp"

#include "../core/files.hpp"
#include "../core/json_file.hpp"
#include "../train/evaluate_logits.hpp"
#include "../train/trainer.hpp"

#include <atomic>
#include <chrono>
#include <cmath>
#include <mutex>
#include <sstream>
#include <thread>

namespace tapegrad {

namespace {

using json = nlohmann::json;

// A shard's partial.json: its format names the version of the runs' records, so a merge never
// mixes records of two versions (4: the per-layer gradient norms).
constexpr const char* partial_format = "tapegrad compare partial 4";

json optional_number(const std::optional<double>& v) { return v && std::isfinite(*v) ? json(*v) : json(nullptr); }

// The loss's section as the arm wants it: as configured, or with its reduction at batch_mean.
json loss_section(const LabPlan& plan, std::size_t l, bool matched) {
    const std::string& name = plan.options.losses[l];
    json section = plan.base.loss.at("name") == name ? plan.base.loss : json{{"name", name}};
    const auto loss = loss_from_config(section, "--losses");
    json resolved = loss->options();
    resolved["name"] = name;
    if (matched && resolved.contains("reduction")) resolved["reduction"] = "batch_mean";
    return resolved;
}

// The lab's figures for the model as it stands, added to an epoch's record: the test split's
// scores and yardstick (from one forward pass), and the diagnostics on the training set.
void add_lab_figures(Experiment& x, json& record) {
    const Tensor<float> test_logits = x.logits(x.test);
    record.update(evaluate_logits(x, test_logits, x.test).to_json(x.config.task, "test_"));
    const Yardstick y = yardstick(x, test_logits, x.test);
    record["test_log_loss"] = optional_number(y.log_loss);
    record["test_brier"] = optional_number(y.brier);
    const Diagnostics d = diagnose(x);
    record["grad_logits_mean_abs"] = d.grad_logits_mean_abs;
    for (std::size_t l = 0; l < d.grad_norm_layers.size(); ++l)
        record[grad_norm_key(static_cast<long>(l) + 1)] = d.grad_norm_layers[l];
    record["saturated_fraction"] = optional_number(d.saturated_fraction);
    record["sigma_prime_wrong"] = optional_number(d.sigma_prime_wrong);
    record["cross_entropy"] = optional_number(d.cross_entropy);
    record["entropy"] = optional_number(d.entropy);
    record["kl_divergence"] = optional_number(d.kl_divergence);
    record.erase("steps");
    record.erase("skipped_steps");
    for (auto& [key, value] : record.items())
        if (value.is_number_float() && !std::isfinite(value.get<double>())) value = nullptr;
}

// One run with the one training loop; epoch 0 is the untrained model.
json run_one(const RunSpec& spec, const std::string& target_metric, double target, double& seconds) {
    const auto start = std::chrono::steady_clock::now();
    auto x = make_experiment(spec.config);
    json history = json::array();
    json first = {{"epoch", 0}, {"train_loss", x->evaluate(x->train).loss}};
    first.update(x->evaluate(x->validation).to_json(spec.config.task, "val_"));
    add_lab_figures(*x, first);
    history.push_back(first);
    TrainHooks hooks;
    hooks.on_epoch = [&](int, json& record) {
        add_lab_figures(*x, record);
        history.push_back(record);
    };
    try {
        train_experiment(*x, hooks);
    } catch (const ValueError&) {
        // The loss became inf or NaN (a learning rate too large for this loss): the run stops
        // there, and its remaining epochs count as not reaching the target.
    }
    json epochs_to_target = nullptr;
    for (const json& r : history)
        if (r["epoch"].get<long>() > 0 && r[target_metric].is_number() && r[target_metric].get<double>() >= target) {
            epochs_to_target = r["epoch"];
            break;
        }
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return {{"arm", spec.arm},
            {"loss", spec.config.loss.at("name")},
            {"reduction", spec.config.loss.value("reduction", "")},
            {"seed", spec.seed},
            {"lr", spec.lr},
            {"init_scale", spec.init_scale},
            {"diverged", static_cast<long>(history.size()) <= spec.config.epochs},
            {"epochs_to_target", epochs_to_target},
            {"history", history}};
}

// What identifies an experiment: everything a run depends on. Partials merge only when equal.
json plan_identity(const LabPlan& plan) {
    return {{"config", resolved_config(plan.base)},
            {"losses", plan.options.losses},
            {"seeds", plan.options.seeds},
            {"target", plan.options.target},
            {"lr_grid", plan.lr_grid},
            {"init_scales", plan.init_scales},
            {"arms", plan.arms},
            {"validation_fraction", plan.validation_fraction}};
}

std::vector<double> numbers_or(Options& r, const std::string& key, std::vector<double> fallback) {
    const auto values = r.numbers(key, Range::between(1e-9, 1e9));
    return values.empty() ? fallback : values;
}

}  // namespace

LabPlan make_plan(const RunConfig& base, const CompareOptions& options) {
    if (options.losses.empty()) throw ConfigError("--losses: name at least one loss, e.g. softmax_cross_entropy,mse_softmax");
    LabPlan plan;
    plan.base = base;
    plan.options = options;
    Options r(base.lab, "lab");
    const double lr = base.optimizer.at("lr").get<double>();
    std::vector<double> grid;
    for (int k = -2; k <= 4; ++k) grid.push_back(lr * std::pow(10.0, k / 2.0));
    plan.lr_grid = numbers_or(r, "lr_grid", grid);
    plan.init_scales = numbers_or(r, "init_scales", {1, 2, 4, 8});
    if (std::find(plan.init_scales.begin(), plan.init_scales.end(), base.model.init_scale) == plan.init_scales.end())
        plan.init_scales.insert(plan.init_scales.begin(), base.model.init_scale);
    std::sort(plan.init_scales.begin(), plan.init_scales.end());
    plan.validation_fraction = base.data.validation_fraction > 0 ? base.data.validation_fraction : 0.2;
    plan.validation_fraction = r.number("validation_fraction", plan.validation_fraction, Range::between(0.05, 0.5));
    plan.arms = r.strings("arms", {"configured", "scale_matched", "tuned", "start"});
    for (const auto& arm : plan.arms)
        if (arm != "configured" && arm != "scale_matched" && arm != "tuned" && arm != "start")
            throw ConfigError("lab.arms: \"" + arm + "\" is not an arm (known: configured, scale_matched, tuned, start)");
    r.finish();
    for (std::size_t l = 0; l < options.losses.size(); ++l) loss_section(plan, l, false);  // unknown names fail here
    if (options.shards < 1 || options.shard < 1 || options.shard > options.shards)
        throw ConfigError("--shard: expected K/N with 1 <= K <= N, got " + std::to_string(options.shard) + "/" +
                          std::to_string(options.shards));
    return plan;
}

std::vector<RunSpec> plan_runs(const LabPlan& plan) {
    auto has = [&](const char* arm) { return std::find(plan.arms.begin(), plan.arms.end(), arm) != plan.arms.end(); };
    const bool grid = has("tuned") || has("start");
    std::vector<RunSpec> runs;
    auto add = [&](const std::string& arm, std::size_t l, long seed, double lr, double init, bool matched) {
        RunSpec s;
        s.arm = arm;
        s.loss = l;
        s.seed = seed;
        s.lr = lr;
        s.init_scale = init;
        s.config = plan.base;
        s.config.seed = seed;
        s.config.loss = loss_section(plan, l, matched);
        s.config.optimizer["lr"] = lr;
        s.config.model.init_scale = init;
        s.config.data.validation_fraction = plan.validation_fraction;  // the same data in every arm
        s.config.early_stopping.reset();
        runs.push_back(std::move(s));
    };
    const double lr = plan.base.optimizer.at("lr").get<double>();
    for (std::size_t l = 0; l < plan.options.losses.size(); ++l) {
        for (long k = 0; k < plan.options.seeds; ++k) {
            const long seed = plan.base.seed + k;
            if (has("configured")) add("configured", l, seed, lr, plan.base.model.init_scale, false);
            if (has("scale_matched")) add("scale_matched", l, seed, lr, plan.base.model.init_scale, true);
            if (!grid) continue;
            for (double init : plan.init_scales) {
                if (!has("start") && init != plan.base.model.init_scale) continue;
                for (double rate : plan.lr_grid) add("grid", l, seed, rate, init, true);
            }
        }
    }
    return runs;
}

CompareResult run_comparison(const RunConfig& base, const CompareOptions& options,
                             const std::function<void(std::size_t, std::size_t, const std::string&)>& progress) {
    const LabPlan plan = make_plan(base, options);
    const std::vector<RunSpec> all = plan_runs(plan);
    make_experiment(all.front().config);  // reads the data once, so a bad config fails before any thread starts
    std::vector<std::size_t> mine;       // this shard's runs: every shards-th, from shard - 1
    for (std::size_t i = static_cast<std::size_t>(options.shard - 1); i < all.size(); i += static_cast<std::size_t>(options.shards))
        mine.push_back(i);

    const std::string target_metric = std::string("test_") + headline_metric(base.task);
    std::vector<json> results(mine.size());
    std::vector<double> seconds(mine.size());
    std::atomic<std::size_t> next{0}, done{0};
    std::mutex report_lock;
    std::exception_ptr failure;
    auto worker = [&] {
        for (std::size_t k; (k = next++) < mine.size();) {
            try {
                const RunSpec& spec = all[mine[k]];
                results[k] = run_one(spec, target_metric, options.target, seconds[k]);
                std::lock_guard<std::mutex> lock(report_lock);
                if (progress) {
                    std::ostringstream what;
                    what << spec.arm << " " << spec.config.loss.at("name").get<std::string>() << " seed " << spec.seed
                         << " lr " << spec.lr << " init " << spec.init_scale;
                    progress(++done, mine.size(), what.str());
                }
            } catch (...) {
                std::lock_guard<std::mutex> lock(report_lock);
                if (!failure) failure = std::current_exception();
                next = mine.size();
            }
        }
    };
    const unsigned jobs = std::max(1u, std::min<unsigned>(options.jobs ? options.jobs : std::thread::hardware_concurrency(),
                                                           static_cast<unsigned>(mine.size())));
    std::vector<std::thread> threads;
    for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(worker);
    worker();
    for (auto& t : threads) t.join();
    if (failure) std::rethrow_exception(failure);

    CompareResult result;
    json timings = json::array();
    for (std::size_t k = 0; k < mine.size(); ++k)
        timings.push_back({{"run", mine[k]}, {"arm", results[k]["arm"]}, {"loss", results[k]["loss"]}, {"seed", results[k]["seed"]},
                           {"lr", results[k]["lr"]}, {"init_scale", results[k]["init_scale"]}, {"seconds", seconds[k]}});
    result.timings = {{"runs", timings}};
    if (options.shards > 1) {
        json runs = json::array();
        for (std::size_t k = 0; k < mine.size(); ++k) runs.push_back({{"index", mine[k]}, {"run", results[k]}});
        result.compare = {{"format", partial_format},
                          {"shard", std::to_string(options.shard) + "/" + std::to_string(options.shards)},
                          {"plan_size", all.size()},
                          {"experiment", plan_identity(plan)},
                          {"runs", runs}};
        return result;
    }
    result.compare = summarize_comparison(plan, json(results));
    return result;
}

CompareResult merge_partials(const std::vector<std::filesystem::path>& files) {
    if (files.empty()) throw ConfigError("--merge: name the shards' output directories (or their partial.json files)");
    json identity;
    std::vector<json> runs;
    std::vector<bool> seen;
    std::string first;
    for (const auto& given : files) {
        const auto path = std::filesystem::is_directory(given) ? given / "partial.json" : given;
        const json part = read_json_file(path.string());
        const std::string format = part.value("format", "");
        if (format.rfind("tapegrad compare partial ", 0) == 0 && format != partial_format)
            throw ConfigError(path.string() + ": a partial result in the format \"" + format + "\"; this tapegrad merges \"" +
                              partial_format + "\" (run that shard again with this version)");
        if (format != partial_format)
            throw ConfigError(path.string() + ": not a partial result of `tapegrad compare --shard K/N`");
        if (identity.is_null()) {
            identity = part.at("experiment");
            first = path.string();
            runs.resize(part.at("plan_size").get<std::size_t>());
            seen.resize(runs.size());
        } else if (part.at("experiment") != identity) {
            throw ConfigError(path.string() + ": a shard of another experiment than " + first + " (config, losses, seeds or grid differ)");
        }
        for (const json& r : part.at("runs")) {
            const std::size_t i = r.at("index").get<std::size_t>();
            if (i >= runs.size()) throw ConfigError(path.string() + ": run " + std::to_string(i) + " is outside the plan");
            if (seen[i]) throw ConfigError(path.string() + ": run " + std::to_string(i) + " is in two partial results");
            seen[i] = true;
            runs[i] = r.at("run");
        }
    }
    const auto missing = std::count(seen.begin(), seen.end(), false);
    if (missing > 0)
        throw ConfigError("--merge: " + std::to_string(missing) + " of " + std::to_string(runs.size()) +
                          " runs are in none of the partial results; is a shard missing?");
    CompareOptions options;
    options.losses = identity.at("losses").get<std::vector<std::string>>();
    options.seeds = identity.at("seeds").get<long>();
    options.target = identity.at("target").get<double>();
    const LabPlan plan = make_plan(parse_config(identity.at("config")), options);
    CompareResult result;
    result.compare = summarize_comparison(plan, json(runs));
    result.timings = {{"runs", json::array()}, {"merged_from", files.size()}};
    return result;
}

void write_comparison(const CompareResult& result, const std::filesystem::path& out) {
    ensure_writable_directory(out);
    if (result.compare.value("format", "") == partial_format) {
        write_text_atomically(out / "partial.json", result.compare.dump(1) + "\n");
        write_text_atomically(out / "timings.json", result.timings.dump(1) + "\n");
        return;
    }
    write_text_atomically(out / "compare.json", result.compare.dump(1) + "\n");
    write_text_atomically(out / "timings.json", result.timings.dump(1) + "\n");
    write_text_atomically(out / "compare.csv", comparison_csv(result.compare));
    write_report(result.compare, out);
}

}  // namespace tapegrad
