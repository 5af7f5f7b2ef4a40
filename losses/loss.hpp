// The interface every registered loss shares, so that a trainer can swap losses by name: each
// takes the model's output (logits) and a batch's target, and says how logits become
// probabilities for metrics. A new loss writes its body once, as a generic lambda.
#pragma once

#include "loss_config.hpp"

#include <memory>
#include <span>
#include <string>
#include <vector>

namespace tapegrad {

/// How a loss reads logits as probabilities: what metrics apply before argmax or a threshold.
enum class Link {
    identity,  ///< the outputs are used as they are (mse on raw outputs)
    softmax,   ///< one distribution over the classes per row (single-label)
    sigmoid,   ///< an independent probability per column (binary, multi-label)
};

/// "identity", "softmax", "sigmoid".
const char* to_string(Link link);

/// What kind of loss this is, as its registry line declares it. The lab reads it to decide how to
/// compare losses (a squared error's scale can be matched to a cross-entropy's), never the name.
enum class LossFamily {
    cross_entropy,  ///< -log of the probability of the target (softmax CE, BCE, NLL, KL, focal)
    squared_error,  ///< (output - target)^2 on raw outputs or probabilities (mse, mse_softmax, ...)
    other,          ///< anything else: the lab compares it, but makes no family-specific claim
};

/// "cross_entropy", "squared_error", "other".
const char* to_string(LossFamily family);

/// A batch's labels, in the two forms losses want. Fill what the task has: a single-label task
/// gives `classes` (and may give `dense`); a multi-label task gives `dense` only.
template <class T>
struct Target {
    std::vector<Index> classes;  ///< one class per row; empty for multi-label
    Tensor<T> dense;             ///< (m, C): one-hot, soft or n-hot rows; may be empty if classes is set
};

/// A loss the registry can build: loss(logits, target) records onto the logits' tape and returns
/// the 1x1 loss. float for training, double for gradcheck.
class Loss {
public:
    virtual ~Loss() = default;
    virtual Var<float> operator()(Var<float> logits, const Target<float>& target) const = 0;
    virtual Var<double> operator()(Var<double> logits, const Target<double>& target) const = 0;

    /// The registry name: "softmax_cross_entropy".
    const std::string& name() const { return name_; }
    /// How logits become probabilities for this loss.
    Link link() const { return link_; }
    /// The options used, defaults included: {"reduction": "mean", "label_smoothing": 0.0, ...}.
    const nlohmann::json& options() const { return options_; }
    /// The family its registry line declares (LossFamily::other for a loss built outside it).
    LossFamily family() const { return family_; }
    void set_family(LossFamily family) { family_ = family; }

protected:
    Loss(std::string name, Link link, nlohmann::json options)
        : name_(std::move(name)), link_(link), options_(std::move(options)) {}

private:
    std::string name_;
    Link link_;
    nlohmann::json options_;
    LossFamily family_ = LossFamily::other;
};

/// Adapts a body written once for any T, such as the generic lambda
///   [gamma](auto logits, const auto& target) { return ...; }
/// into a Loss for float and double.
template <class Body>
class LossFromBody final : public Loss {
public:
    LossFromBody(const LossConfig& config, Link link, Body body)
        : Loss(config.name(), link, config.resolved()), body_(std::move(body)) {}
    Var<float> operator()(Var<float> logits, const Target<float>& target) const override {
        return body_(logits, target);
    }
    Var<double> operator()(Var<double> logits, const Target<double>& target) const override {
        return body_(logits, target);
    }

private:
    Body body_;
};

/// What a loss's constructor returns:  return loss_from_body(config, Link::softmax, [](auto z, const auto& t) {...});
/// Read every option from `config` first: the options recorded are those read by then.
template <class Body>
std::unique_ptr<Loss> loss_from_body(const LossConfig& config, Link link, Body body) {
    return std::make_unique<LossFromBody<Body>>(config, link, std::move(body));
}

/// The target as (m, C) rows, a constant on the logits' tape: target.dense, or else one-hot rows
/// built from target.classes (for a sigmoid link with one column: the 0/1 labels as that column).
/// Throws ShapeError naming `loss` when neither fits the logits.
template <class T>
Var<T> dense_target(Var<T> logits, const Target<T>& target, Link link, const char* loss);

/// target.classes; throws ShapeError naming `loss` when the target has none (a multi-label task).
template <class T>
std::span<const Index> class_target(const Target<T>& target, const char* loss);

}  // namespace tapegrad
