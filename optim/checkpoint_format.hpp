// The checkpoint file format, byte by byte: encoding a checkpoint into bytes and parsing bytes
// back, checking every declared size against what the file holds before anything is allocated;
// or only peeking at a file's summary (names, shapes, metadata) without keeping its values.
// checkpoint.hpp builds on this to save and restore a model, its optimizer and its RNG.
//
// Version 1. Integers are unsigned little-endian; a "str" is a u32 byte count and then the bytes.
//   header     8  magic "TGCKPT\r\n" (the \r\n catches text-mode transfers, as PNG's magic does)
//              4  version (1)
//              4  scalar size: 4 = float32, 8 = float64 (every tensor in the file has this type)
//   position   8  epoch      8  step                        (signed, stored as two's complement)
//   optimizer  str name ("" if none)                         8  steps taken
//   rng        str the engine's state as text ("" if none)
//   metadata   str free text for the application (JSON by convention)
//   table      4  tensor count n, then n times:  str name, 8 rows, 8 cols
//   data       the n tensors' values in table order, each row-major, IEEE 754 little-endian
//   checksum   8  FNV-1a 64-bit hash of every byte before it
#pragma once

#include "../core/error.hpp"
#include "../core/tensor.hpp"

#include <cstdint>
#include <istream>
#include <span>
#include <string>
#include <vector>

namespace tapegrad {

/// A checkpoint that cannot be written or read; the message names the file, the check that
/// failed and where.
struct CheckpointError : Error {
    using Error::Error;
};

inline constexpr unsigned char checkpoint_magic[8] = {'T', 'G', 'C', 'K', 'P', 'T', '\r', '\n'};
inline constexpr std::uint32_t checkpoint_version = 1;

/// FNV-1a, 64 bits: h = 14695981039346656037; for each byte b: h = (h xor b) * 1099511628211.
std::uint64_t fnv1a64(std::span<const unsigned char> bytes);

/// Where training stands: the epoch and the step (usually optimizer steps) reached.
struct TrainingPosition {
    std::int64_t epoch = 0;
    std::int64_t step = 0;
    bool operator==(const TrainingPosition&) const = default;
};

/// One tensor listed in a checkpoint: its name, shape and where its values start in the file.
struct CheckpointEntry {
    std::string name;
    Index rows = 0;
    Index cols = 0;
    std::size_t offset = 0;
};

/// What a checkpoint says about itself, parsed and checked (magic, version, sizes, checksum):
/// every field but the tensors' values. Enough to decide which model to build, and to compare the
/// shapes it would have with the stored ones before building anything.
struct CheckpointSummary {
    std::string source;                // the path (or name) that messages show
    std::uint64_t file_size = 0;
    std::uint32_t version = checkpoint_version;
    std::uint32_t scalar_size = 4;
    TrainingPosition position;
    std::string optimizer;             // "" when the file holds no optimizer state
    std::int64_t optimizer_steps = 0;
    std::string rng_state;             // "" when the file holds no RNG state
    std::string metadata;
    std::vector<CheckpointEntry> entries;

    /// The entry called `name`, or nullptr.
    const CheckpointEntry* find(std::string_view name) const;
    /// How many values the tensors whose names start with `prefix` hold ("model/": the model's).
    std::uint64_t value_count(std::string_view prefix = "") const;
};

/// Everything a checkpoint file holds: its summary and the bytes the entries point into.
struct CheckpointContents : CheckpointSummary {
    std::vector<unsigned char> bytes;  // the whole file

    /// An entry's values into `out` (resized to the entry's shape). T's size must be scalar_size.
    template <class T>
    void read_values(const CheckpointEntry& entry, Tensor<T>& out) const;
};

/// A tensor's name and shape, as a model would have it: what check_stored_shapes compares.
struct TensorShape {
    std::string name;
    Index rows = 0;
    Index cols = 0;
};

/// A tensor to encode, by name.
template <class T>
struct NamedValues {
    std::string name;
    const Tensor<T>* values;
};

/// The bytes of a checkpoint file (header to checksum) holding these fields and tensors.
template <class T>
std::vector<unsigned char> encode_checkpoint(const TrainingPosition& position, const std::string& optimizer,
                                             std::int64_t optimizer_steps, const std::string& rng_state,
                                             const std::string& metadata, const std::vector<NamedValues<T>>& tensors);

/// Parses a checkpoint file's bytes. Checks, in order: the magic number, the version, the scalar
/// size, that every section and every declared size fits in the bytes that remain (before
/// allocating anything of that size), that the checksum ends the file, and that it matches.
/// `source` (a path) starts each error message.
CheckpointContents parse_checkpoint(std::vector<unsigned char> bytes, const std::string& source);

/// The same checks as parse_checkpoint, on `size` bytes read from `in`, keeping only the summary:
/// the tensors' values are hashed for the checksum as they stream by, in fixed-size chunks, and
/// never stored. Memory is bounded by the file's metadata and table, never by a declared size.
CheckpointSummary peek_checkpoint(std::istream& in, std::uint64_t size, const std::string& source);

/// Checks that the stored tensors whose names start with `prefix` are exactly `expected`: none
/// missing, none extra, each of the same shape. `what` names the other side in messages ("model").
/// Throws CheckpointError naming the first tensor that differs:
///   run.ckpt: shape mismatch for '0.weight': 4x8 in the checkpoint, 4x40000 in the model
void check_stored_shapes(const CheckpointSummary& stored, const std::vector<TensorShape>& expected,
                         const std::string& prefix, const std::string& what);

}  // namespace tapegrad
