// Training an Experiment: see trainer.hpp.
#include "trainer.hpp"

#include <chrono>
#include <cmath>

namespace tapegrad {

std::string monitor_prefix(const Experiment& x) { return x.validation.rows() > 0 ? "val_" : "test_"; }

std::string watched_metric(const Experiment& x) {
    return x.config.early_stopping ? x.config.early_stopping->metric : std::string("val_loss");
}

namespace {

nlohmann::json finite_or_null(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

}  // namespace

nlohmann::json TrainTimings::to_json() const {
    return {{"training_s", training_s}, {"evaluation_s", evaluation_s}, {"hooks_s", hooks_s}};
}

TrainResult train_experiment(Experiment& x, const TrainHooks& hooks, const TrainProgress& from) {
    const RunConfig& c = x.config;
    const bool validating = x.validation.rows() > 0;
    const Dataset& monitored = validating ? x.validation : x.test;
    const std::string prefix = monitor_prefix(x);
    std::optional<EarlyStopping> watch;
    if (validating) {
        EarlyStoppingOptions o = c.early_stopping.value_or(EarlyStoppingOptions{});
        if (!c.early_stopping) o.patience = 1 << 30;  // watch for the best epoch, never stop
        watch.emplace(o);
    }

    TrainResult result;
    result.records = from.records;
    // Replaying the records of a resumed run puts early stopping exactly where it was.
    for (const nlohmann::json& r : result.records)
        if (watch && r.contains(watch->options().metric) && r[watch->options().metric].is_number())
            watch->observe(r["epoch"].get<int>(), r[watch->options().metric].get<double>());
    if (watch) result.best_epoch = watch->best_epoch();
    // And the plateau schedule where it was: its state is a function of the metrics it saw, so it
    // starts afresh and sees the past epochs again.
    if (x.plateau) {
        x.plateau.emplace(x.plateau->options());
        x.optimizer->set_lr_scale(1);
    }
    if (x.plateau)
        for (const nlohmann::json& r : result.records)
            if (r.contains(x.plateau_metric) && r[x.plateau_metric].is_number())
                x.plateau->observe(r[x.plateau_metric].get<double>(), *x.optimizer);
    if (watch && c.early_stopping && watch->should_stop()) {
        result.stopped_early = true;
        return result;
    }

    FitOptions options = FitOptions()
                             .epochs(static_cast<int>(c.epochs))
                             .batch_size(c.batch_size)
                             .clip_grad_norm(c.clip_max_norm)
                             .clip_grad_value(c.clip_max_value)
                             .first_epoch(from.epoch);
    FitHooks fit_hooks;
    int current_epoch = from.epoch + 1;
    if (hooks.on_step) fit_hooks.on_step = [&](Index b, Index n, const StepResult&) { hooks.on_step(current_epoch, b, n); };
    double in_epoch_hook_s = 0;  // fit()'s time outside the steps, subtracted from its total below
    fit_hooks.on_epoch = [&](const EpochStats& s) {
        const Clock::time_point hook_start = Clock::now();
        struct AddTime {  // on both ways out of the hook: go on, or stop early
            Clock::time_point from;
            double& into;
            ~AddTime() { into += seconds_since(from); }
        } add_time{hook_start, in_epoch_hook_s};
        if (!std::isfinite(s.loss))
            throw ValueError("the training loss became " + std::string(std::isnan(s.loss) ? "NaN" : "inf") +
                             " in epoch " + std::to_string(s.epoch) +
                             "; lower the learning rate, set \"clip\": {\"max_norm\": 1.0}, or run with --anomaly "
                             "to find the op");
        nlohmann::json record = {{"epoch", s.epoch},
                                 {"train_loss", s.loss},
                                 {"steps", s.steps},
                                 {"skipped_steps", s.skipped_steps}};
        if (!std::isnan(s.max_grad_norm)) {
            record["grad_norm_max"] = finite_or_null(s.max_grad_norm);
            record["grad_norm_clipped_max"] = finite_or_null(s.max_clipped_norm);
        }
        const Clock::time_point evaluation_start = Clock::now();
        record.update(x.evaluate(monitored).to_json(c.task, prefix));
        result.timings.evaluation_s += seconds_since(evaluation_start);
        if (x.plateau) {
            const nlohmann::json& v = record[x.plateau_metric];
            x.plateau->observe(v.is_number() ? v.get<double>() : std::nan(""), *x.optimizer);
            record["lr"] = x.optimizer->lr();  // the next epoch's, after any drop
        }
        if (hooks.on_epoch) hooks.on_epoch(s.epoch, record);
        bool best = false;
        if (watch) {
            const nlohmann::json& v = record[watch->options().metric];
            best = watch->observe(s.epoch, v.is_number() ? v.get<double>() : std::nan(""));
            result.best_epoch = watch->best_epoch();
        }
        result.records.push_back(record);
        // best.ckpt before the record and last.ckpt: a run killed between the two then resumes from
        // the epoch before and writes the same best.ckpt again, never leaving it an epoch behind.
        if (best && hooks.on_best) hooks.on_best(s.epoch);
        if (hooks.on_record) hooks.on_record(record);
        ++current_epoch;
        if (watch && c.early_stopping && watch->should_stop()) {
            result.stopped_early = true;
            return false;
        }
        return true;
    };
    const Target<float> train_target = x.target(x.train);
    const Clock::time_point fit_start = Clock::now();
    fit(*x.model, *x.optimizer, x.train.features, train_target,
        [&](Var<float> z, const Target<float>& y) { return (*x.loss)(z, y); }, options, x.shuffle_rng, fit_hooks);
    result.timings.training_s = seconds_since(fit_start) - in_epoch_hook_s;
    result.timings.hooks_s = in_epoch_hook_s - result.timings.evaluation_s;
    return result;
}

}  // namespace tapegrad
