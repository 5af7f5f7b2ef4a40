// Exporting a trained model to safetensors and to a PyTorch module: see model_export.hpp.
#include "model_export.hpp"

#include "../core/files.hpp"

#include <nlohmann/json.hpp>

namespace tapegrad {

namespace {

std::vector<float> row_values(const Tensor<float>& row) { return {row.data(), row.data() + row.size()}; }

// Every "{{key}}" in `text` replaced by its value.
std::string fill(std::string text, const std::map<std::string, std::string>& values) {
    for (const auto& [key, value] : values) {
        const std::string mark = "{{" + key + "}}";
        for (std::size_t at = text.find(mark); at != std::string::npos; at = text.find(mark, at + value.size()))
            text.replace(at, mark.size(), value);
    }
    return text;
}

std::string torch_activation(const PortableModel& m) {
    return find_activation(m.activation, "export: activation").pytorch(m.leaky_slope);  // nn/activations.cpp
}

std::string torch_link(const PortableModel& m) {
    if (m.output == "softmax") return "torch.softmax(z, dim=1)";
    if (m.output == "sigmoid") return "torch.sigmoid(z)";
    return "z";
}

// The module's layers, one per line with its index in the Sequential: "nn.Linear(64, 32),  # 0".
std::string torch_layers(const PortableModel& m) {
    std::string lines;
    const std::size_t layers = m.sizes.size() - 1;
    for (std::size_t i = 0; i < layers; ++i) {
        lines += "            nn.Linear(" + std::to_string(m.sizes[i]) + ", " + std::to_string(m.sizes[i + 1]) + "),  # " +
                 std::to_string(2 * i) + "\n";
        if (i + 1 < layers) lines += "            " + torch_activation(m) + ",  # " + std::to_string(2 * i + 1) + "\n";
    }
    return lines;
}

std::string arrow_sizes(const std::vector<Index>& sizes) {
    std::string s;
    for (std::size_t i = 0; i < sizes.size(); ++i) s += (i ? " -> " : "") + std::to_string(sizes[i]);
    return s;
}

// model.py. Kept short and plain: a learner should read it top to bottom.
constexpr const char* module_template = R"PY(# A tapegrad model as a PyTorch module, written by `tapegrad export --format pytorch`
# from {{SOURCE}} (run {{RUN_ID}}, after {{EPOCH}} epochs).
# The weights are in {{WEIGHTS}} beside this file; its metadata holds the feature and
# class names and the standardiser. Only torch is needed (the safetensors package is used if installed).
#
#   from model import load
#   model = load()
#   p = model.predict_proba(rows)   # rows: raw feature values, columns in model.feature_names order
#
# To continue training in PyTorch (the module returns logits; {{LOSS_HINT}}):
#   opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
#   loss = {{LOSS_CODE}}   # x: [N, {{INPUTS}}] raw features, y: {{TARGET}}
#   opt.zero_grad(); loss.backward(); opt.step()
# then save(model, "tuned.safetensors") and bring it back with
#   tapegrad import --weights tuned.safetensors --config run.json --out runs/tuned
import array, json, struct, sys
from pathlib import Path

import torch
from torch import nn

HERE = Path(__file__).resolve().parent


class TapegradMLP(nn.Sequential):
    """{{DESCRIPTION}}"""

    def __init__(self):
        super().__init__(
{{LAYERS}}        )
        # The standardiser, x -> (x - mean) / scale per feature (identity until load() sets it).
        # Buffers, not parameters, and persistent=False keeps them out of state_dict(), so its
        # names are the file's: 0.weight, 0.bias, 2.weight, ...
        self.register_buffer("mean", torch.zeros({{INPUTS}}, dtype=torch.float64), persistent=False)
        self.register_buffer("scale", torch.ones({{INPUTS}}, dtype=torch.float64), persistent=False)
        self.feature_names, self.class_names, self.metadata = [], [], {}

    def forward(self, x):
        """x: [N, {{INPUTS}}] raw features -> logits [N, {{OUTPUTS}}]."""
        # In float64, rounded once to the weights' type (float32), as tapegrad standardises.
        x = ((x.to(torch.float64) - self.mean) / self.scale).to(self[0].weight.dtype)
        return super().forward(x)

    @torch.no_grad()
    def predict_proba(self, rows):
        """Probabilities [N, {{OUTPUTS}}] (columns: self.class_names) for rows of raw features."""
        z = self(torch.as_tensor(rows, dtype=torch.float32))
        return {{LINK}}


def read_safetensors(path):
    """(tensors, metadata) of a safetensors file, with the standard library only."""
    data = Path(path).read_bytes()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, t in header.items():
        if t["dtype"] != "F32":
            raise ValueError(f"{path}: {name} is {t['dtype']}, expected F32")
        begin, end = t["data_offsets"]
        values = array.array("f", data[8 + n + begin : 8 + n + end])
        if sys.byteorder == "big":
            values.byteswap()  # the file is little-endian
        tensors[name] = torch.frombuffer(values, dtype=torch.float32).reshape(t["shape"]).clone()
    return tensors, metadata


def write_safetensors(path, tensors, metadata):
    """Writes float32 tensors and string metadata as safetensors, with the standard library only."""
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name, t in tensors.items():
        values = array.array("f", t.detach().to(torch.float32).flatten().tolist())
        if sys.byteorder == "big":
            values.byteswap()
        blobs.append(values.tobytes())
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(blobs[-1])]}
        offset += len(blobs[-1])
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)  # the data starts 8-byte aligned
    Path(path).write_bytes(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def load(path=HERE / "{{WEIGHTS}}"):
    """The model with its weights, standardiser and names read from `path`."""
    try:
        from safetensors import safe_open

        with safe_open(str(path), framework="pt") as f:
            metadata = f.metadata() or {}
            tensors = {name: f.get_tensor(name) for name in f.keys()}
    except ImportError:
        tensors, metadata = read_safetensors(path)
    model = TapegradMLP()
    model.load_state_dict(tensors)  # every name and shape must match
    standardizer = json.loads(metadata.get("standardizer", "null"))
    if standardizer:
        model.mean = torch.tensor(standardizer["mean"], dtype=torch.float64)
        model.scale = torch.tensor(standardizer["scale"], dtype=torch.float64)
    model.feature_names = json.loads(metadata.get("feature_names", "[]"))
    model.class_names = json.loads(metadata.get("class_names", "[]"))
    model.metadata = metadata
    return model


def save(model, path):
    """Writes the model's weights (names as in state_dict()) and its metadata as safetensors."""
    tensors = {name: t.detach().to(torch.float32).contiguous() for name, t in model.state_dict().items()}
    try:
        from safetensors.torch import save_file

        save_file(tensors, str(path), metadata=model.metadata)
    except ImportError:
        write_safetensors(path, tensors, model.metadata)


if __name__ == "__main__":
    model = load()
    print(model)
    print("features:", len(model.feature_names), " classes:", model.class_names)
)PY";

}  // namespace

std::string pytorch_name(std::size_t layer, const std::string& what) { return std::to_string(2 * layer) + "." + what; }

PortableModel portable_model(const TrainedModel& t) {
    PortableModel m;
    m.activation = t.model->options().activation().name;
    m.leaky_slope = t.model->options().leaky_slope();
    m.output = to_string(t.loss->link());
    m.task = task_name(t.config.task);
    m.run_id = t.run_id;
    m.epoch = t.epoch;
    m.feature_names = t.feature_names;
    m.class_names = t.class_names;
    m.sizes.push_back(t.model->layers.front().in_features());
    for (const Linear<float>& layer : t.model->layers) {
        m.sizes.push_back(layer.out_features());
        m.weights.push_back(layer.weight.value.transpose());  // tapegrad's (in, out) -> (out, in)
        m.biases.push_back(layer.bias.value.size() ? layer.bias.value : Tensor<float>::Zero(1, layer.out_features()));
    }
    if (t.standardizer.fitted()) {
        m.mean = row_values(t.standardizer.mean());
        m.scale = row_values(t.standardizer.scale());
    }
    return m;
}

std::vector<NamedTensor> pytorch_tensors(const PortableModel& m) {
    std::vector<NamedTensor> tensors;
    for (std::size_t i = 0; i < m.weights.size(); ++i) {
        const Tensor<float>& w = m.weights[i];  // row-major: PyTorch's layout, row by row
        NamedTensor weight{pytorch_name(i, "weight"), {w.rows(), w.cols()}, {}};
        for (Index r = 0; r < w.rows(); ++r)
            for (Index c = 0; c < w.cols(); ++c) weight.values.push_back(w(r, c));
        tensors.push_back(std::move(weight));
        tensors.push_back({pytorch_name(i, "bias"), {m.biases[i].size()}, row_values(m.biases[i])});
    }
    return tensors;
}

std::map<std::string, std::string> export_metadata(const PortableModel& m) {
    const std::vector<Index> hidden(m.sizes.begin() + 1, m.sizes.end() - 1);
    nlohmann::json architecture = {{"type", "mlp"}, {"inputs", m.sizes.front()}, {"hidden", hidden}, {"outputs", m.sizes.back()},
                                   {"layers", "nn.Sequential: Linear at even indices, the activation at odd ones"}};
    if (m.activation == "leaky_relu") architecture["leaky_slope"] = m.leaky_slope;
    std::map<std::string, std::string> meta = {
        {"format", "tapegrad mlp"},
        {"architecture", architecture.dump()},
        {"activation", m.activation},
        {"output", m.output},
        {"task", m.task},
        {"run_id", m.run_id},
        {"epoch", std::to_string(m.epoch)},
        {"feature_names", nlohmann::json(m.feature_names).dump()},
        {"class_names", nlohmann::json(m.class_names).dump()},
    };
    if (!m.mean.empty()) meta["standardizer"] = nlohmann::json{{"mean", m.mean}, {"scale", m.scale}}.dump();
    return meta;
}

void export_safetensors(const PortableModel& m, const std::filesystem::path& out) {
    write_safetensors(out, pytorch_tensors(m), export_metadata(m));
}

std::string pytorch_module_source(const PortableModel& m, const std::string& weights_file, const std::string& source) {
    const bool softmax = m.output == "softmax";
    return fill(module_template,
                {{"SOURCE", source},
                 {"RUN_ID", m.run_id.empty() ? "unknown" : m.run_id},
                 {"EPOCH", std::to_string(m.epoch)},
                 {"WEIGHTS", weights_file},
                 {"DESCRIPTION", arrow_sizes(m.sizes) + (m.sizes.size() > 2 ? ": Linear layers at the even indices, " + torch_activation(m) +
                                                                           " between them."
                                                                     : ": one Linear layer.")},
                 {"LAYERS", torch_layers(m)},
                 {"INPUTS", std::to_string(m.sizes.front())},
                 {"OUTPUTS", std::to_string(m.sizes.back())},
                 {"LINK", torch_link(m)},
                 {"LOSS_HINT", softmax ? "cross_entropy applies the softmax itself"
                                       : m.output == "sigmoid" ? "binary_cross_entropy_with_logits applies the sigmoid"
                                                               : "the outputs are used as they are"},
                 {"LOSS_CODE", softmax ? "torch.nn.functional.cross_entropy(model(x), y)"
                               : m.output == "sigmoid" ? "torch.nn.functional.binary_cross_entropy_with_logits(model(x), y)"
                                                       : "torch.nn.functional.mse_loss(model(x), y)"},
                 {"TARGET", softmax ? "class indices" : m.output == "sigmoid" ? "0/1 floats, one column per output" : "the targets"}});
}

std::filesystem::path export_pytorch(const PortableModel& m, const std::filesystem::path& out, const std::string& source) {
    export_safetensors(m, out);
    const std::filesystem::path module = out.parent_path() / "model.py";
    write_text_atomically(module, pytorch_module_source(m, out.filename().string(), source));
    return module;
}

}  // namespace tapegrad
