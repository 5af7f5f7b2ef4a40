// The yardstick: the training step written by hand in Eigen, forward and backward derived on
// paper, as a careful person would write it: exp and log on whole arrays (Eigen's vectorised
// functions), every buffer allocated once, each pass over the data done once. tapegrad's step is
// timed against this one (bench_steps) and must reach the same losses (tests/nn/test_reference_steps).
//
// Legend.  B batch   D inputs   H hidden   C outputs   X: (B,D)   W_l: (in,out)   b_l: (1,out)
//   A_0 = X,  Z_l = A_l W_l + b_l,  A_{l+1} = relu(Z_l) for hidden layers,  Z = the last Z_l (logits)
//   dZ = dL/dZ, dW = dL/dW, db = dL/db
//
// Row reductions (max, sum, dot over the C entries of a row) are plain loops over the row: Eigen's
// rowwise() reductions are 5-10x slower on rows this short (64x10: 490 ns against 80 ns measured).
#pragma once

#include <Eigen/Dense>

#include <cmath>
#include <cstdint>
#include <vector>

namespace bench {

using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Index = Eigen::Index;

enum class LossKind { softmax_cross_entropy, sigmoid_binary_cross_entropy, mse_softmax };
enum class OptimizerKind { sgd, sgd_momentum, adam };

// Row-wise helpers on contiguous rows.  out: (B,1)
inline void row_max(const Matrix& Z, Matrix& out) {
    out.resize(Z.rows(), 1);
    for (Index i = 0; i < Z.rows(); ++i) {
        const float* z = Z.data() + i * Z.cols();
        float m = z[0];
        for (Index c = 1; c < Z.cols(); ++c) m = z[c] > m ? z[c] : m;
        out(i, 0) = m;
    }
}
inline void row_sum(const Matrix& Z, Matrix& out) {
    out.resize(Z.rows(), 1);
    for (Index i = 0; i < Z.rows(); ++i) {
        const float* z = Z.data() + i * Z.cols();
        float s = 0;
        for (Index c = 0; c < Z.cols(); ++c) s += z[c];
        out(i, 0) = s;
    }
}

// P = softmax(Z) over rows, through the shifted logits S = Z - max (so e^ never overflows).
//   lse: (B,1) gets ln sum_c e^(Z_ic - M_i), the log-sum-exp minus the row max M (also left in M)
inline void softmax_rows(const Matrix& Z, Matrix& P, Matrix& M, Matrix& lse) {
    row_max(Z, M);
    P.resize(Z.rows(), Z.cols());
    for (Index i = 0; i < Z.rows(); ++i) P.row(i).array() = Z.row(i).array() - M(i, 0);
    P.array() = P.array().exp();  // one exp per entry, vectorised
    row_sum(P, lse);
    for (Index i = 0; i < Z.rows(); ++i) P.row(i) *= 1.0f / lse(i, 0);
    lse.array() = lse.array().log();
}

struct Reference {
    LossKind loss_kind;
    OptimizerKind optimizer_kind;
    float lr;
    std::vector<Matrix> W, b;      // parameters, layer by layer
    std::vector<Matrix> A;         // A[l]: the input of layer l (A[0] is unused: X is read directly)
    Matrix Z, dZ, dA;              // logits, dL/dlogits, dL/d(a hidden layer's output)
    std::vector<Matrix> dW, db;    // gradients
    std::vector<Matrix> mW, mb, vW, vb;  // momentum buffers / Adam moments
    Matrix M, lse, scratch;        // per-row max and log-sum-exp, scratch of the loss
    std::int64_t steps = 0;

    Reference(LossKind loss, OptimizerKind optimizer, float learning_rate, std::vector<Matrix> weights,
              std::vector<Matrix> biases)
        : loss_kind(loss), optimizer_kind(optimizer), lr(learning_rate), W(std::move(weights)), b(std::move(biases)) {
        const std::size_t L = W.size();
        A.resize(L);
        dW.resize(L);
        db.resize(L);
        for (std::size_t l = 0; l < L; ++l) {
            mW.push_back(Matrix::Zero(W[l].rows(), W[l].cols()));
            vW.push_back(Matrix::Zero(W[l].rows(), W[l].cols()));
            mb.push_back(Matrix::Zero(1, b[l].cols()));
            vb.push_back(Matrix::Zero(1, b[l].cols()));
        }
    }

    // Mean softmax cross-entropy over rows.  L = mean_i (M_i + lse_i - Z_i,y_i)
    // dZ = (softmax(Z) - onehot(y)) / B
    float softmax_cross_entropy(const std::vector<Index>& y) {
        const Index B = Z.rows();
        softmax_rows(Z, dZ, M, lse);
        float loss = 0;
        for (Index i = 0; i < B; ++i) loss += M(i, 0) + lse(i, 0) - Z(i, y[static_cast<std::size_t>(i)]);
        dZ *= 1.0f / static_cast<float>(B);
        for (Index i = 0; i < B; ++i) dZ(i, y[static_cast<std::size_t>(i)]) -= 1.0f / static_cast<float>(B);
        return loss / static_cast<float>(B);
    }

    // Mean sigmoid binary cross-entropy over all B x C entries, with e = e^-|z| (never overflows):
    //   L = max(z, 0) - z t + log1p(e)        dL/dz = (sigmoid(z) - t) / (B C)
    //   sigmoid(z) = 1 / (1 + e) for z >= 0, e / (1 + e) otherwise
    float sigmoid_binary_cross_entropy(const Matrix& T) {
        const float n = static_cast<float>(Z.size());
        scratch.resize(Z.rows(), Z.cols());
        dZ.resize(Z.rows(), Z.cols());
        scratch.array() = (-Z.array().abs()).exp();  // e
        const float loss = (Z.array().max(0.0f) - Z.array() * T.array() + scratch.array().log1p()).sum();
        dZ.array() = ((Z.array() >= 0).select(1.0f, scratch.array()) / (1.0f + scratch.array()) - T.array()) / n;
        return loss / n;
    }

    // Mean squared error between softmax(Z) and T over all B x C entries.
    //   P = softmax(Z)   L = mean (P - T)^2   G = dL/dP = 2 (P - T) / (B C)
    //   dZ_ic = P_ic (G_ic - sum_k G_ik P_ik)       (the softmax Jacobian applied to G)
    float mse_softmax(const Matrix& T) {
        softmax_rows(Z, scratch, M, lse);
        const float n = static_cast<float>(Z.size());
        dZ.resize(Z.rows(), Z.cols());
        dZ.array() = (scratch.array() - T.array()) * (2.0f / n);  // G
        const float loss = (scratch - T).squaredNorm() / n;
        for (Index i = 0; i < Z.rows(); ++i) {
            const float* g = dZ.data() + i * Z.cols();
            const float* p = scratch.data() + i * Z.cols();
            float dot = 0;
            for (Index c = 0; c < Z.cols(); ++c) dot += g[c] * p[c];
            dZ.row(i).array() = scratch.row(i).array() * (dZ.row(i).array() - dot);
        }
        return loss;
    }

    float step(const Matrix& X, const std::vector<Index>& classes, const Matrix& T) {
        const std::size_t L = W.size();
        // Forward: Z_l = A_l W_l + b_l, then relu in place for hidden layers.
        for (std::size_t l = 0; l < L; ++l) {
            const Matrix& in = l == 0 ? X : A[l];
            Matrix& out = l + 1 < L ? A[l + 1] : Z;
            out.noalias() = in * W[l];
            if (l + 1 < L) out = (out.rowwise() + b[l].row(0)).cwiseMax(0.0f);  // bias and relu, one pass
            else out.rowwise() += b[l].row(0);
        }
        float loss = 0;
        switch (loss_kind) {
            case LossKind::softmax_cross_entropy: loss = softmax_cross_entropy(classes); break;
            case LossKind::sigmoid_binary_cross_entropy: loss = sigmoid_binary_cross_entropy(T); break;
            case LossKind::mse_softmax: loss = mse_softmax(T); break;
        }
        // Backward: dW_l = A_l^T dZ_l, db_l = column sums of dZ_l, dA_l = dZ_l W_l^T masked by relu'.
        Matrix* d = &dZ;  // dL/dZ_l
        for (std::size_t l = L; l-- > 0;) {
            const Matrix& in = l == 0 ? X : A[l];
            dW[l].noalias() = in.transpose() * *d;
            db[l] = d->colwise().sum();
            if (l > 0) {
                dA.noalias() = *d * W[l].transpose();
                dA = (A[l].array() > 0).select(dA, 0.0f);  // relu'(z) = 1 where z > 0, that is where A > 0
                d = &dA;
            }
        }
        update();
        return loss;
    }

    void update() {
        ++steps;
        for (std::size_t l = 0; l < W.size(); ++l) {
            update_one(W[l], dW[l], mW[l], vW[l]);
            update_one(b[l], db[l], mb[l], vb[l]);
        }
    }

    // SGD: p -= lr g.   Momentum 0.9 (PyTorch's rule): m = g at step 1, then m = 0.9 m + g; p -= lr m.
    // Adam (0.9, 0.999, 1e-8): m = b1 m + (1-b1) g, v = b2 v + (1-b2) g^2,
    //   p -= lr / (1 - b1^t) m / (sqrt(v) / sqrt(1 - b2^t) + eps)
    void update_one(Matrix& p, const Matrix& g, Matrix& m, Matrix& v) {
        switch (optimizer_kind) {
            case OptimizerKind::sgd: p -= lr * g; break;
            case OptimizerKind::sgd_momentum:
                if (steps == 1) m = g;
                else m = 0.9f * m + g;
                p -= lr * m;
                break;
            case OptimizerKind::adam: {
                const double t = static_cast<double>(steps);
                const float step_size = static_cast<float>(lr / (1 - std::pow(0.9, t)));
                const float bc2_sqrt = static_cast<float>(std::sqrt(1 - std::pow(0.999, t)));
                m.array() = 0.9f * m.array() + (1 - 0.9f) * g.array();
                v.array() = 0.999f * v.array() + (1 - 0.999f) * g.array() * g.array();
                p.array() -= step_size * m.array() / (v.array().sqrt() / bc2_sqrt + 1e-8f);
                break;
            }
        }
    }
};

}  // namespace bench
