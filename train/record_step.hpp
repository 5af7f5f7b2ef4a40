// One training step recorded for a learner to look at: the first rows of the training set, the
// model's forward pass, the loss and the backward walk, with the nodes a learner looks for named.
// The optimizer is not stepped. `tapegrad tape` prints or draws it; the lab's report draws it.
#pragma once

#include "experiment.hpp"

#include "../core/tape_export.hpp"

namespace tapegrad {

struct RecordedStep {
    Index rows = 0;            // examples in the batch
    Var<float> batch, logits, loss;
    TapeExportOptions names;   // "batch", "logits", "loss" and, when the loss takes one, "target"
};

/// Records forward, loss and backward of `experiment`'s model on its first min(rows, n) training
/// examples onto `tape` (cleared first). `batch` receives those examples and the tape's input
/// node borrows it, as Tape::input does: keep it, the tape and the model alive while using the
/// Vars. The parameters' gradients receive this step's gradient, as in a training step.
RecordedStep record_step(Experiment& experiment, Tape<float>& tape, Tensor<float>& batch, Index rows);

}  // namespace tapegrad
