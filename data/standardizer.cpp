// Standardizer: column means and standard deviations, summed in double so that large columns
// of float data lose no precision.
#include "standardizer.hpp"

#include <cmath>
#include <string>
#include <utility>

namespace tapegrad {

Standardizer::Standardizer(Tensor<float> mean, Tensor<float> scale) : mean_(std::move(mean)), scale_(std::move(scale)) {
    if (mean_.rows() != 1 || scale_.rows() != 1 || mean_.cols() != scale_.cols())
        throw ShapeError("Standardizer: mean (" + shape_of(mean_) + ") and scale (" + shape_of(scale_) +
                         ") must be rows of the same length");
    if (!((scale_.array() > 0).all() && all_finite(scale_) && all_finite(mean_)))
        throw ValueError("Standardizer: every scale must be finite and > 0, and every mean finite");
}

void Standardizer::fit(const Tensor<float>& x) {
    if (x.rows() == 0 || x.cols() == 0) throw ShapeError("Standardizer::fit: x is " + shape_of(x) + "; it has no data");
    const Tensor<double> xd = x.cast<double>();
    const Eigen::RowVectorXd mean = xd.colwise().mean();
    const Eigen::RowVectorXd var = (xd.rowwise() - mean).array().square().colwise().mean().matrix();
    mean_ = mean.cast<float>();
    scale_.resize(1, x.cols());
    for (Index j = 0; j < x.cols(); ++j) {
        // Test "all values equal" rather than "std == 0": rounding can leave a constant column a
        // tiny non-zero std, and dividing by it would blow rounding noise up to order one.
        const bool constant = x.col(j).maxCoeff() == x.col(j).minCoeff();
        scale_(0, j) = constant ? 1.0f : static_cast<float>(std::sqrt(var(j)));
    }
}

void Standardizer::transform_in_place(Tensor<float>& x) const {
    if (!fitted()) throw ValueError("Standardizer::transform: call fit() on the training features first");
    if (x.cols() != mean_.cols())
        throw ShapeError("Standardizer::transform: x (" + shape_of(x) + ") has " + std::to_string(x.cols()) +
                         " columns, but the standardizer was fitted on " + std::to_string(mean_.cols()));
    x = ((x.rowwise() - mean_.row(0)).array().rowwise() / scale_.row(0).array()).matrix();
}

Tensor<float> Standardizer::transform(const Tensor<float>& x) const {
    Tensor<float> out = x;
    transform_in_place(out);
    return out;
}

Standardizer standardize(Split& split) {
    Standardizer s;
    s.fit(split.train.features);
    s.transform_in_place(split.train.features);
    s.transform_in_place(split.test.features);
    return s;
}

}  // namespace tapegrad
