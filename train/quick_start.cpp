// Defaults inferred from a CSV file, and the commented template: see quick_start.hpp.
#include "quick_start.hpp"

#include "../data/csv.hpp"
#include "../data/table.hpp"

#include <filesystem>
#include <map>
#include <set>

namespace tapegrad {
namespace {

nlohmann::ordered_json config_for(const std::string& train, const std::vector<std::string>& labels, const std::string& task,
                                  std::size_t rows) {
    nlohmann::ordered_json data = {{"train", train},
                                   {"labels", labels},
                                   {"test_fraction", 0.25},
                                   {"validation_fraction", 0.2},
                                   {"standardize", true},
                                   {"ignore", nlohmann::ordered_json::array()},
                                   {"missing", "error"},
                                   {"categorical", "auto"},
                                   {"delimiter", "auto"}};
    const bool large = rows >= 1000;
    return {{"task", task},
            {"data", data},
            {"model", {{"hidden", large ? std::vector<int>{32} : std::vector<int>{}}, {"activation", "relu"}}},
            {"loss", {{"name", task == "multiclass" ? "softmax_cross_entropy" : "sigmoid_binary_cross_entropy"}}},
            {"optimizer", {{"name", "adam"}, {"lr", 0.01}}},
            {"epochs", 200},
            {"batch_size", 32},
            {"early_stopping", {{"metric", "val_loss"}, {"patience", 10}}},
            {"seed", 0}};
}

const std::map<std::string, std::string>& comments() {
    static const std::map<std::string, std::string> text = {
        {"task", "multiclass (one class per row), binary (two classes) or multilabel (several 0/1 label columns)"},
        {"train", "the CSV file, relative to this config's folder; add \"test\": \"test.csv\" to test on another file"},
        {"labels", "the label column(s); several make a multi-label task"},
        {"test_fraction", "share of the rows held out for testing (stratified by class, seeded)"},
        {"validation_fraction", "share of the training part held out for early stopping and best.ckpt"},
        {"standardize", "scale each feature by the training part's mean and standard deviation"},
        {"ignore", "columns that are neither features nor labels, e.g. [\"id\"]"},
        {"missing", "a missing cell (empty, NA, NaN, ?): error, drop_rows or mean (the training mean)"},
        {"categorical", "text columns to one-hot encode: a list of names, or \"auto\" for every text column"},
        {"delimiter", "auto, \",\", \";\", \"tab\" or \"|\""},
        {"model", "hidden layer sizes ([] is softmax/logistic regression) and their activation"},
        {"loss", "a loss by registry name, with its options (docs/losses.md)"},
        {"optimizer", "sgd, adam, adamw, rmsprop or adagrad, with lr and their options (docs/training.md)"},
        {"epochs", "passes over the training part (at most, with early stopping)"},
        {"batch_size", "examples per step"},
        {"early_stopping", "stop when metric has not improved for patience epochs (needs validation_fraction > 0)"},
        {"seed", "one seed for the split, the initial weights and the batch order: the same seed trains the same way"},
    };
    return text;
}

}  // namespace

nlohmann::ordered_json quick_config(const std::string& data_path, const std::vector<std::string>& labels) {
    if (labels.empty()) throw ValueError("--label: name the label column (or several, for a multi-label task)");
    const Table t = read_table(data_path);
    const std::vector<std::size_t> columns = find_label_columns(t, labels);
    std::string task = "multilabel";
    if (columns.size() == 1) {
        std::set<std::string> values;
        for (std::size_t r = 0; r < t.rows() && values.size() <= 2; ++r)
            if (!is_missing_cell(t.cell(r, columns[0]))) values.insert(t.cell(r, columns[0]));
        task = values.size() == 2 ? "binary" : "multiclass";
    }
    const std::string path = std::filesystem::absolute(data_path).lexically_normal().string();
    return config_for(path, labels, task, t.rows());
}

nlohmann::ordered_json template_config() { return config_for("train.csv", {"label"}, "multiclass", 0); }

nlohmann::ordered_json with_comments(const nlohmann::ordered_json& config) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const auto& item : config.items()) {
        const auto note = comments().find(item.key());
        if (note != comments().end() && !item.value().is_object()) out["//" + item.key()] = note->second;
        else if (note != comments().end() && item.key() != "data") out["//" + item.key()] = note->second;
        out[item.key()] = item.value().is_object() && item.key() == "data" ? with_comments(item.value()) : item.value();
    }
    return out;
}

}  // namespace tapegrad
