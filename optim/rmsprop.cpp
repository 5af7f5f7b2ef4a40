// RMSprop's and Adagrad's updates, written as PyTorch writes them (torch/optim/rmsprop.py and
// adagrad.py, the single-tensor forms). Coefficients such as 1 - alpha are computed in double from
// the double options and rounded once, as PyTorch passes them to float tensor ops.
#include "rmsprop.hpp"

namespace tapegrad {

template <class T>
RMSprop<T>::RMSprop(std::vector<Parameter<T>*> params, const RMSpropOptions& options)
    : Optimizer<T>(std::move(params), options.lr()), options_(options) {
    check_option(options.alpha() >= 0, "rmsprop", "alpha", ">= 0", options.alpha());
    check_option(options.eps() >= 0, "rmsprop", "eps", ">= 0", options.eps());
    check_option(options.momentum() >= 0, "rmsprop", "momentum", ">= 0", options.momentum());
    check_option(options.weight_decay() >= 0, "rmsprop", "weight_decay", ">= 0", options.weight_decay());
    square_avg_ = this->zeros_like_parameters();
    if (options.centered()) grad_avg_ = this->zeros_like_parameters();
    if (options.momentum() > 0) momentum_buffer_ = this->zeros_like_parameters();
    denominator_ = this->zeros_like_parameters();
}

template <class T>
void RMSprop<T>::update(double) {
    const T alpha = static_cast<T>(options_.alpha());
    const T one_minus_alpha = static_cast<T>(1 - options_.alpha());  // from the double alpha, rounded once
    const T eps = static_cast<T>(options_.eps());
    const T mu = static_cast<T>(options_.momentum());
    for (std::size_t i = 0; i < this->params_.size(); ++i) {
        Parameter<T>& p = *this->params_[i];
        const T step = static_cast<T>(this->lr_of(i));                // this parameter's group lr
        const T wd = static_cast<T>(this->weight_decay_of(i, options_.weight_decay()));
        auto g = p.grad.array() + wd * p.value.array();               // g + wd p
        auto s = square_avg_[i].array();
        auto r = denominator_[i].array();
        s = alpha * s + one_minus_alpha * g * g;                      // s = alpha s + (1 - alpha) g^2
        if (options_.centered()) {
            auto a = grad_avg_[i].array();
            a = alpha * a + one_minus_alpha * g;                      // a = alpha a + (1 - alpha) g
            r = (s - a * a).sqrt() + eps;                             // r = sqrt(s - a^2) + eps
        } else {
            r = s.sqrt() + eps;                                       // r = sqrt(s) + eps
        }
        if (mu > 0) {
            auto b = momentum_buffer_[i].array();
            b = mu * b + g / r;                                       // b = mu b + g / r
            p.value.array() -= step * b;                              // p = p - lr b
        } else {
            p.value.array() -= step * g / r;                          // p = p - lr g / r
        }
    }
}

template <class T>
std::vector<StateTensor<T>> RMSprop<T>::state() {
    std::vector<StateTensor<T>> out;
    this->list_slot(out, "square_avg", square_avg_);
    if (!grad_avg_.empty()) this->list_slot(out, "grad_avg", grad_avg_);
    if (!momentum_buffer_.empty()) this->list_slot(out, "momentum_buffer", momentum_buffer_);
    return out;
}

template <class T>
Adagrad<T>::Adagrad(std::vector<Parameter<T>*> params, const AdagradOptions& options)
    : Optimizer<T>(std::move(params), options.lr()), options_(options) {
    check_option(options.lr_decay() >= 0, "adagrad", "lr_decay", ">= 0", options.lr_decay());
    check_option(options.eps() >= 0, "adagrad", "eps", ">= 0", options.eps());
    check_option(options.weight_decay() >= 0, "adagrad", "weight_decay", ">= 0", options.weight_decay());
    check_option(options.initial_accumulator_value() >= 0, "adagrad", "initial_accumulator_value", ">= 0",
                 options.initial_accumulator_value());
    sum_ = this->zeros_like_parameters();
    for (Tensor<T>& S : sum_) S.setConstant(static_cast<T>(options.initial_accumulator_value()));
}

template <class T>
void Adagrad<T>::update(double) {
    const double t = static_cast<double>(this->steps() + 1);
    const T eps = static_cast<T>(options_.eps());
    for (std::size_t i = 0; i < this->params_.size(); ++i) {
        Parameter<T>& p = *this->params_[i];
        // lr / (1 + (t - 1) lr_decay), with this parameter's group lr
        const T clr = static_cast<T>(this->lr_of(i) / (1 + (t - 1) * options_.lr_decay()));
        const T wd = static_cast<T>(this->weight_decay_of(i, options_.weight_decay()));
        auto g = p.grad.array() + wd * p.value.array();   // g + wd p
        auto S = sum_[i].array();
        S += g * g;                                       // S = S + g^2
        p.value.array() -= clr * g / (S.sqrt() + eps);    // p = p - clr g / (sqrt(S) + eps)
    }
}

template <class T>
std::vector<StateTensor<T>> Adagrad<T>::state() {
    std::vector<StateTensor<T>> out;
    this->list_slot(out, "sum", sum_);
    return out;
}

template class RMSprop<float>;
template class RMSprop<double>;
template class Adagrad<float>;
template class Adagrad<double>;

}  // namespace tapegrad
