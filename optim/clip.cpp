// clip_grad_norm: two passes over the gradients, one for the largest |g|, one for the sum of
// (g / max)^2, accumulated in double. Neither pass allocates.
#include "clip.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace tapegrad {

namespace {

// "0.weight(2,1) = nan" for the first entry of p's gradient that is inf or NaN.
template <class T>
std::string first_non_finite(const Parameter<T>& p) {
    for (Index i = 0; i < p.grad.rows(); ++i)
        for (Index j = 0; j < p.grad.cols(); ++j)
            if (!std::isfinite(p.grad(i, j))) {
                std::ostringstream out;
                out << p.name << "(" << i << "," << j << ") = " << p.grad(i, j);
                return out.str();
            }
    return "";
}

}  // namespace

template <class T>
ClipResult grad_norm(const std::vector<Parameter<T>*>& params, NonFinite on_non_finite) {
    ClipResult result;
    // Pass 1: m = max |g|, and whether everything is finite.
    double m = 0;
    bool any_nan = false;
    for (const Parameter<T>* p : params) {
        if (p->grad.size() == 0) continue;
        if (!all_finite(p->grad)) {
            if (result.finite) result.where = first_non_finite(*p);
            result.finite = false;
            any_nan = any_nan || p->grad.array().isNaN().any();
            continue;
        }
        m = std::max(m, static_cast<double>(p->grad.cwiseAbs().maxCoeff()));
    }
    if (!result.finite) {
        result.norm = any_nan ? std::numeric_limits<double>::quiet_NaN() : std::numeric_limits<double>::infinity();  // a NaN makes the sum NaN; otherwise it is +inf
        if (on_non_finite == NonFinite::refuse)
            throw ValueError("clip_grad_norm: the gradient norm is not finite (" + result.where +
                             "); the gradients were left unchanged");
        return result;
    }
    if (m == 0) return result;  // all zero: norm 0
    // Pass 2: norm = m sqrt(sum (g / m)^2); every (g / m)^2 is at most 1.
    double sum = 0;
    for (const Parameter<T>* p : params)
        if (p->grad.size() > 0) sum += (p->grad.template cast<double>().array() / m).square().sum();
    result.norm = m * std::sqrt(sum);
    return result;
}

template <class T>
ClipResult clip_grad_norm(const std::vector<Parameter<T>*>& params, double max_norm, NonFinite on_non_finite) {
    if (!(max_norm > 0)) throw ValueError("clip_grad_norm: max_norm must be > 0, got " + std::to_string(max_norm));
    ClipResult result = grad_norm(params, on_non_finite);
    if (!result.finite || result.norm <= max_norm) return result;
    result.scale = max_norm / (result.norm + 1e-6);  // g = g max_norm / (norm + 1e-6)
    result.clipped = true;
    // Scaled in double: for a huge norm the factor can be too small for a float to hold exactly.
    for (Parameter<T>* p : params) p->grad = (p->grad.template cast<double>() * result.scale).template cast<T>();
    return result;
}

template <class T>
ClipResult clip_grad_value(const std::vector<Parameter<T>*>& params, double max_value, NonFinite on_non_finite) {
    if (!(max_value > 0)) throw ValueError("clip_grad_value: max_value must be > 0, got " + std::to_string(max_value));
    ClipResult result;
    for (const Parameter<T>* p : params)
        if (p->grad.size() > 0 && !all_finite(p->grad)) {
            result.finite = false;
            result.where = first_non_finite(*p);
            result.norm = std::numeric_limits<double>::quiet_NaN();
            if (on_non_finite == NonFinite::refuse)
                throw ValueError("clip_grad_value: a gradient is not finite (" + result.where +
                                 "); the gradients were left unchanged");
            return result;
        }
    const T v = static_cast<T>(max_value);
    for (Parameter<T>* p : params) {
        if (p->grad.size() == 0) continue;
        result.clipped = result.clipped || p->grad.cwiseAbs().maxCoeff() > v;
        p->grad = p->grad.cwiseMax(-v).cwiseMin(v);  // g = min(max(g, -v), v)
    }
    return result;
}

template ClipResult clip_grad_norm(const std::vector<Parameter<float>*>&, double, NonFinite);
template ClipResult clip_grad_value(const std::vector<Parameter<float>*>&, double, NonFinite);
template ClipResult clip_grad_value(const std::vector<Parameter<double>*>&, double, NonFinite);
template ClipResult clip_grad_norm(const std::vector<Parameter<double>*>&, double, NonFinite);
template ClipResult grad_norm(const std::vector<Parameter<float>*>&, NonFinite);
template ClipResult grad_norm(const std::vector<Parameter<double>*>&, NonFinite);

}  // namespace tapegrad
