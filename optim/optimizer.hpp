// The Optimizer interface: what SGD, Adam, AdamW, RMSprop and Adagrad share. An optimizer holds
// pointers to the model's Parameters, reads their .grad and updates their .value in step().
// Its state (momentum, moments) is sized once, when it is built, so step() never allocates.
#pragma once

#include "../core/error.hpp"
#include "../core/tape.hpp"
#include "schedule.hpp"

#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace tapegrad {

/// One tensor of an optimizer's state, named "<parameter name>/<slot>", e.g. "0.weight/exp_avg".
template <class T>
struct StateTensor {
    std::string name;
    Tensor<T>* tensor;
};

/// A parameter group's own settings, as PyTorch's param groups: a learning rate and a weight
/// decay for some parameters (no decay on biases, a faster last layer). What a group leaves unset
/// comes from the optimizer's options.   opt.set_group({&b1, &b2}, GroupOptions().weight_decay(0));
struct GroupOptions {
    GroupOptions& lr(double v) { lr_ = v; return *this; }
    GroupOptions& weight_decay(double v) { weight_decay_ = v; return *this; }
    std::optional<double> lr() const { return lr_; }
    std::optional<double> weight_decay() const { return weight_decay_; }

private:
    std::optional<double> lr_, weight_decay_;
};

template <class T>
class Optimizer {
public:
    Optimizer(std::vector<Parameter<T>*> params, double lr);
    virtual ~Optimizer() = default;
    Optimizer(const Optimizer&) = delete;  // two optimizers stepping the same parameters is a bug
    Optimizer& operator=(const Optimizer&) = delete;

    /// One update of every parameter from its .grad, at learning rate lr().
    void step();
    /// Sets every parameter's .grad to zero (gradients accumulate until then).
    void zero_grad();

    /// The learning rate the next step uses: base_lr() * schedule(steps()) * lr_scale().
    double lr() const { return base_lr_ * lr_factor(); }
    double base_lr() const { return base_lr_; }
    void set_base_lr(double lr) { base_lr_ = lr; }
    /// Scales the lr step by step; see schedule.hpp.   opt.set_schedule(cosine_annealing(1000));
    void set_schedule(Schedule s) { schedule_ = std::move(s); }
    /// A factor on every group's lr besides the schedule's, 1 at first: what reduce-on-plateau
    /// (plateau.hpp) lowers when the monitored loss stops improving.
    double lr_scale() const { return lr_scale_; }
    void set_lr_scale(double s) { lr_scale_ = s; }
    /// What every learning rate is multiplied by at the next step: schedule(steps()) * lr_scale().
    double lr_factor() const { return schedule_(steps_) * lr_scale_; }

    /// Gives `members` (parameters of this optimizer) their own lr and/or weight decay. The
    /// schedule scales a group's lr as it scales the base lr. A parameter belongs to one group at
    /// most; a later call for it throws ValueError.
    void set_group(const std::vector<Parameter<T>*>& members, const GroupOptions& group);
    /// Parameter i's learning rate at the next step: (its group's lr, or base_lr()) * lr_factor().
    double lr_of(std::size_t i) const { return group_lr_[i].value_or(base_lr_) * lr_factor(); }
    /// Parameter i's weight decay: its group's, or `fallback` (the optimizer's own option).
    double weight_decay_of(std::size_t i, double fallback) const { return group_decay_[i].value_or(fallback); }

    /// Steps taken so far (Adam's t is steps() + 1 during a step). Restored from checkpoints.
    std::int64_t steps() const { return steps_; }
    void set_steps(std::int64_t n) { steps_ = n; }

    /// "sgd", "adam", "adamw", "rmsprop", "adagrad": checkpoints refuse to load another kind's state.
    virtual std::string name() const = 0;
    /// Every state tensor, for checkpoints. Sizes never change after construction.
    virtual std::vector<StateTensor<T>> state() = 0;

    const std::vector<Parameter<T>*>& parameters() const { return params_; }

protected:
    /// The update rule, with this step's learning rate; steps() still counts the steps before it.
    virtual void update(double lr) = 0;
    /// A zero tensor shaped like each parameter: one slot of state.
    std::vector<Tensor<T>> zeros_like_parameters() const;
    /// Names and pointers for one slot of state, "<param>/<slot>", for state().
    void list_slot(std::vector<StateTensor<T>>& out, const char* slot, std::vector<Tensor<T>>& tensors) const;

    std::vector<Parameter<T>*> params_;

private:
    std::vector<std::pair<Index, Index>> shapes_;  // each parameter's shape when the state was sized
    std::vector<std::optional<double>> group_lr_, group_decay_;  // per parameter; unset: the options'
    std::vector<bool> grouped_;
    double base_lr_;
    double lr_scale_ = 1;
    Schedule schedule_;
    std::int64_t steps_ = 0;
};

/// Throws ValueError "<optimizer>: <what> must be <rule>, got <value>" unless ok.
void check_option(bool ok, const char* optimizer, const char* what, const char* rule, double value);

// ---------------------------------------------------------------------------------------------
// Implementation

template <class T>
Optimizer<T>::Optimizer(std::vector<Parameter<T>*> params, double lr) : params_(std::move(params)), base_lr_(lr) {
    if (params_.empty()) throw ValueError("optimizer: the parameter list is empty; pass model.parameters()");
    for (std::size_t i = 0; i < params_.size(); ++i) {
        if (params_[i] == nullptr) throw ValueError("optimizer: parameter " + std::to_string(i) + " is null");
        for (std::size_t j = 0; j < i; ++j)
            if (params_[j] == params_[i])
                throw ValueError("optimizer: parameter '" + params_[i]->name +
                                 "' is listed twice; it would be updated twice per step");
    }
    check_option(lr >= 0, "optimizer", "lr", ">= 0", lr);
    for (const Parameter<T>* p : params_) shapes_.emplace_back(p->value.rows(), p->value.cols());
    group_lr_.resize(params_.size());
    group_decay_.resize(params_.size());
    grouped_.resize(params_.size());
}

template <class T>
void Optimizer<T>::set_group(const std::vector<Parameter<T>*>& members, const GroupOptions& group) {
    if (group.lr()) check_option(*group.lr() >= 0, "optimizer group", "lr", ">= 0", *group.lr());
    if (group.weight_decay())
        check_option(*group.weight_decay() >= 0, "optimizer group", "weight_decay", ">= 0", *group.weight_decay());
    for (Parameter<T>* member : members) {
        std::size_t i = 0;
        while (i < params_.size() && params_[i] != member) ++i;
        if (i == params_.size())
            throw ValueError("optimizer group: parameter '" + (member ? member->name : std::string("null")) +
                             "' is not one this optimizer updates");
        if (grouped_[i])
            throw ValueError("optimizer group: parameter '" + member->name + "' is already in a group; "
                             "a parameter belongs to one group at most");
        grouped_[i] = true;
        group_lr_[i] = group.lr();
        group_decay_[i] = group.weight_decay();
    }
}

template <class T>
void Optimizer<T>::step() {
    for (std::size_t i = 0; i < params_.size(); ++i) {
        const Parameter<T>& p = *params_[i];
        if (p.value.rows() != shapes_[i].first || p.value.cols() != shapes_[i].second)
            throw ShapeError("optimizer step: parameter '" + p.name + "' is " + shape_of(p.value) + ", but was " +
                             std::to_string(shapes_[i].first) + "x" + std::to_string(shapes_[i].second) +
                             " when the optimizer was built; build a new optimizer after resizing a model");
        if (p.grad.rows() != p.value.rows() || p.grad.cols() != p.value.cols())
            throw ShapeError("optimizer step: parameter '" + p.name + "' is " + shape_of(p.value) +
                             " but its grad is " + shape_of(p.grad));
    }
    update(lr());
    ++steps_;
}

template <class T>
void Optimizer<T>::zero_grad() {
    for (Parameter<T>* p : params_) p->zero_grad();
}

template <class T>
std::vector<Tensor<T>> Optimizer<T>::zeros_like_parameters() const {
    std::vector<Tensor<T>> zeros;
    for (const Parameter<T>* p : params_) zeros.push_back(Tensor<T>::Zero(p->value.rows(), p->value.cols()));
    return zeros;
}

template <class T>
void Optimizer<T>::list_slot(std::vector<StateTensor<T>>& out, const char* slot, std::vector<Tensor<T>>& tensors) const {
    for (std::size_t i = 0; i < tensors.size(); ++i) out.push_back({params_[i]->name + "/" + slot, &tensors[i]});
}

inline void check_option(bool ok, const char* optimizer, const char* what, const char* rule, double value) {
    if (ok) return;
    std::ostringstream message;
    message << optimizer << ": " << what << " must be " << rule << ", got " << value;
    throw ValueError(message.str());
}

}  // namespace tapegrad
