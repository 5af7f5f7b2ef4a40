// The safetensors file format, read and written without any library: how PyTorch, JAX and the
// Hugging Face tools share weights. tapegrad exports its models in it and imports weights from it.
//
//   bytes 0..7        N, the header's length, an unsigned 64-bit little-endian integer
//   bytes 8..8+N      the header: a JSON object, padded at the end with spaces (tapegrad pads to a
//                     multiple of 8 so the data that follows is aligned)
//                       {"__metadata__": {"key": "text", ...},          (optional; values are strings)
//                        "0.weight": {"dtype": "F32", "shape": [32, 64], "data_offsets": [0, 8192]}, ...}
//   bytes 8+N..end    the tensors' bytes, row-major, little-endian, at their data_offsets (counted
//                     from the end of the header); together they cover this part exactly
#pragma once

#include "../core/error.hpp"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace tapegrad {

/// A file that is not valid safetensors, or holds something tapegrad cannot use.
struct SafetensorsError : ValueError {
    using ValueError::ValueError;
};

/// A tensor to write: float32, row-major, shape {n} or {rows, cols} (or any rank).
struct NamedTensor {
    std::string name;
    std::vector<std::int64_t> shape;
    std::vector<float> values;  // the product of shape entries
};

/// Writes `tensors` (as F32, in the order given) and `metadata` atomically (core/files.hpp).
void write_safetensors(const std::filesystem::path& path, const std::vector<NamedTensor>& tensors,
                       const std::map<std::string, std::string>& metadata);

/// The bytes write_safetensors writes.
std::vector<unsigned char> safetensors_bytes(const std::vector<NamedTensor>& tensors,
                                             const std::map<std::string, std::string>& metadata);

/// One tensor the header describes; offsets are from the start of the data part.
struct SafetensorsEntry {
    std::string name, dtype;  // dtype as the format spells it: "F32", "F64", "F16", "BF16", "I64", ...
    std::vector<std::int64_t> shape;
    std::uint64_t begin = 0, end = 0;
};

/// The largest header read_safetensors accepts (the reference implementation's limit too).
inline constexpr std::uint64_t max_safetensors_header = 100'000'000;

/// A safetensors file opened and checked: the header is read only after its length has been
/// compared with the file's size (and max_safetensors_header), and every entry's dtype, shape
/// and offsets are checked against each other and against the data part's size before anything
/// else is read. So a truncated or crafted file is refused with SafetensorsError naming the file
/// and the problem, without allocating more than the file holds.
class SafetensorsFile {
public:
    explicit SafetensorsFile(const std::filesystem::path& path);

    const std::filesystem::path& path() const { return path_; }
    /// Every tensor, in the order of their data offsets.
    const std::vector<SafetensorsEntry>& tensors() const { return tensors_; }
    /// The header's __metadata__ (empty if it has none).
    const std::map<std::string, std::string>& metadata() const { return metadata_; }
    /// The entry called `name`, or nullptr.
    const SafetensorsEntry* find(const std::string& name) const;

    /// The tensor's values, row-major. It must be F32 (SafetensorsError otherwise, with a hint).
    std::vector<float> read_f32(const SafetensorsEntry& entry);

private:
    [[noreturn]] void refuse(const std::string& problem) const;

    std::filesystem::path path_;
    std::ifstream in_;
    std::uint64_t data_start_ = 0;
    std::vector<SafetensorsEntry> tensors_;
    std::map<std::string, std::string> metadata_;
};

/// "[32, 64]": a shape as messages show it.
std::string shape_text(const std::vector<std::int64_t>& shape);

}  // namespace tapegrad
