// The Optimizer interface: what SGD, Adam, AdamW, RMSprop and Adagrad share. An optimizer holds
// pointers to the model's Parameters, reads their .grad and updates their .value in step().
// Its state (momentum, moments) is sized once, when it is built, so step() never allocates.
#pragma once

#include "../core/error.hpp"
#include "../core/tape.hpp"
#include "schedule.hpp"

#include <cstdint>
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

    /// The learning rate the next step uses: base_lr() * schedule(steps()).
    double lr() const { return base_lr_ * schedule_(steps_); }
    double base_lr() const { return base_lr_; }
    void set_base_lr(double lr) { base_lr_ = lr; }
    /// Scales the lr step by step; see schedule.hpp.   opt.set_schedule(cosine_annealing(1000));
    void set_schedule(Schedule s) { schedule_ = std::move(s); }

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
    double base_lr_;
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
