// Reading CSV data for training, and again for a trained model: see table_data.hpp.
#include "table_data.hpp"

#include "experiment.hpp"

#include "../core/excerpt.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <filesystem>

namespace tapegrad {
namespace {

EncoderOptions encoder_options(const DataConfig& d) {
    EncoderOptions o;
    o.ignore = d.ignore;
    o.missing = missing_values_from_name(d.missing);
    o.categorical_auto = d.categorical.size() == 1 && d.categorical[0] == "auto";
    if (!o.categorical_auto) o.categorical = d.categorical;
    return o;
}

FileFingerprint fingerprint(const Table& t) {
    return {std::filesystem::absolute(t.source).lexically_normal().string(), t.fingerprint, static_cast<long long>(t.rows())};
}

nlohmann::json file_json(const FileFingerprint& f) { return {{"path", f.path}, {"fingerprint", f.fingerprint}, {"rows", f.rows}}; }

FileFingerprint file_from_json(const nlohmann::json& j) {
    return {j.at("path").get<std::string>(), j.at("fingerprint").get<std::string>(), j.at("rows").get<long long>()};
}

// Positions picked out of a list: {rows[p] for p in positions}.
std::vector<Index> pick(const std::vector<Index>& rows, const std::vector<Index>& positions) {
    std::vector<Index> out;
    out.reserve(positions.size());
    for (Index p : positions) out.push_back(rows[static_cast<std::size_t>(p)]);
    return out;
}

// The label columns' labels of `rows`, with the training classes when given.
Dataset labels_of(const Table& t, const std::vector<std::string>& label_columns, Task task,
                  const std::vector<std::string>& class_names, std::span<const Index> rows) {
    CsvOptions csv;
    csv.labels = label_columns;
    csv.multilabel = task == Task::multilabel;
    if (!csv.multilabel) csv.class_names = class_names;
    std::vector<std::size_t> positions(rows.begin(), rows.end());
    Dataset d;
    read_label_columns(t, find_label_columns(t, label_columns), positions, csv, d);
    return d;
}

Table read_with(const DataDescription& description, const std::string& path) {
    return read_table(path, {delimiter_from_name(description.delimiter)});
}

// The export.json beside `path` that names it, or null.
nlohmann::json export_beside(const std::string& path) {
    namespace fs = std::filesystem;
    const fs::path meta = fs::path(path).parent_path() / "export.json";
    std::error_code ec;
    if (!fs::exists(meta, ec)) return nullptr;
    nlohmann::json j = nlohmann::json::parse(read_text_file(meta.string()), nullptr, false);
    if (j.is_discarded() || !j.is_object() || j.value("format", "") != "tapegrad export") return nullptr;
    const auto files = j.value("files", std::vector<std::string>{});
    if (std::find(files.begin(), files.end(), fs::path(path).filename().string()) == files.end()) return nullptr;
    return j;
}

// An exported table rewritten as the data it came from (see read_for_model).
void undo_export(Table& t, const nlohmann::json& e, const std::vector<std::string>& label_columns) {
    try {
        const auto names = e.at("feature_names").get<std::vector<std::string>>();
        if (e.contains("standardizer") && e["standardizer"].is_object()) {
            const auto mean = e["standardizer"].at("mean").get<std::vector<double>>();
            const auto scale = e["standardizer"].at("scale").get<std::vector<double>>();
            for (std::size_t j = 0; j < names.size() && j < mean.size() && j < scale.size(); ++j) {
                const auto c = t.find(names[j]);
                if (!c) continue;
                for (std::size_t r = 0; r < t.rows(); ++r) {
                    std::string& cell = t.cells[r * t.cols() + *c];
                    if (is_missing_cell(cell)) continue;
                    char text[40];
                    std::snprintf(text, sizeof text, "%.9g", parse_feature_cell(t, r, *c) * scale[j] + mean[j]);
                    cell = text;
                }
            }
        }
        const auto exported = e.at("label_columns").get<std::vector<std::string>>();
        const auto classes = e.at("class_names").get<std::vector<std::string>>();
        if (e.value("labels", "") == "class indices" && exported.size() == 1 && label_columns.size() == 1) {
            const auto c = t.find(exported[0]);
            if (!c) return;
            for (std::size_t r = 0; r < t.rows(); ++r) {
                std::string& cell = t.cells[r * t.cols() + *c];
                const std::size_t k = static_cast<std::size_t>(std::stoul(cell));
                if (k >= classes.size()) t.fail_at(r, *c, "class index " + cell + " is not one of the export's classes");
                cell = classes[k];
            }
            t.names[*c] = label_columns[0];
        }
    } catch (const nlohmann::json::exception&) {
        t.fail("the export.json beside it is malformed; export the data again with `tapegrad export-data`");
    } catch (const std::logic_error&) {
        t.fail("a class index cell is not a whole number, though export.json says the file holds class indices");
    }
}

// A table's rows turned into a Dataset the model can score: features, and labels when wanted.
Dataset encode(const DataDescription& description, Task task, const std::vector<std::string>& class_names,
               const Table& t, const std::vector<Index>& rows, bool with_labels) {
    Dataset d;
    if (with_labels) d = labels_of(t, description.label_columns, task, class_names, rows);
    else d.class_names = class_names;
    d.features = description.encoder.transform(t, rows);
    d.feature_names = description.encoder.feature_names();
    if (!with_labels) {
        if (task == Task::multilabel) d.targets = Tensor<float>::Zero(d.features.rows(), static_cast<Index>(class_names.size()));
        else d.labels.assign(static_cast<std::size_t>(d.features.rows()), 0);  // placeholders: predict ignores them
    }
    return d;
}

std::vector<std::size_t> label_positions(const Table& t, const std::vector<std::string>& names) {
    std::vector<std::size_t> at;
    for (const auto& name : names)
        if (const auto c = t.find(name)) at.push_back(*c);
    return at;
}

}  // namespace

nlohmann::json DataDescription::to_json() const {
    nlohmann::json j = {{"encoder", encoder.to_json()}, {"label_columns", label_columns}, {"delimiter", delimiter}};
    if (train_file) j["train_file"] = file_json(*train_file);
    if (test_file) j["test_file"] = file_json(*test_file);
    if (train_file) {
        j["test_rows"] = test_rows;
        j["validation_rows"] = validation_rows;
    }
    return j;
}

DataDescription DataDescription::from_json(const nlohmann::json& j) {
    DataDescription d;
    try {
        d.encoder = FeatureEncoder::from_json(j.at("encoder"));
        d.label_columns = j.at("label_columns").get<std::vector<std::string>>();
        d.delimiter = j.value("delimiter", std::string("auto"));
        delimiter_from_name(d.delimiter);
        if (j.contains("train_file")) d.train_file = file_from_json(j["train_file"]);
        if (j.contains("test_file")) d.test_file = file_from_json(j["test_file"]);
        d.test_rows = j.value("test_rows", std::vector<Index>{});
        d.validation_rows = j.value("validation_rows", std::vector<Index>{});
    } catch (const nlohmann::json::exception& e) {
        throw ValueError(std::string("the data description is malformed (") + e.what() + ")");
    }
    const long long rows = d.train_file ? d.train_file->rows : 0;
    for (const auto* list : {&d.test_rows, &d.validation_rows})
        for (Index r : *list)
            if (r < 0 || r >= rows) throw ValueError("the data description names row " + std::to_string(r) + " of a file of " + std::to_string(rows) + " rows");
    return d;
}

nlohmann::json export_description(const Experiment& x) {
    const bool multilabel = x.train.is_multilabel();
    nlohmann::json e = {{"format", "tapegrad export"},
                        {"files", {"train.csv", "test.csv"}},
                        {"feature_names", x.train.feature_names},
                        {"label_columns", multilabel ? x.train.class_names : std::vector<std::string>{"label"}},
                        {"labels", multilabel ? "0/1 columns" : "class indices"},
                        {"class_names", x.train.class_names},
                        {"source_label_columns", x.data_description.label_columns},
                        {"standardizer", nullptr}};
    if (x.standardizer.fitted()) {
        const auto row = [](const Tensor<float>& t) { return std::vector<float>(t.data(), t.data() + t.size()); };
        e["standardizer"] = {{"mean", row(x.standardizer.mean())}, {"scale", row(x.standardizer.scale())}};
    }
    return e;
}

void load_csv_data(const RunConfig& config, Experiment& x) {
    const DataConfig& d = config.data;
    DataDescription& description = x.data_description;
    description.label_columns = d.labels;
    description.delimiter = d.delimiter;
    const TableOptions table_options{delimiter_from_name(d.delimiter)};

    const Table t = read_table(d.train, table_options);
    const std::vector<std::size_t> label_columns = find_label_columns(t, d.labels);
    description.encoder = FeatureEncoder(t, d.labels, encoder_options(d));
    const std::vector<Index> rows = description.encoder.usable_rows(t, label_columns);
    description.encoder.transform(t, rows);  // a bad cell anywhere is reported before the split is tried
    if (rows.empty()) t.fail(t.rows() == 0 ? "no data rows below the header" : "every row has a missing value (data.missing: drop_rows)");
    const Dataset labelled = labels_of(t, d.labels, config.task, {}, rows);
    check_task_fits(config, labelled, d.train);
    description.train_file = fingerprint(t);

    // The split is made on the labels alone, so that the encoder can then learn from the training
    // part only. Positions are into `rows`; what the model file keeps are the file's row numbers.
    std::vector<Index> train_at, test_at;
    const bool stratify = !labelled.is_multilabel();
    if (d.test.empty()) {
        const RowSplit s = split_rows(stratify ? std::span<const Index>(labelled.labels) : std::span<const Index>(),
                                      static_cast<Index>(rows.size()), d.test_fraction, static_cast<std::uint64_t>(config.seed));
        train_at = s.train;
        test_at = s.test;
    } else {
        for (Index i = 0; i < static_cast<Index>(rows.size()); ++i) train_at.push_back(i);
    }
    std::vector<Index> validation_at;
    if (d.validation_fraction > 0) {
        // Carved from the training part with its own seed, so the test split is the same with or
        // without validation.
        std::vector<Index> train_labels;
        if (stratify)
            for (Index p : train_at) train_labels.push_back(labelled.labels[static_cast<std::size_t>(p)]);
        const RowSplit v = split_rows(train_labels, static_cast<Index>(train_at.size()), d.validation_fraction,
                                      static_cast<std::uint64_t>(config.seed) + 7919);
        validation_at = pick(train_at, v.test);
        train_at = pick(train_at, v.train);
    }
    const std::vector<Index> train_rows = pick(rows, train_at);
    description.encoder.fit(t, train_rows);
    if (description.encoder.num_features() == 0) t.fail("no features: every input column is empty or ignored");

    Dataset all = encode(description, config.task, labelled.class_names, t, rows, true);
    x.train = all.subset(train_at);
    x.validation = validation_at.empty() ? Dataset{} : all.subset(validation_at);
    description.validation_rows = pick(rows, validation_at);
    if (d.test.empty()) {
        x.test = all.subset(test_at);
        description.test_rows = pick(rows, test_at);
    } else {
        const Table tt = read_table(d.test, table_options);
        const std::vector<Index> test_rows = description.encoder.usable_rows(tt, label_positions(tt, d.labels));
        if (test_rows.empty()) tt.fail("no data rows to test on");
        x.test = encode(description, config.task, labelled.class_names, tt, test_rows, true);
        description.test_file = fingerprint(tt);
    }
}

ModelInput read_for_model(const DataDescription& description, Task task, const std::vector<std::string>& class_names,
                          const std::string& path, bool labels_required) {
    ModelInput in;
    in.table = read_with(description, path);
    if (label_positions(in.table, description.label_columns).size() != description.label_columns.size())
        if (const nlohmann::json e = export_beside(path); !e.is_null()) undo_export(in.table, e, description.label_columns);
    const Table& t = in.table;
    const std::vector<std::size_t> labels = label_positions(t, description.label_columns);
    // predict ignores label columns (a new class in one must not stop it); eval needs them.
    in.has_labels = labels_required && labels.size() == description.label_columns.size();
    if (labels_required && !in.has_labels) {
        std::string names;
        for (const auto& n : description.label_columns) names += (names.empty() ? "" : ", ") + quoted_excerpt(n);
        t.fail("no label column " + names + " to score the model against; the header has " + listed_names(t.names, "columns") +
               "; `tapegrad predict` needs no labels");
    }
    in.rows = description.encoder.usable_rows(t, in.has_labels ? std::span<const std::size_t>(labels) : std::span<const std::size_t>());
    if (labels_required && in.rows.empty()) t.fail("no data rows to score");
    in.data = encode(description, task, class_names, t, in.rows, in.has_labels);
    return in;
}

Dataset stored_split(const DataDescription& description, Task task, const std::vector<std::string>& class_names,
                     const std::string& split) {
    const auto check = [&](const FileFingerprint& f) {
        std::error_code ec;
        if (!std::filesystem::exists(f.path, ec))
            throw ValueError(f.path + ": not found; the model was trained on this file and eval without --data reads its "
                             "test rows from it; pass --data FILE to score another file");
        Table t = read_with(description, f.path);
        if (t.fingerprint != f.fingerprint)
            throw ValueError(f.path + ": the file changed since the model was trained (fingerprint " + t.fingerprint +
                             ", the model recorded " + f.fingerprint +
                             "), so its test rows cannot be found again; pass --data FILE to score a file as it is");
        return t;
    };
    const FileFingerprint& train = description.train_file.value();
    if (split == "test" && description.test_file) {
        const Table t = check(*description.test_file);
        return encode(description, task, class_names, t, description.encoder.usable_rows(t, label_positions(t, description.label_columns)), true);
    }
    const Table t = check(train);
    const std::vector<Index>& rows = split == "validation" ? description.validation_rows : description.test_rows;
    return encode(description, task, class_names, t, rows, true);
}

}  // namespace tapegrad
