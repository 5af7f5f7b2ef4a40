// Every differentiable op, one family per header.
#pragma once

#include "activation.hpp"
#include "elementwise.hpp"
#include "matmul.hpp"
#include "reduce.hpp"
#include "shape.hpp"
#include "softmax.hpp"
#include "unary.hpp"
