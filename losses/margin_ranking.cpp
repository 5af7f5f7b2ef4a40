// Margin ranking loss, composed from ops: relu(margin - y (x1 - x2)), reduced.
#include "margin_ranking.hpp"

#include "../ops/ops.hpp"
#include "validate.hpp"

namespace tapegrad {

template <class T>
Var<T> margin_ranking(Var<T> x1, Var<T> x2, const Tensor<T>& y, double margin, Reduction reduction) {
    const char* op = "margin_ranking";
    check_same_shape(op, "x1", x1.value(), "x2", x2.value());
    check_same_shape(op, "x1", x1.value(), "y", y);
    for (Index i = 0; i < y.rows(); ++i)
        for (Index j = 0; j < y.cols(); ++j)
            if (y(i, j) != T(1) && y(i, j) != T(-1))
                throw ValueError(std::string(op) + ": y(" + std::to_string(i) + "," + std::to_string(j) + ") is " +
                                 format_number(static_cast<double>(y(i, j))) + "; each label must be +1 or -1");
    Var<T> sign = x1.tape().constant(y);
    Var<T> losses = relu(static_cast<T>(margin) - sign * (x1 - x2));  // max(0, margin - y (x1 - x2))
    return reduce(losses, reduction, op);
}

template Var<float> margin_ranking(Var<float>, Var<float>, const Tensor<float>&, double, Reduction);
template Var<double> margin_ranking(Var<double>, Var<double>, const Tensor<double>&, double, Reduction);

}  // namespace tapegrad
