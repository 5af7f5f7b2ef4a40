// How a loss turns its per-example (or per-entry) losses into what it returns: their mean, their
// sum, the sum per example, or all of them. Shared by every loss in this folder.
#pragma once

#include "../core/tape.hpp"

#include <string_view>

namespace tapegrad {

/// What a loss returns from its individual losses l (one per row, or one per entry; see each loss).
enum class Reduction {
    mean,        ///< the average of l (each loss says over what: rows, entries or total weight)
    sum,         ///< sum of l
    none,        ///< l itself: (m,1) for one loss per row, (m,n) for one loss per entry
    batch_mean,  ///< sum of l divided by the number of rows m: "per example", summed over its entries
};

/// "mean", "sum", "none", "batch_mean".
const char* to_string(Reduction reduction);

/// The Reduction called `name`; throws ValueError naming the four choices otherwise.
Reduction reduction_from_string(std::string_view name);

/// `losses` reduced as `reduction` says, built from ops (so nothing to differentiate by hand):
/// mean over every entry, sum, sum / rows, or `losses` unchanged.
/// An empty batch under mean or batch_mean throws ValueError (see empty_batch_check).
template <class T>
Var<T> reduce(Var<T> losses, Reduction reduction, const char* op);

/// The rule for an empty batch, shared by every loss: under mean or batch_mean it throws, because
/// the mean of no losses is 0/0; a NaN loss in the middle of training would be harder to trace.
/// Under sum an empty batch gives 0, under none an empty result.
void empty_batch_check(const char* op, Index rows, Reduction reduction);

}  // namespace tapegrad
