// Every loss, the measures (entropy, cross-entropy, KL) and the loss registry, in one include:
//   #include <tapegrad/losses/losses.hpp>    (tapegrad.hpp includes it too)
#pragma once

#include "binary_cross_entropy.hpp"
#include "information.hpp"
#include "kl_divergence.hpp"
#include "loss.hpp"
#include "loss_config.hpp"
#include "mse.hpp"
#include "nll.hpp"
#include "reduction.hpp"
#include "registry.hpp"
#include "sigmoid_binary_cross_entropy.hpp"
#include "softmax_cross_entropy.hpp"
#include "validate.hpp"
