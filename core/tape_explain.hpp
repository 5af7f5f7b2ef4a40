// The chain rule, node by node: after a backward walk, explain(tape) goes over the tape from the
// last node to the first, the order backward took, and for each node prints the rule it applied
// and the numbers it used, few enough to check by hand on a batch of 2-4 rows. For the fused
// softmax cross-entropy: the labels, p = softmax(z) and dL/dz = (p - y) / m entry by entry; for a
// matmul, which product gave which gradient; for a broadcast add, the sum over rows that makes the
// bias gradient. Every line fits 100 columns.
#pragma once

#include "tape.hpp"
#include "tape_export.hpp"

#include <string>

namespace tapegrad {

/// The explanation of the last backward walk on `tape`, as text. From the options it reads the
/// names given to nodes (name(id, "logits")), the significant digits (4 are plenty by hand: pass
/// significant_digits(4)), and full_values(): list every entry instead of the first few.
/// Call it after tape.backward(): it explains the walk that call made.
template <class T>
std::string explain(const Tape<T>& tape, const TapeExportOptions& options = {});

extern template std::string explain(const Tape<float>&, const TapeExportOptions&);
extern template std::string explain(const Tape<double>&, const TapeExportOptions&);

}  // namespace tapegrad
