// Standardisation: rescale each feature column to mean 0 and standard deviation 1, using
// figures learned from the training part only, so that nothing about the test part leaks
// into training. The same figures then scale the test part and any later data.
#pragma once

#include "split.hpp"

namespace tapegrad {

class Standardizer {
public:
    Standardizer() = default;
    /// A standardizer with known figures (read back from a saved model, say); both (1, d).
    Standardizer(Tensor<float> mean, Tensor<float> scale);

    /// Learns each column's mean and standard deviation (population form, dividing by m) from x.
    void fit(const Tensor<float>& x);
    /// x_ij -> (x_ij - mean_j) / scale_j. scale_j is column j's standard deviation, or 1 for a
    /// column that was constant in training: it is centred to 0, never divided by zero.
    Tensor<float> transform(const Tensor<float>& x) const;
    void transform_in_place(Tensor<float>& x) const;
    Tensor<float> fit_transform(const Tensor<float>& x) {
        fit(x);
        return transform(x);
    }

    bool fitted() const { return mean_.cols() > 0; }
    const Tensor<float>& mean() const { return mean_; }    // (1, d)
    const Tensor<float>& scale() const { return scale_; }  // (1, d)

private:
    Tensor<float> mean_, scale_;
};

/// Fits a Standardizer on split.train's features, scales both parts with it, and returns it.
Standardizer standardize(Split& split);

}  // namespace tapegrad
