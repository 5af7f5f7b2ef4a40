// A run without a config file: `tapegrad train --data fruit.csv --label fruit` picks sensible
// defaults from the file itself, and `tapegrad init` writes the same as a template to edit, with
// a "//key" comment beside every key. The defaults:
//   task         from the label columns: several -> multilabel; one with 2 values -> binary; else multiclass
//   model        softmax (or logistic) regression; a hidden layer of 32 for 1,000 rows or more
//   data         25% held out for testing, 20% of the rest for validation; text columns one-hot
//                encoded (categorical: auto); features standardised
//   optimizer    Adam, lr 0.01; up to 200 epochs, stopped early when the validation loss has not
//                improved for 10 epochs (the model kept is the best epoch's)
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace tapegrad {

/// The config `train --data PATH --label NAME...` runs, inferred from the file (read once).
/// Throws ValueError naming the file for a missing label column or an unreadable file.
nlohmann::ordered_json quick_config(const std::string& data_path, const std::vector<std::string>& labels);

/// A generic template for a CSV file named train.csv with a label column "label".
nlohmann::ordered_json template_config();

/// The config with a "//key" comment before each key it explains (the strict reader skips them).
nlohmann::ordered_json with_comments(const nlohmann::ordered_json& config);

}  // namespace tapegrad
