// Broadcasting for binary ops, in both directions.
//
// Forward: an operand of shape 1x1, 1xn or mx1 is repeated to match an mxn partner (each dimension
// must be equal or 1). Backward: the gradient of a repeated operand is the sum of the gradients of
// its copies, so dL/dy is summed back over the repeated dimensions to the operand's own shape.
#pragma once

#include "../core/tape.hpp"

#include <string>
#include <utility>

namespace tapegrad {

/// The shape a and b broadcast to: each dimension must be equal in both, or 1 in one of them.
template <class T>
std::pair<Index, Index> broadcast_shape(const char* op, const Tensor<T>& a, const Tensor<T>& b) {
    auto fits = [](Index x, Index y) { return x == y || x == 1 || y == 1; };
    if (!fits(a.rows(), b.rows()) || !fits(a.cols(), b.cols()))
        throw ShapeError(std::string(op) + ": a (" + shape_of(a) + ") and b (" + shape_of(b) +
                         ") do not broadcast: each dimension must be equal, or 1 in one of them");
    return {std::max(a.rows(), b.rows()), std::max(a.cols(), b.cols())};
}

/// x seen at shape rows x cols: x itself when it already has that shape, otherwise x repeated
/// into `scratch` (a 1x1 everywhere, a row in every row, a column in every column).
template <class T>
const Tensor<T>& expand(const Tensor<T>& x, Index rows, Index cols, Tensor<T>& scratch) {
    if (x.rows() == rows && x.cols() == cols) return x;
    scratch.resize(rows, cols);
    if (x.rows() == 1 && x.cols() == 1) scratch.setConstant(x(0, 0));
    else if (x.rows() == 1) scratch.rowwise() = x.row(0);
    else scratch.colwise() = x.col(0);  // x.cols() == 1, as broadcast_shape checked
    return scratch;
}

/// grad += g, where g has the broadcast shape and grad the operand's own shape: g is summed over
/// every dimension along which the operand was repeated.
template <class T, class Expr>
void add_reduced(Tensor<T>& grad, const Eigen::DenseBase<Expr>& g_expr) {
    const auto& g = g_expr.derived();
    if (grad.rows() == g.rows() && grad.cols() == g.cols()) grad.array() += g.array();
    else if (grad.rows() == 1 && grad.cols() == 1) grad(0, 0) += g.sum();
    else if (grad.rows() == 1) grad.array() += g.array().colwise().sum();
    else grad.array() += g.array().rowwise().sum();
}

/// Sends g = dL/d(operand, broadcast shape) to input node `id`, if that node wants a gradient.
template <class T, class Expr>
void send_grad(Tape<T>& tape, int id, const Eigen::DenseBase<Expr>& g) {
    Node<T>& in = tape.node(id);
    if (!in.requires_grad) return;
    const auto& G = g.derived();
    if (G.rows() == in.rows() && G.cols() == in.cols()) in.add_grad(G);  // no repetition to sum over
    else add_reduced(in.grad(), G);
}

/// The value of input k of a broadcasting binary node, at the node's shape. Forward left the
/// repeated copy in node.saved[k] when the input needed repeating.
template <class T>
const Tensor<T>& expanded_input(Node<T>& node, Tape<T>& tape, int k) {
    const Tensor<T>& x = tape.node(node.inputs[static_cast<std::size_t>(k)]).value();
    return (x.rows() == node.rows() && x.cols() == node.cols()) ? x : node.saved[k];
}

}  // namespace tapegrad
