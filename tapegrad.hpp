// tapegrad: everything in one include.  #include <tapegrad/tapegrad.hpp>
#pragma once

#include "core/anomaly.hpp"
#include "core/error.hpp"
#include "core/grad_mode.hpp"
#include "core/files.hpp"
#include "core/gradcheck.hpp"
#include "core/json_file.hpp"
#include "core/options.hpp"
#include "core/rng.hpp"
#include "core/tape.hpp"
#include "core/tape_explain.hpp"
#include "core/tape_export.hpp"
#include "core/tape_print.hpp"
#include "core/tape_svg.hpp"
#include "core/tensor.hpp"
#include "ops/ops.hpp"
#if __has_include("losses/losses.hpp")
#include "losses/losses.hpp"
#endif
#if __has_include("nn/nn.hpp")
#include "nn/nn.hpp"
#endif
#if __has_include("optim/optim.hpp")
#include "optim/optim.hpp"
#endif
#if __has_include("data/data.hpp")
#include "data/data.hpp"
#endif
#if __has_include("metrics/metrics.hpp")
#include "metrics/metrics.hpp"
#endif
#if __has_include("train/train.hpp")
#include "train/train.hpp"
#endif
