// SGD: stochastic gradient descent with momentum, dampening, Nesterov momentum and weight decay,
// following PyTorch's torch.optim.SGD update rule exactly.
#pragma once

#include "optimizer.hpp"

#include <initializer_list>

namespace tapegrad {

/// Options:  SGDOptions(0.1).momentum(0.9).nesterov(true).weight_decay(5e-4)
struct SGDOptions {
    explicit SGDOptions(double lr) : lr_(lr) {}
    SGDOptions& lr(double v) { lr_ = v; return *this; }
    SGDOptions& momentum(double v) { momentum_ = v; return *this; }
    SGDOptions& dampening(double v) { dampening_ = v; return *this; }
    SGDOptions& weight_decay(double v) { weight_decay_ = v; return *this; }
    SGDOptions& nesterov(bool v) { nesterov_ = v; return *this; }

    double lr() const { return lr_; }
    double momentum() const { return momentum_; }
    double dampening() const { return dampening_; }
    double weight_decay() const { return weight_decay_; }
    bool nesterov() const { return nesterov_; }

private:
    double lr_;
    double momentum_ = 0;
    double dampening_ = 0;
    double weight_decay_ = 0;
    bool nesterov_ = false;
};

/// For each parameter p with gradient g, at step t (t = 1 first):
///   d = g + weight_decay p
///   if momentum mu != 0:   b = d at t = 1,  else  b = mu b + (1 - dampening) d
///                          d = d + mu b (Nesterov)  or  d = b
///   p = p - lr d
template <class T>
class SGD : public Optimizer<T> {
public:
    SGD(std::vector<Parameter<T>*> params, const SGDOptions& options);

    std::string name() const override { return "sgd"; }
    std::vector<StateTensor<T>> state() override;
    const SGDOptions& options() const { return options_; }

private:
    void update(double lr) override;

    SGDOptions options_;
    std::vector<Tensor<T>> momentum_buffer_;  // b, one per parameter (empty without momentum)
    std::vector<Tensor<T>> direction_;        // d, scratch kept so that step() never allocates
};

/// Lets `SGD opt({&w, &b}, SGDOptions(...))` deduce T from the parameters.
template <class T>
SGD(std::initializer_list<Parameter<T>*>, const SGDOptions&) -> SGD<T>;

extern template class SGD<float>;
extern template class SGD<double>;

}  // namespace tapegrad
