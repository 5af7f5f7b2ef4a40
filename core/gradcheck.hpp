// gradcheck: compares the gradients the tape computes with central finite differences, in
// float64, the way PyTorch's torch.autograd.gradcheck does. Use it on any op or loss of your own.
//
//   auto f = [](Tape<double>&, std::span<const Var<double>> x) { return sum(exp(x[0])); };
//   GradcheckResult r = gradcheck(f, {Tensor<double>::Random(3, 2)});
//   if (!r) std::cerr << r.message;
#pragma once

#include "tape.hpp"

#include <functional>
#include <span>
#include <string>
#include <vector>

namespace tapegrad {

/// Tolerances: an entry passes when |analytic - numeric| <= atol + rtol * |numeric|.
struct GradcheckOptions {
    double eps = 1e-6;   // step of the central difference (f(x + eps) - f(x - eps)) / (2 eps)
    double atol = 1e-5;
    double rtol = 1e-3;
    GradcheckOptions& step(double e) { eps = e; return *this; }
    GradcheckOptions& absolute_tolerance(double a) { atol = a; return *this; }
    GradcheckOptions& relative_tolerance(double r) { rtol = r; return *this; }
};

/// The verdict; `message` says what failed and where, or "ok".
struct GradcheckResult {
    bool ok = true;
    std::string message = "ok";
    explicit operator bool() const { return ok; }
};

/// The function under test: records onto `tape` from the input Vars and returns the output.
using GradcheckFunction = std::function<Var<double>(Tape<double>& tape, std::span<const Var<double>> inputs)>;

/// Checks f's whole Jacobian against finite differences, that a zero upstream gradient gives zero
/// input gradients, and that every input gradient has its input's shape.
GradcheckResult gradcheck(const GradcheckFunction& f, const std::vector<Tensor<double>>& inputs,
                          const GradcheckOptions& options = {});

}  // namespace tapegrad
