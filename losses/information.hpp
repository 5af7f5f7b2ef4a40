// Information-theory measures, for teaching and for metrics: information content, entropy,
// cross-entropy and KL divergence of rows of probabilities. Plain functions on Tensors, not
// losses: nothing is recorded on a tape. Each row is one distribution; 0 log 0 counts as 0.
//
//   H(p, q) = H(p) + KL(p || q)      cross-entropy = entropy + divergence, for every row
#pragma once

#include "../core/tensor.hpp"

namespace tapegrad {

/// The unit of information: nats use ln, bits use log2 (1 bit = ln 2 nats).
enum class Base { nats, bits };

/// I(p) = -log p, entry by entry: how surprising an outcome of probability p is.
///   p: (m,n), entries in [0, 1]   result: (m,n)     I(1) = 0, I(1/2) = 1 bit, I(0) = inf
template <class T>
Tensor<T> information(const Tensor<T>& p, Base base = Base::nats);

/// H(p) = -sum_c p_c log p_c per row: the expected information of an outcome drawn from p.
///   p: (m,C), rows summing to 1   result: (m,1)     a fair coin: 1 bit; one-hot rows: 0
template <class T>
Tensor<T> entropy(const Tensor<T>& p, Base base = Base::nats);

/// H(p, q) = -sum_c p_c log q_c per row: the expected information when outcomes come from p but
/// are coded as if they came from q. Infinite where q_c = 0 < p_c.
///   p, q: (m,C), rows summing to 1   result: (m,1)
template <class T>
Tensor<T> cross_entropy(const Tensor<T>& p, const Tensor<T>& q, Base base = Base::nats);

/// KL(p || q) = sum_c p_c log(p_c / q_c) per row: the extra information paid for using q instead
/// of p; >= 0, and 0 only when q = p. Not symmetric. (The loss kl_divergence(log_q, p) on a tape
/// is in kl_divergence.hpp.)
///   p, q: (m,C), rows summing to 1   result: (m,1)
template <class T>
Tensor<T> kl_divergence(const Tensor<T>& p, const Tensor<T>& q, Base base = Base::nats);

}  // namespace tapegrad
