// The verdict from the arms: see verdict.hpp. Every sentence below is chosen by a number computed
// from compare.json's arms; none is written in advance.
#include "verdict.hpp"

#include "report.hpp"
#include "report_json.hpp"

#include <cmath>

namespace tapegrad {

using namespace report_json;
using json = nlohmann::json;

bool keeps_pace(double reference_epochs, double other_epochs, bool other_always_reached) {
    return other_always_reached && other_epochs - reference_epochs <= std::max(1.0, 0.2 * reference_epochs);
}

namespace {

// One arm's figures for one loss.
struct ArmPace {
    double epochs = NAN;  // mean epochs to the target, a run that never got there counting as E + 1
    int runs = 0, reached = 0;
    double lr = NAN, saturated = NAN, sigma_prime = NAN;
    bool all_reached() const { return runs > 0 && reached == runs; }
};

ArmPace pace_of(const json& summary) {
    ArmPace p;
    p.epochs = number(lookup(summary, {"epochs_to_target_censored"}));
    p.runs = static_cast<int>(number(lookup(summary, {"runs"})));
    p.reached = static_cast<int>(number(lookup(summary, {"reached"})));
    p.lr = number(lookup(summary, {"lr"}));
    p.saturated = number(summary, {"at_start", "saturated_fraction", "mean"});
    p.sigma_prime = number(summary, {"at_start", "sigma_prime_wrong", "mean"});
    return p;
}

// "1 epoch", "3.4 epochs".
std::string epoch_count(double n) { return plain_number(n) + (n == 1 ? " epoch" : " epochs"); }

// What a loss needs to reach the target: "mse needs 3 epochs", "mse never gets there within 30
// epochs", or "mse needs 3.4 epochs on average (2 of 5 runs never get there; they count as 31)".
std::string needs(const std::string& name, const ArmPace& p, long total) {
    if (p.reached == 0) return name + " never gets there within " + epoch_count(static_cast<double>(total));
    if (p.all_reached()) return name + " needs " + epoch_count(p.epochs);
    return name + " needs " + epoch_count(p.epochs) + " on average (" + std::to_string(p.runs - p.reached) + " of " +
           std::to_string(p.runs) + " runs never get there; they count as " + std::to_string(total + 1) + ")";
}

// What an arm did to the gap: "narrows the gap by 4 epochs", "widens it by 2 epochs", "leaves it".
std::string change_text(double closed) {
    if (std::abs(closed) < 0.05) return "leaves the gap as it was";
    return closed > 0 ? "narrows the gap by " + epoch_count(closed) : "widens it by " + epoch_count(-closed);
}

// "a gap of 4 epochs", or "at least 28" when a loss never got there (the gap is then censored).
std::string gap_text(double gap, const ArmPace& a, const ArmPace& b) {
    return std::string("a gap of ") + (a.all_reached() && b.all_reached() ? "" : "at least ") + epoch_count(gap);
}

std::string factor_text(const json& reduction) {
    const double f = number(reduction, {"factor"});
    const double outputs = number(reduction, {"outputs"});
    if (std::abs(f - 1) < 1e-6) return "1";
    if (outputs > 1 && std::abs(f * outputs - 1) < 1e-6)
        return "1/" + plain_number(outputs) + ", from the mean over " + plain_number(outputs) + " outputs";
    return plain_number(f);
}

}  // namespace

json compute_verdict(const json& c) {
    const auto losses = strings(lookup(c, {"losses"}));
    const long epochs = static_cast<long>(number(c, {"epochs"}));
    const std::string target = plain_number(number(c, {"target"}) * 100) + "% " + metric_label(text(lookup(c, {"target_metric"})));
    json verdict = {{"reference", losses.empty() ? "" : losses[0]}, {"pairs", json::array()}};
    if (losses.size() < 2) {
        verdict["headline"] = "Only one loss was run, so there is nothing to compare.";
        return verdict;
    }
    const std::string ref = losses[0];
    const bool sigmoid = text(lookup(c, {"links", ref})) == "sigmoid";
    const std::string units = sigmoid ? "outputs" : "training examples";
    const json& arms = lookup(c, {"arms"});
    for (std::size_t i = 1; i < losses.size(); ++i) {
        const std::string other = losses[i];
        json pair = {{"loss", other}};
        json gaps;
        for (const char* arm : {"configured", "scale_matched", "tuned"}) {
            if (!arms.contains(arm)) continue;
            const ArmPace a = pace_of(lookup(arms, {arm, ref})), b = pace_of(lookup(arms, {arm, other}));
            gaps[arm] = {{"reference", a.epochs}, {"other", b.epochs}, {"gap", b.epochs - a.epochs},
                         {"keeps_pace", keeps_pace(a.epochs, b.epochs, b.all_reached())}};
        }
        pair["epochs_to_target"] = gaps;
        const bool full = gaps.contains("configured") && gaps.contains("scale_matched") && gaps.contains("tuned");
        std::string headline;
        if (full) {
            const double g0 = gaps["configured"]["gap"], g1 = gaps["scale_matched"]["gap"], g2 = gaps["tuned"]["gap"];
            pair["closed_by_scale"] = g0 - g1;
            pair["closed_by_lr"] = g1 - g2;
            pair["remaining"] = g2;
            const ArmPace a0 = pace_of(arms["configured"][ref]), b0 = pace_of(arms["configured"][other]);
            const ArmPace at = pace_of(arms["tuned"][ref]), bt = pace_of(arms["tuned"][other]);
            const bool tuned_pace = gaps["tuned"]["keeps_pace"].get<bool>();
            const bool saturated = std::isfinite(bt.saturated) && bt.saturated >= saturation_threshold;
            pair["tuned_keeps_pace"] = tuned_pace;
            pair["saturation_explains"] = !tuned_pace && saturated;
            pair["saturated_at_start"] = bt.saturated;
            pair["sigma_prime_at_start"] = bt.sigma_prime;
            const ArmPace am = pace_of(arms["scale_matched"][ref]), bm = pace_of(arms["scale_matched"][other]);
            pair["censored"] = a0.reached == 0 && b0.reached == 0 && am.reached == 0 && bm.reached == 0;
            if (pair["censored"].get<bool>()) {
                // Both censored in both arms: their gaps are no measurement, so none is quoted.
                headline = "As configured and scale-matched, neither loss reaches " + target + " within " +
                           epoch_count(static_cast<double>(epochs)) + "; only with its own learning rate (" + plain_number(bt.lr) +
                           " for " + other + ", " + plain_number(at.lr) + " for " + ref + ", chosen on the validation split) "
                           "does each get there.";
            } else if (gaps["configured"]["keeps_pace"].get<bool>()) {
                headline = "As configured, " + other + " keeps pace with " + ref + " on the way to " + target + ": " +
                           needs(other, b0, epochs) + ", " + needs(ref, a0, epochs) + ".";
            } else {
                headline = "As configured, to reach " + target + " " + needs(ref, a0, epochs) + " and " + needs(other, b0, epochs) +
                           ": " + gap_text(g0, a0, b0) + ". Matching the gradient scale (" + other +
                           "'s reduction contributes a factor of " + factor_text(lookup(c, {"reductions", other})) +
                           ") " + change_text(g0 - g1) + "; giving each loss its own learning rate "
                           "(chosen on the validation split: " + plain_number(bt.lr) + " for " + other + ", " + plain_number(at.lr) +
                           " for " + ref + ") then " + change_text(g1 - g2) + ".";
            }
            if (tuned_pace) {
                headline += " Tuned, " + other + " keeps pace with " + ref + " (" + needs(other, bt, epochs) + ", " +
                            needs(ref, at, epochs) + ")";
                // The causes named are those whose arm closed at least half an epoch of the gap.
                const bool scale = g0 - g1 >= 0.5, rate = g1 - g2 >= 0.5;
                const std::string causes = scale && rate ? "the loss's scale and the shared learning rate"
                                           : scale       ? "the loss's scale"
                                                         : "the shared learning rate";
                headline += gaps["configured"]["keeps_pace"].get<bool>()
                                ? "."
                                : ", so the slower convergence as configured came from " + causes + ", not from saturation (at the "
                                  "start, " + percent(bt.saturated) + " of the " + units + " were saturated).";
            } else {
                headline += " With each loss tuned, " + epoch_count(g2) + " of the gap remain (" + needs(other, bt, epochs) + ", " +
                            needs(ref, at, epochs) + ")";
                headline += saturated ? "; saturation explains the remainder: at epoch 0 the mean sigma' at the wrong outputs was " +
                                            plain_number(bt.sigma_prime) + " and " + percent(bt.saturated) + " of the " + units +
                                            " were saturated."
                                      : "; saturation does not explain it (at the start only " + percent(bt.saturated) + " of the " +
                                            units + " were saturated).";
            }
        }
        // Over initial scales: where the reference's advantage first appears, tuned.
        json start = json::array();
        json appears = nullptr;
        for (const json& s : lookup(arms, {"start"})) {
            const ArmPace a = pace_of(lookup(s, {"losses", ref})), b = pace_of(lookup(s, {"losses", other}));
            const bool same = keeps_pace(a.epochs, b.epochs, b.all_reached());
            start.push_back({{"init_scale", s["init_scale"]}, {"reference", a.epochs}, {"other", b.epochs}, {"gap", b.epochs - a.epochs},
                             {"keeps_pace", same}, {"other_reached", b.reached}, {"runs", b.runs},
                             {"saturated_at_start", b.saturated}, {"sigma_prime_at_start", b.sigma_prime},
                             {"reference_lr", a.lr}, {"other_lr", b.lr}});
            if (!same && appears.is_null()) {
                appears = s["init_scale"];
                headline += (headline.empty() ? "" : " ") + ref + "'s advantage appears at a bad start: at initial scale " +
                            plain_number(number(s["init_scale"])) + ", with both tuned, " + needs(other, b, epochs) + " and " +
                            needs(ref, a, epochs) + "; at epoch 0 the mean sigma' at the wrong "
                            "outputs was " + plain_number(b.sigma_prime) + " and " + percent(b.saturated) + " of the " + units +
                            " were saturated.";
            }
        }
        if (!start.empty() && appears.is_null())
            headline += (headline.empty() ? "" : " ") + std::string("Even at initial scale ") +
                        plain_number(number(start.back()["init_scale"])) + ", tuned " + other + " keeps pace with " + ref + ".";
        pair["start"] = start;
        pair["advantage_appears_at"] = appears;
        pair["headline"] = headline;
        verdict["pairs"].push_back(pair);
    }
    const json& first = verdict["pairs"][0];
    verdict["headline"] = first["headline"];
    json takeaway = json::array();
    if (first.contains("closed_by_scale") && first["censored"].get<bool>()) {
        takeaway.push_back("Scale and learning rate: neither loss reached the target as configured or scale-matched; each did at its "
                           "own learning rate.");
        takeaway.push_back(std::string("Saturation: ") + (first["saturation_explains"].get<bool>() ? "it explains" : "it does not explain") +
                           " the " + epoch_count(first["remaining"].get<double>()) + " that remain with both tuned.");
    } else if (first.contains("closed_by_scale")) {
        takeaway.push_back("Scale: " + first["loss"].get<std::string>() + "'s reduction scales its gradient by " +
                           factor_text(lookup(c, {"reductions", first["loss"].get<std::string>()})) + "; matching it " +
                           change_text(first["closed_by_scale"].get<double>()) + ".");
        takeaway.push_back("Learning rate: each loss at its own rate then " + change_text(first["closed_by_lr"].get<double>()) + ".");
        takeaway.push_back(first["tuned_keeps_pace"].get<bool>()
                               ? "Saturation: tuned, the losses keep pace here; saturation is not what slowed " + first["loss"].get<std::string>() + " down."
                               : std::string("Saturation: ") + (first["saturation_explains"].get<bool>() ? "it explains" : "it does not explain") +
                                     " the " + epoch_count(first["remaining"].get<double>()) + " that remain.");
    }
    if (!first["advantage_appears_at"].is_null())
        takeaway.push_back("Bad start: from initial scale " + plain_number(number(first["advantage_appears_at"])) + ", " + ref +
                           " learns faster even with both losses tuned.");
    verdict["takeaway"] = takeaway;
    verdict["try_next"] = json::array({"--set model.init_scale=8   (start saturated)",
                                       "--set optimizer.name=adam --set optimizer.lr=0.01   (an adaptive optimizer)",
                                       "--set data.label_smoothing=0.2   (soft targets: H(p) > 0)",
                                       "--set model.hidden=[64]   (a hidden layer)"});
    return verdict;
}

}  // namespace tapegrad
