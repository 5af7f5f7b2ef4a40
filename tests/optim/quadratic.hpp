// Shared by the optimizer tests: a parameter on the quadratic L(p) = p^2 / 2, whose gradient
// dL/dp = p is set by hand, so that only the update rule is under test.
#pragma once

#include <tapegrad/tapegrad.hpp>

#include <vector>

namespace quadratic {

using tapegrad::Parameter;
using tapegrad::Tensor;

inline Parameter<double> start_at(double p0) { return Parameter<double>("p", Tensor<double>::Constant(1, 1, p0)); }

/// p after each of `steps` steps of `opt` on L = p^2 / 2.
template <class Optimizer>
std::vector<double> trajectory(Optimizer& opt, Parameter<double>& p, int steps) {
    std::vector<double> out;
    for (int t = 0; t < steps; ++t) {
        opt.zero_grad();
        p.grad(0, 0) = p.value(0, 0);  // dL/dp = p
        opt.step();
        out.push_back(p.value(0, 0));
    }
    return out;
}

}  // namespace quadratic
