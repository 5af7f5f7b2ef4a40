// Layers, models, initialisation and the training loop: everything in nn/.
#pragma once

#include "export_json.hpp"
#include "init.hpp"
#include "linear.hpp"
#include "mlp.hpp"
#include "train.hpp"
