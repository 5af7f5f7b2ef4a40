// The lab's runner: see compare.hpp.
#include "compare.hpp"

#include "diagnostics.hpp"
#include "report.hpp"

#include "../core/files.hpp"
#include "../train/trainer.hpp"

#include <chrono>
#include <cmath>
#include <map>
#include <sstream>

namespace tapegrad {

namespace {

using json = nlohmann::json;

json stats(const std::vector<double>& v) {
    if (v.empty()) return nullptr;
    double mean = 0, var = 0;
    for (double x : v) mean += x;
    mean /= static_cast<double>(v.size());
    for (double x : v) var += (x - mean) * (x - mean);
    return {{"mean", mean},
            {"std", std::sqrt(var / static_cast<double>(v.size()))},
            {"min", *std::min_element(v.begin(), v.end())},
            {"max", *std::max_element(v.begin(), v.end())}};
}

json optional_number(const std::optional<double>& v) {
    return v && std::isfinite(*v) ? json(*v) : json(nullptr);
}

// The lab's figures for the model as it stands, added to an epoch's record.
void add_diagnostics(const Experiment& x, json& record) {
    const Diagnostics d = diagnose(x);
    record["grad_logits_mean_abs"] = d.grad_logits_mean_abs;
    record["saturated_fraction"] = optional_number(d.saturated_fraction);
    record["cross_entropy"] = optional_number(d.cross_entropy);
    record["entropy"] = optional_number(d.entropy);
    record["kl_divergence"] = optional_number(d.kl_divergence);
}

// One (loss, seed) run with the one training loop; epoch 0 is the untrained model.
json run_one(const RunConfig& config, const std::string& target_metric, double target, json& timing) {
    auto x = make_experiment(config);
    json history = json::array();
    json epochs_to_target = nullptr;
    const auto start = std::chrono::steady_clock::now();
    double seconds_to_target = -1;
    auto keep = [&](json& record) {
        for (auto& [key, value] : record.items())
            if (value.is_number_float() && !std::isfinite(value.get<double>())) value = nullptr;
        const long e = record["epoch"].get<long>();
        if (e > 0 && epochs_to_target.is_null() && record[target_metric].is_number() &&
            record[target_metric].get<double>() >= target) {
            epochs_to_target = e;
            seconds_to_target = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        }
        history.push_back(record);
    };
    json first = {{"epoch", 0}, {"train_loss", x->evaluate(x->train).loss}};
    first.update(x->evaluate(x->test).to_json(config.task, "test_"));
    add_diagnostics(*x, first);
    keep(first);
    TrainHooks hooks;
    hooks.on_epoch = [&](int, json& record) {
        add_diagnostics(*x, record);
        record.erase("steps");
        record.erase("skipped_steps");
        keep(record);
    };
    train_experiment(*x, hooks);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    timing = {{"seconds", seconds},
              {"steps_per_s", static_cast<double>(x->optimizer->steps()) / seconds},
              {"seconds_to_target", seconds_to_target >= 0 ? json(seconds_to_target) : json(nullptr)}};
    return {{"loss", config.loss.at("name")}, {"seed", config.seed}, {"epochs_to_target", epochs_to_target},
            {"history", history}};
}

// Mean, min and max over seeds of each per-epoch figure.
json curves(const json& runs, const std::string& loss, long epochs, const std::vector<std::string>& keys) {
    json out;
    for (const auto& key : keys) {
        json mean = json::array(), lo = json::array(), hi = json::array();
        for (long e = 0; e <= epochs; ++e) {
            std::vector<double> values;
            for (const auto& run : runs)
                if (run["loss"] == loss && e < static_cast<long>(run["history"].size()) && run["history"][e][key].is_number())
                    values.push_back(run["history"][e][key].get<double>());
            const json s = stats(values);
            mean.push_back(s.is_null() ? json(nullptr) : s["mean"]);
            lo.push_back(s.is_null() ? json(nullptr) : s["min"]);
            hi.push_back(s.is_null() ? json(nullptr) : s["max"]);
        }
        out[key] = {{"mean", mean}, {"min", lo}, {"max", hi}};
    }
    return out;
}

json summarize(const json& runs, const std::string& loss, long epochs, Task task) {
    std::vector<double> reached;
    std::map<std::string, std::vector<double>> finals;
    const std::vector<std::string> metrics =
        task == Task::multilabel
            ? std::vector<std::string>{"train_loss", "test_loss", "test_hamming_loss", "test_subset_accuracy",
                                       "test_micro_f1", "test_macro_f1"}
            : std::vector<std::string>{"train_loss", "test_loss", "test_accuracy"};
    for (const auto& run : runs) {
        if (run["loss"] != loss) continue;
        if (!run["epochs_to_target"].is_null()) reached.push_back(run["epochs_to_target"].get<double>());
        for (const auto& m : metrics)
            if (run["history"].back()[m].is_number()) finals[m].push_back(run["history"].back()[m].get<double>());
    }
    json final_stats;
    for (const auto& m : metrics) final_stats[m] = stats(finals[m]);
    std::vector<std::string> curve_keys = metrics;
    curve_keys.insert(curve_keys.end(), {"grad_logits_mean_abs", "saturated_fraction"});
    return {{"runs_reaching_target", reached.size()},
            {"epochs_to_target", stats(reached)},
            {"final", final_stats},
            {"curves", curves(runs, loss, epochs, curve_keys)}};
}

json gradient_probe(const std::vector<std::unique_ptr<Loss>>& losses, Index classes) {
    const std::vector<double> ps = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99};
    json out = {{"probabilities", ps}, {"classes", classes}, {"losses", json::object()}};
    for (const auto& loss : losses) {
        const Index c = loss->link() == Link::sigmoid ? 1 : classes;
        json autodiff = json::array(), closed = json::array();
        bool known = true;
        for (double p : ps) {
            autodiff.push_back(probe_gradient(*loss, p, c));
            const auto formula = probe_gradient_closed_form(*loss, p, c);
            known = known && formula.has_value();
            closed.push_back(formula ? json(*formula) : json(nullptr));
        }
        out["losses"][loss->name()] = {{"autodiff", autodiff}, {"closed_form", known ? closed : json(nullptr)}};
    }
    return out;
}

std::string to_csv(const json& runs, Task task) {
    std::vector<std::string> keys = {"train_loss", "test_loss"};
    if (task == Task::multilabel) keys.insert(keys.end(), {"test_hamming_loss", "test_subset_accuracy", "test_micro_f1", "test_macro_f1"});
    else keys.push_back("test_accuracy");
    keys.insert(keys.end(), {"grad_logits_mean_abs", "saturated_fraction", "cross_entropy", "entropy", "kl_divergence"});
    std::ostringstream csv;
    csv.precision(9);
    csv << "loss,seed,epoch";
    for (const auto& k : keys) csv << "," << k;
    csv << "\n";
    for (const auto& run : runs)
        for (const auto& r : run["history"]) {
            csv << run["loss"].get<std::string>() << "," << run["seed"] << "," << r["epoch"];
            for (const auto& k : keys) {
                csv << ",";
                if (r[k].is_number()) csv << r[k].get<double>();
            }
            csv << "\n";
        }
    return csv.str();
}

}  // namespace

CompareResult run_comparison(const RunConfig& base, const CompareOptions& options,
                             const std::function<void(const std::string&)>& progress) {
    const std::vector<std::string>& names = options.losses;
    if (names.empty()) throw ConfigError("--losses: name at least one loss, e.g. softmax_cross_entropy,mse_softmax");
    // Each loss with its default options, or with the config's options when the config names it.
    std::vector<std::unique_ptr<Loss>> losses;
    std::vector<RunConfig> configs;
    for (const auto& name : names) {
        RunConfig c = base;
        c.loss = base.loss.at("name") == name ? base.loss : json{{"name", name}};
        losses.push_back(loss_from_config(c.loss, "--losses"));
        c.loss = losses.back()->options();
        c.loss["name"] = name;
        configs.push_back(c);
    }
    const std::string target_metric = std::string("test_") + headline_metric(base.task);
    auto probe_experiment = make_experiment(configs.front());  // reads the data, so errors come first
    json runs = json::array(), timings = json::array();
    std::vector<long> seeds;
    for (long s = 0; s < options.seeds; ++s) seeds.push_back(base.seed + s);
    for (std::size_t l = 0; l < configs.size(); ++l) {
        for (long seed : seeds) {
            RunConfig c = configs[l];
            c.seed = seed;
            if (progress) progress(names[l] + ", seed " + std::to_string(seed));
            json timing;
            runs.push_back(run_one(c, target_metric, options.target, timing));
            timing["loss"] = names[l];
            timing["seed"] = seed;
            timings.push_back(timing);
        }
    }
    json links, families, summary;
    for (const auto& loss : losses) {
        links[loss->name()] = to_string(loss->link());
        families[loss->name()] = to_string(loss->family());
        summary[loss->name()] = summarize(runs, loss->name(), base.epochs, base.task);
    }
    CompareResult result;
    result.compare = {{"format", "tapegrad compare 2"},
                      {"config", resolved_config(probe_experiment->config)},
                      {"task", task_name(base.task)},
                      {"losses", names},
                      {"links", links},
                      {"families", families},
                      {"seeds", seeds},
                      {"epochs", base.epochs},
                      {"target_metric", target_metric},
                      {"target", options.target},
                      {"runs", runs},
                      {"summary", summary},
                      {"gradient_probe", gradient_probe(losses, probe_experiment->train.num_classes())}};
    result.timings = {{"runs", timings}};
    return result;
}

void write_comparison(const CompareResult& result, const std::filesystem::path& out) {
    ensure_writable_directory(out);
    write_text_atomically(out / "compare.json", result.compare.dump(1) + "\n");
    write_text_atomically(out / "timings.json", result.timings.dump(1) + "\n");
    write_text_atomically(out / "compare.csv", to_csv(result.compare["runs"], result.compare["task"] == "multilabel" ? Task::multilabel : Task::multiclass));
    write_report(result.compare, out);
}

}  // namespace tapegrad
