// Saving and loading a trained model with its metadata: see model_file.hpp.
#include "model_file.hpp"

#include <fstream>

namespace tapegrad {

namespace {
std::vector<float> row_values(const Tensor<float>& row) { return {row.data(), row.data() + row.size()}; }
Tensor<float> row_tensor(const std::vector<float>& v) {
    Tensor<float> t(1, static_cast<Index>(v.size()));
    for (std::size_t i = 0; i < v.size(); ++i) t(0, static_cast<Index>(i)) = v[i];
    return t;
}
}  // namespace

nlohmann::json model_metadata(const Experiment& x, const nlohmann::json& resolved_config) {
    nlohmann::json meta = {
        {"format", "tapegrad model"},
        {"config", resolved_config},
        {"feature_names", x.train.feature_names},
        {"class_names", x.train.class_names},
    };
    if (x.standardizer.fitted())
        meta["standardizer"] = {{"mean", row_values(x.standardizer.mean())},
                                {"scale", row_values(x.standardizer.scale())}};
    return meta;
}

TrainedModel load_trained_model(const std::filesystem::path& path) {
    const CheckpointContents contents = read_checkpoint(path);  // checks magic, version, sizes, checksum
    nlohmann::json meta = nlohmann::json::parse(contents.metadata, nullptr, false);
    if (meta.is_discarded() || !meta.is_object() || meta.value("format", "") != "tapegrad model")
        throw ConfigError(path.string() + ": the checkpoint holds no tapegrad model description (was it "
                                          "written by `tapegrad train`?)");
    TrainedModel m;
    m.config = parse_config(meta.at("config"));
    m.feature_names = meta.at("feature_names").get<std::vector<std::string>>();
    m.class_names = meta.at("class_names").get<std::vector<std::string>>();
    if (meta.contains("standardizer"))
        m.standardizer = Standardizer(row_tensor(meta["standardizer"]["mean"].get<std::vector<float>>()),
                                      row_tensor(meta["standardizer"]["scale"].get<std::vector<float>>()));
    m.loss = loss_from_config(m.config.loss, "loss");
    const Index outputs = output_size(m.config.task, m.loss->link(), static_cast<Index>(m.class_names.size()));
    m.model = make_model(m.config.model, static_cast<Index>(m.feature_names.size()), outputs, 0);
    TrainingState<float> state{m.model->parameters()};
    load_checkpoint(path, state);
    return m;
}

void ensure_writable_directory(const std::filesystem::path& dir) {
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error) throw ConfigError(dir.string() + ": cannot create the output directory (" + error.message() + ")");
    const std::filesystem::path probe = dir / ".tapegrad-write-test";
    {
        std::ofstream out(probe);
        if (!out || !(out << "ok") || !out.flush())
            throw ConfigError(dir.string() + ": cannot write into the output directory");
    }
    std::filesystem::remove(probe, error);
}

void write_text_atomically(const std::filesystem::path& path, const std::string& text) {
    write_file_atomically(path, std::span<const unsigned char>(reinterpret_cast<const unsigned char*>(text.data()),
                                                               text.size()));
}

}  // namespace tapegrad
