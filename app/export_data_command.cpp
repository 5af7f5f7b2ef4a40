// `tapegrad export-data --config run.json --out DIR`: writes the exact training and test sets a
// config produces (after the seeded split and standardisation) as DIR/train.csv and DIR/test.csv,
// so another tool can be trained on the same examples (bench/sklearn_baseline.py does), and
// DIR/export.json, which lets `tapegrad eval` read those files back.
#include "commands.hpp"
#include "finite_checks.hpp"

#include "../core/files.hpp"
#include "../train/experiment.hpp"

#include <iostream>
#include <sstream>

namespace tapegrad {

namespace {
std::string to_csv(const Dataset& d) {
    std::ostringstream csv;
    csv.precision(9);
    for (const auto& name : d.feature_names) csv << name << ",";
    if (d.is_multilabel())
        for (std::size_t k = 0; k < d.class_names.size(); ++k) csv << d.class_names[k] << (k + 1 < d.class_names.size() ? "," : "");
    else
        csv << "label";
    csv << "\n";
    for (Index i = 0; i < d.rows(); ++i) {
        for (Index j = 0; j < d.num_features(); ++j) csv << d.features(i, j) << ",";
        if (d.is_multilabel())
            for (Index k = 0; k < d.targets.cols(); ++k) csv << d.targets(i, k) << (k + 1 < d.targets.cols() ? "," : "");
        else
            csv << d.labels[static_cast<std::size_t>(i)];
        csv << "\n";
    }
    return csv.str();
}
}  // namespace

int run_export_data(const ExportDataArgs& args) {
    const RunConfig config = load_config(args.config, args.overrides);
    Experiment x;
    load_data(config, x);
    const std::filesystem::path out = args.out;
    require_finite_features(x.train, (out / "train.csv").string());
    require_finite_features(x.test, (out / "test.csv").string());
    ensure_writable_directory(out);
    // All three or none: a full disk leaves an older export whole. export.json says how to read the
    // files back as the data they came from: `eval --data DIR/test.csv` of a model trained from the
    // same data reads it (the features are standardised, the labels indices).
    write_texts_atomically({{out / "train.csv", to_csv(x.train)},
                            {out / "test.csv", to_csv(x.test)},
                            {out / "export.json", export_description(x).dump(1) + "\n"}});
    std::cout << nlohmann::json{{"train", x.train.rows()}, {"test", x.test.rows()}, {"features", x.train.num_features()}}.dump()
              << "\n";
    return 0;
}

}  // namespace tapegrad
