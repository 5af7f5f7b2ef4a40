// KL divergence loss, composed from ops: the constant p log p minus p * log q, then reduced.
// p log p is computed here, outside the tape, with 0 log 0 = 0; it shifts the value, not the gradient.
#include "kl_divergence.hpp"

#include "../ops/elementwise.hpp"
#include "../ops/softmax.hpp"
#include "loss.hpp"
#include "validate.hpp"

#include <cmath>

namespace tapegrad {

template <class T>
Var<T> kl_divergence(Var<T> log_q, Var<T> p, const KlDivergenceOptions& options) {
    const char* op = "kl_divergence";
    const Tensor<T>& P = p.value();
    check_same_shape(op, "log_q", log_q.value(), "p", P);
    check_distributions(op, "p", P);
    for (Index i = 0; i < log_q.rows(); ++i)
        for (Index j = 0; j < log_q.cols(); ++j)
            if (!std::isfinite(log_q.value()(i, j)))
                throw ValueError(std::string(op) + ": log_q(" + std::to_string(i) + "," + std::to_string(j) + ") is " +
                                 format_number(static_cast<double>(log_q.value()(i, j))) +
                                 ": log-probabilities must be finite (log_softmax of finite logits is)");
    empty_batch_check(op, P.rows(), options.reduction());

    Tape<T>& tape = log_q.tape();
    Tensor<T> p_log_p = Tensor<T>::Zero(P.rows(), P.cols());
    for (Index i = 0; i < P.rows(); ++i)
        for (Index j = 0; j < P.cols(); ++j)
            if (P(i, j) > T(0)) p_log_p(i, j) = P(i, j) * std::log(P(i, j));
    Var<T> pointwise = tape.constant(p_log_p) - tape.constant(P) * log_q;  // p (log p - log q)
    return reduce(pointwise, options.reduction(), op);
}

// The registry entry: KL(target || softmax(logits)), the model's log_softmax against target rows.
std::unique_ptr<Loss> make_kl_divergence(LossConfig& config) {
    const KlDivergenceOptions o = KlDivergenceOptions().reduction(config.reduction(Reduction::batch_mean));
    return loss_from_body(config, Link::softmax, [o](auto logits, const auto& target) {
        return kl_divergence(log_softmax(logits), dense_target(logits, target, Link::softmax, "kl_divergence"), o);
    });
}

template Var<float> kl_divergence(Var<float>, Var<float>, const KlDivergenceOptions&);
template Var<double> kl_divergence(Var<double>, Var<double>, const KlDivergenceOptions&);

}  // namespace tapegrad
