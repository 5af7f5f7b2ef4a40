// Information content, entropy, cross-entropy and KL divergence, row by row. Every sum skips the
// terms with p_c = 0: an outcome that never happens adds nothing (0 log 0 = 0, 0 log 0/q = 0).
#include "information.hpp"

#include "validate.hpp"

#include <cmath>
#include <numbers>

namespace tapegrad {

namespace {
// Divides nats by this to get the unit asked for.
double per_unit(Base base) { return base == Base::bits ? std::numbers::ln2 : 1.0; }

template <class T>
void check_pair(const char* op, const Tensor<T>& p, const Tensor<T>& q) {
    check_same_shape(op, "p", p, "q", q);
    check_distributions(op, "p", p);
    check_distributions(op, "q", q);
}

// sum_c p_c f(c) over the entries of row n where p_c > 0.
template <class T, class F>
T sum_where_p_positive(const Tensor<T>& p, Index n, F f) {
    T total = 0;
    for (Index c = 0; c < p.cols(); ++c)
        if (p(n, c) > T(0)) total += p(n, c) * f(c);
    return total;
}
}  // namespace

template <class T>
Tensor<T> information(const Tensor<T>& p, Base base) {
    check_probabilities("information", "p", p);
    return (-p.array().log() / static_cast<T>(per_unit(base))).matrix();
}

template <class T>
Tensor<T> entropy(const Tensor<T>& p, Base base) {
    check_distributions("entropy", "p", p);
    Tensor<T> H(p.rows(), 1);
    for (Index n = 0; n < p.rows(); ++n)
        H(n, 0) = -sum_where_p_positive(p, n, [&](Index c) { return std::log(p(n, c)); });
    return H / static_cast<T>(per_unit(base));
}

template <class T>
Tensor<T> cross_entropy(const Tensor<T>& p, const Tensor<T>& q, Base base) {
    check_pair("cross_entropy", p, q);
    Tensor<T> H(p.rows(), 1);
    for (Index n = 0; n < p.rows(); ++n)
        H(n, 0) = -sum_where_p_positive(p, n, [&](Index c) { return std::log(q(n, c)); });
    return H / static_cast<T>(per_unit(base));
}

template <class T>
Tensor<T> kl_divergence(const Tensor<T>& p, const Tensor<T>& q, Base base) {
    check_pair("kl_divergence", p, q);
    Tensor<T> D(p.rows(), 1);
    for (Index n = 0; n < p.rows(); ++n)
        D(n, 0) = sum_where_p_positive(p, n, [&](Index c) { return std::log(p(n, c)) - std::log(q(n, c)); });
    return D / static_cast<T>(per_unit(base));
}

#define TAPEGRAD_INSTANTIATE(T)                                                 \
    template Tensor<T> information(const Tensor<T>&, Base);                     \
    template Tensor<T> entropy(const Tensor<T>&, Base);                         \
    template Tensor<T> cross_entropy(const Tensor<T>&, const Tensor<T>&, Base); \
    template Tensor<T> kl_divergence(const Tensor<T>&, const Tensor<T>&, Base);
TAPEGRAD_INSTANTIATE(float)
TAPEGRAD_INSTANTIATE(double)

}  // namespace tapegrad
