// Negative log-likelihood, composed from ops: pick each row's log-probability of its class
// (gather), weigh it, negate, reduce. The tape differentiates it; no backward is written here.
#include "nll.hpp"

#include "../ops/elementwise.hpp"
#include "../ops/reduce.hpp"
#include "../ops/shape.hpp"
#include "../ops/softmax.hpp"
#include "loss.hpp"
#include "validate.hpp"

namespace tapegrad {

template <class T>
Var<T> nll(Var<T> log_probs, std::span<const Index> target, const NllOptions& options) {
    const char* op = "nll";
    const Index m = log_probs.rows(), C = log_probs.cols();
    check_classes(op, target, m, C, options.ignore_index());
    check_weights(op, "class weights", options.weight(), C);
    empty_batch_check(op, m, options.reduction());

    // Without weights or ignored rows: L = mean_n(-log_probs(n, y_n)), three ops.
    if (options.weight().empty() && !options.ignore_index())
        return reduce(-gather(log_probs, target), options.reduction(), op);

    // Otherwise each row has a weight: w_{y_n}, or 0 for an ignored row. An ignored row still
    // picks a column (its largest, a finite one) so that 0 * (-inf) cannot make a NaN.
    Tensor<T> w(m, 1);
    std::vector<Index> picks(target.begin(), target.end());
    double total = 0;
    for (Index n = 0; n < m; ++n) {
        const Index c = picks[static_cast<std::size_t>(n)];
        if (options.ignore_index() && c == *options.ignore_index()) {
            w(n, 0) = 0;
            log_probs.value().row(n).maxCoeff(&picks[static_cast<std::size_t>(n)]);
            continue;
        }
        w(n, 0) = static_cast<T>(options.weight().empty() ? 1.0 : options.weight()[static_cast<std::size_t>(c)]);
        total += static_cast<double>(w(n, 0));
    }
    Var<T> losses = -(gather(log_probs, std::span<const Index>(picks)) * log_probs.tape().constant(w));
    if (options.reduction() != Reduction::mean) return reduce(losses, options.reduction(), op);
    if (!(total > 0))
        throw ValueError("nll: every row is ignored or has weight 0, so the weighted mean divides by 0; "
                         "use Reduction::sum for such batches");
    return sum(losses) * static_cast<T>(1 / total);
}

// The registry entry: nll applied to log_softmax(logits), with the same options as above.
std::unique_ptr<Loss> make_nll(LossConfig& config) {
    NllOptions o;
    o.reduction(config.reduction());
    if (auto w = config.numbers("weight", 0); !w.empty()) o.weight(w);
    if (auto i = config.integer("ignore_index")) o.ignore_index(*i);
    return loss_from_body(config, Link::softmax, [o](auto logits, const auto& target) {
        return nll(log_softmax(logits), class_target(target, "nll"), o);
    });
}

template Var<float> nll(Var<float>, std::span<const Index>, const NllOptions&);
template Var<double> nll(Var<double>, std::span<const Index>, const NllOptions&);

}  // namespace tapegrad
