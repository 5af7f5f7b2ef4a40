// Adam's and AdamW's update, written as PyTorch writes it (torch/optim/adam.py, _single_tensor_adam):
// every coefficient is computed in double from the double options and rounded once to the
// parameter's type; the moments are updated in place in that type.
#include "adam.hpp"

#include <cmath>

namespace tapegrad {

template <class T>
Adam<T>::Adam(std::vector<Parameter<T>*> params, const AdamOptions& options)
    : Adam(std::move(params), options, false) {}

template <class T>
Adam<T>::Adam(std::vector<Parameter<T>*> params, const AdamOptions& options, bool decoupled)
    : Optimizer<T>(std::move(params), options.lr()), options_(options), decoupled_(decoupled) {
    const char* who = decoupled ? "adamw" : "adam";
    check_option(options.beta1() >= 0 && options.beta1() < 1, who, "beta1", "in [0, 1)", options.beta1());
    check_option(options.beta2() >= 0 && options.beta2() < 1, who, "beta2", "in [0, 1)", options.beta2());
    check_option(options.eps() >= 0, who, "eps", ">= 0", options.eps());
    check_option(options.weight_decay() >= 0, who, "weight_decay", ">= 0", options.weight_decay());
    exp_avg_ = this->zeros_like_parameters();
    exp_avg_sq_ = this->zeros_like_parameters();
    if (options.amsgrad()) max_exp_avg_sq_ = this->zeros_like_parameters();
}

template <class T>
void Adam<T>::update(double) {
    const double t = static_cast<double>(this->steps() + 1);
    const T beta1 = static_cast<T>(options_.beta1());
    const T beta2 = static_cast<T>(options_.beta2());
    // 1 - beta from the double beta, rounded once: in float, 1 - 0.999f is 1.3e-5 (relative)
    // below 0.001, and the second moment drifts by that much.
    const T one_minus_beta1 = static_cast<T>(1 - options_.beta1());
    const T one_minus_beta2 = static_cast<T>(1 - options_.beta2());
    const T eps = static_cast<T>(options_.eps());
    const double bias_correction1 = 1 - std::pow(options_.beta1(), t);         // 1 - beta1^t
    const T bias_correction2_sqrt = static_cast<T>(std::sqrt(1 - std::pow(options_.beta2(), t)));
    for (std::size_t i = 0; i < this->params_.size(); ++i) {
        Parameter<T>& p = *this->params_[i];
        const double lr = this->lr_of(i);                                   // this parameter's group lr
        const double decay = this->weight_decay_of(i, options_.weight_decay());
        const T step_size = static_cast<T>(lr / bias_correction1);          // lr / (1 - beta1^t)
        auto g = p.grad.array();
        auto m = exp_avg_[i].array();
        auto v = exp_avg_sq_[i].array();
        if (decoupled_) {
            p.value *= static_cast<T>(1 - lr * decay);                      // p = p (1 - lr wd)
            m = beta1 * m + one_minus_beta1 * g;                            // m = beta1 m + (1 - beta1) g
            v = beta2 * v + one_minus_beta2 * g * g;                        // v = beta2 v + (1 - beta2) g^2
        } else {
            auto gd = g + static_cast<T>(decay) * p.value.array();          // g + wd p
            m = beta1 * m + one_minus_beta1 * gd;
            v = beta2 * v + one_minus_beta2 * gd * gd;
        }
        if (options_.amsgrad()) {
            // AMSGrad: the largest v seen so far, so an entry's step size never grows back.
            auto v_max = max_exp_avg_sq_[i].array();
            v_max = v_max.max(v);                                           // v_max = max(v_max, v)
            p.value.array() -= step_size * m / (v_max.sqrt() / bias_correction2_sqrt + eps);
            continue;
        }
        // p = p - step_size m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
        p.value.array() -= step_size * m / (v.sqrt() / bias_correction2_sqrt + eps);
    }
}

template <class T>
std::vector<StateTensor<T>> Adam<T>::state() {
    std::vector<StateTensor<T>> out;
    this->list_slot(out, "exp_avg", exp_avg_);
    this->list_slot(out, "exp_avg_sq", exp_avg_sq_);
    if (options_.amsgrad()) this->list_slot(out, "max_exp_avg_sq", max_exp_avg_sq_);
    return out;
}

template class Adam<float>;
template class Adam<double>;

}  // namespace tapegrad
