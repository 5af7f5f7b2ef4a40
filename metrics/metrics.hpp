// Metrics: everything in metrics/ in one include. Single-label tasks in classification.hpp,
// multi-label tasks in multilabel.hpp.
#pragma once

#include "classification.hpp"
#include "multilabel.hpp"
#include "report.hpp"
