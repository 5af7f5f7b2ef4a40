// Multi-class hinge loss, as PyTorch's nn.MultiMarginLoss(p, margin, weight): the SVM's loss for
// one class per row. One file plus the line X(multi_margin, other) in registry.cpp. Composed from
// ops, so there is no backward to write.
//
// Row n with scores x (C of them) and class y:
//   L_n = w_y / C * sum over i != y of max(0, margin - x_y + x_i)^p          p = 1 or 2
// Every other class must score at least `margin` below the true one; a class inside the margin
// adds its shortfall (p = 1) or its square (p = 2). A row with every rival `margin` behind adds 0
// and sends no gradient: unlike cross-entropy, the hinge stops pushing once it is satisfied.
// The class weight multiplies after the power, as PyTorch computes it (aten's multi_margin_loss;
// its documentation writes the weight inside the max). Mean is over rows, not over the weights.
//   dL_n/dx_i = w_y / C * p max(0, z_i)^(p-1) [z_i > 0]      (i != y, z_i = margin - x_y + x_i)
//   dL_n/dx_y = -sum over i != y of the same
#include "loss.hpp"

#include "../ops/ops.hpp"
#include "validate.hpp"

namespace tapegrad {

namespace {

template <class T>
Var<T> multi_margin_loss(Var<T> scores, std::span<const Index> classes, double margin, int p,
                         const std::vector<double>& weight, Reduction reduction) {
    const char* op = "multi_margin";
    const Index m = scores.rows(), C = scores.cols();
    check_classes(op, classes, m, C);
    check_weights(op, "class weights", weight, C);
    Tape<T>& tape = scores.tape();
    Var<T> onehot = one_hot(tape, classes, C);                         // (m,C): 1 at each row's class
    Var<T> true_score = rowwise_sum(scores * onehot);                   // (m,1): x_y
    Var<T> shortfall = relu(static_cast<T>(margin) - true_score + scores);  // (m,C): max(0, margin - x_y + x_i)
    Var<T> terms = p == 1 ? shortfall : shortfall * shortfall;          // ^p
    Var<T> per_row = rowwise_sum(terms * (T(1) - onehot));              // (m,1): i = y left out
    Tensor<T> row_scale(m, 1);                                          // w_y / C per row
    for (Index i = 0; i < m; ++i)
        row_scale(i, 0) = static_cast<T>((weight.empty() ? 1.0 : weight[static_cast<std::size_t>(classes[static_cast<std::size_t>(i)])]) /
                                         static_cast<double>(C));
    return reduce(per_row * tape.constant(row_scale), reduction, op);
}

}  // namespace

std::unique_ptr<Loss> make_multi_margin(LossConfig& config) {
    const double margin = config.number("margin", 1.0, 0.0, 1e6);
    const long long p = config.Options::integer("p", 1, 1, 2);  // 1 or 2, as PyTorch allows
    const std::vector<double> weight = config.numbers("weight", 0);
    const Reduction reduction = config.reduction();
    return loss_from_body(config, Link::softmax, [=]<class T>(Var<T> scores, const Target<T>& target) {
        return multi_margin_loss(scores, class_target(target, "multi_margin"), margin, static_cast<int>(p), weight,
                                 reduction);
    });
}

}  // namespace tapegrad
