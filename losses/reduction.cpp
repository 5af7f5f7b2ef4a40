// Reductions for the losses composed from ops, and the one rule every loss follows for an empty
// batch.
#include "reduction.hpp"

#include "../ops/elementwise.hpp"
#include "../ops/reduce.hpp"

#include <string>

namespace tapegrad {

const char* to_string(Reduction reduction) {
    switch (reduction) {
        case Reduction::mean: return "mean";
        case Reduction::sum: return "sum";
        case Reduction::none: return "none";
        case Reduction::batch_mean: return "batch_mean";
    }
    return "?";
}

Reduction reduction_from_string(std::string_view name) {
    for (Reduction r : {Reduction::mean, Reduction::sum, Reduction::none, Reduction::batch_mean})
        if (name == to_string(r)) return r;
    throw ValueError("reduction: unknown reduction \"" + std::string(name) +
                     "\"; choose mean, sum, none or batch_mean");
}

void empty_batch_check(const char* op, Index rows, Reduction reduction) {
    if (rows > 0 || (reduction != Reduction::mean && reduction != Reduction::batch_mean)) return;
    throw ValueError(std::string(op) + ": the batch is empty (0 rows), and the " + to_string(reduction) +
                     " of no losses is undefined; skip empty batches, or use Reduction::sum (0 for "
                     "an empty batch)");
}

template <class T>
Var<T> reduce(Var<T> losses, Reduction reduction, const char* op) {
    empty_batch_check(op, losses.rows(), reduction);
    switch (reduction) {
        case Reduction::mean: return mean(losses);
        case Reduction::sum: return sum(losses);
        case Reduction::batch_mean: return sum(losses) * (T(1) / static_cast<T>(losses.rows()));
        case Reduction::none: break;
    }
    return losses;
}

template Var<float> reduce(Var<float>, Reduction, const char*);
template Var<double> reduce(Var<double>, Reduction, const char*);

}  // namespace tapegrad
