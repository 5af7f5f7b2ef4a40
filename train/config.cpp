// Reading a run config: see config.hpp. The reads below are the config reference (docs/cli.md).
#include "config.hpp"

#include "../losses/registry.hpp"
#include "../nn/init.hpp"
#include "optimizer_factory.hpp"

#include "../data/table.hpp"

#include <algorithm>
#include <filesystem>

namespace tapegrad {

const char* task_name(Task task) {
    switch (task) {
        case Task::multiclass: return "multiclass";
        case Task::binary: return "binary";
        case Task::multilabel: return "multilabel";
    }
    return "?";
}

const char* headline_metric(Task task) { return task == Task::multilabel ? "micro_f1" : "accuracy"; }

namespace {

DataConfig parse_data(Options r) {
    DataConfig d;
    const int sources = r.has("train") + r.has("dataset") + r.has("generator");
    if (sources != 1)
        throw ConfigError("data: name exactly one source: \"train\" (a CSV file), \"dataset\" (bundled) or \"generator\"");
    d.test_fraction = r.number("test_fraction", d.test_fraction, Range::between(0, 1));
    if (d.test_fraction == 0 || d.test_fraction == 1) r.reject("test_fraction", "must be between 0 and 1 (exclusive)");
    d.validation_fraction = r.number("validation_fraction", 0.0, Range::between(0, 0.9));
    d.standardize = r.boolean("standardize", d.standardize);
    d.label_smoothing = r.number("label_smoothing", 0.0, Range::between(0, 0.5));
    if (r.has("train")) {
        d.train = r.string("train");
        d.test = r.string("test", "");
        d.labels = r.strings("labels");
        if (d.labels.empty()) throw ConfigError("data.labels: name at least one label column");
        d.ignore = r.strings("ignore");
        d.missing = r.choice("missing", d.missing, {"error", "drop_rows", "mean"});
        d.categorical = r.strings("categorical");
        if (std::find(d.categorical.begin(), d.categorical.end(), "auto") != d.categorical.end() && d.categorical.size() > 1)
            r.reject("categorical", "is either \"auto\" or a list of column names");
        d.delimiter = r.choice("delimiter", d.delimiter, {"auto", ",", ";", "tab", "|"});
        for (const auto& name : d.ignore)
            if (std::find(d.labels.begin(), d.labels.end(), name) != d.labels.end())
                throw ConfigError("data.ignore: \"" + name + "\" is also a label column; a column is a label or ignored, not both");
    } else if (r.has("dataset")) {
        d.dataset = r.string("dataset");
    } else {
        d.generator = r.string("generator");
        d.generator_options = nlohmann::json::object();  // the generator reads its own keys, by this path
        return d;  // the generator's keys are checked by generate_dataset, not here
    }
    r.finish();
    return d;
}

ModelConfig parse_model(Options r) {
    ModelConfig m;
    for (long long h : r.integers("hidden", {}, 1, max_layer_width)) m.hidden.push_back(static_cast<Index>(h));
    m.activation = r.string("activation", m.activation);
    m.init_scale = r.number("init_scale", m.init_scale, Range::between(1e-6, 1e6));
    std::vector<std::string> schemes = {"auto"};
    schemes.insert(schemes.end(), init_names().begin(), init_names().end());
    m.init = r.choice("init", m.init, schemes);
    r.finish();
    return m;
}

std::optional<EarlyStoppingOptions> parse_early_stopping(Options r, Task task) {
    EarlyStoppingOptions o;
    o.metric = r.choice("metric", "val_loss",
                        task == Task::multilabel
                            ? std::vector<std::string>{"val_loss", "val_micro_f1", "val_macro_f1", "val_hamming_loss",
                                                       "val_subset_accuracy"}
                            : std::vector<std::string>{"val_loss", "val_accuracy"});
    o.patience = static_cast<int>(r.integer("patience", o.patience, 1, 1'000'000));
    o.min_delta = r.number("min_delta", o.min_delta, Range::at_least(0));
    r.finish();
    return o;
}

}  // namespace

RunConfig parse_config(const nlohmann::json& document) {
    Options r(document, "");
    RunConfig c;
    const std::string task = r.choice("task", "multiclass", {"multiclass", "binary", "multilabel"});
    c.task = task == "binary" ? Task::binary : task == "multilabel" ? Task::multilabel : Task::multiclass;
    {
        Options data = r.object("data");
        c.data = parse_data(data);
        if (!c.data.generator.empty()) {
            // Everything but the keys every source shares is the generator's to read.
            for (const auto& item : document.at("data").items())
                if (item.key() != "generator" && item.key() != "standardize" && item.key() != "test_fraction" &&
                    item.key() != "validation_fraction" && item.key() != "label_smoothing" && !is_comment_key(item.key()))
                    c.data.generator_options[item.key()] = item.value();
        }
    }
    c.model = r.has("model") ? parse_model(r.object("model")) : ModelConfig{};
    c.epochs = static_cast<long>(r.integer("epochs", c.epochs, 1, 1'000'000));
    c.batch_size = static_cast<long>(r.integer("batch_size", c.batch_size, 1, 10'000'000));
    c.seed = static_cast<long>(r.integer("seed", c.seed, 0, 1LL << 62));
    c.anomaly = r.boolean("anomaly", c.anomaly);
    c.checkpoint_every = static_cast<long>(r.integer("checkpoint_every", c.checkpoint_every, 0, 1'000'000));
    c.checkpoint_seconds = r.number("checkpoint_seconds", c.checkpoint_seconds, Range::between(0, 1e9));
    if (r.has("clip")) {
        Options clip = r.object("clip");
        if (!clip.has("max_norm") && !clip.has("max_value"))
            throw ConfigError("clip: name max_norm (clip the gradient's norm), max_value (clamp each entry) or both");
        if (clip.has("max_norm")) c.clip_max_norm = clip.number("max_norm", Range::between(1e-12, 1e12));
        if (clip.has("max_value")) c.clip_max_value = clip.number("max_value", Range::between(1e-12, 1e12));
        clip.finish();
    }
    if (r.has("early_stopping")) {
        c.early_stopping = parse_early_stopping(r.object("early_stopping"), c.task);
        if (c.data.validation_fraction == 0)
            throw ConfigError("early_stopping: needs a validation split to watch; set data.validation_fraction (e.g. 0.2)");
    }

    // The loss and the optimizer read their own options; building them here checks those now,
    // and what is kept is their resolved form (every default filled in).
    const char* default_loss = c.task == Task::multiclass ? "softmax_cross_entropy" : "sigmoid_binary_cross_entropy";
    const nlohmann::json loss_section = r.has("loss") ? r.raw("loss") : nlohmann::json{{"name", default_loss}};
    const auto loss = loss_from_config(loss_section, "loss");
    c.loss = loss->options();
    c.loss["name"] = loss->name();
    if (r.has("lab")) {
        c.lab = r.raw("lab");
        if (!c.lab.is_object()) throw ConfigError("lab: expected an object, got " + Options::describe(c.lab));
    }
    const nlohmann::json optimizer_section = r.has("optimizer") ? r.raw("optimizer") : nlohmann::json::object();
    c.optimizer = read_optimizer(optimizer_section, 0).resolved;  // 0: the run's length is not known yet
    r.finish();
    c.source = document;
    return c;
}

void resolve_data_paths(nlohmann::json& document, const std::string& base) {
    if (!document.is_object() || !document.contains("data") || !document["data"].is_object()) return;
    for (const char* key : {"train", "test"}) {
        nlohmann::json& v = document["data"][key];
        if (v.is_null()) {
            document["data"].erase(key);
            continue;
        }
        if (!v.is_string() || v.get<std::string>().empty()) continue;  // parse_config says what is wrong
        const std::filesystem::path p(v.get<std::string>());
        const std::filesystem::path from = base.empty() ? std::filesystem::current_path() : std::filesystem::absolute(base);
        if (p.is_relative()) v = (from / p).lexically_normal().string();
    }
}

RunConfig config_from_document(nlohmann::json document, const std::vector<std::string>& overrides, const std::string& source) {
    for (const auto& assignment : overrides) apply_override(document, assignment);
    resolve_data_paths(document, ".");  // paths given by --set are relative to where the command runs
    try {
        RunConfig config = parse_config(document);
        config.origin = source;
        return config;
    } catch (const ConfigError& e) {
        throw ConfigError(source + ": " + e.what());
    }
}

RunConfig load_config(const std::string& path, const std::vector<std::string>& overrides) {
    nlohmann::json document = read_json_file(path);
    resolve_data_paths(document, std::filesystem::path(path).parent_path().string());
    return config_from_document(std::move(document), overrides, path);
}

nlohmann::json resolved_config(const RunConfig& c) {
    nlohmann::json data = nlohmann::json::object();
    for (const auto& item : c.source.at("data").items())
        if (!is_comment_key(item.key())) data[item.key()] = item.value();
    data["test_fraction"] = c.data.test_fraction;
    data["validation_fraction"] = c.data.validation_fraction;
    data["standardize"] = c.data.standardize;
    if (c.data.label_smoothing > 0) data["label_smoothing"] = c.data.label_smoothing;
    if (!c.data.train.empty()) {
        data["labels"] = c.data.labels;
        data["ignore"] = c.data.ignore;
        data["missing"] = c.data.missing;
        data["categorical"] = c.data.categorical;
        data["delimiter"] = c.data.delimiter;
    }
    nlohmann::json model = {{"hidden", c.model.hidden}, {"activation", c.model.activation}, {"init_scale", c.model.init_scale}};
    if (c.model.init != "auto") model["init"] = c.model.init;
    nlohmann::json out = {{"task", task_name(c.task)},
                          {"data", data},
                          {"model", model},
                          {"loss", c.loss},
                          {"optimizer", c.optimizer},
                          {"epochs", c.epochs},
                          {"batch_size", c.batch_size},
                          {"seed", c.seed},
                          {"anomaly", c.anomaly},
                          {"checkpoint_every", c.checkpoint_every},
                          {"checkpoint_seconds", c.checkpoint_seconds}};
    if (c.clip_max_norm > 0) out["clip"]["max_norm"] = c.clip_max_norm;
    if (c.clip_max_value > 0) out["clip"]["max_value"] = c.clip_max_value;
    if (!c.lab.empty()) out["lab"] = c.lab;
    if (c.early_stopping)
        out["early_stopping"] = {{"metric", c.early_stopping->metric},
                                 {"patience", c.early_stopping->patience},
                                 {"min_delta", c.early_stopping->min_delta}};
    return out;
}

}  // namespace tapegrad
