// The small real datasets that ship with tapegrad (data/bundled/, sources and licences in
// data/README.md): Iris, the UCI optical digits, and a multi-label view of the digits.
#pragma once

#include "dataset.hpp"

#include <string>

namespace tapegrad {

/// Loads a bundled dataset by name:
///   "iris"               150 x 4, 3 classes (setosa, versicolor, virginica), 50 each
///   "digits"             1797 x 64 (8x8 images, pixels 0..16), 10 classes "0".."9"
///   "digits_multilabel"  the digits images with 4 labels each (see digits_multilabel)
/// Throws ValueError for an unknown name or when the data folder cannot be found.
Dataset load_dataset(const std::string& name);

/// The folder that holds the bundled CSV files. The first that applies:
///   1. $TAPEGRAD_DATA_DIR, when set and not empty (then it must hold the files);
///   2. data/bundled in the source tree the library was built from, if it still exists;
///   3. share/tapegrad/data under the install prefix (where `cmake --install` puts it).
std::string bundled_data_dir();

/// The multi-label view of a digits Dataset: same images, same row order, and four 0/1 labels
/// that are facts about the digit, so one image carries several:
///   even             0 2 4 6 8
///   prime            2 3 5 7
///   at_least_5       5 6 7 8 9
///   has_closed_loop  0 4 6 8 9   (as printed; 8 has two loops, and a printed 4 closes its triangle)
/// A "1" carries none of them: an all-zero row is a valid answer too.
Dataset digits_multilabel(const Dataset& digits);

}  // namespace tapegrad
