// KL divergence as a loss, in PyTorch's kl_div convention: the model gives log-probabilities
// log q, the target gives probabilities p, and the loss is KL(p || q) = sum p (log p - log q).
// (The plain measure kl_divergence(p, q) on Tensors is in information.hpp.)
#pragma once

#include "reduction.hpp"

namespace tapegrad {

/// Reduction default: batch_mean, the sum over all entries divided by the number of rows, which
/// is the true KL(p || q) averaged over examples. (PyTorch defaults to mean over all m x C
/// entries and warns that it is not the KL; pick Reduction::mean to get that.)
struct KlDivergenceOptions {
    /// batch_mean (default): sum / rows; mean: over all m x C entries; sum; none: (m,C) pointwise.
    KlDivergenceOptions& reduction(Reduction r) { reduction_ = r; return *this; }
    Reduction reduction() const { return reduction_; }

private:
    Reduction reduction_ = Reduction::batch_mean;
};

/// L = (1/m) sum_n sum_c p_nc (log p_nc - log_q_nc)      (0 log 0 = 0)
///   log_q: (m,C) log-probabilities, finite (log_softmax of finite logits is)
///   p: (m,C) rows of probabilities summing to 1; treated as a constant (no gradient to p)
/// dL/dlog_q = -p / m. Since sum p log p does not depend on q, minimising KL(p || q) over q is
/// minimising the cross-entropy H(p, q): the gradients are the same, only the value differs.
template <class T>
Var<T> kl_divergence(Var<T> log_q, Var<T> p, const KlDivergenceOptions& options = {});

}  // namespace tapegrad
