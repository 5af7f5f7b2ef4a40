// Tutorial chapter 1 (docs/tutorial.md): one expression and its gradient three ways: by hand with
// the rules of calculus, by the tape (reverse mode), and by finite differences, the slow check
// that every gradient in tapegrad is held to.
#include <tapegrad/tapegrad.hpp>

#include <cstdio>

using namespace tapegrad;

// f(x, y) = x^2 y + y + 2, as plain arithmetic on numbers.
double f(double x, double y) { return x * x * y + y + 2; }

int main() {
    const double x0 = 3, y0 = 4;
    std::printf("f(x, y) = x*x*y + y + 2   at x = %g, y = %g\n\n", x0, y0);

    // 1. By hand: d/dx (x^2 y) = 2xy, d/dy (x^2 y + y) = x^2 + 1.
    std::printf("by hand       f = %g   df/dx = 2xy = %g   df/dy = x^2 + 1 = %g\n", f(x0, y0), 2 * x0 * y0,
                x0 * x0 + 1);

    // 2. By the tape: the same expression on Vars records one node per operation. backward(out)
    // seeds dout/dout = 1 and walks the nodes from last to first, applying the chain rule once each.
    Tape<double> tape;
    Var<double> x = tape.variable(Tensor<double>::Constant(1, 1, x0));
    Var<double> y = tape.variable(Tensor<double>::Constant(1, 1, y0));
    Var<double> out = x * x * y + y + 2.0;
    tape.backward(out);
    std::printf("by the tape   f = %g   df/dx = %g          df/dy = %g\n", out.item(), x.grad()(0, 0),
                y.grad()(0, 0));

    // 3. By finite differences: nudge one input both ways and divide. No calculus at all, but it
    // costs two evaluations of f per input, where the tape costs one walk for all of them.
    const double h = 1e-5;
    std::printf("numerically             df/dx = %.6g          df/dy = %.6g\n\n",
                (f(x0 + h, y0) - f(x0 - h, y0)) / (2 * h), (f(x0, y0 + h) - f(x0, y0 - h)) / (2 * h));

    // x is used twice (x * x) and y twice (in x*x*y and in + y). Each use sends its own share back,
    // and the shares add up: that is why every backward in tapegrad writes `grad +=`.
    std::printf("x is used twice in x*x: each use sends x*y = %g, so df/dx = %g + %g = %g\n", x0 * y0, x0 * y0,
                x0 * y0, 2 * x0 * y0);
    std::printf("y is used twice: x*x*y sends x^2 = %g and + y sends 1, so df/dy = %g\n\n", x0 * x0,
                x0 * x0 + 1);

    // gradcheck does step 3 for any function of Vars, at every entry, and compares with the tape.
    GradcheckResult check = gradcheck(
        [](Tape<double>&, std::span<const Var<double>> v) { return v[0] * v[0] * v[1] + v[1] + 2.0; },
        {Tensor<double>::Constant(1, 1, x0), Tensor<double>::Constant(1, 1, y0)});
    std::printf("gradcheck: %s\n", check.message.c_str());
}
