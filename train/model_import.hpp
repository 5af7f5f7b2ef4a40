// Weights trained elsewhere made into a tapegrad run: a PyTorch nn.Sequential's state dict saved as
// safetensors ("0.weight" (out, in), "0.bias" (out), "2.weight", ...), checked against the model a
// config describes and written as a run directory that eval, predict and train --resume accept.
#pragma once

#include "experiment.hpp"
#include "safetensors.hpp"

#include <filesystem>
#include <string>

namespace tapegrad {

/// Copies the file's weights into `model`, transposing PyTorch's (out, in) to tapegrad's (in, out).
/// Every name, dtype and shape is checked first (none missing, none extra), so a file that does not
/// fit is refused with SafetensorsError saying what the config expects, and `model` is unchanged.
void load_pytorch_weights(SafetensorsFile& file, MLP<float>& model);

/// Checks the description an exported file carries (feature names, class names, activation,
/// standardiser) against the experiment's, when the file has one; weights from elsewhere carry none.
void check_export_metadata(const SafetensorsFile& file, const Experiment& experiment);

struct ImportResult {
    std::string run_id;
    nlohmann::json scores;  // the imported model's test figures, as `train` prints them
};

/// `tapegrad import`: builds the experiment `config` describes (its data, standardiser and a fresh
/// optimizer), loads the weights into its model and writes the run directory `out` at epoch 0:
/// run.json, metrics.jsonl (no records), last.ckpt, model.ckpt and metrics.json. train --resume
/// then trains the imported weights for the config's epochs. `overwrite` as for train.
ImportResult import_weights(const std::filesystem::path& weights, const RunConfig& config, const std::filesystem::path& out,
                            bool overwrite);

}  // namespace tapegrad
