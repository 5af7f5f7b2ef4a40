// Standardisation: rescale each feature column to mean 0 and standard deviation 1, using
// figures learned from the training part only, so that nothing about the test part leaks
// into training. The same figures then scale the test part and any later data.
#pragma once

#include "split.hpp"

#include <string>
#include <vector>

namespace tapegrad {

class Standardizer {
public:
    Standardizer() = default;
    /// A standardizer with known figures (read back from a saved model, say); both (1, d).
    /// column_names, if given, name the columns in messages.
    Standardizer(Tensor<float> mean, Tensor<float> scale, std::vector<std::string> column_names = {});

    /// Learns each column's mean and standard deviation (population form, dividing by m) from x,
    /// in double. A column is constant, and gets scale 1 as in scikit-learn, when its values are
    /// all equal, its variance is within double rounding of 0, or its standard deviation is too
    /// small to be a normal float (dividing by it would overflow). column_names, if given, name
    /// the columns in messages; a non-finite value is refused.
    void fit(const Tensor<float>& x, std::vector<std::string> column_names = {});
    /// x_ij -> (x_ij - mean_j) / scale_j, computed in double and rounded once to float. scale_j is
    /// column j's standard deviation, or 1 for a column that was constant in training: it is
    /// centred to 0, never divided by zero. A result that does not fit in a float (a value far
    /// outside the training range) is refused with ValueError naming the column and row.
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
    std::string column(Index j) const;  // "column \"width\"", or "column 3" without names

    Tensor<float> mean_, scale_;
    std::vector<std::string> names_;
};

/// Fits a Standardizer on split.train's features, scales both parts with it, and returns it.
Standardizer standardize(Split& split);

}  // namespace tapegrad
