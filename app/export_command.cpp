// `tapegrad export --model DIR/model.ckpt --format safetensors|pytorch|onnx [--out FILE]`: writes a
// trained model in a form other tools load (docs/export.md): the weights as safetensors, the same
// plus a model.py that rebuilds the network in PyTorch, or an ONNX graph.
#include "commands.hpp"

#include "../core/files.hpp"
#include "../interop/onnx_export.hpp"
#include "../train/model_export.hpp"

#include <iostream>

namespace tapegrad {

int run_export(const ExportArgs& args) {
    const bool onnx = args.format == "onnx";
    if (onnx) require_onnx_export();  // in a build without it, says so before reading anything
    const TrainedModel trained = load_trained_model(args.model);
    const PortableModel model = portable_model(trained);
    const std::filesystem::path out = !args.out.empty() ? args.out : onnx ? "model.onnx" : "model.safetensors";
    if (out.has_parent_path()) ensure_writable_directory(out.parent_path());
    std::vector<std::string> written{out.string()};
    if (args.format == "safetensors") export_safetensors(model, out);
    else if (args.format == "pytorch") written.push_back(export_pytorch(model, out, args.model).string());
    else if (onnx) export_onnx(model, out, args.model);
    else throw UsageError("--format: expected safetensors, pytorch or onnx, got '" + args.format + "'");
    std::cout << nlohmann::json{{"format", args.format}, {"written", written}}.dump() << "\n";
    return 0;
}

}  // namespace tapegrad
