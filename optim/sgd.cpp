// SGD's update, written as PyTorch writes it (torch/optim/sgd.py, _single_tensor_sgd). Every
// tensor is assigned in place at its own size, so no step after the first allocates. The common
// cases (no weight decay, no Nesterov) read the gradient where it is instead of copying it to d.
#include "sgd.hpp"

namespace tapegrad {

template <class T>
SGD<T>::SGD(std::vector<Parameter<T>*> params, const SGDOptions& options)
    : Optimizer<T>(std::move(params), options.lr()), options_(options) {
    check_option(options.momentum() >= 0, "sgd", "momentum", ">= 0", options.momentum());
    check_option(options.weight_decay() >= 0, "sgd", "weight_decay", ">= 0", options.weight_decay());
    const bool nesterov = options.nesterov();
    check_option(!nesterov || options.momentum() > 0, "sgd", "momentum", "> 0 for Nesterov momentum", options.momentum());
    check_option(!nesterov || options.dampening() == 0, "sgd", "dampening", "0 for Nesterov momentum", options.dampening());
    if (options.momentum() != 0) momentum_buffer_ = this->zeros_like_parameters();
    direction_ = this->zeros_like_parameters();
}

template <class T>
void SGD<T>::update(double) {
    const T mu = static_cast<T>(options_.momentum());
    const T one_minus_damp = static_cast<T>(1 - options_.dampening());  // from the double option, rounded once
    const bool first_step = this->steps() == 0;
    for (std::size_t i = 0; i < this->params_.size(); ++i) {
        Parameter<T>& p = *this->params_[i];
        const T lr = static_cast<T>(this->lr_of(i));                          // this parameter's group lr
        const T wd = static_cast<T>(this->weight_decay_of(i, options_.weight_decay()));
        if (wd == 0 && !options_.nesterov()) {  // d = g: one pass, or two with momentum
            if (mu == 0) {
                p.value -= lr * p.grad;                                                  // p = p - lr g
                continue;
            }
            Tensor<T>& b = momentum_buffer_[i];
            if (first_step) b = p.grad;                                                  // b = g
            else b = mu * b + one_minus_damp * p.grad;                                   // b = mu b + (1 - dampening) g
            p.value -= lr * b;                                                           // p = p - lr b
            continue;
        }
        Tensor<T>& d = direction_[i];
        d = p.grad;                                    // d = g
        if (wd != 0) d += wd * p.value;                // d = g + wd p
        if (mu != 0) {
            Tensor<T>& b = momentum_buffer_[i];
            if (first_step) b = d;                     // b = d
            else b = mu * b + one_minus_damp * d;      // b = mu b + (1 - dampening) d
            if (options_.nesterov()) d += mu * b;      // d = d + mu b
            else d = b;                                // d = b
        }
        p.value -= lr * d;                             // p = p - lr d
    }
}

template <class T>
std::vector<StateTensor<T>> SGD<T>::state() {
    std::vector<StateTensor<T>> out;
    if (!momentum_buffer_.empty()) this->list_slot(out, "momentum_buffer", momentum_buffer_);
    return out;
}

template class SGD<float>;
template class SGD<double>;

}  // namespace tapegrad
