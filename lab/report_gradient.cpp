// The report's gradient sentences, from compare.json's gradient_probe and curves: how hard each
// loss pushes on a wrong prediction, whether autodiff matches the closed form, and the mean
// |dL/dz| at the start and the end of training.
#include "report.hpp"
#include "report_json.hpp"

#include <cmath>
#include <cstdio>

namespace tapegrad {

using namespace report_json;

namespace {

struct Named {
    std::string loss;
    double value;
};

std::string list(const std::vector<Named>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i)
        out += (i == 0 ? "" : i + 1 == items.size() ? " and " : ", ") + plain_number(items[i].value) + " for " + items[i].loss;
    return out;
}

std::string scientific(double v) {
    if (v == 0) return "0";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1e", v);
    return buf;
}

// The probe's entry nearest to p = 0.01 (on a log scale), or npos.
std::size_t index_near_one_percent(const std::vector<double>& ps) {
    std::size_t best = std::string::npos;
    double distance = INFINITY;
    for (std::size_t i = 0; i < ps.size(); ++i)
        if (std::isfinite(ps[i]) && ps[i] > 0 && std::abs(std::log(ps[i] / 0.01)) < distance) {
            distance = std::abs(std::log(ps[i] / 0.01));
            best = i;
        }
    return best;
}

std::string probe_sentence(const nlohmann::json& probe, const std::vector<std::string>& losses) {
    const auto ps = numbers(lookup(probe, {"probabilities"}));
    const std::size_t at = index_near_one_percent(ps);
    if (at == std::string::npos) return {};
    std::vector<Named> grads;
    for (const auto& loss : losses) {
        const auto autodiff = numbers(lookup(probe, {"losses", loss, "autodiff"}));
        if (at < autodiff.size() && std::isfinite(autodiff[at])) grads.push_back({loss, std::abs(autodiff[at])});
    }
    if (grads.empty()) return {};
    const double classes = number(probe, {"classes"});
    std::string text = "Take one example predicted wrong, its true class given probability p = " + plain_number(ps[at]);
    if (std::isfinite(classes) && classes > 1)
        text += " (the other " + plain_number(classes - 1) + " classes share the rest)";
    else
        text += " by one sigmoid output";
    text += ". Autodiff measured |dL/dz| at that class's logit of " + list(grads) + ".";
    Named largest = grads[0];
    for (const auto& g : grads)
        if (g.value > largest.value) largest = g;
    for (const auto& g : grads) {
        if (g.loss == largest.loss) continue;
        if (g.value == 0) text += " " + g.loss + "'s gradient there is exactly zero.";
        else text += " " + g.loss + "'s is " + plain_number(largest.value / g.value) + " times smaller than " + largest.loss + "'s.";
    }
    return text;
}

std::string closed_form_sentence(const nlohmann::json& probe, const std::vector<std::string>& losses) {
    std::vector<std::string> agree, differ;
    for (const auto& loss : losses) {
        const auto autodiff = numbers(lookup(probe, {"losses", loss, "autodiff"}));
        const auto closed = numbers(lookup(probe, {"losses", loss, "closed_form"}));
        double worst = -1;
        for (std::size_t i = 0; i < std::min(autodiff.size(), closed.size()); ++i)
            if (std::isfinite(autodiff[i]) && std::isfinite(closed[i]))
                worst = std::max(worst, std::abs(autodiff[i] - closed[i]) / std::max(std::abs(closed[i]), 1e-30));
        if (worst < 0) continue;
        (worst <= 1e-3 ? agree : differ).push_back(scientific(worst) + " for " + loss);
    }
    std::string text;
    auto join = [](const std::vector<std::string>& parts) {
        std::string out;
        for (std::size_t i = 0; i < parts.size(); ++i) out += (i == 0 ? "" : i + 1 == parts.size() ? " and " : ", ") + parts[i];
        return out;
    };
    if (!agree.empty())
        text = "Autodiff agrees with the closed form across the probe (largest relative difference " + join(agree) + ").";
    if (!differ.empty())
        text += std::string(text.empty() ? "" : " ") + "Autodiff and the closed form disagree (largest relative difference " +
                join(differ) + "): one of the two is wrong.";
    return text;
}

std::string epoch_sentence(const nlohmann::json& compare, const std::vector<std::string>& losses) {
    std::vector<Named> first, last;
    for (const auto& loss : losses) {
        const auto curve = numbers(lookup(compare, {"arms", "configured", loss, "curves", "grad_logits_mean_abs", "mean"}));
        if (curve.empty() || !std::isfinite(curve.front()) || !std::isfinite(curve.back())) continue;
        first.push_back({loss, curve.front()});
        last.push_back({loss, curve.back()});
    }
    if (first.empty()) return {};
    std::string text = "Over the training set, the mean |dL/dz| at the logits was " + list(first) + " at the start (epoch 0, as configured); after the last epoch, ";
    for (std::size_t i = 0; i < last.size(); ++i)
        text += (i == 0 ? "" : i + 1 == last.size() ? " and " : ", ") + plain_number(last[i].value);
    return text + ".";
}

}  // namespace

std::vector<std::string> gradient_findings(const nlohmann::json& compare) {
    const auto losses = strings(lookup(compare, {"losses"}));
    const auto& probe = lookup(compare, {"gradient_probe"});
    std::vector<std::string> out;
    for (std::string s : {probe_sentence(probe, losses), closed_form_sentence(probe, losses), epoch_sentence(compare, losses)})
        if (!s.empty()) out.push_back(s);
    return out;
}

}  // namespace tapegrad
