// Margin ranking loss, as PyTorch's nn.MarginRankingLoss: for pairs of scores (x1, x2) and a label
// y = +1 (x1 should rank above x2) or -1 (below). It is a function, not a registry entry: the
// registry's losses take one model output and a class target, and a ranking pair is two outputs
// and a sign. multi_margin is the registry's hinge loss for classes.
#pragma once

#include "reduction.hpp"

namespace tapegrad {

/// l_i = max(0, -y_i (x1_i - x2_i) + margin)        x1, x2, y: (m,1) or any equal shape; y_i in {-1, +1}
/// dl/dx1 = -y [l > 0]      dl/dx2 = y [l > 0]       reduction mean (default, over entries), sum or none.
template <class T>
Var<T> margin_ranking(Var<T> x1, Var<T> x2, const Tensor<T>& y, double margin = 0,
                      Reduction reduction = Reduction::mean);

}  // namespace tapegrad
