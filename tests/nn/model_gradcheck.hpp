// Gradient check for a model's parameters: every entry of every dL/dparameter from the tape against
// a central finite difference, with L = sum(model(x) * R) for a fixed random R (so every output
// entry matters), in float64 with gradcheck's tolerances.
#pragma once

#include <tapegrad/tapegrad.hpp>

#include <cmath>
#include <sstream>
#include <string>

template <class Model>
std::string check_parameter_gradients(Model& model, const tapegrad::Tensor<double>& x, tapegrad::Rng& rng,
                                      double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3) {
    using namespace tapegrad;
    Tape<double> tape;
    Tensor<double> R;
    auto loss = [&]() -> double {
        tape.clear();
        Var<double> y = model.forward(tape, tape.constant(x));
        if (R.size() == 0) R = rng.normal_tensor<double>(y.rows(), y.cols());
        return (y.value().array() * R.array()).sum();
    };
    loss();
    // Analytic: backward with dL/dy = R.
    for (Parameter<double>* p : model.parameters()) p->zero_grad();
    tape.clear();
    Var<double> y = model.forward(tape, tape.constant(x));
    tape.backward(y, R);
    for (Parameter<double>* p : model.parameters()) {
        for (Index k = 0; k < p->value.size(); ++k) {
            double& w = p->value.data()[k];
            const double saved = w;
            NoGradGuard no_grad;
            w = saved + eps;
            const double up = loss();
            w = saved - eps;
            const double down = loss();
            w = saved;
            const double numeric = (up - down) / (2 * eps);
            const double analytic = p->grad.data()[k];
            if (!(std::abs(analytic - numeric) <= atol + rtol * std::abs(numeric))) {
                std::ostringstream m;
                m << p->name << " entry " << k << ": analytic " << analytic << ", numeric " << numeric;
                return m.str();
            }
        }
    }
    return "ok";
}
