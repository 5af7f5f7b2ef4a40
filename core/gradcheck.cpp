// gradcheck: the analytic Jacobian, one backward walk per output entry (seeded with a one-hot
// dL/dy), against the numeric Jacobian, two forward passes per input entry.
#include "gradcheck.hpp"

#include <cmath>
#include <sstream>

namespace tapegrad {

namespace {

using Tensors = std::vector<Tensor<double>>;

// Records f on a cleared tape; `vars` receives the input Vars.
Var<double> record(const GradcheckFunction& f, Tape<double>& tape, const Tensors& inputs,
                   std::vector<Var<double>>& vars) {
    tape.clear();
    vars.clear();
    for (const auto& x : inputs) vars.push_back(tape.variable(x));
    return f(tape, vars);
}

// Appended piece by piece: GCC 12 gives a false -Wrestrict warning inside libstdc++ for
// "(" + std::to_string(...) (GCC bug 105329), which this form does not trigger.
std::string entry(Index flat, Index cols) {
    std::string at = "(";
    at += std::to_string(flat / cols);
    at += ',';
    at += std::to_string(flat % cols);
    at += ')';
    return at;
}

// dL/dinputs for dL/dy = seed. Fails (returns false) when a gradient has the wrong shape.
bool input_grads(const GradcheckFunction& f, const Tensors& inputs, const Tensor<double>& seed,
                 Tensors& grads, GradcheckResult& result) {
    Tape<double> tape;
    std::vector<Var<double>> vars;
    Var<double> y = record(f, tape, inputs, vars);
    tape.backward(y, seed);
    grads.clear();
    for (std::size_t i = 0; i < vars.size(); ++i) {
        const Tensor<double>& g = vars[i].grad();
        if (g.rows() != inputs[i].rows() || g.cols() != inputs[i].cols()) {
            result = {false, "gradient of input " + std::to_string(i) + " is " + shape_of(g) +
                                 ", but the input is " + shape_of(inputs[i])};
            return false;
        }
        grads.push_back(g);
    }
    return true;
}

}  // namespace

GradcheckResult gradcheck(const GradcheckFunction& f, const std::vector<Tensor<double>>& inputs,
                          const GradcheckOptions& options) {
    GradcheckResult result;
    try {
        Tape<double> tape;
        std::vector<Var<double>> vars;
        const Tensor<double> y0 = record(f, tape, inputs, vars).value();
        if (!all_finite(y0)) return {false, "the output is not finite at the given inputs"};

        // 1. A zero upstream gradient must give zero gradients, of the inputs' shapes.
        Tensors grads;
        if (!input_grads(f, inputs, Tensor<double>::Zero(y0.rows(), y0.cols()), grads, result))
            return result;
        for (std::size_t i = 0; i < grads.size(); ++i)
            if (grads[i].size() > 0 && grads[i].cwiseAbs().maxCoeff() != 0)
                return {false, "a zero dL/dy gave a non-zero gradient for input " + std::to_string(i)};

        // 2. Analytic Jacobian row by row: seeding dL/dy with the one-hot e_k gives dy_k/dinputs.
        std::vector<Tensors> analytic;  // analytic[k][i] = d y_k / d input_i
        for (Index k = 0; k < y0.size(); ++k) {
            Tensor<double> seed = Tensor<double>::Zero(y0.rows(), y0.cols());
            seed(k / y0.cols(), k % y0.cols()) = 1;
            if (!input_grads(f, inputs, seed, grads, result)) return result;
            analytic.push_back(grads);
        }

        // 3. Numeric Jacobian column by column: (y(x + eps e_j) - y(x - eps e_j)) / (2 eps).
        Tensors x = inputs;
        for (std::size_t i = 0; i < x.size(); ++i) {
            for (Index j = 0; j < x[i].size(); ++j) {
                double& xj = x[i](j / x[i].cols(), j % x[i].cols());
                const double saved = xj;
                NoGradGuard no_grad;
                xj = saved + options.eps;
                Tensor<double> up = record(f, tape, x, vars).value();
                xj = saved - options.eps;
                Tensor<double> down = record(f, tape, x, vars).value();
                xj = saved;
                for (Index k = 0; k < y0.size(); ++k) {
                    const double numeric = (up(k / y0.cols(), k % y0.cols()) - down(k / y0.cols(), k % y0.cols())) /
                                           (2 * options.eps);
                    const double exact = analytic[static_cast<std::size_t>(k)][i](j / x[i].cols(), j % x[i].cols());
                    if (!(std::abs(exact - numeric) <= options.atol + options.rtol * std::abs(numeric))) {
                        std::ostringstream m;
                        m.precision(10);
                        m << "d output" << entry(k, y0.cols()) << " / d input " << i << entry(j, x[i].cols())
                          << ": analytic " << exact << ", numeric " << numeric << " (atol " << options.atol
                          << ", rtol " << options.rtol << ")";
                        return {false, m.str()};
                    }
                }
            }
        }
    } catch (const std::exception& e) {
        return {false, std::string("the function threw: ") + e.what()};
    }
    return result;
}

}  // namespace tapegrad
