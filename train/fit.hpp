// The training loop, the one every trainer in tapegrad runs: the command line, the lab, the
// examples and the tests. fit() runs epochs of shuffled mini-batches; each step records the model
// and the loss on a tape, walks the tape back, lets the optimizer update the parameters and
// clears the tape. Hooks see every step and every epoch (to log, evaluate, checkpoint or stop).
// Nothing here is special: examples/tiny_classifier.cpp writes the same loop by hand.
#pragma once

#include "../core/grad_mode.hpp"
#include "../core/rng.hpp"
#include "../core/tape.hpp"
#include "../data/batches.hpp"
#include "../optim/clip.hpp"
#include "../optim/optimizer.hpp"

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
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
    /// Clamp every gradient entry to [-max_value, max_value] before each step (and before any norm
    /// clipping); 0 (default) does not. A step whose gradient has an inf or NaN is skipped.
    FitOptions& clip_grad_value(double max_value) { clip_value_ = max_value; return *this; }
    /// Measure the global gradient norm of every step even when not clipping (for logging). It
    /// costs a pass over every gradient, so it is off by default.
    FitOptions& track_grad_norm(bool on) { track_ = on; return *this; }
    /// Number the epochs from here: a run resumed from a checkpoint taken after epoch k passes k,
    /// and fit() then runs epochs k+1 .. epochs().
    FitOptions& first_epoch(int e) { first_epoch_ = e; return *this; }

    int epochs() const { return epochs_; }
    Index batch_size() const { return batch_size_; }
    bool shuffle() const { return shuffle_; }
    double clip_grad_norm() const { return clip_; }
    double clip_grad_value() const { return clip_value_; }
    bool track_grad_norm() const { return track_; }
    int first_epoch() const { return first_epoch_; }

private:
    int epochs_ = 1;
    Index batch_size_ = 32;
    bool shuffle_ = true;
    double clip_ = 0;
    double clip_value_ = 0;
    bool track_ = false;
    int first_epoch_ = 0;
};

/// What one training step did.
struct StepResult {
    float loss = 0;  // the batch loss, before the update
    /// The global gradient norm before clipping, and after it; NaN when neither clipping nor
    /// track_grad_norm asked for it (inf or NaN when a gradient was not finite).
    double grad_norm = std::numeric_limits<double>::quiet_NaN();
    double clipped_norm = std::numeric_limits<double>::quiet_NaN();
    bool skipped = false;  // true: the loss or a gradient was inf or NaN; the parameters were not touched
};

/// What one epoch of fit() did.
struct EpochStats {
    int epoch = 0;           // 1 for the first epoch (first_epoch() + 1 when resuming)
    double loss = 0;         // the mean training loss over the epoch's examples
    std::int64_t steps = 0;  // optimizer steps taken so far (optimizer.steps())
    int skipped_steps = 0;   // steps skipped this epoch because the loss or a gradient was inf or NaN
    double max_grad_norm = std::numeric_limits<double>::quiet_NaN();     // largest step norm before clipping
    double max_clipped_norm = std::numeric_limits<double>::quiet_NaN();  // and after (NaN: not measured)
};

/// What fit() calls as it goes. Each may be empty.
struct FitHooks {
    /// After every step: batch b of `batches` in this epoch (for a progress line).
    std::function<void(Index b, Index batches, const StepResult&)> on_step;
    /// After every epoch (to evaluate, log or checkpoint). Return false to stop training here.
    std::function<bool(const EpochStats&)> on_epoch;
};

namespace detail {

// How a batch's targets are passed to the loss: class indices as a span, anything else as it is.
inline std::span<const Index> batch_target(const std::vector<Index>& y) { return y; }
template <class Target>
const Target& batch_target(const Target& y) { return y; }

inline Index count_rows(const std::vector<Index>& y) { return static_cast<Index>(y.size()); }
inline Index count_rows(const Tensor<float>& y) { return y.rows(); }

// Examples the logits get right, counted in entries: class targets: argmax = class; target rows:
// (logit > 0) = (target > 0.5), averaged over the row's entries.
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
    return static_cast<double>(((logits.array() > 0) == (targets.array() > 0.5f)).count()) /
           static_cast<double>(logits.cols());
}

}  // namespace detail

/// One training step on one batch: forward, loss, backward, (clip,) update.
///   model: anything with Var<float> forward(Tape<float>&, Var<float> x)
///   loss:  (Var<float> logits, batch target) -> 1x1 Var<float>, e.g.
///          [](Var<float> z, std::span<const Index> y) { return softmax_cross_entropy(z, y); }
/// The gradient norm is measured only when clipping (clip_norm > 0) or when `measure_norm` asks;
/// otherwise a non-finite loss (or, clipping by value, a non-finite gradient) makes a step skip.
/// clip_value > 0 clamps each gradient entry to [-clip_value, clip_value] first.
template <class Model, class Target, class Loss>
StepResult train_step(Model& model, Optimizer<float>& optimizer, Tape<float>& tape, const Tensor<float>& x,
                      const Target& y, Loss&& loss, double clip_norm = 0, bool measure_norm = false,
                      double clip_value = 0) {
    tape.clear();
    Var<float> logits = model.forward(tape, tape.input(x));  // x: (batch, features)
    Var<float> L = loss(logits, detail::batch_target(y));   // 1x1
    StepResult result;
    result.loss = L.item();
    optimizer.zero_grad();
    tape.backward(L);                                        // dL/dparameters into each .grad
    if (clip_value > 0 && !clip_grad_value(optimizer.parameters(), clip_value).finite) {
        result.skipped = true;  // a gradient is inf or NaN: the parameters are not touched
        tape.clear();
        return result;
    }
    if (clip_norm > 0 || measure_norm) {
        const ClipResult norm = clip_norm > 0 ? clip_grad_norm(optimizer.parameters(), clip_norm)
                                              : grad_norm(optimizer.parameters());
        result.grad_norm = norm.norm;
        result.clipped_norm = clip_norm > 0 && norm.finite ? std::min(norm.norm, clip_norm) : norm.norm;
        result.skipped = !norm.finite;
    } else {
        result.skipped = !std::isfinite(result.loss);
    }
    if (!result.skipped) optimizer.step();
    tape.clear();
    return result;
}

/// Trains for epochs first_epoch()+1 .. epochs() over (x, y) in mini-batches. y holds one class
/// index per row of x (std::vector<Index>), one target row per row (Tensor<float>), or any
/// target type with gather_rows(y, rows, into) and count_rows(y) (the Loss registry's Target).
template <class Model, class Target, class Loss>
std::vector<EpochStats> fit(Model& model, Optimizer<float>& optimizer, const Tensor<float>& x, const Target& y,
                            Loss loss, const FitOptions& options, Rng& rng, const FitHooks& hooks) {
    using detail::count_rows;
    const Index n = x.rows();
    if (count_rows(y) != n)
        throw ShapeError("fit: x has " + std::to_string(n) + " rows but the targets have " +
                         std::to_string(count_rows(y)) + "; one target per example");
    if (options.batch_size() <= 0) throw ValueError("fit: batch_size must be positive");
    MiniBatches batches(n, options.batch_size());
    Tape<float> tape;
    Tensor<float> xb;  // this batch's examples
    Target yb;         // and their targets
    std::vector<EpochStats> history;
    for (int e = options.first_epoch() + 1; e <= options.epochs(); ++e) {
        if (options.shuffle()) batches.shuffle(rng);
        EpochStats stats;
        stats.epoch = e;
        for (Index b = 0; b < batches.count(); ++b) {
            const std::span<const Index> rows = batches.batch(b);
            gather_rows(x, rows, xb);
            gather_rows(y, rows, yb);
            const StepResult step = train_step(model, optimizer, tape, xb, yb, loss, options.clip_grad_norm(),
                                               options.track_grad_norm(), options.clip_grad_value());
            stats.loss += step.loss * static_cast<double>(rows.size());
            stats.skipped_steps += step.skipped;
            if (!std::isnan(step.grad_norm))
                stats.max_grad_norm = std::isnan(stats.max_grad_norm) ? step.grad_norm : std::max(stats.max_grad_norm, step.grad_norm);
            if (!std::isnan(step.clipped_norm))
                stats.max_clipped_norm = std::isnan(stats.max_clipped_norm) ? step.clipped_norm
                                                                            : std::max(stats.max_clipped_norm, step.clipped_norm);
            if (hooks.on_step) hooks.on_step(b, batches.count(), step);
        }
        stats.loss /= static_cast<double>(n);
        stats.steps = optimizer.steps();
        history.push_back(stats);
        if (hooks.on_epoch && !hooks.on_epoch(stats)) break;
    }
    return history;
}

/// fit() with one hook: `on_epoch`, if given, sees each epoch's EpochStats as it ends.
template <class Model, class Target, class Loss>
std::vector<EpochStats> fit(Model& model, Optimizer<float>& optimizer, const Tensor<float>& x, const Target& y,
                            Loss loss, const FitOptions& options, Rng& rng,
                            const std::function<void(const EpochStats&)>& on_epoch = {}) {
    FitHooks hooks;
    if (on_epoch) hooks.on_epoch = [&](const EpochStats& s) { on_epoch(s); return true; };
    return fit(model, optimizer, x, y, std::move(loss), options, rng, hooks);
}

/// Loss and accuracy over a whole data set.
struct Evaluation {
    double loss = 0;      // mean over examples
    double accuracy = 0;  // class targets: argmax = class; target rows: entries with (logit > 0) = (target > 0.5)
};

/// Mean loss and accuracy over (x, y), in batches, with gradients off: one forward pass per batch.
template <class Model, class Target, class Loss>
Evaluation evaluate(Model& model, const Tensor<float>& x, const Target& y, Loss loss, Index batch_size = 1024) {
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
        gather_rows(x, rows, xb);
        gather_rows(y, rows, yb);
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
