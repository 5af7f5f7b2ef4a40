// RMSprop and Adagrad: each entry's step divided by the root of its squared gradients, averaged
// (RMSprop) or summed (Adagrad), following PyTorch's torch.optim.RMSprop and torch.optim.Adagrad.
#pragma once

#include "optimizer.hpp"

#include <initializer_list>

namespace tapegrad {

/// Options:  RMSpropOptions(0.01).alpha(0.99).eps(1e-8).momentum(0.9).centered(true)
struct RMSpropOptions {
    explicit RMSpropOptions(double lr = 1e-2) : lr_(lr) {}
    RMSpropOptions& lr(double v) { lr_ = v; return *this; }
    RMSpropOptions& alpha(double v) { alpha_ = v; return *this; }
    RMSpropOptions& eps(double v) { eps_ = v; return *this; }
    RMSpropOptions& weight_decay(double v) { weight_decay_ = v; return *this; }
    RMSpropOptions& momentum(double v) { momentum_ = v; return *this; }
    RMSpropOptions& centered(bool v) { centered_ = v; return *this; }

    double lr() const { return lr_; }
    double alpha() const { return alpha_; }
    double eps() const { return eps_; }
    double weight_decay() const { return weight_decay_; }
    double momentum() const { return momentum_; }
    bool centered() const { return centered_; }

private:
    double lr_;
    double alpha_ = 0.99;
    double eps_ = 1e-8;
    double weight_decay_ = 0;
    double momentum_ = 0;
    bool centered_ = false;
};

/// For each parameter p with gradient g:
///   g = g + weight_decay p
///   s = alpha s + (1 - alpha) g^2                        running mean of g^2
///   centered:  a = alpha a + (1 - alpha) g,   r = sqrt(s - a^2) + eps     (a: running mean of g)
///   else:      r = sqrt(s) + eps
///   momentum mu > 0:  b = mu b + g / r,  p = p - lr b      else  p = p - lr g / r
template <class T>
class RMSprop : public Optimizer<T> {
public:
    RMSprop(std::vector<Parameter<T>*> params, const RMSpropOptions& options);

    std::string name() const override { return "rmsprop"; }
    std::vector<StateTensor<T>> state() override;
    const RMSpropOptions& options() const { return options_; }

private:
    void update(double lr) override;

    RMSpropOptions options_;
    std::vector<Tensor<T>> square_avg_;       // s
    std::vector<Tensor<T>> grad_avg_;         // a (centered only)
    std::vector<Tensor<T>> momentum_buffer_;  // b (momentum only)
    std::vector<Tensor<T>> denominator_;      // r, scratch kept so that step() never allocates
};

/// Options:  AdagradOptions(0.01).lr_decay(0).eps(1e-10).initial_accumulator_value(0.1)
struct AdagradOptions {
    explicit AdagradOptions(double lr = 1e-2) : lr_(lr) {}
    AdagradOptions& lr(double v) { lr_ = v; return *this; }
    AdagradOptions& lr_decay(double v) { lr_decay_ = v; return *this; }
    AdagradOptions& weight_decay(double v) { weight_decay_ = v; return *this; }
    AdagradOptions& initial_accumulator_value(double v) { initial_accumulator_value_ = v; return *this; }
    AdagradOptions& eps(double v) { eps_ = v; return *this; }

    double lr() const { return lr_; }
    double lr_decay() const { return lr_decay_; }
    double weight_decay() const { return weight_decay_; }
    double initial_accumulator_value() const { return initial_accumulator_value_; }
    double eps() const { return eps_; }

private:
    double lr_;
    double lr_decay_ = 0;
    double weight_decay_ = 0;
    double initial_accumulator_value_ = 0;
    double eps_ = 1e-10;
};

/// For each parameter p with gradient g, at step t = 1, 2, ...:
///   g = g + weight_decay p
///   clr = lr / (1 + (t - 1) lr_decay)
///   S = S + g^2                                          (S starts at initial_accumulator_value)
///   p = p - clr g / (sqrt(S) + eps)
template <class T>
class Adagrad : public Optimizer<T> {
public:
    Adagrad(std::vector<Parameter<T>*> params, const AdagradOptions& options);

    std::string name() const override { return "adagrad"; }
    std::vector<StateTensor<T>> state() override;
    const AdagradOptions& options() const { return options_; }

private:
    void update(double lr) override;

    AdagradOptions options_;
    std::vector<Tensor<T>> sum_;  // S
};

/// Lets `RMSprop opt({&w, &b}, RMSpropOptions(...))` deduce T from the parameters.
template <class T>
RMSprop(std::initializer_list<Parameter<T>*>, const RMSpropOptions&) -> RMSprop<T>;

extern template class RMSprop<float>;
extern template class RMSprop<double>;
/// Lets `Adagrad opt({&w, &b}, AdagradOptions(...))` deduce T from the parameters.
template <class T>
Adagrad(std::initializer_list<Parameter<T>*>, const AdagradOptions&) -> Adagrad<T>;

extern template class Adagrad<float>;
extern template class Adagrad<double>;

}  // namespace tapegrad
