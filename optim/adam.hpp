// Adam and AdamW: per-entry step sizes from running averages of the gradient and its square,
// with bias correction, following PyTorch's torch.optim.Adam and torch.optim.AdamW.
#pragma once

#include "optimizer.hpp"

#include <initializer_list>

namespace tapegrad {

/// Options:  AdamOptions(1e-3).betas(0.9, 0.999).eps(1e-8).weight_decay(0)
struct AdamOptions {
    explicit AdamOptions(double lr = 1e-3) : lr_(lr) {}
    AdamOptions& lr(double v) { lr_ = v; return *this; }
    AdamOptions& betas(double beta1, double beta2) { beta1_ = beta1; beta2_ = beta2; return *this; }
    AdamOptions& eps(double v) { eps_ = v; return *this; }
    AdamOptions& weight_decay(double v) { weight_decay_ = v; return *this; }
    /// AMSGrad (Reddi et al., 2018): divide by the largest second moment seen so far.
    AdamOptions& amsgrad(bool v) { amsgrad_ = v; return *this; }

    double lr() const { return lr_; }
    double beta1() const { return beta1_; }
    double beta2() const { return beta2_; }
    double eps() const { return eps_; }
    double weight_decay() const { return weight_decay_; }
    bool amsgrad() const { return amsgrad_; }

protected:
    double lr_;
    double beta1_ = 0.9;
    double beta2_ = 0.999;
    double eps_ = 1e-8;
    double weight_decay_ = 0;
    bool amsgrad_ = false;
};

/// AdamW's options: the same, but weight decay defaults to 0.01 as in PyTorch.
///   AdamWOptions(1e-3).weight_decay(0.05)
struct AdamWOptions : AdamOptions {
    explicit AdamWOptions(double lr = 1e-3) : AdamOptions(lr) { weight_decay_ = 1e-2; }
    AdamWOptions& lr(double v) { lr_ = v; return *this; }
    AdamWOptions& betas(double beta1, double beta2) { beta1_ = beta1; beta2_ = beta2; return *this; }
    AdamWOptions& eps(double v) { eps_ = v; return *this; }
    AdamWOptions& weight_decay(double v) { weight_decay_ = v; return *this; }
    AdamWOptions& amsgrad(bool v) { amsgrad_ = v; return *this; }
    using AdamOptions::lr;
    using AdamOptions::amsgrad;
    using AdamOptions::weight_decay;
    using AdamOptions::eps;
};

/// For each parameter p with gradient g, at step t = 1, 2, ...:
///   g = g + weight_decay p                           (Adam: weight decay as an L2 term)
///   m = beta1 m + (1 - beta1) g                      first moment
///   v = beta2 v + (1 - beta2) g^2                    second moment
///   p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
/// eps sits outside the square root, added after the bias correction, as PyTorch does.
/// With amsgrad, v_max = max(v_max, v) and the last line divides by sqrt(v_max) instead of sqrt(v).
template <class T>
class Adam : public Optimizer<T> {
public:
    Adam(std::vector<Parameter<T>*> params, const AdamOptions& options);

    std::string name() const override { return decoupled_ ? "adamw" : "adam"; }
    std::vector<StateTensor<T>> state() override;
    const AdamOptions& options() const { return options_; }

protected:
    Adam(std::vector<Parameter<T>*> params, const AdamOptions& options, bool decoupled);

private:
    void update(double lr) override;

    AdamOptions options_;
    bool decoupled_;                    // AdamW: decay p directly instead of adding to g
    std::vector<Tensor<T>> exp_avg_;    // m
    std::vector<Tensor<T>> exp_avg_sq_; // v
    std::vector<Tensor<T>> max_exp_avg_sq_;  // v_max (amsgrad only)
};

/// AdamW (Loshchilov & Hutter): weight decay decoupled from the gradient. Each step first shrinks
///   p = p (1 - lr weight_decay)
/// then applies Adam's rule with g unchanged.
template <class T>
class AdamW : public Adam<T> {
public:
    AdamW(std::vector<Parameter<T>*> params, const AdamWOptions& options) : Adam<T>(std::move(params), options, true) {}
};

/// Let `Adam opt({&w, &b}, AdamOptions(...))` deduce T from the parameters.
template <class T>
Adam(std::initializer_list<Parameter<T>*>, const AdamOptions&) -> Adam<T>;
template <class T>
AdamW(std::initializer_list<Parameter<T>*>, const AdamWOptions&) -> AdamW<T>;

extern template class Adam<float>;
extern template class Adam<double>;

}  // namespace tapegrad
