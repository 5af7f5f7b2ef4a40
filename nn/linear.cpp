// Linear: y = x W + b. Its backward comes for free from matmul and add:
//   dL/dx = dL/dy W^T      dL/dW = x^T dL/dy      dL/db = sum over rows of dL/dy
#include "linear.hpp"

#include "../ops/elementwise.hpp"
#include "../ops/matmul.hpp"

namespace tapegrad {

template <class T>
Linear<T>::Linear(Index in, Index out, Rng& rng, const LinearOptions& options, const std::string& prefix)
    : weight(prefix + "weight", initial_weights<T>(options.init(), in, out, rng, options.gain())) {
    if (options.bias()) bias = Parameter<T>(prefix + "bias", initial_bias<T>(options.init(), in, out, rng));
}

template <class T>
Var<T> Linear<T>::forward(Tape<T>& tape, Var<T> x) {
    if (x.cols() != in_features())
        throw ShapeError("Linear: x (" + x.shape() + ") has " + std::to_string(x.cols()) +
                         " features per row, but this layer takes " + std::to_string(in_features()) +
                         " (W is " + shape_of(weight.value) + "); rows are examples, columns features");
    Var<T> y = matmul(x, tape.param(weight));  // (batch, in) (in, out) -> (batch, out)
    if (has_bias()) y = y + tape.param(bias);  // the (1, out) row is added to every example
    return y;
}

template <class T>
std::vector<Parameter<T>*> Linear<T>::parameters() {
    if (has_bias()) return {&weight, &bias};
    return {&weight};
}

template class Linear<float>;
template class Linear<double>;

}  // namespace tapegrad
