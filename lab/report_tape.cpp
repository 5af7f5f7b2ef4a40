// The report's tape drawings: the graph whose gradients the report discusses. The model is rebuilt
// from compare.json's config (same data, initial weights and seed), one step is recorded under
// each loss (train/record_step.hpp) and drawn by tape_to_svg; each caption counts what the tape
// holds, so the words match the drawing.
#include "report.hpp"

#include "../core/tape_svg.hpp"
#include "../train/record_step.hpp"

#include <cctype>

namespace tapegrad {

namespace {

constexpr Index tape_rows = 4;  // small enough to hover over every number

// "a, b and c".
std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : i + 1 == items.size() ? " and " : ", ") + items[i];
    return out;
}

// HTML5 needs no namespace on an inline <svg>; without it the page names no URL at all.
std::string inline_svg(std::string svg) {
    const std::string ns = " xmlns=\"http://www.w3.org/2000/svg\"";
    if (const auto at = svg.find(ns); at != std::string::npos) svg.erase(at, ns.size());
    return svg;
}

std::string file_name(const std::string& loss) {
    std::string out = "tape_";
    for (char ch : loss) out += std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' ? ch : '_';
    return out + ".svg";
}

TapeDrawing draw(const RunConfig& base, const std::string& loss) {
    TapeDrawing d;
    d.loss = loss;
    d.file = file_name(loss);
    RunConfig config = base;
    if (config.loss.value("name", "") != loss) config.loss = {{"name", loss}};  // the other losses with their defaults, as the lab runs them
    auto x = make_experiment(config);
    Tape<float> tape;
    Tensor<float> batch;
    const RecordedStep step = record_step(*x, tape, batch, tape_rows);
    d.document = tape_to_svg(tape, step.names);
    d.svg = inline_svg(d.document);

    // What the drawing holds, counted on the tape.
    int params = 0;
    std::vector<std::string> after_logits;  // the ops between the logits and the loss, the loss's included
    for (std::size_t i = 0; i < tape.size(); ++i) {
        const Node<float>& n = tape.node(static_cast<int>(i));
        params += std::string_view(n.op) == "param";
        if (static_cast<int>(i) > step.logits.id() && !n.inputs.empty()) after_logits.push_back(n.op);
    }
    const std::string rows = std::to_string(step.rows);
    d.caption = "One training step under " + loss + " on the first " + rows + " training examples: " + std::to_string(tape.size()) +
                " nodes, recorded left to right in the order the forward pass made them; " + std::to_string(params) +
                " parameters (blue), the weight and bias of " +
                (x->model->layers.size() == 1 ? std::string("its one layer")
                                              : "each of its " + std::to_string(x->model->layers.size()) + " layers") +
                ". From the logits to the loss, " + loss + " records " + std::to_string(after_logits.size()) +
                (after_logits.size() == 1 ? " op (" : " ops (") + joined(after_logits) + ")";
    bool through_link = false;
    for (const auto& op : after_logits) through_link = through_link || op == "softmax" || op == "sigmoid";
    if (through_link)
        d.caption += ": the gradient reaches the logits through the link's own node, whose slope p (1 - p) is the saturation "
                     "factor above.";
    else if (after_logits.size() == 1)
        d.caption += ": the link and the loss in one node, whose backward gives the gradient at the logits in one rule.";
    else
        d.caption += ".";
    return d;
}

}  // namespace

std::vector<TapeDrawing> report_tapes(const nlohmann::json& compare) {
    std::vector<TapeDrawing> out;
    const auto it = compare.find("config");
    const auto losses = compare.find("losses");
    if (it == compare.end() || !it->is_object() || losses == compare.end() || !losses->is_array()) return out;
    for (const auto& name : *losses) {
        if (!name.is_string()) continue;
        try {
            out.push_back(draw(parse_config(*it), name.get<std::string>()));
        } catch (const std::exception& e) {  // e.g. the config's data file is not here: say so in the report
            TapeDrawing missing;
            missing.loss = name.get<std::string>();
            missing.caption = "The tape of " + missing.loss + " is not drawn: " + e.what();
            out.push_back(std::move(missing));
        }
    }
    return out;
}

}  // namespace tapegrad
