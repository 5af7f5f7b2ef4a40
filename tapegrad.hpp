// tapegrad: everything in one include.  #include <tapegrad/tapegrad.hpp>
#pragma once

#include "core/error.hpp"
#include "core/grad_mode.hpp"
#include "core/gradcheck.hpp"
#include "core/tape.hpp"
#include "core/tape_print.hpp"
#include "core/tensor.hpp"
#include "ops/elementwise.hpp"
#include "ops/matmul.hpp"
