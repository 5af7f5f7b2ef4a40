// Softmax cross-entropy, fused: ONE tape node goes from the logits to the loss, and its backward
// is written by hand. Composing softmax -> log -> pick breaks at large logits: at a gap of 1e4 the
// softmax rounds to exactly 0 and log 0 = -inf (examples/naive_vs_fused.cpp shows it). Working
// with log p = z - logsumexp(z) instead never overflows, and the gradient collapses to p - t.
//
// One row.  z: logits (C)   t: target distribution (C, sums to 1)   p = softmax(z)
//   log p_c = z_c - lse(z)     lse(z) = M + ln sum_k e^(z_k - M),  M = max_k z_k  (e^(...) <= 1)
//   L = -sum_c t_c log p_c = lse(z) - sum_c t_c z_c            (because sum_c t_c = 1)
//   dlse/dz_k = e^(z_k) / sum_j e^(z_j) = p_k
//   dL/dz_k = p_k - t_k
// A batch of N rows under mean reduction averages the rows, so dL/dz = (p - t) / N.
// Class weights w give row n the weighted target a = w * t (entry by entry):
//   L_n = -sum_c a_c log p_c     dL_n/dz = p (sum_c a_c) - a        (= w_y (p - t) for a class y)
// and the weighted mean divides by the total weight of the rows (PyTorch's definition).
// Label smoothing eps uses t' = (1 - eps) t + eps / C in place of t.
#include "softmax_cross_entropy.hpp"

#include "../ops/softmax.hpp"
#include "loss.hpp"
#include "validate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>

namespace tapegrad {

namespace {

// Row n's weighted, smoothed target, a_c = w_c ((1 - eps) t_c + eps / C), computed entry by
// entry so neither forward nor backward needs scratch memory. The node keeps what it needs:
// saved[1] the weights (1xC), scalar[1] eps, and either the probability target (its input 1)
// or the class indices (node.indices, -1 for an ignored row).
template <class T>
struct RowTarget {
    const T* probs;  // target row, or nullptr for a class index
    Index cls;       // the class when probs is nullptr; -1 = ignored row (a = 0)
    const T* w;
    T eps;
    Index C;

    T t(Index c) const { return probs ? probs[c] : T(c == cls); }
    T a(Index c) const {
        if (!probs && cls < 0) return T(0);
        return w[c] * ((T(1) - eps) * t(c) + eps / static_cast<T>(C));
    }
    T sum_a() const {
        T s = 0;
        for (Index c = 0; c < C; ++c) s += a(c);
        return s;
    }
};

template <class T>
RowTarget<T> row_target(const Node<T>& y, const Tape<T>& tape, Index n) {
    const Tensor<T>& w = y.saved[1];
    const T eps = static_cast<T>(y.scalar[1]);
    if (y.inputs.size() > 1) return {tape.node(y.inputs[1]).value().row(n).data(), 0, w.data(), eps, w.cols()};
    return {nullptr, y.indices[static_cast<std::size_t>(n)], w.data(), eps, w.cols()};
}

// Throws unless every row has a softmax: no NaN, no +inf, not every entry -inf.
// True when the target is one class per row, with no class weights and no label smoothing: then
// a_c is 1 at the row's class and 0 elsewhere, and both passes take a short path.
template <class T>
bool is_plain(const Node<T>& y) {
    return y.inputs.size() == 1 && y.scalar[1] == 0 && (y.saved[1].array() == T(1)).all();
}

template <class T>
void check_logits(const Tensor<T>& z) {
    if (z.cols() == 0)
        throw ShapeError("softmax_cross_entropy: logits (" + shape_of(z) + ") have no classes (columns)");
    const T inf = std::numeric_limits<T>::infinity();
    // One vectorised pass for the usual case: no NaN, no +inf (both fail x < inf), no all -inf row.
    if ((z.array() < inf).all() && (z.rowwise().maxCoeff().array() > -inf).all()) return;
    for (Index n = 0; n < z.rows(); ++n) {
        for (Index c = 0; c < z.cols(); ++c)
            if (std::isnan(z(n, c)) || z(n, c) == std::numeric_limits<T>::infinity())
                throw ValueError("softmax_cross_entropy: logits(" + std::to_string(n) + "," + std::to_string(c) +
                                 ") is " + format_number(static_cast<double>(z(n, c))) +
                                 ": logits must be numbers (or -inf, to rule a class out)");
        if (z.row(n).maxCoeff() == -std::numeric_limits<T>::infinity())
            throw ValueError("softmax_cross_entropy: row " + std::to_string(n) +
                             " of the logits is all -inf: every class is ruled out, so the softmax is undefined");
    }
}

// log softmax of row n of z into row n of logp, shifted by the row's max M so e^ never overflows.
template <class T>
void log_softmax_row(const Tensor<T>& z, Index n, Tensor<T>& logp) {
    const T M = z.row(n).maxCoeff();
    const T lse_shifted = std::log((z.row(n).array() - M).exp().sum());  // lse(z) - M, in [0, ln C]
    logp.row(n) = (z.row(n).array() - M) - lse_shifted;                  // z - M - (lse - M)
}

// The shared forward, once the inputs are checked. node.indices or input 1 already hold the
// target; `denominator` is what the mean divides by. Writes log p to saved[0] (p itself for a plain target, see is_plain), the loss to the value.
template <class T>
Var<T> forward(Node<T>& y, const Tensor<T>& z, const SoftmaxCrossEntropyOptions& options, double denominator) {
    const Index m = z.rows(), C = z.cols();
    const Reduction reduction = options.reduction();
    y.saved[0].resize(m, C);
    y.saved[1].setOnes(1, C);
    for (Index c = 0; c < static_cast<Index>(options.weight().size()); ++c)
        y.saved[1](0, c) = static_cast<T>(options.weight()[static_cast<std::size_t>(c)]);
    y.scalar[1] = options.label_smoothing();
    y.scalar[0] = reduction == Reduction::mean ? 1 / denominator
                : reduction == Reduction::batch_mean ? 1.0 / static_cast<double>(m) : 1.0;

    // L_n = -sum_c a_c log p_c, skipping a_c = 0 so that a ruled-out class (log p = -inf) adds 0.
    if (reduction == Reduction::none) y.out().resize(m, 1);
    else y.out().setZero(1, 1);
    const bool plain = is_plain(y);
    for (Index n = 0; n < m; ++n) {
        log_softmax_row(z, n, y.saved[0]);
        T loss = 0;
        if (plain) {  // the common case, one class per row: L_n = -log p(n, class_n)
            const Index cls = y.indices[static_cast<std::size_t>(n)];
            if (cls >= 0) loss = -y.saved[0](n, cls);
        } else {
            const RowTarget<T> a = row_target(y, *y.tape, n);
            for (Index c = 0; c < C; ++c)
                if (a.a(c) != T(0)) loss -= a.a(c) * y.saved[0](n, c);
        }
        if (reduction == Reduction::none) y.out()(n, 0) = loss;
        else y.out()(0, 0) += loss;
    }
    if (reduction != Reduction::none) y.out()(0, 0) *= static_cast<T>(y.scalar[0]);
    if (plain) {  // keep p = e^(log p) for the backward, which is then one scaled add (e^-inf = 0 exactly)
        const T minus_inf = -std::numeric_limits<T>::infinity();
        y.saved[0] = (y.saved[0].array() == minus_inf).select(T(0), y.saved[0].array().exp());
    }

    // dL/dz_nk = s_n (p_nk sum(a_n) - a_nk), s_n = scale * dL/dy (of row n under none)
    // dL/dt_nc = -s_n (1 - eps) w_c log p_nc                         (probability targets only)
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        Node<T>& x = tape.node(y.inputs[0]);
        Node<T>* t = y.inputs.size() > 1 ? &tape.node(y.inputs[1]) : nullptr;
        const Tensor<T>& logp = y.saved[0];
        const Tensor<T>& G = y.grad();  // dL/dy: 1x1, or (m,1) under none
        const T scale = static_cast<T>(y.scalar[0]), eps = static_cast<T>(y.scalar[1]);
        if (is_plain(y) && x.requires_grad) {  // dL/dz_n = s (p_n - onehot(class_n)), without the general loop
            const bool one_scale = G.rows() == 1;
            const bool none_ignored = std::all_of(y.indices.begin(), y.indices.end(), [](Index c) { return c >= 0; });
            const Tensor<T>& p = y.saved[0];  // the plain forward kept probabilities here
            if (one_scale && none_ignored) {  // the whole batch at once
                const T s = scale * G(0, 0);
                x.grad() += s * p;
                for (Index n = 0; n < p.rows(); ++n) x.grad()(n, y.indices[static_cast<std::size_t>(n)]) -= s;
                return;
            }
            for (Index n = 0; n < p.rows(); ++n) {
                const Index cls = y.indices[static_cast<std::size_t>(n)];
                if (cls < 0) continue;  // an ignored row sends nothing
                const T s = scale * (G.rows() == 1 ? G(0, 0) : G(n, 0));
                x.grad().row(n) += s * p.row(n);
                x.grad()(n, cls) -= s;
            }
            return;
        }
        for (Index n = 0; n < logp.rows(); ++n) {
            const T s = scale * (G.rows() == 1 ? G(0, 0) : G(n, 0));
            const RowTarget<T> a = row_target(y, tape, n);
            if (x.requires_grad) {
                const T sum_a = a.sum_a();
                for (Index k = 0; k < logp.cols(); ++k)
                    x.grad()(n, k) += s * (std::exp(logp(n, k)) * sum_a - a.a(k));
            }
            if (t && t->requires_grad)
                for (Index c = 0; c < logp.cols(); ++c)
                    t->grad()(n, c) -= s * (T(1) - eps) * a.w[c] * logp(n, c);
        }
    };
    return y.var();
}

// The common case on whole arrays: one class per row, no weights, no smoothing, no ignored row,
// a 1x1 loss. With S = z - M (each row shifted by its max M) and s_n = sum_c e^S_nc:
//   L = scale sum_n (ln s_n - S(n, class_n))       p = e^S / s       dL/dz = scale dL/dy (p - onehot)
// e^ runs once per entry, over the whole batch (exp_in_place), and p stays for the backward.
// The logits are not scanned first: a NaN, a +inf or a row of only -inf makes some S entry NaN,
// hence L NaN, and only then does check_logits look for the entry to name. (A class ruled out at
// -inf has e^-inf = 0; if it is the target class, L = +inf, as -ln 0 is.)
// saved[0]: p (m,C)   saved[1]: s (m,1)   scalar[0]: scale
template <class T>
bool forward_plain(Node<T>& y, const Tensor<T>& z, double scale) {
    const Index m = z.rows(), C = z.cols();
    Tensor<T>& p = y.saved[0];
    Tensor<T>& s = y.saved[1];
    s.resize(m, 1);
    shift_rows_by_max(z, p, s.data());  // p = S for now (s holds M, unused)
    T picked = 0;                        // sum_n S(n, class_n)
    for (Index n = 0; n < m; ++n) picked += p(n, y.indices[static_cast<std::size_t>(n)]);
    exp_in_place(p);
    for (Index n = 0; n < m; ++n) {
        s(n, 0) = row_sum(p, n);
        const T inv = T(1) / s(n, 0);
        for (T* v = p.data() + n * C, *end = v + C; v != end; ++v) *v *= inv;
    }
    const T loss = s.array().log().sum() - picked;
    if (std::isnan(loss)) return false;
    y.scalar[0] = scale;
    y.out().setConstant(1, 1, loss * static_cast<T>(scale));
    y.backward = [](Node<T>& y, Tape<T>& tape) {
        Node<T>& x = tape.node(y.inputs[0]);
        if (!x.requires_grad) return;
        const T g = static_cast<T>(y.scalar[0]) * y.grad()(0, 0);
        x.add_grad(g * y.saved[0]);  // dL/dz = g p, written whole
        Tensor<T>& dz = x.grad();
        for (Index n = 0; n < dz.rows(); ++n) dz(n, y.indices[static_cast<std::size_t>(n)]) -= g;  // - g onehot
    };
    return true;
}

void check_options(const SoftmaxCrossEntropyOptions& options, Index classes) {
    check_weights("softmax_cross_entropy", "class weights", options.weight(), classes);
    const double eps = options.label_smoothing();
    if (!(eps >= 0 && eps <= 1))
        throw ValueError("softmax_cross_entropy: label_smoothing " + format_number(eps) + " must lie in [0, 1]");
}


}  // namespace

template <class T>
Var<T> softmax_cross_entropy(Var<T> logits, std::span<const Index> target, const SoftmaxCrossEntropyOptions& options) {
    const char* op = "softmax_cross_entropy";
    check_options(options, logits.cols());
    check_classes(op, target, logits.rows(), logits.cols(), options.ignore_index());
    empty_batch_check(op, logits.rows(), options.reduction());
    // The mean divides by the total weight of the rows not ignored (their count, without weights).
    auto ignored = [&](Index c) { return options.ignore_index() && c == *options.ignore_index(); };
    double denominator = 0;
    for (Index c : target)
        if (!ignored(c)) denominator += options.weight().empty() ? 1.0 : options.weight()[static_cast<std::size_t>(c)];
    const Reduction reduction = options.reduction();
    const bool plain = options.weight().empty() && options.label_smoothing() == 0 && reduction != Reduction::none &&
                       denominator == static_cast<double>(logits.rows()) && logits.cols() > 0;
    if (plain) {
        if (anomaly_mode()) check_logits(logits.value());  // before record's own check, as below
        const Tensor<T>& z = logits.value();
        Node<T>& y = logits.tape().record(op, {logits});
        y.indices.assign(target.begin(), target.end());
        const double scale = reduction == Reduction::sum ? 1.0 : 1.0 / static_cast<double>(z.rows());
        if (forward_plain(y, z, scale)) return y.var();
        check_logits(z);  // throws, naming the entry
        throw ValueError("softmax_cross_entropy: the loss is NaN");  // unreachable: check_logits found it
    }
    check_logits(logits.value());
    if (options.reduction() == Reduction::mean && !(denominator > 0))
        throw ValueError("softmax_cross_entropy: every row is ignored or has weight 0, so the weighted "
                         "mean divides by 0; use Reduction::sum for such batches");
    Node<T>& y = logits.tape().record(op, {logits});
    y.indices.assign(target.begin(), target.end());
    for (Index& c : y.indices)
        if (ignored(c)) c = -1;
    return forward(y, logits.value(), options, denominator);
}

template <class T>
Var<T> softmax_cross_entropy(Var<T> logits, Var<T> target, const SoftmaxCrossEntropyOptions& options) {
    const char* op = "softmax_cross_entropy";
    check_logits(logits.value());
    check_same_shape(op, "logits", logits.value(), "target", target.value());
    check_options(options, logits.cols());
    check_distributions(op, "target", target.value());
    empty_batch_check(op, logits.rows(), options.reduction());
    Node<T>& y = logits.tape().record(op, {logits, target});
    y.indices.clear();
    return forward(y, logits.value(), options, static_cast<double>(logits.rows()));
}

// The parts, read back from what either forward kept: node.indices (or input 1), scalar[0] = scale,
// scalar[1] = eps, and saved[1] = the class weights (1xC) from forward, or the row sums (m,1) from
// forward_plain, which takes no weights. p is recomputed from the logits by the forward's own rows.
template <class T>
SoftmaxCrossEntropyParts<T> softmax_cross_entropy_parts(const Node<T>& y) {
    if (std::string_view(y.op) != "softmax_cross_entropy" || y.tape == nullptr)
        throw ValueError(std::string("softmax_cross_entropy_parts: node ") + std::to_string(y.id) + " is " + y.op +
                         ", not softmax_cross_entropy");
    const Tape<T>& tape = *y.tape;
    const Tensor<T>& z = tape.node(y.inputs[0]).value();
    const Index m = z.rows(), C = z.cols();
    SoftmaxCrossEntropyParts<T> parts;
    parts.scale = y.scalar[0];
    if (y.inputs.size() == 1) parts.classes = y.indices;
    const bool weighted = y.saved[1].rows() == 1 && y.saved[1].cols() == C;
    const Tensor<T> ones = Tensor<T>::Ones(1, C);
    const T* w = weighted ? y.saved[1].data() : ones.data();
    parts.p.resize(m, C);
    parts.y.resize(m, C);
    for (Index n = 0; n < m; ++n) {
        log_softmax_row(z, n, parts.p);
        parts.p.row(n) = parts.p.row(n).array().exp().matrix();
        const RowTarget<T> a =
            y.inputs.size() > 1 ? RowTarget<T>{tape.node(y.inputs[1]).value().row(n).data(), 0, w, T(y.scalar[1]), C}
                                : RowTarget<T>{nullptr, y.indices[static_cast<std::size_t>(n)], w, T(y.scalar[1]), C};
        const T sum_a = a.sum_a();  // the row's weight; y_n = a_n / sum(a_n)
        parts.weight.push_back(sum_a);
        for (Index c = 0; c < C; ++c) parts.y(n, c) = sum_a > T(0) ? a.a(c) / sum_a : T(0);
    }
    return parts;
}

// The registry entry: class indices when the task has them, otherwise the dense target rows.
std::unique_ptr<Loss> make_softmax_cross_entropy(LossConfig& config) {
    SoftmaxCrossEntropyOptions o;
    o.reduction(config.reduction()).label_smoothing(config.number("label_smoothing", 0, 0, 1));
    if (auto w = config.numbers("weight", 0); !w.empty()) o.weight(w);
    if (auto i = config.integer("ignore_index")) o.ignore_index(*i);
    return loss_from_body(config, Link::softmax, [o](auto logits, const auto& target) {
        if (!target.classes.empty()) return softmax_cross_entropy(logits, std::span<const Index>(target.classes), o);
        return softmax_cross_entropy(logits, dense_target(logits, target, Link::softmax, "softmax_cross_entropy"), o);
    });
}

#define TAPEGRAD_INSTANTIATE(T)                                                                              \
    template Var<T> softmax_cross_entropy(Var<T>, std::span<const Index>, const SoftmaxCrossEntropyOptions&); \
    template Var<T> softmax_cross_entropy(Var<T>, Var<T>, const SoftmaxCrossEntropyOptions&);              \
    template SoftmaxCrossEntropyParts<T> softmax_cross_entropy_parts(const Node<T>&);
TAPEGRAD_INSTANTIATE(float)
TAPEGRAD_INSTANTIATE(double)

}  // namespace tapegrad
