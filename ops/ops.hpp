// Every differentiable op, one family per header. Include the family you use rather than this file:
// a change to one family then recompiles only what uses it (the umbrella tapegrad.hpp includes it).
#pragma once

#include "activation.hpp"
#include "elementwise.hpp"
#include "extrema.hpp"
#include "matmul.hpp"
#include "reduce.hpp"
#include "shape.hpp"
#include "softmax.hpp"
#include "statistics.hpp"
#include "unary.hpp"
