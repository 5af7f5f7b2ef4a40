// A trained model in the forms other tools read: its weights as PyTorch's nn.Sequential of
// nn.Linear names them, saved as safetensors with the model's description in the metadata, and a
// short model.py that rebuilds the same nn.Module. interop/onnx_export.hpp builds an ONNX graph from
// the same PortableModel. docs/export.md describes the files.
#pragma once

#include "model_file.hpp"
#include "safetensors.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tapegrad {

/// A model as a framework-neutral description: what PyTorch and ONNX need to compute the same
/// probabilities. Layer i maps sizes[i] features to sizes[i + 1].
struct PortableModel {
    std::vector<Index> sizes;            // inputs, hidden..., outputs
    std::string activation;              // between layers: relu, tanh, sigmoid, leaky_relu
    double leaky_slope = 0.01;           // for leaky_relu
    std::string output;                  // how logits become probabilities: softmax, sigmoid, identity
    std::vector<Tensor<float>> weights;  // layer i: (sizes[i+1], sizes[i]), PyTorch's out x in layout
    std::vector<Tensor<float>> biases;   // layer i: (1, sizes[i+1])
    std::vector<float> mean, scale;      // the standardiser, x -> (x - mean) / scale; empty if none
    std::vector<std::string> feature_names, class_names;
    std::string task, run_id;
    long epoch = 0;
};

/// The model a checkpoint holds, with tapegrad's (in, out) weights transposed to (out, in).
PortableModel portable_model(const TrainedModel& model);

/// PyTorch's name for Linear layer `layer`'s `what` ("weight", "bias") in an nn.Sequential whose
/// activations take the odd indices: layer 0 -> "0.weight", layer 1 -> "2.weight", ...
std::string pytorch_name(std::size_t layer, const std::string& what);

/// The tensors as a PyTorch state dict names them: "0.weight" (out, in), "0.bias" (out), ...
std::vector<NamedTensor> pytorch_tensors(const PortableModel& model);

/// The safetensors __metadata__: format, architecture, activation, output, task, run_id, epoch,
/// and as JSON text class_names, feature_names and (when there is one) standardizer {mean, scale}.
std::map<std::string, std::string> export_metadata(const PortableModel& model);

/// Writes the weights and the metadata as a safetensors file.
void export_safetensors(const PortableModel& model, const std::filesystem::path& out);

/// The text of model.py: the same network as an nn.Module (standardiser included) that loads
/// `weights_file` from its own folder. `source` says what it was exported from.
std::string pytorch_module_source(const PortableModel& model, const std::string& weights_file, const std::string& source);

/// Writes `out` (safetensors) and model.py beside it; returns model.py's path.
std::filesystem::path export_pytorch(const PortableModel& model, const std::filesystem::path& out, const std::string& source);

}  // namespace tapegrad
