// Export and import of a trained model: PyTorch's names and out x in layout, the metadata, the
// generated model.py, and weights coming back through `import` checked name by name, shape by
// shape, with the run directory they become readable by load_trained_model.
#include "../optim/temp_dir.hpp"

#include <doctest/doctest.h>

#include "train/model_export.hpp"
#include "train/model_import.hpp"

#include <nlohmann/json.hpp>

using namespace tapegrad;
using json = nlohmann::json;

namespace {

RunConfig iris_config() {
    return parse_config(json::parse(R"({"task": "multiclass", "data": {"dataset": "iris"},
        "model": {"hidden": [5, 6], "activation": "tanh"}, "optimizer": {"name": "sgd", "lr": 0.1}, "epochs": 2, "seed": 1})"));
}

// The model a fresh experiment holds, as load_trained_model would return it.
TrainedModel trained(Experiment& x) {
    TrainedModel m;
    m.config = x.config;
    m.run_id = "0123456789abcdef";
    m.epoch = 2;
    m.loss = loss_from_config(x.config.loss, "loss");
    m.standardizer = x.standardizer;
    m.feature_names = x.train.feature_names;
    m.class_names = x.train.class_names;
    m.model = make_model(x.config.model, x.train.num_features(), 3, 7);
    return m;
}

}  // namespace

TEST_CASE("export: PyTorch's names (activations at odd indices), weights out x in, biases 1-D") {
    auto x = make_experiment(iris_config());
    const TrainedModel t = trained(*x);
    const PortableModel m = portable_model(t);
    CHECK(m.sizes == std::vector<Index>{4, 5, 6, 3});
    CHECK(m.output == "softmax");
    const std::vector<NamedTensor> tensors = pytorch_tensors(m);
    REQUIRE(tensors.size() == 6);
    CHECK(tensors[0].name == "0.weight");
    CHECK(tensors[2].name == "2.weight");
    CHECK(tensors[5].name == "4.bias");
    CHECK(tensors[2].shape == std::vector<std::int64_t>{6, 5});
    CHECK(tensors[3].shape == std::vector<std::int64_t>{6});
    // PyTorch's weight[o][i] is tapegrad's W(i, o), stored row by row.
    const Tensor<float>& w = t.model->layers[1].weight.value;  // (5, 6)
    CHECK(tensors[2].values[static_cast<std::size_t>(3 * 5 + 4)] == w(4, 3));

    const auto meta = export_metadata(m);
    CHECK(meta.at("activation") == "tanh");
    CHECK(json::parse(meta.at("architecture")) ==
          json::parse(R"({"type": "mlp", "inputs": 4, "hidden": [5, 6], "outputs": 3,
                          "layers": "nn.Sequential: Linear at even indices, the activation at odd ones"})"));
    CHECK(json::parse(meta.at("class_names")) == json(x->train.class_names));
    CHECK(json::parse(meta.at("standardizer"))["mean"].size() == 4);
}

TEST_CASE("export: model.py spells out the same nn.Sequential") {
    auto x = make_experiment(iris_config());
    const std::string py = pytorch_module_source(portable_model(trained(*x)), "iris.safetensors", "runs/iris/model.ckpt");
    CHECK(py.find("            nn.Linear(4, 5),  # 0\n            nn.Tanh(),  # 1\n            nn.Linear(5, 6),  # 2\n"
                  "            nn.Tanh(),  # 3\n            nn.Linear(6, 3),  # 4\n        )") != std::string::npos);
    CHECK(py.find("from runs/iris/model.ckpt (run 0123456789abcdef, after 2 epochs)") != std::string::npos);
    CHECK(py.find("def load(path=HERE / \"iris.safetensors\"):") != std::string::npos);
    CHECK(py.find("return torch.softmax(z, dim=1)") != std::string::npos);
    CHECK(py.find("{{") == std::string::npos);  // every placeholder filled
}

TEST_CASE("import: exported weights come back exactly, as a run that load_trained_model reads") {
    TempDir dir;
    auto x = make_experiment(iris_config());
    const TrainedModel t = trained(*x);
    export_safetensors(portable_model(t), dir / "w.safetensors");
    const ImportResult result = import_weights(dir / "w.safetensors", iris_config(), dir / "run", false);
    CHECK(result.run_id.size() == 16);
    CHECK(result.scores.contains("test_accuracy"));
    for (const char* name : {"run.json", "metrics.jsonl", "last.ckpt", "model.ckpt", "metrics.json"})
        CHECK(std::filesystem::exists(dir / "run" / name));

    const TrainedModel back = load_trained_model(dir / "run" / "model.ckpt");
    REQUIRE(back.model->layers.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(back.model->layers[i].weight.value == t.model->layers[i].weight.value);
        CHECK(back.model->layers[i].bias.value == t.model->layers[i].bias.value);
    }
    CHECK(back.epoch == 0);
    CHECK_THROWS_WITH_AS(import_weights(dir / "w.safetensors", iris_config(), dir / "run", false),
                         doctest::Contains("holds another run's files"), Error);
}

TEST_CASE("import: a file that does not fit the config is refused, naming the tensor and what was expected") {
    TempDir dir;
    Rng rng(3);
    MLP<float> model(4, {5}, 3, rng);
    const Tensor<float> before = model.layers[0].weight.value;
    const auto refused = [&](const std::vector<NamedTensor>& tensors) {
        write_safetensors(dir / "w.safetensors", tensors, {});
        SafetensorsFile file(dir / "w.safetensors");
        std::string message;
        try {
            load_pytorch_weights(file, model);
        } catch (const SafetensorsError& e) {
            message = e.what();
        }
        CHECK(model.layers[0].weight.value == before);  // unchanged by a refused file
        return message;
    };
    const NamedTensor w0{"0.weight", {5, 4}, std::vector<float>(20, 1)}, b0{"0.bias", {5}, std::vector<float>(5, 1)},
        w2{"2.weight", {3, 5}, std::vector<float>(15, 1)}, b2{"2.bias", {3}, std::vector<float>(3, 1)};

    CHECK(refused({w0, b0, w2}) ==
          (dir / "w.safetensors").string() + ": has no tensor '2.bias'; the config's model (2 Linear layers) needs 0.weight, 0.bias, 2.weight, 2.bias");
    CHECK(refused({{"0.weight", {4, 5}, std::vector<float>(20, 1)}, b0, w2, b2}) ==
          (dir / "w.safetensors").string() +
              ": '0.weight' is [4, 5] but the config's layer 0, Linear(4, 5), needs [5, 4] (PyTorch's out x in); "
              "check model.hidden and the data's features and classes");
    CHECK(refused({w0, b0, w2, b2, {"net.0.weight", {1}, {1}}}).find("holds a tensor the config's model does not have, 'net.0.weight'") !=
          std::string::npos);

    // A float64 state dict (saved without .float()): right names and shapes, 8 bytes a value.
    json header = json::object();
    std::uint64_t offset = 0;
    for (const NamedTensor& t : {w0, b0, w2, b2}) {
        header[t.name] = {{"dtype", "F64"}, {"shape", t.shape}, {"data_offsets", {offset, offset + 8 * t.values.size()}}};
        offset += 8 * t.values.size();
    }
    const std::string text = header.dump();
    std::vector<unsigned char> bytes(8 + text.size() + offset, 0);
    bytes[0] = static_cast<unsigned char>(text.size());
    bytes[1] = static_cast<unsigned char>(text.size() >> 8);
    std::copy(text.begin(), text.end(), bytes.begin() + 8);
    write_bytes(dir / "f64.safetensors", bytes);
    SafetensorsFile f64(dir / "f64.safetensors");
    CHECK_THROWS_WITH_AS(load_pytorch_weights(f64, model), doctest::Contains("'0.weight' is F64; tapegrad reads float32 weights"),
                         SafetensorsError);
}

TEST_CASE("import: an exported file's description must match the config's data") {
    TempDir dir;
    auto x = make_experiment(iris_config());
    PortableModel m = portable_model(trained(*x));
    m.activation = "relu";
    export_safetensors(m, dir / "relu.safetensors");
    CHECK_THROWS_WITH_AS(import_weights(dir / "relu.safetensors", iris_config(), dir / "run", false),
                         doctest::Contains("the weights were trained with activation relu but the config says tanh; "
                                           "import with the config the model was trained with"),
                         SafetensorsError);
    m = portable_model(trained(*x));
    m.mean[2] += 1;
    export_safetensors(m, dir / "mean.safetensors");
    CHECK_THROWS_WITH_AS(import_weights(dir / "mean.safetensors", iris_config(), dir / "run", false),
                         doctest::Contains("a different standardiser than the config's data gives"), SafetensorsError);
    CHECK_FALSE(std::filesystem::exists(dir / "run" / "model.ckpt"));
}
