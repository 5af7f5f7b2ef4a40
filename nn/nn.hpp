// Layers, models and initialisation: everything in nn/ (the training loop is in train/).
#pragma once

#include "activations.hpp"
#include "export_json.hpp"
#include "init.hpp"
#include "linear.hpp"
#include "mlp.hpp"
