// Uses the installed tapegrad through its umbrella header: d/dx (x * x + 3x) at x = 2 is 7.
#include <tapegrad/tapegrad.hpp>

#include <iostream>

int main() {
    tapegrad::Tape<double> tape;
    auto x = tape.variable(tapegrad::Tensor<double>::Constant(1, 1, 2.0));
    auto y = x * x + x * 3.0;
    tape.backward(y);
    std::cout << "y = " << y.item() << ", dy/dx = " << x.grad()(0, 0) << "\n";
    return (y.item() == 10 && x.grad()(0, 0) == 7) ? 0 : 1;
}
