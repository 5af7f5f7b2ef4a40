// Datasets: everything in data/ in one include. A Dataset comes from a CSV file (csv.hpp), a
// bundled file (bundled.hpp) or a generator (generators.hpp, or by name through catalog.hpp);
// it is then split (split.hpp), scaled (standardizer.hpp) and cut into mini-batches (batches.hpp).
#pragma once

#include "batches.hpp"
#include "bundled.hpp"
#include "catalog.hpp"
#include "csv.hpp"
#include "dataset.hpp"
#include "encoder.hpp"
#include "generators.hpp"
#include "split.hpp"
#include "standardizer.hpp"
#include "table.hpp"
