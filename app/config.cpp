// Reading a run config: see config.hpp. The table of keys here is the config reference.
#include "config.hpp"

#include <fstream>
#include <sstream>

namespace tapegrad {

const char* task_name(Task task) {
    switch (task) {
        case Task::multiclass: return "multiclass";
        case Task::binary: return "binary";
        case Task::multilabel: return "multilabel";
    }
    return "?";
}

namespace {

Task parse_task(const JsonReader& r) {
    const std::string name = r.string("task", "multiclass");
    if (name == "multiclass") return Task::multiclass;
    if (name == "binary") return Task::binary;
    if (name == "multilabel") return Task::multilabel;
    throw ConfigError("task: \"" + name + "\" is not a task (known: multiclass, binary, multilabel)");
}

DataConfig parse_data(const nlohmann::json& section) {
    const JsonReader r(section, "data");
    DataConfig d;
    const int sources = r.has("train") + r.has("dataset") + r.has("generator");
    if (sources != 1)
        throw ConfigError("data: name exactly one source: \"train\" (a CSV file), \"dataset\" (bundled) or "
                          "\"generator\"");
    d.test_fraction = r.number("test_fraction", d.test_fraction);
    if (!(d.test_fraction > 0 && d.test_fraction < 1))
        throw ConfigError("data.test_fraction: must be between 0 and 1 (exclusive)");
    d.standardize = r.boolean("standardize", d.standardize);
    if (r.has("train")) {
        d.train = r.string("train");
        d.test = r.string("test", "");
        d.labels = r.strings("labels");
        if (d.labels.empty()) throw ConfigError("data.labels: name at least one label column");
        r.reject_unknown_keys({"train", "test", "labels", "standardize", "test_fraction"});
    } else if (r.has("dataset")) {
        d.dataset = r.string("dataset");
        r.reject_unknown_keys({"dataset", "standardize", "test_fraction"});
    } else {
        d.generator = r.string("generator");
        d.generator_options = nlohmann::json::object();  // the generator checks its own keys
        for (const auto& item : section.items())
            if (item.key() != "generator" && item.key() != "standardize" && item.key() != "test_fraction")
                d.generator_options[item.key()] = item.value();
    }
    return d;
}

ModelConfig parse_model(const JsonReader& r) {
    ModelConfig m;
    for (long h : r.integers("hidden", {})) {
        if (h < 1) throw ConfigError("model.hidden: layer sizes must be at least 1, got " + std::to_string(h));
        m.hidden.push_back(static_cast<Index>(h));
    }
    m.activation = r.string("activation", m.activation);
    m.init_scale = r.number("init_scale", m.init_scale);
    r.reject_unknown_keys({"hidden", "activation", "init_scale"});
    return m;
}

nlohmann::json named_section(const JsonReader& r, const std::string& key, const std::string& fallback_name) {
    if (!r.has(key)) return {{"name", fallback_name}};
    const JsonReader section = r.object(key);
    section.string("name");  // required, and a string
    return r.raw(key);
}

}  // namespace

RunConfig parse_config(const nlohmann::json& document) {
    const JsonReader r(document, "");
    RunConfig c;
    c.task = parse_task(r);
    r.object("data");  // present, and an object
    c.data = parse_data(r.raw("data"));
    c.model = r.has("model") ? parse_model(r.object("model")) : ModelConfig{};
    const char* default_loss = c.task == Task::multiclass ? "softmax_cross_entropy" : "sigmoid_binary_cross_entropy";
    c.loss = named_section(r, "loss", default_loss);
    c.optimizer = named_section(r, "optimizer", "sgd");
    c.epochs = r.integer("epochs", c.epochs, 1, 1'000'000);
    c.batch_size = r.integer("batch_size", c.batch_size, 1, 10'000'000);
    c.seed = r.integer("seed", c.seed, 0, 1L << 62);
    c.anomaly = r.boolean("anomaly", c.anomaly);
    r.reject_unknown_keys({"task", "data", "model", "loss", "optimizer", "epochs", "batch_size", "seed", "anomaly"});
    c.source = document;
    return c;
}

RunConfig load_config(const std::string& path, const std::vector<std::string>& overrides) {
    nlohmann::json document = read_json_file(path);
    for (const auto& assignment : overrides) apply_override(document, assignment);
    try {
        return parse_config(document);
    } catch (const ConfigError& e) {
        throw ConfigError(path + ": " + e.what());
    }
}

nlohmann::json read_json_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw ConfigError(path + ": cannot open the file");
    std::stringstream text;
    text << in.rdbuf();
    try {
        return nlohmann::json::parse(text.str());
    } catch (const nlohmann::json::parse_error& e) {
        // e.what() reads "[json.exception.parse_error.101] parse error at line 3, column 5: ..."
        std::string message = e.what();
        const auto at = message.find("at line");
        throw ConfigError(path + ": invalid JSON " + (at == std::string::npos ? message : message.substr(at)));
    }
}

}  // namespace tapegrad
