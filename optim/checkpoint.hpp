// Checkpoints: save a model's parameters, its optimizer's state, the RNG and the training position
// to one file, and restore them so that training continues bit for bit as if never stopped.
// The code sits in optim/ because it needs the Optimizer; it sees a model only through its
// parameter list, so it works for any model. The byte layout is in checkpoint_format.hpp.
#pragma once

#include "../core/files.hpp"
#include "../core/rng.hpp"
#include "checkpoint_format.hpp"
#include "optimizer.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace tapegrad {

/// What a checkpoint saves and restores. Only `parameters` is required.
///   TrainingState<float> state{model.parameters(), &optimizer, &rng, {epoch, step}};
template <class T>
struct TrainingState {
    std::vector<Parameter<T>*> parameters;  // saved as "model/<name>"
    Optimizer<T>* optimizer = nullptr;      // its step count and state tensors, as "optim/<name>/<slot>"
    Rng* rng = nullptr;                     // the engine's full state
    TrainingPosition position;              // saved; set by load
    std::string metadata;                   // saved; set by load. Free text, JSON by convention
};

/// Writes the checkpoint atomically: into a temporary file in the same directory, flushed to disk
/// (fsync), then renamed over `path`. A reader sees the old file or the new one, never half of
/// one; if anything fails, the temporary file is removed, the old file is untouched, and
/// CheckpointError says what failed.
template <class T>
void save_checkpoint(const std::filesystem::path& path, const TrainingState<T>& state);

/// Restores `state` from `path`. Checks first, changes nothing until every check has passed:
///   the file (magic, version, sizes against the file length, checksum: see parse_checkpoint),
///   then against `state`: the scalar type, every parameter's name and shape (none missing, none
///   extra), the optimizer's kind and state tensors if state.optimizer is set, the RNG state if
///   state.rng is set. A failed check throws CheckpointError naming the check and the tensor.
/// The file may hold an optimizer or RNG that `state` does not ask for (to evaluate a model, say).
template <class T>
void load_checkpoint(const std::filesystem::path& path, TrainingState<T>& state);

/// Reads and checks a checkpoint without a model: for tools that list its tensors or read its
/// metadata to decide which model to build. Holds the whole file in memory.
CheckpointContents read_checkpoint(const std::filesystem::path& path);

/// Reads and checks a checkpoint (every check read_checkpoint makes, checksum included) but keeps
/// only its summary: metadata, optimizer, position and each tensor's name and stored shape. The
/// values stream by for the checksum and are not stored, so peeking costs memory in proportion
/// to the metadata and table, never to what the file declares. Check the metadata against the
/// stored shapes (check_stored_shapes, value_count) before building the model it describes:
///   const CheckpointSummary s = peek_checkpoint("run/model.ckpt");
///   check_stored_shapes(s, shapes_the_metadata_implies, "model/", "model described by the metadata");
CheckpointSummary peek_checkpoint(const std::filesystem::path& path);

/// The temporary file save_checkpoint writes before renaming: ".<name>.tmp" beside `path`.
std::filesystem::path checkpoint_temp_path(const std::filesystem::path& path);

// write_file_atomically, which save_checkpoint uses, is in core/files.hpp.

}  // namespace tapegrad
