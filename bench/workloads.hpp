// The benchmark's workloads, shared by bench_steps, the test that tapegrad and the hand reference
// reach the same losses (tests/nn/test_reference_steps.cpp) and the allocation test: the networks,
// their data and starting weights (fixed by a seed), and one training step on each side.
//
//   W1 logreg      64 -> 10            softmax cross-entropy   batch 64    SGD
//   W2 mlp         784 -> 256 -> 10    softmax cross-entropy   batch 128   SGD, momentum 0.9
//   W3 multilabel  100 -> 128 -> 14    sigmoid BCE             batch 64    Adam
//   W4 mse         64 -> 10            MSE on softmax          batch 64    SGD
#pragma once

#include "eigen_reference.hpp"

#include <tapegrad/tapegrad.hpp>

#include <memory>
#include <string>
#include <vector>

namespace bench {

struct Workload {
    std::string name;
    Index batch;
    std::vector<Index> sizes;  // inputs, hidden..., outputs
    LossKind loss;
    OptimizerKind optimizer;
    float lr;
};

inline std::vector<Workload> standard_workloads() {
    return {
        {"logreg", 64, {64, 10}, LossKind::softmax_cross_entropy, OptimizerKind::sgd, 0.1f},
        {"mlp", 128, {784, 256, 10}, LossKind::softmax_cross_entropy, OptimizerKind::sgd_momentum, 0.01f},
        {"multilabel", 64, {100, 128, 14}, LossKind::sigmoid_binary_cross_entropy, OptimizerKind::adam, 1e-3f},
        {"mse", 64, {64, 10}, LossKind::mse_softmax, OptimizerKind::sgd, 0.5f},
    };
}

// One fixed batch: standard normal inputs, a class per row, and the dense targets the loss reads
// (one-hot rows for mse_softmax, rows of independent 0/1 labels with P(1) = 0.3 for BCE).
struct Batch {
    Matrix X;
    std::vector<Index> classes;
    Matrix targets;
};

inline Batch make_batch(const Workload& w, tapegrad::Rng& rng) {
    const Index C = w.sizes.back();
    Batch b{rng.normal_tensor<float>(w.batch, w.sizes.front()), {}, Matrix::Zero(w.batch, C)};
    for (Index i = 0; i < w.batch; ++i) {
        b.classes.push_back(static_cast<Index>(rng.below(static_cast<std::uint64_t>(C))));
        if (w.loss == LossKind::mse_softmax) b.targets(i, b.classes.back()) = 1;
        if (w.loss == LossKind::sigmoid_binary_cross_entropy)
            for (Index c = 0; c < C; ++c) b.targets(i, c) = rng.uniform() < 0.3 ? 1.0f : 0.0f;
    }
    return b;
}

// tapegrad's step, written as train_step writes it: record the model and the loss, zero the
// gradients, walk the tape back, update. (No gradient norm: nothing here clips or logs it.)
struct TapegradSide {
    tapegrad::MLP<float> model;
    std::unique_ptr<tapegrad::Optimizer<float>> optimizer;
    tapegrad::Tape<float> tape;
    LossKind loss_kind;

    TapegradSide(const Workload& w, tapegrad::Rng& rng)
        : model(w.sizes.front(), std::vector<Index>(w.sizes.begin() + 1, w.sizes.end() - 1), w.sizes.back(), rng),
          loss_kind(w.loss) {
        using namespace tapegrad;
        switch (w.optimizer) {
            case OptimizerKind::sgd: optimizer = std::make_unique<SGD<float>>(model.parameters(), SGDOptions(w.lr)); break;
            case OptimizerKind::sgd_momentum:
                optimizer = std::make_unique<SGD<float>>(model.parameters(), SGDOptions(w.lr).momentum(0.9));
                break;
            case OptimizerKind::adam: optimizer = std::make_unique<Adam<float>>(model.parameters(), AdamOptions(w.lr)); break;
        }
    }

    float step(const Batch& b) {
        using namespace tapegrad;
        tape.clear();
        Var<float> z = model.forward(tape, tape.input(b.X));
        Var<float> L;
        switch (loss_kind) {
            case LossKind::softmax_cross_entropy: L = softmax_cross_entropy(z, std::span<const Index>(b.classes)); break;
            case LossKind::sigmoid_binary_cross_entropy: L = sigmoid_binary_cross_entropy(z, tape.input(b.targets)); break;
            case LossKind::mse_softmax: L = mse_softmax(z, tape.input(b.targets)); break;
        }
        optimizer->zero_grad();
        tape.backward(L);
        optimizer->step();
        return L.item();
    }

    // The hand reference, starting from this model's weights.
    Reference reference(const Workload& w) {
        std::vector<Matrix> W, bias;
        for (auto& layer : model.layers) {
            W.push_back(layer.weight.value);
            bias.push_back(layer.bias.value);
        }
        return Reference(w.loss, w.optimizer, w.lr, std::move(W), std::move(bias));
    }
};

// Both sides of one workload, on the same batch and the same starting weights.
struct Pair {
    Batch batch;
    TapegradSide tapegrad;
    Reference reference;

    Pair(const Workload& w, std::uint64_t seed) : Pair(w, tapegrad::Rng(seed)) {}

    float tapegrad_step() { return tapegrad.step(batch); }
    float reference_step() { return reference.step(batch.X, batch.classes, batch.targets); }

private:
    Pair(const Workload& w, tapegrad::Rng rng) : batch(make_batch(w, rng)), tapegrad(w, rng), reference(tapegrad.reference(w)) {}
};

}  // namespace bench
