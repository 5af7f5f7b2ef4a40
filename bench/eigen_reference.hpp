// The yardstick: the same training step written by hand in Eigen, forward and backward derived
// on paper, every buffer allocated once. tapegrad's step is timed against this one.
//   X: (B,D) inputs   W1: (D,H)  b1: (1,H)   W2: (H,C)  b2: (1,C)   y: B class indices
#pragma once

#include <Eigen/Dense>

#include <cmath>
#include <vector>

namespace bench {

using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Softmax cross-entropy over rows, mean over the batch. Leaves dL/dZ = (softmax(Z) - Y) / B in dZ.
inline float softmax_cross_entropy(const Matrix& Z, const std::vector<Eigen::Index>& y, Matrix& dZ) {
    const auto B = Z.rows();
    float loss = 0;
    dZ.resize(Z.rows(), Z.cols());
    for (Eigen::Index i = 0; i < B; ++i) {
        const float m = Z.row(i).maxCoeff();
        dZ.row(i) = (Z.row(i).array() - m).exp();
        const float s = dZ.row(i).sum();
        loss += std::log(s) + m - Z(i, y[static_cast<std::size_t>(i)]);
        dZ.row(i) /= s;
        dZ(i, y[static_cast<std::size_t>(i)]) -= 1;
    }
    dZ /= static_cast<float>(B);
    return loss / static_cast<float>(B);
}

// Softmax regression: Z = X W + b.
struct LogReg {
    Matrix W, b, Z, dZ, dW, db;
    float step(const Matrix& X, const std::vector<Eigen::Index>& y, float lr) {
        Z.noalias() = X * W;
        Z.rowwise() += b.row(0);
        const float loss = softmax_cross_entropy(Z, y, dZ);
        dW.noalias() = X.transpose() * dZ;  // dL/dW = X^T dZ
        db = dZ.colwise().sum();            // dL/db = column sums of dZ
        W -= lr * dW;
        b -= lr * db;
        return loss;
    }
};

// Two-layer MLP: H = relu(X W1 + b1), Z = H W2 + b2.
struct Mlp {
    Matrix W1, b1, W2, b2, H, Z, dZ, dH, dW1, db1, dW2, db2;
    float step(const Matrix& X, const std::vector<Eigen::Index>& y, float lr) {
        H.noalias() = X * W1;
        H.rowwise() += b1.row(0);
        H = H.cwiseMax(0.0f);
        Z.noalias() = H * W2;
        Z.rowwise() += b2.row(0);
        const float loss = softmax_cross_entropy(Z, y, dZ);
        dW2.noalias() = H.transpose() * dZ;
        db2 = dZ.colwise().sum();
        dH.noalias() = dZ * W2.transpose();
        dH = (H.array() > 0).select(dH, 0.0f);  // relu'(a) = 1 where a > 0, that is where H > 0
        dW1.noalias() = X.transpose() * dH;
        db1 = dH.colwise().sum();
        W1 -= lr * dW1;
        b1 -= lr * db1;
        W2 -= lr * dW2;
        b2 -= lr * db2;
        return loss;
    }
};

}  // namespace bench
