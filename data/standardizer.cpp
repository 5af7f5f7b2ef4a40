// Standardizer: column means and standard deviations, computed in double from the float data, so
// that neither a huge column (x - mean overflowing float) nor a near-constant one (a spread that
// rounds to 0 in float) turns features into inf or NaN.
#include "standardizer.hpp"

#include "../core/excerpt.hpp"

#include <cfloat>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>

namespace tapegrad {

namespace {

std::string number(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", v);
    return text;
}

// A column with this mean and variance over m rows is constant as far as the numbers can tell:
//   - its variance is within double's rounding error of 0, the bound scikit-learn uses
//     (sklearn.preprocessing._data._is_constant_feature): var <= m eps var + (m mean eps)^2;
//   - or its standard deviation is no normal float (below 1.2e-38): stored as a float scale it
//     would round to 0 or a subnormal, and 1 / scale would overflow.
bool is_constant(double mean, double var, double m) {
    constexpr double eps = DBL_EPSILON;
    if (var <= m * eps * var + (m * mean * eps) * (m * mean * eps)) return true;
    const float scale = static_cast<float>(std::sqrt(var));
    return !std::isfinite(scale) || scale < FLT_MIN;
}

}  // namespace

Standardizer::Standardizer(Tensor<float> mean, Tensor<float> scale, std::vector<std::string> column_names)
    : mean_(std::move(mean)), scale_(std::move(scale)), names_(std::move(column_names)) {
    if (mean_.rows() != 1 || scale_.rows() != 1 || mean_.cols() != scale_.cols())
        throw ShapeError("Standardizer: mean (" + shape_of(mean_) + ") and scale (" + shape_of(scale_) +
                         ") must be rows of the same length");
    if (!((scale_.array() > 0).all() && all_finite(scale_) && all_finite(mean_)))
        throw ValueError("Standardizer: every scale must be finite and > 0, and every mean finite");
}

std::string Standardizer::column(Index j) const {
    const auto k = static_cast<std::size_t>(j);
    return "column " + (k < names_.size() ? quoted_excerpt(names_[k]) : std::to_string(j + 1));
}

void Standardizer::fit(const Tensor<float>& x, std::vector<std::string> column_names) {
    if (x.rows() == 0 || x.cols() == 0) throw ShapeError("Standardizer::fit: x is " + shape_of(x) + "; it has no data");
    names_ = std::move(column_names);
    for (Index i = 0; i < x.rows(); ++i)
        for (Index j = 0; j < x.cols(); ++j)
            if (!std::isfinite(x(i, j)))
                throw ValueError("Standardizer::fit: " + column(j) + ", row " + std::to_string(i + 1) +
                                 " is not a finite number");
    const Tensor<double> xd = x.cast<double>();
    const Eigen::RowVectorXd mean = xd.colwise().mean();
    const Eigen::RowVectorXd var = (xd.rowwise() - mean).array().square().colwise().mean().matrix();
    mean_ = mean.cast<float>();
    scale_.resize(1, x.cols());
    for (Index j = 0; j < x.cols(); ++j) {
        // Test "all values equal" as well: rounding can leave a constant column a tiny non-zero
        // std, and dividing by it would blow rounding noise up to order one. A constant column
        // gets scale 1, as scikit-learn's StandardScaler does: it is centred, never divided by 0.
        const bool constant = x.col(j).maxCoeff() == x.col(j).minCoeff() ||
                              is_constant(mean(j), var(j), static_cast<double>(x.rows()));
        scale_(0, j) = constant ? 1.0f : static_cast<float>(std::sqrt(var(j)));
    }
}

void Standardizer::transform_in_place(Tensor<float>& x) const {
    if (!fitted()) throw ValueError("Standardizer::transform: call fit() on the training features first");
    if (x.cols() != mean_.cols())
        throw ShapeError("Standardizer::transform: x (" + shape_of(x) + ") has " + std::to_string(x.cols()) +
                         " columns, but the standardizer was fitted on " + std::to_string(mean_.cols()));
    // In double, rounded once: x - mean of two floats near 3.4e38 overflows float, not double.
    for (Index i = 0; i < x.rows(); ++i) {
        for (Index j = 0; j < x.cols(); ++j) {
            const double mean = mean_(0, j), scale = scale_(0, j);
            const auto z = static_cast<float>((x(i, j) - mean) / scale);
            if (!std::isfinite(z))
                throw ValueError("Standardizer: " + column(j) + ", row " + std::to_string(i + 1) + ": (" +
                                 number(x(i, j)) + " - " + number(mean) + ") / " + number(scale) +
                                 " does not fit in a float; the value lies far outside the range the "
                                 "standardizer was fitted on");
            x(i, j) = z;
        }
    }
}

Tensor<float> Standardizer::transform(const Tensor<float>& x) const {
    Tensor<float> out = x;
    transform_in_place(out);
    return out;
}

Standardizer standardize(Split& split) {
    Standardizer s;
    s.fit(split.train.features, split.train.feature_names);
    s.transform_in_place(split.train.features);
    s.transform_in_place(split.test.features);
    return s;
}

}  // namespace tapegrad
