// Gradient clipping by global norm: if the gradients of all parameters, seen as one long vector,
// are longer than max_norm, they are scaled down to that length. The norm is computed without
// overflow, and a non-finite norm is reported (or refused) with the gradients left untouched.
#pragma once

#include "../core/tape.hpp"

#include <string>
#include <vector>

namespace tapegrad {

/// What to do when some gradient entry is inf or NaN. Either way the gradients are not changed.
enum class NonFinite {
    report,  ///< return with finite = false, so the caller can skip the step
    refuse,  ///< throw ValueError naming the parameter and entry
};

struct ClipResult {
    double norm = 0;       ///< sqrt(sum of g^2 over every entry) before clipping; inf or NaN if not finite
    bool finite = true;    ///< false: some entry was inf or NaN, and nothing was scaled
    bool clipped = false;  ///< true: the gradients were multiplied by `scale`
    double scale = 1;      ///< max_norm / (norm + 1e-6) when clipped, else 1
    std::string where;     ///< when not finite: the first bad entry, "0.weight(2,1) = nan"
};

/// norm = ||(g_1, ..., g_n)||, computed as  m sqrt(sum (g_i / m)^2)  with m = max |g_i|, so that
/// no square overflows (a float gradient of 2e22 has a square of 4e44 > 3.4e38).
/// If norm > max_norm, every gradient is multiplied by max_norm / (norm + 1e-6) (as PyTorch).
template <class T>
ClipResult clip_grad_norm(const std::vector<Parameter<T>*>& params, double max_norm,
                          NonFinite on_non_finite = NonFinite::report);

/// Clip by value (PyTorch clip_grad_value_): every gradient entry is clamped to [-max_value,
/// max_value], each on its own, so the direction of the whole gradient can change (clipping by norm
/// keeps it). An inf or NaN entry is reported (or refused) as above and nothing is clamped: a
/// clamped inf would hide the fault behind a plausible number. `norm` is not measured (0);
/// `clipped` says whether any entry was clamped.
template <class T>
ClipResult clip_grad_value(const std::vector<Parameter<T>*>& params, double max_value,
                           NonFinite on_non_finite = NonFinite::report);

/// The same norm without clipping.
template <class T>
ClipResult grad_norm(const std::vector<Parameter<T>*>& params, NonFinite on_non_finite = NonFinite::report);

}  // namespace tapegrad
