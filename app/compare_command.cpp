// `tapegrad compare --config run.json --losses a,b --seeds K --out DIR`: the cross-entropy vs MSE
// lab. Trains the same experiment under each loss and seed (same data, split, initial weights,
// optimizer and schedule: the loss is the only difference), records what every epoch did, and
// writes compare.json (a function of the inputs only), timings.json, compare.csv, and the report.
#include "commands.hpp"
#include "lab.hpp"
#include "model_file.hpp"
#include "report.hpp"

#include <chrono>
#include <cmath>
#include <iostream>
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

// One (loss, seed) run, epoch by epoch.
json run_one(const RunConfig& config, const std::string& target_metric, double target, json& timing) {
    auto x = make_experiment(config);
    json history = json::array();
    json epochs_to_target = nullptr;
    const auto start = std::chrono::steady_clock::now();
    double seconds_to_target = -1;
    for (long e = 1; e <= config.epochs; ++e) {
        const double train_loss = x->train_epoch();
        const Scores scores = x->evaluate(x->test);
        const Diagnostics d = diagnose(*x);
        json record = {{"epoch", e}, {"train_loss", std::isfinite(train_loss) ? json(train_loss) : json(nullptr)}};
        record.update(scores.to_json(config.task, "test_"));
        record["grad_logits_mean_abs"] = d.grad_logits_mean_abs;
        record["saturated_fraction"] = optional_number(d.saturated_fraction);
        record["cross_entropy"] = optional_number(d.cross_entropy);
        record["entropy"] = optional_number(d.entropy);
        record["kl_divergence"] = optional_number(d.kl_divergence);
        if (epochs_to_target.is_null() && record[target_metric].get<double>() >= target) {
            epochs_to_target = e;
            seconds_to_target = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        }
        history.push_back(record);
    }
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
        for (long e = 0; e < epochs; ++e) {
            std::vector<double> values;
            for (const auto& run : runs)
                if (run["loss"] == loss && run["history"][e][key].is_number())
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

std::vector<std::string> split_names(const std::string& list) {
    std::vector<std::string> names;
    std::stringstream in(list);
    for (std::string name; std::getline(in, name, ',');)
        if (!name.empty()) names.push_back(name);
    return names;
}

}  // namespace

int run_compare(const CompareArgs& args) {
    const RunConfig base = load_config(args.config, args.overrides);
    const std::vector<std::string> names = split_names(args.losses);
    if (names.empty()) throw ConfigError("--losses: name at least one loss, e.g. softmax_cross_entropy,mse_softmax");
    // Each loss with its default options, or with the config's options when the config names it.
    std::vector<std::unique_ptr<Loss>> losses;
    std::vector<RunConfig> configs;
    for (const auto& name : names) {
        RunConfig c = base;
        c.loss = base.loss.at("name") == name ? base.loss : json{{"name", name}};
        losses.push_back(loss_from_config(c.loss, "--losses"));
        configs.push_back(c);
    }
    const std::string target_metric = base.task == Task::multilabel ? "test_micro_f1" : "test_accuracy";
    const std::filesystem::path out = args.out;

    // Data first (it also checks the config), then the output directory, then the runs.
    auto probe_experiment = make_experiment(configs.front());
    ensure_writable_directory(out);
    json runs = json::array(), timings = json::array();
    std::vector<long> seeds;
    for (long s = 0; s < args.seeds; ++s) seeds.push_back(base.seed + s);
    for (std::size_t l = 0; l < configs.size(); ++l) {
        for (long seed : seeds) {
            RunConfig c = configs[l];
            c.seed = seed;
            std::cerr << "compare: " << names[l] << ", seed " << seed << "\n";
            json timing;
            runs.push_back(run_one(c, target_metric, args.target, timing));
            timing["loss"] = names[l];
            timing["seed"] = seed;
            timings.push_back(timing);
        }
    }
    json links, summary;
    for (const auto& loss : losses) {
        links[loss->name()] = to_string(loss->link());
        summary[loss->name()] = summarize(runs, loss->name(), base.epochs, base.task);
    }
    const json compare = {{"format", "tapegrad compare 1"},
                          {"config", resolved_config(*probe_experiment)},
                          {"task", task_name(base.task)},
                          {"losses", names},
                          {"links", links},
                          {"seeds", seeds},
                          {"epochs", base.epochs},
                          {"target_metric", target_metric},
                          {"target", args.target},
                          {"runs", runs},
                          {"summary", summary},
                          {"gradient_probe", gradient_probe(losses, probe_experiment->train.num_classes())}};
    write_text_atomically(out / "compare.json", compare.dump(1) + "\n");
    write_text_atomically(out / "timings.json", json{{"runs", timings}}.dump(1) + "\n");
    write_text_atomically(out / "compare.csv", to_csv(runs, base.task));
    write_report(compare, out);
    std::cout << (out / "report.html").string() << "\n";
    std::cerr << "wrote compare.json, compare.csv, timings.json, charts/ and report.html in " << out.string() << "\n";
    return 0;
}

}  // namespace tapegrad
