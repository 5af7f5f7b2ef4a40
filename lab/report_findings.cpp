// The report's sentences, picked from compare.json's numbers: what each loss reached, how the
// losses compare (with a tie called a tie), saturation and gradient sizes as measured.
#include "report.hpp"
#include "report_json.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace tapegrad {

using namespace report_json;

namespace {

std::string one_decimal(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

bool is_accuracy(const std::string& metric) { return metric.find("accuracy") != std::string::npos; }

std::string metric_value(const std::string& metric, double v) {
    return is_accuracy(metric) ? score_percent(v) : plain_number(v);
}

std::string target_phrase(const std::string& metric, double target) {
    if (is_accuracy(metric)) return percent(target) + " " + metric_label(metric);
    return "a " + metric_label(metric) + " of " + plain_number(target);
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i)
        out += (i == 0 ? "" : i + 1 == items.size() ? " and " : ", ") + items[i];
    return out;
}

// Which textbook family a loss belongs to, judged by its registry name; others get no verdict.
enum class Family { other, cross_entropy, squared_error };
Family family(const std::string& name) {
    if (name.find("mse") != std::string::npos || name.find("squared") != std::string::npos) return Family::squared_error;
    if (name.find("cross_entropy") != std::string::npos || name == "nll" || name.find("bce") != std::string::npos)
        return Family::cross_entropy;
    return Family::other;
}

struct Setting {
    std::string metric, task;
    double target = LossOutcome::none;
    long epochs = 0;
};

std::string describe(const LossOutcome& o, const Setting& s) {
    const std::string goal = target_phrase(s.metric, s.target), seeds = std::to_string(o.seeds);
    std::string text;
    if (o.reached > 0 && std::isfinite(o.epochs_mean)) {
        text = o.loss + " reached " + goal + " in " + one_decimal(o.epochs_mean) + " epochs on average (" +
               std::to_string(o.reached) + " of " + seeds + " seeds";
        if (o.reached < o.seeds)
            text += "; the other " + std::to_string(o.seeds - o.reached) + " had not reached it after " + std::to_string(s.epochs) + " epochs";
        else if (o.epochs_min < o.epochs_max)
            text += ", between " + plain_number(o.epochs_min) + " and " + plain_number(o.epochs_max) + " epochs";
        text += ").";
    } else {
        text = o.loss + " did not reach " + goal + " within " + std::to_string(s.epochs) + " epochs in any of its " + seeds + " seeds.";
    }
    if (std::isfinite(o.final_mean)) {
        text += " Its final " + metric_label(s.metric) + " was " + metric_value(s.metric, o.final_mean);
        if (std::isfinite(o.final_min) && o.final_min < o.final_max)
            text += " on average (" + metric_value(s.metric, o.final_min) + " to " + metric_value(s.metric, o.final_max) + " over seeds).";
        else
            text += " on average.";
    }
    return text;
}

std::string pace_sentence(const LossOutcome& a, const LossOutcome& b, long epochs) {
    const std::string ma = one_decimal(a.epochs_mean), mb = one_decimal(b.epochs_mean);
    switch (compare_pace(a, b)) {
        case Pace::about_equal:
            return b.loss + " kept pace with " + a.loss + ": " + mb + " epochs to the target against " + ma + ", within 10%.";
        case Pace::a_faster:
            return a.loss + " got there " + plain_number(b.epochs_mean / a.epochs_mean) + " times as fast as " + b.loss + " (" + ma +
                   " epochs against " + mb + ").";
        case Pace::b_faster:
            return b.loss + " got there faster than " + a.loss + ": " + mb + " epochs against " + ma + ".";
        case Pace::only_a_reached: return a.loss + " reached the target and " + b.loss + " never did.";
        case Pace::only_b_reached: return b.loss + " reached the target and " + a.loss + " never did.";
        case Pace::neither_reached:
            return "Neither " + a.loss + " nor " + b.loss + " reached the target in " + std::to_string(epochs) + " epochs.";
    }
    return {};
}

std::string level_sentence(const LossOutcome& a, const LossOutcome& b, const std::string& metric) {
    if (!std::isfinite(a.final_mean) || !std::isfinite(b.final_mean)) return {};
    const std::string va = metric_value(metric, a.final_mean), vb = metric_value(metric, b.final_mean);
    switch (compare_level(a, b)) {
        case Level::equal: return " Both ended at the same final " + metric_label(metric) + " (" + va + " and " + vb + ").";
        case Level::a_higher: return " " + a.loss + " ended higher: " + va + " against " + vb + ".";
        case Level::b_higher: return " " + b.loss + " ended higher: " + vb + " against " + va + ".";
    }
    return {};
}

// The textbook says cross-entropy (ce) beats squared error (se) on classification. Say whether
// this run agrees, and never claim more than the numbers show.
std::string verdict(const LossOutcome& ce, const LossOutcome& se, const std::string& metric) {
    const Pace pace = compare_pace(ce, se);
    const bool level_known = std::isfinite(ce.final_mean) && std::isfinite(se.final_mean);
    const Level level = level_known ? compare_level(ce, se) : Level::equal;
    const bool se_kept_pace = pace == Pace::about_equal || pace == Pace::b_faster || pace == Pace::only_b_reached;
    const bool ce_ahead_in_pace = pace == Pace::a_faster || pace == Pace::only_a_reached;
    const std::string label = metric_label(metric);
    std::string saturation;
    if (std::isfinite(se.saturated_peak))
        saturation = se.saturated_peak < 0.01
                         ? " That advantage shows when outputs saturate on the wrong side, and at most " + percent(se.saturated_peak) +
                               " of " + se.loss + "'s outputs ever did here."
                         : " This held even though up to " + percent(se.saturated_peak) + " of " + se.loss +
                               "'s outputs were saturated (epoch " + std::to_string(se.saturated_peak_epoch) + ").";

    if ((se_kept_pace && level != Level::a_higher) || (pace == Pace::neither_reached && level != Level::a_higher && level_known)) {
        const bool se_better = pace == Pace::b_faster || pace == Pace::only_b_reached || (level_known && level == Level::b_higher);
        return "On this problem " + se.loss + " (squared error) did " + (se_better ? "better than " : "as well as ") + ce.loss +
               " (cross-entropy), so this run does not show the textbook advantage of cross-entropy." + saturation;
    }
    if (se_kept_pace)
        return se.loss + " kept up on the way to the target, but " + ce.loss + " ended with the higher " + label + ".";
    if (ce_ahead_in_pace && level_known && level != Level::a_higher)
        return ce.loss + " got to the target sooner, but " + se.loss + " caught up by the end (" + label +
               " as high or higher): on this problem the difference is one of speed, not of what the model could learn.";
    std::string text = ce.loss + " was ahead, as the theory below predicts.";
    const double ratio = ce.grad_first / se.grad_first;
    if (std::isfinite(ratio) && ratio >= 2)
        text += " In the first epoch " + se.loss + "'s mean |dL/dz| was " + plain_number(ratio) + " times smaller than " + ce.loss +
                "'s: squared error's gradient carries the factor sigma' (at most 1/4) at every output, not only at saturated ones.";
    if (std::isfinite(se.saturated_peak)) {
        if (se.saturated_peak >= 0.01)
            text += " Up to " + percent(se.saturated_peak) + " of " + se.loss + "'s outputs were saturated (epoch " +
                    std::to_string(se.saturated_peak_epoch) + "), and on those its gradient nearly vanishes.";
        else
            text += " Few of its outputs were saturated (at most " + percent(se.saturated_peak) + "), so saturation explains little "
                    "of the gap here.";
    }
    return text;
}

// Every history record holds cross_entropy, entropy and kl_divergence: check the identity
// H(y, p) = H(y) + KL(y || p) on all of them and report the largest gap.
std::vector<std::string> information_sentences(const nlohmann::json& compare) {
    double worst = -1, largest_entropy = 0;
    long records = 0;
    const auto& runs = lookup(compare, {"runs"});
    if (runs.is_array())
        for (const auto& run : runs)
            for (const auto& r : lookup(run, {"history"})) {
                const double h = number(r, {"entropy"}), kl = number(r, {"kl_divergence"}), ce = number(r, {"cross_entropy"});
                if (!std::isfinite(h) || !std::isfinite(kl) || !std::isfinite(ce)) continue;
                worst = std::max(worst, std::abs(ce - (h + kl)));
                largest_entropy = std::max(largest_entropy, h);
                ++records;
            }
    if (records == 0) return {};
    char gap[32];
    std::snprintf(gap, sizeof gap, "%.1e", worst);
    const std::string within = worst == 0 ? " exactly, to the digits stored" : " to within " + std::string(gap) + " nats";
    std::vector<std::string> out{"Every epoch of every run recorded the mean cross-entropy between the labels and the model's "
                                 "probabilities, the labels' entropy and the KL divergence: over " + std::to_string(records) +
                                 " records, entropy + KL matched the cross-entropy" + within + "."};
    if (largest_entropy == 0)
        out.push_back("The labels' entropy was 0 throughout (each label is certain), so here the cross-entropy is all KL "
                      "divergence: all of it is the model's distance from the labels, and all of it can be trained away.");
    else
        out.push_back("The labels' entropy reached " + plain_number(largest_entropy) + " nats: that part of the cross-entropy no "
                      "model can remove; only the KL divergence can be trained away.");
    return out;
}

}  // namespace

LossOutcome read_outcome(const nlohmann::json& compare, const std::string& loss) {
    LossOutcome o;
    o.loss = loss;
    const auto& runs = lookup(compare, {"runs"});
    if (runs.is_array())
        for (const auto& r : runs)
            if (text(lookup(r, {"loss"})) == loss) {
                ++o.seeds;
                if (std::isfinite(number(r, {"epochs_to_target"}))) ++o.reached;
            }
    if (o.seeds == 0) o.seeds = static_cast<int>(lookup(compare, {"seeds"}).size());
    const auto& s = lookup(compare, {"summary", loss});
    const double reached = number(s, {"runs_reaching_target"});
    if (std::isfinite(reached)) o.reached = static_cast<int>(reached);
    o.epochs_mean = number(s, {"epochs_to_target", "mean"});
    o.epochs_min = number(s, {"epochs_to_target", "min"});
    o.epochs_max = number(s, {"epochs_to_target", "max"});
    const std::string metric = text(lookup(compare, {"target_metric"}), "test_accuracy");
    o.final_mean = number(s, {"final", metric, "mean"});
    o.final_min = number(s, {"final", metric, "min"});
    o.final_max = number(s, {"final", metric, "max"});
    if (!std::isfinite(o.final_mean)) {
        const auto curve = numbers(lookup(s, {"curves", metric, "mean"}));
        if (!curve.empty()) o.final_mean = curve.back();
    }
    const auto saturated = numbers(lookup(s, {"curves", "saturated_fraction", "mean"}));
    for (std::size_t i = 0; i < saturated.size(); ++i)
        if (std::isfinite(saturated[i]) && !(saturated[i] <= o.saturated_peak)) {
            o.saturated_peak = saturated[i];
            o.saturated_peak_epoch = static_cast<int>(i) + 1;
        }
    if (!saturated.empty()) o.saturated_last = saturated.back();
    const auto grad = numbers(lookup(s, {"curves", "grad_logits_mean_abs", "mean"}));
    if (!grad.empty()) o.grad_first = grad.front();
    return o;
}

Pace compare_pace(const LossOutcome& a, const LossOutcome& b) {
    const bool a_got = a.reached > 0 && std::isfinite(a.epochs_mean), b_got = b.reached > 0 && std::isfinite(b.epochs_mean);
    if (!a_got && !b_got) return Pace::neither_reached;
    if (!b_got) return Pace::only_a_reached;
    if (!a_got) return Pace::only_b_reached;
    if (std::abs(a.epochs_mean - b.epochs_mean) <= 0.1 * std::max(a.epochs_mean, b.epochs_mean)) return Pace::about_equal;
    return a.epochs_mean < b.epochs_mean ? Pace::a_faster : Pace::b_faster;
}

Level compare_level(const LossOutcome& a, const LossOutcome& b) {
    if (std::abs(a.final_mean - b.final_mean) <= 0.005) return Level::equal;
    return a.final_mean > b.final_mean ? Level::a_higher : Level::b_higher;
}

ReportFindings report_findings(const nlohmann::json& compare) {
    ReportFindings f;
    const auto losses = strings(lookup(compare, {"losses"}));
    const Setting s{text(lookup(compare, {"target_metric"}), "test_accuracy"), text(lookup(compare, {"task"}), "classification"),
                    number(compare, {"target"}), static_cast<long>(number(compare, {"epochs"}))};
    if (losses.empty()) return f;
    std::vector<LossOutcome> outcomes;
    for (const auto& loss : losses) outcomes.push_back(read_outcome(compare, loss));

    f.outcome.push_back("Each loss (" + join(losses) + ") trained the same " + s.task + " model with the same data, initial weights and "
                        "optimizer, once per seed (" + std::to_string(outcomes[0].seeds) + " seeds), for " + std::to_string(s.epochs) +
                        " epochs. The target was " + target_phrase(s.metric, s.target) + ".");
    for (const auto& o : outcomes) f.outcome.push_back(describe(o, s));
    for (std::size_t i = 1; i < outcomes.size(); ++i) {
        const auto &a = outcomes[0], &b = outcomes[i];
        std::string text = pace_sentence(a, b, s.epochs) + level_sentence(a, b, s.metric);
        if (a.reached > 0 && b.reached > 0 && a.reached != b.reached)
            text += " Only the seeds that reached the target count in those means: " + std::to_string(a.reached) + " for " + a.loss +
                    ", " + std::to_string(b.reached) + " for " + b.loss + ".";
        f.outcome.push_back(text);
    }
    const auto ce = std::find_if(outcomes.begin(), outcomes.end(), [](auto& o) { return family(o.loss) == Family::cross_entropy; });
    const auto se = std::find_if(outcomes.begin(), outcomes.end(), [](auto& o) { return family(o.loss) == Family::squared_error; });
    if (ce != outcomes.end() && se != outcomes.end()) f.outcome.push_back(verdict(*ce, *se, s.metric));

    // Sigmoid outputs saturate one by one: a multi-label task, or losses that all use a sigmoid link.
    bool sigmoid = true;
    for (const auto& loss : losses) sigmoid = sigmoid && text(lookup(compare, {"links", loss})) == "sigmoid";
    sigmoid = sigmoid || s.task == "multilabel";
    f.saturation.push_back(sigmoid
                               ? "An output counts as saturated when it is confidently wrong: a sigmoid output within 0.001 of the wrong end."
                               : "An output counts as saturated when it is confidently wrong: the true class gets a probability below 0.001.");
    for (const auto& o : outcomes) {
        if (!std::isfinite(o.saturated_peak)) continue;
        if (o.saturated_peak == 0) f.saturation.push_back(o.loss + " never had a saturated output (mean over seeds).");
        else
            f.saturation.push_back(o.loss + ": at most " + percent(o.saturated_peak) + " of outputs saturated (epoch " +
                                   std::to_string(o.saturated_peak_epoch) + "), " + percent(o.saturated_last) + " after the last epoch.");
    }
    f.information = information_sentences(compare);
    f.gradient = gradient_findings(compare);
    return f;
}

}  // namespace tapegrad
