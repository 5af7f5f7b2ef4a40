// Finding and loading the bundled data files, and building the multi-label digits view.
#include "bundled.hpp"

#include "csv.hpp"

#include <array>
#include <cstdlib>
#include <filesystem>

namespace tapegrad {

std::string bundled_data_dir() {
    namespace fs = std::filesystem;
    if (const char* env = std::getenv("TAPEGRAD_DATA_DIR"); env != nullptr && *env != '\0') return env;
    std::string looked;
    for (const char* dir : {
#ifdef TAPEGRAD_SOURCE_DATA_DIR
             TAPEGRAD_SOURCE_DATA_DIR,
#endif
#ifdef TAPEGRAD_INSTALL_DATA_DIR
             TAPEGRAD_INSTALL_DATA_DIR,
#endif
             "" }) {
        if (*dir == '\0') continue;
        std::error_code ec;
        if (fs::exists(fs::path(dir) / "iris.csv", ec)) return dir;
        looked += (looked.empty() ? "" : ", ") + std::string(dir);
    }
    throw ValueError("bundled data: no folder holds iris.csv (looked in: " + (looked.empty() ? "nowhere" : looked) +
                     "); set TAPEGRAD_DATA_DIR to the folder with the bundled CSV files");
}

Dataset digits_multilabel(const Dataset& digits) {
    //                              digit: 0  1  2  3  4  5  6  7  8  9
    static constexpr std::array<std::array<int, 10>, 4> table = {{
        {1, 0, 1, 0, 1, 0, 1, 0, 1, 0},  // even
        {0, 0, 1, 1, 0, 1, 0, 1, 0, 0},  // prime
        {0, 0, 0, 0, 0, 1, 1, 1, 1, 1},  // at_least_5
        {1, 0, 0, 0, 1, 0, 1, 0, 1, 1},  // has_closed_loop
    }};
    if (digits.is_multilabel() || digits.num_classes() != 10)
        throw ValueError("digits_multilabel: expects the digits dataset, with 10 classes (got " +
                         std::to_string(digits.num_classes()) + ")");
    Dataset view{digits.features, {}, Tensor<float>(digits.rows(), 4), digits.feature_names,
                 {"even", "prime", "at_least_5", "has_closed_loop"}};
    for (Index i = 0; i < digits.rows(); ++i)
        for (Index l = 0; l < 4; ++l)
            view.targets(i, l) = static_cast<float>(table[static_cast<std::size_t>(l)][static_cast<std::size_t>(digits.labels[static_cast<std::size_t>(i)])]);
    view.check();
    return view;
}

Dataset load_dataset(const std::string& name) {
    const auto path = [](const char* file) { return (std::filesystem::path(bundled_data_dir()) / file).string(); };
    if (name == "iris") return read_csv(path("iris.csv"), {.labels = {"species"}});
    if (name == "digits") return read_csv(path("digits.csv"), {.labels = {"digit"}});
    if (name == "digits_multilabel") return digits_multilabel(load_dataset("digits"));
    throw ValueError("load_dataset: no bundled dataset \"" + name +
                     "\"; the bundled datasets are iris, digits, digits_multilabel "
                     "(generators such as moons are made with generate_dataset)");
}

}  // namespace tapegrad
