// Optimizers, learning-rate schedules, gradient clipping and checkpoints: everything in optim/.
#pragma once

#include "adam.hpp"
#include "checkpoint.hpp"
#include "checkpoint_format.hpp"
#include "clip.hpp"
#include "optimizer.hpp"
#include "plateau.hpp"
#include "rmsprop.hpp"
#include "schedule.hpp"
#include "sgd.hpp"
