// Training: the one loop (fit), experiments built from a config, run directories and model files.
#pragma once

#include "checkpoint_schedule.hpp"
#include "config.hpp"
#include "early_stopping.hpp"
#include "experiment.hpp"
#include "fit.hpp"
#include "model_file.hpp"
#include "optimizer_factory.hpp"
#include "predictions.hpp"
#include "quick_start.hpp"
#include "run_directory.hpp"
#include "table_data.hpp"
#include "trainer.hpp"
