// The ONNX export in a build without ONNX: it says how to get it. See onnx_export.hpp.
#include "onnx_export.hpp"

namespace tapegrad {

bool onnx_export_available() { return false; }

void require_onnx_export() {
    throw Error("--format onnx is unavailable: this tapegrad was built without ONNX; install Debian's libonnx-dev and "
                "libprotobuf-dev, then configure and build again (cmake -S . -B build)");
}

std::string onnx_model_bytes(const PortableModel&, const std::string&) {
    require_onnx_export();
    return {};
}

void export_onnx(const PortableModel&, const std::filesystem::path&, const std::string&) { require_onnx_export(); }

}  // namespace tapegrad
