// Saving and loading a trained model with its metadata: see model_file.hpp.
#include "model_file.hpp"

namespace tapegrad {

namespace {

std::vector<float> row_values(const Tensor<float>& row) { return {row.data(), row.data() + row.size()}; }
Tensor<float> row_tensor(const std::vector<float>& v) {
    Tensor<float> t(1, static_cast<Index>(v.size()));
    for (std::size_t i = 0; i < v.size(); ++i) t(0, static_cast<Index>(i)) = v[i];
    return t;
}

[[noreturn]] void refuse(const std::filesystem::path& path, const std::string& why) {
    throw ConfigError(path.string() + ": " + why);
}

nlohmann::json parse_metadata(const std::filesystem::path& path, const CheckpointContents& contents) {
    nlohmann::json meta = nlohmann::json::parse(contents.metadata, nullptr, false);
    if (meta.is_discarded() || !meta.is_object() || meta.value("format", "") != "tapegrad model")
        refuse(path, "the checkpoint holds no tapegrad model description (was it written by `tapegrad train`?)");
    for (const char* key : {"config", "feature_names", "class_names"})
        if (!meta.contains(key)) refuse(path, std::string("the model description has no \"") + key + "\"");
    if (!meta["feature_names"].is_array() || !meta["class_names"].is_array())
        refuse(path, "the model description's feature_names and class_names must be arrays of strings");
    return meta;
}

// Every layer the config describes must be stored with exactly that shape: compared before the
// model is built, so metadata claiming hidden: [40000, 40000] costs nothing.
void check_shapes(const std::filesystem::path& path, const CheckpointContents& c, Index inputs,
                  const std::vector<Index>& hidden, Index outputs) {
    Index fan_in = inputs;
    for (std::size_t i = 0; i <= hidden.size(); ++i) {
        const Index fan_out = i < hidden.size() ? hidden[i] : outputs;
        const std::string layer = "model/" + std::to_string(i) + ".";
        for (const auto& [name, rows, cols] : {std::tuple{layer + "weight", fan_in, fan_out}, std::tuple{layer + "bias", Index{1}, fan_out}}) {
            const CheckpointEntry* e = c.find(name);
            if (!e) refuse(path, "the model description names a layer the file does not store ('" + name.substr(6) + "')");
            if (e->rows != rows || e->cols != cols)
                // append, not "'" + ...: GCC 12 warns falsely (-Wrestrict, bug 105329) on a one-letter literal + string
                refuse(path, std::string("'").append(name.substr(6)) + "' is stored as " + std::to_string(e->rows) + "x" + std::to_string(e->cols) +
                                 " but the model description makes it " + std::to_string(rows) + "x" + std::to_string(cols));
        }
        fan_in = fan_out;
    }
}

}  // namespace

nlohmann::json model_metadata(const Experiment& x, const std::string& run_id) {
    nlohmann::json meta = {
        {"format", "tapegrad model"},
        {"run_id", run_id},
        {"config", resolved_config(x.config)},
        {"feature_names", x.train.feature_names},
        {"class_names", x.train.class_names},
    };
    meta["data"] = x.data_description.to_json();
    if (x.standardizer.fitted())
        meta["standardizer"] = {{"mean", row_values(x.standardizer.mean())}, {"scale", row_values(x.standardizer.scale())}};
    return meta;
}

void save_experiment(const std::filesystem::path& path, Experiment& x, long epoch, const std::string& metadata) {
    TrainingState<float> state{x.model->parameters(), x.optimizer.get(), &x.shuffle_rng, {epoch, x.optimizer->steps()}, metadata};
    save_checkpoint(path, state);
}

TrainedModel load_trained_model(const std::filesystem::path& path) {
    const CheckpointContents contents = read_checkpoint(path);  // checks magic, version, sizes, checksum
    const nlohmann::json meta = parse_metadata(path, contents);
    TrainedModel m;
    try {
        m.config = parse_config(meta.at("config"));
        m.feature_names = meta.at("feature_names").get<std::vector<std::string>>();
        m.class_names = meta.at("class_names").get<std::vector<std::string>>();
    } catch (const nlohmann::json::exception&) {
        refuse(path, "the model description's feature_names and class_names must be arrays of strings");
    } catch (const ConfigError& e) {
        refuse(path, std::string("the model description's config: ") + e.what());
    }
    try {
        if (meta.contains("data")) {
            m.data = DataDescription::from_json(meta["data"]);
        } else {  // a model file from before the description: number columns named as its features
            m.data.encoder = FeatureEncoder::numeric(m.feature_names);
            m.data.label_columns = m.config.data.labels.empty() ? std::vector<std::string>{"label"} : m.config.data.labels;
        }
    } catch (const ValueError& e) {
        refuse(path, e.what());
    }
    if (m.data.encoder.feature_names() != m.feature_names)
        refuse(path, "the data description's columns make " + std::to_string(m.data.encoder.num_features()) +
                         " features, but the model has " + std::to_string(m.feature_names.size()));
    m.run_id = meta.value("run_id", "");
    m.epoch = static_cast<long>(contents.position.epoch);
    m.loss = loss_from_config(m.config.loss, "loss");
    const Index inputs = static_cast<Index>(m.feature_names.size());
    const Index outputs = output_size(m.config.task, m.loss->link(), static_cast<Index>(m.class_names.size()));
    check_shapes(path, contents, inputs, m.config.model.hidden, outputs);
    if (meta.contains("standardizer")) {
        const auto mean = meta["standardizer"].value("mean", std::vector<float>{});
        const auto scale = meta["standardizer"].value("scale", std::vector<float>{});
        if (mean.size() != static_cast<std::size_t>(inputs) || scale.size() != static_cast<std::size_t>(inputs))
            refuse(path, "the standardiser's figures do not match the " + std::to_string(inputs) + " features");
        m.standardizer = Standardizer(row_tensor(mean), row_tensor(scale));
    }
    m.model = make_model(m.config.model, inputs, outputs, 0);
    TrainingState<float> state;  // the parameters only (members assigned: brace-initialising some warns)
    state.parameters = m.model->parameters();
    load_checkpoint(path, state);
    return m;
}

long restore_experiment(const std::filesystem::path& path, Experiment& x) {
    TrainingState<float> state;
    state.parameters = x.model->parameters();
    state.optimizer = x.optimizer.get();
    state.rng = &x.shuffle_rng;
    load_checkpoint(path, state);
    return static_cast<long>(state.position.epoch);
}

SavedRun read_saved_run(const std::filesystem::path& path) {
    const CheckpointContents contents = read_checkpoint(path);
    const nlohmann::json meta = parse_metadata(path, contents);
    return {meta.value("run_id", ""), static_cast<long>(contents.position.epoch), meta.at("config")};
}

}  // namespace tapegrad
