// Refusing inf and NaN before they reach a file or the screen: see finite_checks.hpp.
#include "finite_checks.hpp"

#include "../core/error.hpp"
#include "../core/excerpt.hpp"

#include <cmath>

namespace tapegrad {

namespace {
std::string kind_of(double v) { return std::isnan(v) ? "NaN" : v > 0 ? "inf" : "-inf"; }
}  // namespace

void require_finite_features(const Dataset& data, const std::string& where) {
    for (Index i = 0; i < data.rows(); ++i)
        for (Index j = 0; j < data.num_features(); ++j)
            if (!std::isfinite(data.features(i, j))) {
                const auto k = static_cast<std::size_t>(j);
                const std::string column = k < data.feature_names.size() ? quoted_excerpt(data.feature_names[k])
                                                                          : std::to_string(j + 1);
                throw ValueError(where + ": row " + std::to_string(i + 1) + ", column " + column + ": the feature is " +
                                 kind_of(data.features(i, j)) + "; nothing was written (check the data or its generator's options)");
            }
}

void require_finite_outputs(const Experiment& x, const Dataset& data, const std::string& where) {
    const Tensor<float> logits = x.logits(data);
    for (Index i = 0; i < logits.rows(); ++i)
        for (Index j = 0; j < logits.cols(); ++j)
            if (!std::isfinite(logits(i, j)))
                throw ValueError(where + ": example " + std::to_string(i + 1) + ": the model's output is " + kind_of(logits(i, j)) +
                                 "; its features lie far outside the range the model was trained on");
}

void require_finite_metrics(const nlohmann::json& metrics, const std::string& where, const std::string& hint) {
    for (const auto& [name, value] : metrics.items())
        if (value.is_number_float() && !std::isfinite(value.get<double>()))
            throw ValueError(where + ": " + name + " is " + kind_of(value.get<double>()) + "; " + hint);
}

}  // namespace tapegrad
