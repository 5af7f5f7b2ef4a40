// The gradient of the loss over a whole data set at the model's current weights, for measuring
// (the lab's gradient flow), not for training: the parameters' gradient buffers are lent to the
// pass and put back afterwards, so the training loop goes on exactly as without it.
#pragma once

#include "experiment.hpp"

#include <vector>

namespace tapegrad {

struct FullGradient {
    Tensor<float> logits;                 // z on every row of the data
    Tensor<float> grad_logits;            // dL/dz, the loss as configured (its own reduction)
    std::vector<Tensor<float>> params;    // dL/dtheta, in the order of experiment.model->parameters()
};

/// One forward and backward pass of the experiment's loss over all of `data` (gradients on).
FullGradient full_gradient(Experiment& experiment, const Dataset& data);

}  // namespace tapegrad
