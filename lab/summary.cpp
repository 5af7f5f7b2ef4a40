// Summarising the lab's runs into compare.json: see summary.hpp.
#include "summary.hpp"

#include "diagnostics.hpp"
#include "verdict.hpp"

#include "../train/experiment.hpp"

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

std::vector<std::string> figures(const std::string& metric) {
    return {"train_loss", "test_loss", metric, "test_log_loss", "test_brier"};
}

std::vector<std::string> curve_keys(const std::string& metric, long layers) {
    std::vector<std::string> keys = {metric, "train_loss", "test_loss", "test_log_loss", "test_brier", "grad_logits_mean_abs",
                                     "saturated_fraction", "sigma_prime_wrong", "cross_entropy", "entropy", "kl_divergence"};
    for (long l = 1; l <= layers; ++l) keys.push_back(grad_norm_key(l));
    return keys;
}

// How a run did on the validation split: the mean of the headline metric over epochs 1..E, an
// epoch that diverged counting as 0. A learning rate that gets there sooner scores higher.
double validation_score(const json& run, const std::string& val_metric, long epochs) {
    double total = 0;
    for (const json& r : run["history"])
        if (r["epoch"].get<long>() > 0 && r[val_metric].is_number()) total += r[val_metric].get<double>();
    return total / static_cast<double>(epochs);
}

// |dL/dz| summed over a 4-row probe batch under loss a, over the same under loss b: the factor by
// which a's reduction scales the gradient relative to b's (measured, not read from a table).
double gradient_scale(const Loss& a, const Loss& b, Index classes) {
    auto total = [&](const Loss& loss) {
        Tape<double> tape;
        Tensor<double> z(4, classes);
        for (Index i = 0; i < z.size(); ++i) z.data()[i] = std::sin(1.7 * static_cast<double>(i) + 0.3);
        Var<double> logits = tape.variable(z);
        Target<double> t;
        if (loss.link() == Link::sigmoid || classes == 1) {
            t.dense = Tensor<double>::Zero(4, classes);
            for (Index i = 0; i < 4; ++i) t.dense(i, i % classes) = 1;
        } else {
            t.classes = {0, 1 % classes, 2 % classes, 3 % classes};
        }
        tape.backward(loss(logits, t));
        return logits.grad().cwiseAbs().sum();
    };
    return total(a) / total(b);
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

}  // namespace

json summarize_runs(const std::vector<const json*>& runs, long epochs, const std::string& metric, long layers) {
    std::vector<double> reached, censored;
    std::map<std::string, std::vector<double>> finals, start;
    for (const json* run : runs) {
        const json& e = (*run)["epochs_to_target"];
        if (e.is_number()) reached.push_back(e.get<double>());
        censored.push_back(e.is_number() ? e.get<double>() : static_cast<double>(epochs + 1));
        const json& last = (*run)["history"].back();
        const bool complete = !(*run)["diverged"].get<bool>();
        for (const auto& key : figures(metric))
            if (complete && last[key].is_number()) finals[key].push_back(last[key].get<double>());
        for (const char* key : {"saturated_fraction", "sigma_prime_wrong"})
            if ((*run)["history"][0][key].is_number()) start[key].push_back((*run)["history"][0][key].get<double>());
    }
    json final_stats, at_start, curves;
    for (const auto& key : figures(metric)) final_stats[key] = stats(finals[key]);
    for (const char* key : {"saturated_fraction", "sigma_prime_wrong"}) at_start[key] = stats(start[key]);
    for (const auto& key : curve_keys(metric, layers)) {
        json mean = json::array(), lo = json::array(), hi = json::array();
        for (long e = 0; e <= epochs; ++e) {
            std::vector<double> values;
            for (const json* run : runs) {
                const json& h = (*run)["history"];
                if (e < static_cast<long>(h.size()) && h[e][key].is_number()) values.push_back(h[e][key].get<double>());
            }
            const json s = stats(values);
            mean.push_back(s.is_null() ? json(nullptr) : s["mean"]);
            lo.push_back(s.is_null() ? json(nullptr) : s["min"]);
            hi.push_back(s.is_null() ? json(nullptr) : s["max"]);
        }
        curves[key] = {{"mean", mean}, {"min", lo}, {"max", hi}};
    }
    return {{"runs", runs.size()},
            {"reached", reached.size()},
            {"diverged", std::count_if(runs.begin(), runs.end(), [](const json* r) { return (*r)["diverged"].get<bool>(); })},
            {"epochs_to_target", stats(reached)},
            {"epochs_to_target_censored", stats(censored).is_null() ? json(nullptr) : stats(censored)["mean"]},
            {"final", final_stats},
            {"at_start", at_start},
            {"curves", curves}};
}

std::string experiment_title(const RunConfig& c, Index features, Index classes) {
    std::ostringstream t;
    const bool sigmoid = c.task != Task::multiclass;
    if (c.model.hidden.empty()) {
        t << (sigmoid ? "logistic regression" : "softmax regression");
    } else {
        t << "MLP " << features;
        for (Index h : c.model.hidden) t << "-" << h;
        t << "-" << classes << " (" << c.model.activation << ")";
    }
    const std::string data = !c.data.dataset.empty() ? c.data.dataset : !c.data.generator.empty() ? c.data.generator : c.data.train;
    t << " on " << data << " (" << features << " features, " << classes << (c.task == Task::multilabel ? " labels" : " classes") << ")";
    t << ", " << c.optimizer.value("name", "sgd") << " lr " << c.optimizer.value("lr", 0.0) << ", initial scale " << c.model.init_scale;
    if (c.data.label_smoothing > 0) t << ", soft targets (label smoothing " << c.data.label_smoothing << ")";
    return t.str();
}

json summarize_comparison(const LabPlan& plan, const json& runs) {
    const RunConfig& base = plan.base;
    const auto& losses = plan.options.losses;
    const long epochs = base.epochs;
    const long layers = static_cast<long>(base.model.hidden.size()) + 1;  // Linear layers
    const std::string headline = headline_metric(base.task);
    const std::string metric = "test_" + headline, val_metric = "val_" + headline;
    auto group = [&](const std::string& arm, const std::string& loss, double lr, double init) {
        std::vector<const json*> out;
        for (const json& r : runs)
            if (r["arm"] == arm && r["loss"] == loss && (lr <= 0 || r["lr"] == lr) && (init <= 0 || r["init_scale"] == init))
                out.push_back(&r);
        return out;
    };

    // Each loss as configured and as scale-matched, and the gradient scale its reduction brings.
    auto probe = make_experiment(base);  // the data's shape, for the title and the probes
    const Index classes = probe->train.num_classes();
    json arms = json::object(), reductions = json::object(), links, families;
    std::vector<std::unique_ptr<Loss>> configured_losses;
    for (const auto& name : losses) {
        const json configured = base.loss.at("name") == name ? base.loss : json{{"name", name}};
        auto as_configured = loss_from_config(configured, "--losses");
        json matched = as_configured->options();
        matched["name"] = name;
        if (matched.contains("reduction")) matched["reduction"] = "batch_mean";
        const auto as_matched = loss_from_config(matched, "--losses");
        const Index outputs = output_size(base.task, as_configured->link(), classes);
        reductions[name] = {{"configured", as_configured->options().value("reduction", "")},
                            {"matched", as_matched->options().value("reduction", "")},
                            {"factor", gradient_scale(*as_configured, *as_matched, outputs)},
                            {"outputs", outputs}};
        links[name] = to_string(as_configured->link());
        families[name] = to_string(as_configured->family());
        configured_losses.push_back(std::move(as_configured));
    }
    for (const char* arm : {"configured", "scale_matched"}) {
        if (std::find(plan.arms.begin(), plan.arms.end(), arm) == plan.arms.end()) continue;
        for (const auto& name : losses) arms[arm][name] = summarize_runs(group(arm, name, 0, 0), epochs, metric, layers);
    }

    // The grid: per loss and initial scale, the learning rate with the best validation score.
    const bool tuned = std::find(plan.arms.begin(), plan.arms.end(), "tuned") != plan.arms.end();
    const bool start = std::find(plan.arms.begin(), plan.arms.end(), "start") != plan.arms.end();
    json start_arm = json::array();
    if (tuned || start) {
        for (double init : plan.init_scales) {
            if (!start && init != base.model.init_scale) continue;
            json at_scale = {{"init_scale", init}, {"losses", json::object()}};
            for (const auto& name : losses) {
                json selection = json::array();
                double best_score = -1, best_lr = plan.lr_grid.front();
                for (double lr : plan.lr_grid) {
                    const auto rs = group("grid", name, lr, init);
                    double score = 0;
                    for (const json* r : rs) score += validation_score(*r, val_metric, epochs);
                    score /= static_cast<double>(std::max<std::size_t>(1, rs.size()));
                    selection.push_back({{"lr", lr}, {"validation_score", score}});
                    if (score > best_score) best_score = score, best_lr = lr;
                }
                json summary = summarize_runs(group("grid", name, best_lr, init), epochs, metric, layers);
                summary["lr"] = best_lr;
                summary["selection"] = selection;
                at_scale["losses"][name] = summary;
            }
            if (init == base.model.init_scale && tuned) arms["tuned"] = at_scale["losses"];
            if (start) start_arm.push_back(at_scale);
        }
        if (start) arms["start"] = start_arm;
    }

    std::vector<long> seeds;
    for (long k = 0; k < plan.options.seeds; ++k) seeds.push_back(base.seed + k);
    json compare = {{"format", "tapegrad compare 4"},
                    {"experiment", experiment_title(base, probe->train.num_features(), classes)},
                    {"config", resolved_config(base)},
                    {"task", task_name(base.task)},
                    {"losses", losses},
                    {"links", links},
                    {"families", families},
                    {"classes", classes},
                    {"layers", layers},
                    {"seeds", seeds},
                    {"epochs", epochs},
                    {"target_metric", metric},
                    {"target", plan.options.target},
                    {"lr_grid", plan.lr_grid},
                    {"init_scales", plan.init_scales},
                    {"validation_fraction", plan.validation_fraction},
                    {"reductions", reductions},
                    {"arms", arms},
                    {"gradient_probe", gradient_probe(configured_losses, classes)},
                    {"runs", runs}};
    compare["verdict"] = compute_verdict(compare);
    return compare;
}

std::string comparison_csv(const json& compare) {
    const std::string metric = compare.value("target_metric", "test_accuracy");
    std::vector<std::string> keys = curve_keys(metric, compare.value("layers", 0L));
    keys.insert(keys.begin() + 1, "val_loss");
    std::ostringstream csv;
    csv.precision(9);
    csv << "arm,loss,seed,lr,init_scale,epoch";
    for (const auto& k : keys) csv << "," << k;
    csv << "\n";
    for (const auto& run : compare["runs"])
        for (const auto& r : run["history"]) {
            csv << run["arm"].get<std::string>() << "," << run["loss"].get<std::string>() << "," << run["seed"] << ","
                << run["lr"].get<double>() << "," << run["init_scale"].get<double>() << "," << r["epoch"];
            for (const auto& k : keys) {
                csv << ",";
                if (r.contains(k) && r[k].is_number()) csv << r[k].get<double>();
            }
            csv << "\n";
        }
    return csv.str();
}

}  // namespace tapegrad
