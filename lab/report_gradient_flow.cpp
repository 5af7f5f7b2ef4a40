// Gradient flow in the report: each layer's gradient norm over epochs, for each loss, at the most
// saturated start the lab ran (the start arm's largest initial scale), and the sentences that say
// where the gradient vanishes. Every verdict below is chosen by a ratio computed from compare.json.
#include "report.hpp"
#include "report_json.hpp"

#include "diagnostics.hpp"

#include <cmath>

namespace tapegrad {

using namespace report_json;

namespace {

// The runs the gradient-flow figures come from: the start arm at its largest initial scale (the
// most saturated start), else the tuned arm, else the configured one; with a name for the text.
struct FlowSource {
    const nlohmann::json* summaries = nullptr;  // {"<loss>": SUMMARY}
    std::string arm;                            // "start", "tuned" or "configured"
    double init_scale = NAN, smallest_scale = NAN;
    const nlohmann::json* smallest = nullptr;   // the start arm at its smallest scale, for contrast
};

FlowSource flow_source(const nlohmann::json& compare) {
    FlowSource src;
    const auto& start = lookup(compare, {"arms", "start"});
    if (start.is_array())
        for (const auto& at : start) {
            const double scale = number(at["init_scale"]);
            if (!std::isfinite(scale) || !lookup(at, {"losses"}).is_object()) continue;
            if (!src.summaries || scale > src.init_scale) src.summaries = &at["losses"], src.init_scale = scale;
            if (!src.smallest || scale < src.smallest_scale) src.smallest = &at["losses"], src.smallest_scale = scale;
        }
    if (src.summaries) {
        src.arm = "start";
        if (src.smallest == src.summaries) src.smallest = nullptr;
        return src;
    }
    src.init_scale = number(compare, {"config", "model", "init_scale"});
    for (const char* arm : {"tuned", "configured"})
        if (lookup(compare, {"arms", arm}).is_object()) {
            src.summaries = &lookup(compare, {"arms", arm});
            src.arm = arm;
            return src;
        }
    return src;
}

long layer_count(const nlohmann::json& compare) {
    const double layers = number(compare, {"layers"});
    return std::isfinite(layers) && layers > 0 ? static_cast<long>(layers) : 0;
}

// The mean over seeds of one curve at one epoch (NaN if it was not recorded).
double at_epoch(const nlohmann::json& summaries, const std::string& loss, const std::string& key, std::size_t epoch) {
    const auto curve = numbers(lookup(summaries, {loss, "curves", key, "mean"}));
    return epoch < curve.size() ? curve[epoch] : NAN;
}

// reference / other, as "42 times smaller" or "3 times larger" (other against the reference).
std::string times(double ratio) {
    if (!std::isfinite(ratio) || ratio <= 0) return "not comparable";
    if (ratio >= 1) return plain_number(ratio) + " times smaller";
    return plain_number(1 / ratio) + " times larger";
}

std::string where(const FlowSource& src) {
    if (src.arm == "start") return "At initial scale " + plain_number(src.init_scale) + " (the start arm's largest, each loss tuned)";
    return "At initial scale " + plain_number(src.init_scale) + " (" + (src.arm == "tuned" ? "tuned" : "as configured") + ")";
}

}  // namespace

std::vector<std::string> gradient_flow_findings(const nlohmann::json& compare) {
    const auto losses = strings(lookup(compare, {"losses"}));
    const long layers = layer_count(compare);
    const FlowSource src = flow_source(compare);
    std::vector<std::string> out;
    if (losses.size() < 2 || layers == 0 || !src.summaries) return out;
    const std::string& ref = losses[0];
    const std::string first = grad_norm_key(1);
    const double epochs = number(compare, {"epochs"});
    const std::size_t last = std::isfinite(epochs) && epochs > 0 ? static_cast<std::size_t>(epochs) : 0;
    for (std::size_t k = 1; k < losses.size(); ++k) {
        const std::string& other = losses[k];
        auto ratio = [&](const nlohmann::json& s, const std::string& key, std::size_t e) {
            return at_epoch(s, ref, key, e) / at_epoch(s, other, key, e);
        };
        const double ref0 = at_epoch(*src.summaries, ref, first, 0), other0 = at_epoch(*src.summaries, other, first, 0);
        const double r_first = ref0 / other0;
        if (!std::isfinite(r_first) || r_first <= 0) continue;
        std::string text = where(src) + ", before the first step (the same initial weights under every loss), " + other +
                           "'s gradient norm at layer 1 (" + (layers == 1 ? "the model's only layer" : "the input layer") + ") is " +
                           plain_number(other0) + " against " + plain_number(ref0) + " for " + ref + ": " + times(r_first);
        for (long l = 2; l <= layers; ++l) text += "; at layer " + std::to_string(l) + ", " + times(ratio(*src.summaries, grad_norm_key(l), 0));
        const double r_logits = ratio(*src.summaries, "grad_logits_mean_abs", 0);
        text += "; at the logits (mean |dL/dz|), " + times(r_logits) + ".";
        out.push_back(text);

        // The verdict: an order of magnitude counts as vanished. Where: walking back from the loss
        // as backward does (the logits, then the output layer down to layer 1), the first place
        // where the ratio reaches it.
        std::string verdict;
        if (r_first >= vanishing_ratio) {
            verdict = "So under " + other + " the gradient has vanished at this start (at least " + plain_number(vanishing_ratio) +
                      " times smaller at layer 1)";
            long first_vanished = 1;  // the highest layer at or above the ratio: the first backward reaches
            for (long l = layers; l >= 1; --l)
                if (ratio(*src.summaries, grad_norm_key(l), 0) >= vanishing_ratio) {
                    first_vanished = l;
                    break;
                }
            if (r_logits >= vanishing_ratio)
                verdict += ", and it is already " + times(r_logits) + " at the logits, the first node backward reaches from the loss: "
                           "it vanishes at the loss itself" + (layers > 1 ? ", and every layer below inherits it." : ", and the layer inherits it.");
            else if (first_vanished < layers)
                verdict += "; at the logits it is only " + times(r_logits) + ", and it first passes " + plain_number(vanishing_ratio) +
                           " times at layer " + std::to_string(first_vanished) + ": it shrinks on the way down through the layers.";
            else
                verdict += "; at the logits it is only " + times(r_logits) + ", and it passes " + plain_number(vanishing_ratio) +
                           " times in the " + (layers > 1 ? "output layer's" : "layer's") +
                           " own gradient, its inputs times dL/dz summed over the examples.";
        } else {
            verdict = "So at this start " + other + "'s gradient at layer 1 stays within a factor of " + plain_number(vanishing_ratio) +
                      " of " + ref + "'s: by this report's rule (" + plain_number(vanishing_ratio) + " times smaller) it has not vanished.";
        }
        if (src.smallest) {
            const double r_small = at_epoch(*src.smallest, ref, first, 0) / at_epoch(*src.smallest, other, first, 0);
            if (std::isfinite(r_small)) verdict += " At initial scale " + plain_number(src.smallest_scale) + " it is " + times(r_small) + ".";
        }
        const double r1 = ratio(*src.summaries, first, 1), r_last = ratio(*src.summaries, first, last);
        if (last >= 1 && std::isfinite(r1) && std::isfinite(r_last))
            verdict += " After epoch 1 layer 1's is " + times(r1) + "; after epoch " + std::to_string(last) + ", " + times(r_last) + ".";
        out.push_back(verdict);
    }
    return out;
}

std::vector<ReportChart> gradient_flow_charts(const nlohmann::json& compare) {
    const auto losses = strings(lookup(compare, {"losses"}));
    const long layers = layer_count(compare);
    const FlowSource src = flow_source(compare);
    std::vector<ReportChart> charts;
    if (losses.empty() || layers == 0 || !src.summaries) return charts;

    // Over epochs: a line per loss and layer, the loss's colour, the layer's stroke.
    LineChart flow;
    flow.title = "Gradient norm per layer by epoch, initial scale " + plain_number(src.init_scale);
    flow.x_label = "epoch";
    flow.y_label = "||dL/dtheta|| of the layer (log scale)";
    flow.log_y = true;
    for (std::size_t i = 0; i < losses.size(); ++i)
        for (long l = 1; l <= layers; ++l) {
            ChartSeries s;
            s.name = losses[i] + ", layer " + std::to_string(l);
            s.color = static_cast<int>(i);
            s.y = numbers(lookup(*src.summaries, {losses[i], "curves", grad_norm_key(l), "mean"}));
            for (std::size_t e = 0; e < s.y.size(); ++e) s.x.push_back(static_cast<double>(e));
            s.dashed = l == layers && layers > 1;  // the output layer dashed, the input layer solid
            s.points = l > 1 && l < layers;        // layers in between marked
            if (!s.y.empty()) flow.series.push_back(std::move(s));
        }
    if (!flow.series.empty())
        charts.push_back({"gradient_flow.svg",
                          where(src) + ": the norm of the gradient of the training loss with respect to " +
                              (layers == 1 ? std::string("the model's one layer (its weights and bias), mean over seeds.")
                                           : std::string("each layer's weights and bias, mean over seeds; layer 1 is the input "
                                                         "layer (solid), the output layer is dashed.")) +
                              " A loss whose line sits far below the other's gets a correspondingly smaller step.",
                          std::move(flow)});

    // Before training, by initial scale: the input layer's gradient norm under each loss.
    const auto& start = lookup(compare, {"arms", "start"});
    if (start.is_array() && start.size() > 1) {
        LineChart by_scale;
        by_scale.title = "Input-layer gradient norm before training, by initial weight scale";
        by_scale.x_label = "initial weight scale (log scale)";
        by_scale.y_label = "||dL/dtheta|| of layer 1 at epoch 0 (log scale)";
        by_scale.log_x = by_scale.log_y = true;
        for (std::size_t i = 0; i < losses.size(); ++i) {
            ChartSeries s;
            s.name = losses[i];
            s.color = static_cast<int>(i);
            s.points = true;
            for (const auto& at : start) {
                s.x.push_back(number(at["init_scale"]));
                s.y.push_back(at_epoch(lookup(at, {"losses"}), losses[i], grad_norm_key(1), 0));
            }
            by_scale.series.push_back(std::move(s));
        }
        charts.push_back({"gradient_flow_start.svg",
                          "Epoch 0, the same initial weights under every loss: the input layer's gradient norm as the initial "
                          "weights grow. Where one loss's line falls away from the other's, its gradient vanishes.",
                          std::move(by_scale)});
    }
    return charts;
}

}  // namespace tapegrad
