// A training loop small enough to read in one sitting. fit() runs epochs of shuffled mini-batches;
// each step records the model and the loss on a tape, walks the tape back, lets the optimizer
// update the parameters and clears the tape. evaluate() measures loss and accuracy without
// gradients. Nothing here is special: the same loop can be written by hand with the tape.
#pragma once

#include "../core/grad_mode.hpp"
#include "../core/rng.hpp"
#include "../core/tape.hpp"
#include "../optim/clip.hpp"
#include "../optim/optimizer.hpp"

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace tapegrad {

/// Options:  FitOptions().epochs(50).batch_size(32).clip_grad_norm(1.0)
struct FitOptions {
    FitOptions& epochs(int n) { epochs_ = n; return *this; }
    FitOptions& batch_size(Index n) { batch_size_ = n; return *this; }
    /// Shuffle the examples before every epoch (default true), with the Rng given to fit().
    FitOptions& shuffle(bool s) { shuffle_ = s; return *this; }
    /// Clip the global gradient norm to max_norm before each step; 0 (default) does not clip.
    FitOptions& clip_grad_norm(double max_norm) { clip_ = max_norm; return *this; }
    /// Number the epochs from here: a run resumed from a checkpoint taken after epoch k passes k.
    FitOptions& first_epoch(int e) { first_epoch_ = e; return *this; }

    int epochs() const { return epochs_; }
    Index batch_size() const { return batch_size_; }
    bool shuffle() const { return shuffle_; }
    double clip_grad_norm() const { return clip_; }
    int first_epoch() const { return first_epoch_; }

private:
    int epochs_ = 1;
    Index batch_size_ = 32;
    bool shuffle_ = true;
    double clip_ = 0;
    int first_epoch_ = 0;
};

/// What one epoch of fit() did.
struct EpochStats {
    int epoch = 0;           // counting from FitOptions::first_epoch
    double loss = 0;         // the mean training loss over the epoch's examples
    std::int64_t steps = 0;  // optimizer steps taken so far (optimizer.steps())
    int skipped_steps = 0;   // steps skipped this epoch because a gradient was inf or NaN
};

/// Loss and accuracy over a whole data set.
struct Evaluation {
    double loss = 0;      // mean over examples
    double accuracy = 0;  // class targets: argmax = class; target rows: entries with (logit > 0) = (target > 0.5)
};

namespace detail {

// How a batch's targets are passed to the loss: class indices as a span, target rows as a tensor.
inline std::span<const Index> batch_target(const std::vector<Index>& y) { return y; }
inline const Tensor<float>& batch_target(const Tensor<float>& y) { return y; }

// Copies the listed rows (examples) into a batch buffer, reusing its memory when the size repeats.
inline void gather_batch(const Tensor<float>& from, std::span<const Index> rows, Tensor<float>& to) {
    to.resize(static_cast<Index>(rows.size()), from.cols());
    for (std::size_t i = 0; i < rows.size(); ++i) to.row(static_cast<Index>(i)) = from.row(rows[i]);
}
inline void gather_batch(const std::vector<Index>& from, std::span<const Index> rows, std::vector<Index>& to) {
    to.resize(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) to[i] = from[static_cast<std::size_t>(rows[i])];
}

inline Index count_rows(const std::vector<Index>& y) { return static_cast<Index>(y.size()); }
inline Index count_rows(const Tensor<float>& y) { return y.rows(); }

// Examples the logits get right (see Evaluation::accuracy), counted in entries.
inline double correct(const Tensor<float>& logits, const std::vector<Index>& classes) {
    double right = 0;
    for (Index i = 0; i < logits.rows(); ++i) {
        Index best;
        logits.row(i).maxCoeff(&best);
        right += best == classes[static_cast<std::size_t>(i)];
    }
    return right;
}
inline double correct(const Tensor<float>& logits, const Tensor<float>& targets) {
    return static_cast<double>(((logits.array() > 0) == (targets.array() > 0.5f)).count()) / static_cast<double>(logits.cols());
}

}  // namespace detail

/// What one training step did.
struct StepResult {
    float loss = 0;        // the batch loss, before the update
    double grad_norm = 0;  // the global gradient norm, before clipping (inf or NaN if not finite)
    bool skipped = false;  // true: a gradient was inf or NaN, and the parameters were not touched
};

/// One training step on one batch: forward, loss, backward, (clip,) update.
///   model: anything with Var<float> forward(Tape<float>&, Var<float> x)
///   loss:  (Var<float> logits, batch target) -> 1x1 Var<float>, e.g.
///          [](Var<float> z, std::span<const Index> y) { return softmax_cross_entropy(z, y); }
///   clip_norm: clip the global gradient norm to this (0: do not clip)
template <class Model, class Target, class Loss>
StepResult train_step(Model& model, Optimizer<float>& optimizer, Tape<float>& tape, const Tensor<float>& x,
                      const Target& y, Loss&& loss, double clip_norm = 0) {
    tape.clear();
    Var<float> logits = model.forward(tape, tape.input(x));  // x: (batch, features)
    Var<float> L = loss(logits, detail::batch_target(y));   // 1x1
    StepResult result;
    result.loss = L.item();
    optimizer.zero_grad();
    tape.backward(L);                                        // dL/dparameters into each .grad
    const ClipResult norm = clip_norm > 0 ? clip_grad_norm(optimizer.parameters(), clip_norm)
                                          : grad_norm(optimizer.parameters());
    result.grad_norm = norm.norm;
    result.skipped = !norm.finite;
    if (!result.skipped) optimizer.step();
    tape.clear();
    return result;
}

/// Trains for options.epochs() epochs over (x, y) in mini-batches. y holds one class index per row
/// of x (std::vector<Index>) or one target row per row of x (Tensor<float>).
/// `on_epoch`, if given, sees each epoch's EpochStats as it ends (to log, evaluate or checkpoint).
template <class Model, class Target, class Loss>
std::vector<EpochStats> fit(Model& model, Optimizer<float>& optimizer, const Tensor<float>& x, const Target& y,
                            Loss loss, const FitOptions& options, Rng& rng,
                            const std::function<void(const EpochStats&)>& on_epoch = {}) {
    const Index n = x.rows();
    if (detail::count_rows(y) != n)
        throw ShapeError("fit: x has " + std::to_string(n) + " rows but the targets have " +
                         std::to_string(detail::count_rows(y)) + "; one target per example");
    if (options.batch_size() <= 0) throw ValueError("fit: batch_size must be positive");
    std::vector<Index> order(static_cast<std::size_t>(n));
    Tape<float> tape;
    Tensor<float> xb;  // this batch's examples
    Target yb;         // and their targets
    std::vector<EpochStats> history;
    for (int e = 0; e < options.epochs(); ++e) {
        // Each epoch's order depends only on the Rng, not on the epochs before it, so a run resumed
        // from a checkpoint (which restores the Rng) shuffles exactly as an uninterrupted one.
        for (Index i = 0; i < n; ++i) order[static_cast<std::size_t>(i)] = i;
        if (options.shuffle())  // Fisher-Yates: swap each position with a uniform earlier-or-same one
            for (Index i = n - 1; i > 0; --i)
                std::swap(order[static_cast<std::size_t>(i)], order[rng.below(static_cast<std::uint64_t>(i) + 1)]);
        EpochStats stats{options.first_epoch() + e, 0, 0, 0};
        for (Index start = 0; start < n; start += options.batch_size()) {
            const Index count = std::min(options.batch_size(), n - start);
            const std::span<const Index> rows(order.data() + start, static_cast<std::size_t>(count));
            detail::gather_batch(x, rows, xb);
            detail::gather_batch(y, rows, yb);
            const StepResult step = train_step(model, optimizer, tape, xb, yb, loss, options.clip_grad_norm());
            stats.loss += step.loss * static_cast<double>(count);
            stats.skipped_steps += step.skipped;
        }
        stats.loss /= static_cast<double>(n);
        stats.steps = optimizer.steps();
        history.push_back(stats);
        if (on_epoch) on_epoch(stats);
    }
    return history;
}

/// Mean loss and accuracy over (x, y), in batches, with gradients off.
template <class Model, class Target, class Loss>
Evaluation evaluate(Model& model, const Tensor<float>& x, const Target& y, Loss loss, Index batch_size = 256) {
    NoGradGuard no_grad;
    Tape<float> tape;
    Tensor<float> xb;
    Target yb;
    std::vector<Index> rows;
    Evaluation result;
    const Index n = x.rows();
    for (Index start = 0; start < n; start += batch_size) {
        const Index count = std::min(batch_size, n - start);
        rows.resize(static_cast<std::size_t>(count));
        for (Index i = 0; i < count; ++i) rows[static_cast<std::size_t>(i)] = start + i;
        detail::gather_batch(x, rows, xb);
        detail::gather_batch(y, rows, yb);
        tape.clear();
        Var<float> logits = model.forward(tape, tape.input(xb));
        result.loss += loss(logits, detail::batch_target(yb)).item() * static_cast<double>(count);
        result.accuracy += detail::correct(logits.value(), yb);
    }
    if (n > 0) {
        result.loss /= static_cast<double>(n);
        result.accuracy /= static_cast<double>(n);
    }
    return result;
}

}  // namespace tapegrad
