// A trained model as an ONNX graph, built with ONNX's own protobuf classes (Debian's libonnx-dev)
// and checked with ONNX's checker before it is written. Optional: a tapegrad built without ONNX
// has the same functions, and they say so (interop/CMakeLists.txt).
//
// The graph (opset 13), for a model F -> H -> C with a standardiser:
//   features [N, F] -> Sub(mean) -> Div(scale) -> Gemm(0.weight, 0.bias, transB=1) -> Relu
//                   -> Gemm(2.weight, 2.bias, transB=1) -> Softmax(axis=1) -> probabilities [N, C]
// The weights keep PyTorch's names and out x in layout (as in the safetensors export); the
// feature and class names are in the input's and output's doc strings and in metadata_props.
#pragma once

#include "../train/model_export.hpp"

#include <filesystem>
#include <string>

namespace tapegrad {

/// The ONNX operator set the exported graph uses.
inline constexpr int onnx_opset = 13;

/// Whether this build can write ONNX.
bool onnx_export_available();
/// Throws Error saying how to get the ONNX export, in a build without it; does nothing otherwise.
void require_onnx_export();

/// The serialized ModelProto. Throws Error if ONNX is unavailable or its checker refuses the graph.
std::string onnx_model_bytes(const PortableModel& model, const std::string& source);

/// Writes onnx_model_bytes to `out`, atomically.
void export_onnx(const PortableModel& model, const std::filesystem::path& out, const std::string& source);

}  // namespace tapegrad
