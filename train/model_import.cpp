// Importing PyTorch weights into a tapegrad run directory: see model_import.hpp.
#include "model_import.hpp"

#include "../core/files.hpp"
#include "model_export.hpp"
#include "model_file.hpp"
#include "run_directory.hpp"

#include <cmath>
#include <cstring>
#include <set>

namespace tapegrad {

namespace {

std::string names_list(const MLP<float>& model) {
    std::string s;
    for (std::size_t i = 0; i < model.layers.size(); ++i)
        s += (i ? ", " : "") + pytorch_name(i, "weight") + ", " + pytorch_name(i, "bias");
    return s;
}

// A 64-bit FNV-1a fingerprint of the weights, so that an imported run's id differs from a trained
// run's with the same config, and from another import's.
std::string fingerprint(MLP<float>& model) {
    std::uint64_t h = 14695981039346656037ull;
    for (Parameter<float>* p : model.parameters()) {
        const auto* bytes = reinterpret_cast<const unsigned char*>(p->value.data());
        for (std::size_t i = 0; i < sizeof(float) * static_cast<std::size_t>(p->value.size()); ++i) h = (h ^ bytes[i]) * 1099511628211ull;
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return hex;
}

std::vector<std::string> json_names(const std::string& text) {
    const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_array()) return {};
    std::vector<std::string> names;
    for (const auto& n : j)
        if (n.is_string()) names.push_back(n.get<std::string>());
    return names;
}

}  // namespace

void load_pytorch_weights(SafetensorsFile& file, MLP<float>& model) {
    const auto refuse = [&](const std::string& problem) -> void { throw SafetensorsError(file.path().string() + ": " + problem); };
    // Every check before any data is read.
    std::set<std::string> expected;
    for (std::size_t i = 0; i < model.layers.size(); ++i) {
        const Linear<float>& layer = model.layers[i];
        const std::string linear = "Linear(" + std::to_string(layer.in_features()) + ", " + std::to_string(layer.out_features()) + ")";
        for (const auto& [what, shape] : {std::pair{std::string("weight"), std::vector<std::int64_t>{layer.out_features(), layer.in_features()}},
                                          std::pair{std::string("bias"), std::vector<std::int64_t>{layer.out_features()}}}) {
            const std::string name = pytorch_name(i, what);
            expected.insert(name);
            const SafetensorsEntry* e = file.find(name);
            if (!e)
                refuse("has no tensor '" + name + "'; the config's model (" + std::to_string(model.layers.size()) +
                       " Linear layers) needs " + names_list(model));
            if (e->shape != shape)
                refuse("'" + name + "' is " + shape_text(e->shape) + " but the config's layer " + std::to_string(i) + ", " + linear +
                       ", needs " + shape_text(shape) + (what == "weight" ? " (PyTorch's out x in)" : "") +
                       "; check model.hidden and the data's features and classes");
            if (e->dtype != "F32")
                refuse("'" + name + "' is " + e->dtype + "; tapegrad reads float32 weights (in PyTorch, save "
                       "{k: v.float() for k, v in model.state_dict().items()})");
        }
    }
    for (const SafetensorsEntry& e : file.tensors())
        if (!expected.count(e.name))
            refuse("holds a tensor the config's model does not have, '" + e.name + "' (expected exactly " + names_list(model) +
                   ": the names of an nn.Sequential's own state_dict())");
    // Then read everything before changing the model, so a read error leaves it as it was.
    std::vector<std::vector<float>> weights, biases;
    for (std::size_t i = 0; i < model.layers.size(); ++i) {
        weights.push_back(file.read_f32(*file.find(pytorch_name(i, "weight"))));
        biases.push_back(file.read_f32(*file.find(pytorch_name(i, "bias"))));
    }
    for (std::size_t i = 0; i < model.layers.size(); ++i) {
        Linear<float>& layer = model.layers[i];
        const Index in = layer.in_features(), out = layer.out_features();
        for (Index o = 0; o < out; ++o) {
            for (Index k = 0; k < in; ++k) layer.weight.value(k, o) = weights[i][static_cast<std::size_t>(o * in + k)];  // W^T
            layer.bias.value(0, o) = biases[i][static_cast<std::size_t>(o)];
        }
    }
}

void check_export_metadata(const SafetensorsFile& file, const Experiment& x) {
    const auto& meta = file.metadata();
    const auto refuse = [&](const std::string& problem) -> void {
        throw SafetensorsError(file.path().string() + ": " + problem + "; import with the config the model was trained with");
    };
    if (const auto it = meta.find("activation"); it != meta.end() && it->second != x.config.model.activation)
        refuse("the weights were trained with activation " + it->second + " but the config says " + x.config.model.activation);
    if (const auto it = meta.find("feature_names"); it != meta.end() && json_names(it->second) != x.train.feature_names)
        refuse("the file's feature_names differ from the features of the config's data");
    if (const auto it = meta.find("class_names"); it != meta.end() && json_names(it->second) != x.train.class_names)
        refuse("the file's class_names differ from the classes of the config's data");
    const auto it = meta.find("standardizer");
    if (it == meta.end()) return;
    const nlohmann::json s = nlohmann::json::parse(it->second, nullptr, false);
    if (!x.standardizer.fitted()) refuse("the weights were trained on standardised features but the config has data.standardize false");
    const auto mean = s.is_object() ? s.value("mean", std::vector<double>{}) : std::vector<double>{};
    const auto scale = s.is_object() ? s.value("scale", std::vector<double>{}) : std::vector<double>{};
    const Index d = x.standardizer.mean().cols();
    if (mean.size() != static_cast<std::size_t>(d) || scale.size() != static_cast<std::size_t>(d))
        refuse("the file's standardizer does not have one mean and one scale per feature (" + std::to_string(d) + ")");
    for (Index j = 0; j < d; ++j) {
        const double m = x.standardizer.mean()(0, j), sc = x.standardizer.scale()(0, j);
        if (std::abs(mean[j] - m) > 1e-6 * (1 + std::abs(m)) || std::abs(scale[j] - sc) > 1e-6 * (1 + std::abs(sc)))
            refuse("the weights were trained with a different standardiser than the config's data gives (feature " +
                   x.train.feature_names[static_cast<std::size_t>(j)] + ": mean " + std::to_string(mean[j]) + ", scale " +
                   std::to_string(scale[j]) + " in the file; " + std::to_string(m) + ", " + std::to_string(sc) + " from the data)");
    }
}

ImportResult import_weights(const std::filesystem::path& weights, const RunConfig& config, const std::filesystem::path& out,
                            bool overwrite) {
    SafetensorsFile file(weights);  // the header checked before the data is read
    auto x = make_experiment(config);
    check_export_metadata(file, *x);
    load_pytorch_weights(file, *x->model);

    const nlohmann::json resolved = resolved_config(x->config);
    RunDirectory dir(out, overwrite ? RunDirectory::Mode::overwrite : RunDirectory::Mode::fresh,
                     run_id_for({{"config", resolved}, {"imported_weights", fingerprint(*x->model)}}));
    nlohmann::json metadata = model_metadata(*x, dir.run_id());
    metadata["imported_from"] = weights.string();
    write_text_atomically(dir.file("run.json"),
                          nlohmann::json{{"run_id", dir.run_id()}, {"config", resolved}, {"imported_from", weights.string()}}.dump(2) + "\n");
    dir.write_records({});
    save_experiment(dir.file("last.ckpt"), *x, 0, metadata.dump());   // what train --resume continues from
    save_experiment(dir.file("model.ckpt"), *x, 0, metadata.dump());  // what eval and predict read
    ImportResult result{dir.run_id(), x->evaluate(x->test).to_json(config.task, "test_")};
    const nlohmann::json metrics = {{"run_id", dir.run_id()},
                                    {"config", resolved},
                                    {"imported_from", weights.string()},
                                    {"train_examples", x->train.rows()},
                                    {"validation_examples", x->validation.rows()},
                                    {"test_examples", x->test.rows()},
                                    {"epochs", nlohmann::json::array()},
                                    {"best_epoch", nullptr},
                                    {"stopped_early", false},
                                    {"final", result.scores},
                                    {"wall_time_s", 0}};
    write_text_atomically(dir.file("metrics.json"), metrics.dump(2) + "\n");
    dir.commit();
    return result;
}

}  // namespace tapegrad
