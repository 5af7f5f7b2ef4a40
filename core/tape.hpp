// The tape: reverse-mode automatic differentiation as a Wengert list.
//
// Every op appends one node to the tape: its value, the ids of its inputs and a function that
// sends the node's gradient back to them. Nodes are appended in the order they are computed, so an
// input always sits before the nodes that use it. Walking the tape from the end to the start is
// therefore already a valid order for the chain rule: no graph search, no topological sort.
//
//   x = tape.variable(...)   node 0
//   w = tape.param(W)        node 1
//   z = matmul(x, w)         node 2  inputs {0, 1}
//   L = sum(z)               node 3  inputs {2}
//   tape.backward(L)         visits 3, 2, 1, 0: dL/dL = 1, then dL/dz, then dL/dw and dL/dx
//
// Parameters (weights) live outside the tape. A step records onto the tape, walks it back, and
// the tape is cleared before the next step; cleared nodes keep their memory, so a training loop
// whose shapes repeat stops allocating after its first step.
#pragma once

#include "anomaly.hpp"
#include "error.hpp"
#include "grad_mode.hpp"
#include "tensor.hpp"

#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace tapegrad {

template <class T> class Tape;
template <class T> class Var;
template <class T> struct Node;

/// How a node sends its gradient to its inputs. A plain function pointer rather than a closure:
/// whatever the backward step needs is kept on the node itself, so recording an op never allocates.
template <class T>
using BackwardFn = void (*)(Node<T>& node, Tape<T>& tape);

/// A trainable tensor that outlives any one tape: a weight matrix or a bias row.
template <class T>
struct Parameter {
    std::string name;
    Tensor<T> value;
    Tensor<T> grad;  // dL/dvalue, summed over backward walks until zero_grad()

    Parameter() = default;
    Parameter(std::string name, Tensor<T> initial)
        : name(std::move(name)), value(std::move(initial)),
          grad(Tensor<T>::Zero(value.rows(), value.cols())) {}

    void zero_grad() { grad.setZero(value.rows(), value.cols()); }
};

/// One entry of the tape.
template <class T>
struct Node {
    const char* op = "";       // "matmul", "relu", "param", ...
    std::vector<int> inputs;   // ids of the nodes this one was computed from
    BackwardFn<T> backward = nullptr;
    bool requires_grad = false;  // does any gradient need to flow through this node?
    bool reached = false;        // during backward: does the output depend on this node?
    int uses = 0;                // how many times later nodes of this recording take it as an input

    // What an op's backward may need besides its inputs' values, kept between steps so the memory
    // is reused: scalars (an exponent, a slope), tensors (a softmax output, a broadcast operand),
    // integer indices (the class picked in each row).
    double scalar[2] = {0, 0};
    Tensor<T> saved[2];
    std::vector<Index> indices;

    const Tensor<T>& value() const { return borrowed_value ? *borrowed_value : own_value; }
    /// dL/dvalue, to read or to add into. A walk back leaves a node's own gradient unwritten until
    /// its first use: then it becomes zeros, unless add_grad wrote it whole first.
    Tensor<T>& grad() { return borrowed_grad ? *borrowed_grad : written_own_grad(); }
    const Tensor<T>& grad() const { return borrowed_grad ? *borrowed_grad : written_own_grad(); }
    /// grad += g, g of the node's shape (an Eigen matrix or array expression). The first gradient to
    /// reach a node in a walk is assigned instead: one pass, rather than zeroing and then adding.
    /// Later ones add, so a node used twice (y = x * x) still gets the sum of both shares.
    template <class Expr>
    void add_grad(const Expr& g) {
        if (borrowed_grad) borrowed_grad->array() += g.array();
        else if (grad_unwritten) {
            own_grad.array() = g.array();
            grad_unwritten = false;
        } else own_grad.array() += g.array();
    }
    Tensor<T>& out() { return own_value; }  // where an op writes its forward result
    /// For an op whose dL/dinput is exactly its own dL/dy (y = x + b passes it on unchanged): when
    /// this node's gradient is still unwritten, y is its only user and both have one shape, this
    /// node takes y's gradient buffer instead of a copy, and y reads its gradient from here from then
    /// on (no one else adds into it). Returns false, doing nothing, when that is not safe.
    bool take_grad_of(Node& y) {
        if (borrowed_grad || !grad_unwritten || uses != 1 || y.borrowed_grad || y.rows() != rows() ||
            y.cols() != cols())
            return false;
        y.grad();  // written (zeros if nothing reached y)
        own_grad.swap(y.own_grad);
        grad_unwritten = false;
        y.borrowed_grad = &own_grad;
        return true;
    }
    Index rows() const { return value().rows(); }
    Index cols() const { return value().cols(); }
    Var<T> var() const;

    // Storage. A parameter's node borrows the parameter's value and gradient instead of copying
    // them, so backward writes straight into Parameter::grad, where the optimizer reads it.
    Tape<T>* tape = nullptr;
    int id = -1;
    Tensor<T> own_value;
    mutable Tensor<T> own_grad;         // sized by the walk back; its entries are valid once written
    mutable bool grad_unwritten = false;
    Tensor<T>& written_own_grad() const {
        if (grad_unwritten) {
            own_grad.setZero();
            grad_unwritten = false;
        }
        return own_grad;
    }
    const Tensor<T>* borrowed_value = nullptr;
    Tensor<T>* borrowed_grad = nullptr;
    const std::string* name = nullptr;  // a parameter's name, for printing the tape
};

/// A handle to one node of a tape: what ops take and return. Cheap to copy.
template <class T>
class Var {
public:
    Var() = default;
    Var(Tape<T>* tape, int id, std::uint64_t step) : tape_(tape), id_(id), step_(step) {}

    Tape<T>& tape() const;
    Node<T>& node() const;
    int id() const { return id_; }
    const Tensor<T>& value() const { return node().value(); }
    const Tensor<T>& grad() const { return node().grad(); }  // dL/dvalue after backward
    Index rows() const { return value().rows(); }
    Index cols() const { return value().cols(); }
    std::string shape() const { return shape_of(value()); }
    bool requires_grad() const { return node().requires_grad; }
    /// The value of a 1x1 Var as a number.
    T item() const;

private:
    Tape<T>* tape_ = nullptr;
    int id_ = -1;
    std::uint64_t step_ = 0;  // which recording this Var belongs to; stale after tape.clear()
};

template <class T>
class Tape {
public:
    Tape() = default;
    Tape(const Tape&) = delete;  // Vars point at their tape
    Tape& operator=(const Tape&) = delete;

    /// A leaf that needs no gradient (data, targets). Its value is copied onto the tape.
    Var<T> constant(const Tensor<T>& value) { return leaf("constant", value, false); }
    /// A leaf whose gradient we want, like x in "dy/dx". Its value is copied onto the tape.
    Var<T> variable(const Tensor<T>& value) { return leaf("variable", value, true); }
    /// A leaf that borrows `value` without copying it; it must outlive this step. For data batches.
    Var<T> input(const Tensor<T>& value);
    /// A parameter: borrows its value, and backward adds into its grad.
    Var<T> param(Parameter<T>& p);

    /// Appends a node computed from `inputs` by `op`. The op then writes node.out() and sets
    /// node.backward. The node needs a gradient when gradients are on and any input needs one.
    Node<T>& record(const char* op, std::span<const Var<T>> inputs);
    Node<T>& record(const char* op, std::initializer_list<Var<T>> inputs) {
        return record(op, std::span<const Var<T>>(inputs.begin(), inputs.size()));
    }

    /// dL/d(every node) for a 1x1 loss L, seeding dL/dL = 1.
    void backward(Var<T> loss);
    /// Backward from a non-scalar y, given dL/dy (`seed`, y's shape).
    void backward(Var<T> y, const Tensor<T>& seed);

    /// Forgets every node but keeps their memory for the next step.
    void clear();

    std::size_t size() const { return size_; }
    Node<T>& node(int id) { return *nodes_[static_cast<std::size_t>(id)]; }
    const Node<T>& node(int id) const { return *nodes_[static_cast<std::size_t>(id)]; }
    std::uint64_t step() const { return step_; }

    /// Throws TapeError unless v was recorded on this tape since the last clear().
    void check_owned(const Var<T>& v, const char* op) const;

    /// In anomaly mode: throws AnomalyError if the newest node's value is not finite. The tape
    /// calls it as the next node is recorded and as backward starts; call it yourself after a
    /// forward pass that ends without either.
    void check_last_value() const;

private:
    Var<T> leaf(const char* op, const Tensor<T>& value, bool requires_grad);
    void start_backward(const Node<T>& from);
    void walk_back(int from);
    void check_grads_sent_by(const Node<T>& n) const;

    std::vector<std::unique_ptr<Node<T>>> nodes_;  // unique_ptr: a Node& stays valid as the tape grows
    std::size_t size_ = 0;                         // nodes in use; nodes_[size_..] are kept for reuse
    std::uint64_t step_ = 0;                       // bumped by clear(), so old Vars are caught
    bool walked_back_ = false;
};

/// A copy of x's value that no gradient flows through (PyTorch's x.detach()).
template <class T>
Var<T> detach(Var<T> x) {
    return x.tape().constant(x.value());
}

// ---------------------------------------------------------------------------------------------
// Implementation

template <class T>
Var<T> Node<T>::var() const {
    return Var<T>(tape, id, tape->step());
}

template <class T>
Tape<T>& Var<T>::tape() const {
    if (tape_ == nullptr) throw TapeError("Var: this Var was never recorded on a tape");
    return *tape_;
}

template <class T>
Node<T>& Var<T>::node() const {
    Tape<T>& t = tape();
    if (step_ != t.step() || id_ < 0 || static_cast<std::size_t>(id_) >= t.size())
        throw TapeError("Var: node " + std::to_string(id_) +
                        " belongs to a step that was cleared; record the step again");
    return t.node(id_);
}

template <class T>
T Var<T>::item() const {
    const Tensor<T>& v = value();
    if (v.size() != 1) throw ShapeError("item: value is " + shape_of(v) + ", not 1x1");
    return v(0, 0);
}

template <class T>
void Tape<T>::check_owned(const Var<T>& v, const char* op) const {
    if (&v.tape() != this)
        throw TapeError(std::string(op) + ": input node " + std::to_string(v.id()) +
                        " was recorded on another tape");
    v.node();  // throws if stale
}

template <class T>
Node<T>& Tape<T>::record(const char* op, std::span<const Var<T>> inputs) {
    if (anomaly_mode()) check_last_value();  // the previous op has written its value by now
    if (size_ == nodes_.size()) nodes_.push_back(std::make_unique<Node<T>>());
    Node<T>& n = *nodes_[size_];
    n.op = op;
    n.tape = this;
    n.id = static_cast<int>(size_);
    n.inputs.clear();  // keeps capacity: no allocation once warmed up
    n.backward = nullptr;
    n.borrowed_value = nullptr;
    n.borrowed_grad = nullptr;
    n.name = nullptr;
    n.grad_unwritten = false;
    n.uses = 0;
    n.scalar[0] = n.scalar[1] = 0;
    bool any_input_needs_grad = false;
    for (const Var<T>& in : inputs) {
        check_owned(in, op);
        n.inputs.push_back(in.id());
        ++node(in.id()).uses;
        any_input_needs_grad = any_input_needs_grad || node(in.id()).requires_grad;
    }
    n.requires_grad = grad_enabled() && any_input_needs_grad;
    ++size_;
    return n;
}

template <class T>
Var<T> Tape<T>::leaf(const char* op, const Tensor<T>& value, bool requires_grad) {
    Node<T>& n = record(op, std::span<const Var<T>>{});
    n.out() = value;
    n.requires_grad = requires_grad && grad_enabled();
    return n.var();
}

template <class T>
Var<T> Tape<T>::input(const Tensor<T>& value) {
    Node<T>& n = record("input", std::span<const Var<T>>{});
    n.borrowed_value = &value;
    return n.var();
}

template <class T>
Var<T> Tape<T>::param(Parameter<T>& p) {
    Node<T>& n = record("param", std::span<const Var<T>>{});
    n.borrowed_value = &p.value;
    n.borrowed_grad = &p.grad;
    n.name = &p.name;
    n.requires_grad = grad_enabled();
    return n.var();
}

template <class T>
void Tape<T>::backward(Var<T> loss) {
    check_owned(loss, "backward");
    const Node<T>& L = loss.node();
    if (L.rows() != 1 || L.cols() != 1)
        throw ShapeError("backward: the loss is " + shape_of(L.value()) +
                         ", not 1x1; for a non-scalar y pass dL/dy: tape.backward(y, seed)");
    if (anomaly_mode()) check_last_value();
    start_backward(L);
    node(loss.id()).grad()(0, 0) += T(1);  // dL/dL = 1
    walk_back(loss.id());
}

template <class T>
void Tape<T>::backward(Var<T> y, const Tensor<T>& seed) {
    check_owned(y, "backward");
    const Node<T>& Y = y.node();
    if (seed.rows() != Y.rows() || seed.cols() != Y.cols())
        throw ShapeError("backward: seed (" + shape_of(seed) + ") must have y's shape (" +
                         shape_of(Y.value()) + ")");
    if (anomaly_mode()) check_last_value();
    start_backward(Y);
    node(y.id()).grad() += seed;
    walk_back(y.id());
}

// Readies the gradient of every node that needs one: sized (a same-shaped tensor keeps its memory)
// and marked unwritten, so the first op to send it a gradient writes it without a zeroing pass
// (Node::add_grad), and any other first use sees zeros. Parameters keep theirs: they accumulate
// until zero_grad.
template <class T>
void Tape<T>::start_backward(const Node<T>& from) {
    if (walked_back_)
        throw TapeError("backward: this tape was already walked back; a second walk would add "
                        "every gradient again. Clear the tape and record the step anew");
    if (!from.requires_grad)
        throw TapeError(std::string("backward: node ") + std::to_string(from.id) + " (" + from.op +
                        ") needs no gradient: it was built from constants only, or under NoGradGuard");
    walked_back_ = true;
    for (std::size_t i = 0; i < size_; ++i) {
        Node<T>& n = *nodes_[i];
        n.reached = false;
        if (!n.requires_grad) continue;
        if (n.borrowed_grad == nullptr) {
            n.own_grad.resize(n.rows(), n.cols());
            n.grad_unwritten = true;
        } else if (n.borrowed_grad->rows() != n.rows() || n.borrowed_grad->cols() != n.cols())
            n.borrowed_grad->setZero(n.rows(), n.cols());
    }
}

// The chain rule, last node first. When node i's backward runs, every node that used it has
// already added its share into node i's gradient, because users come later on the tape.
// Nodes the output does not depend on are skipped: they hold no gradient to send, and running
// their backward anyway could turn a harmless infinity into 0 * inf = NaN in a shared input.
template <class T>
void Tape<T>::walk_back(int from) {
    node(from).reached = true;
    for (int i = from; i >= 0; --i) {
        Node<T>& n = node(i);
        if (!n.reached || !n.requires_grad || n.backward == nullptr) continue;
        n.backward(n, *this);
        for (int input : n.inputs) node(input).reached = true;
        if (anomaly_mode()) check_grads_sent_by(n);
    }
}

namespace detail {
template <class T>
std::string describe_inputs(const Tape<T>& tape, const Node<T>& n) {
    std::string text;
    for (int id : n.inputs) {
        const Node<T>& in = tape.node(id);
        const Tensor<T>& v = in.value();
        text += (text.empty() ? "" : "; ") + std::string("node ") + std::to_string(id) + " (" + in.op +
                ") " + shape_of(v);
        if (v.size() > 0) {
            char range[64];
            std::snprintf(range, sizeof range, " min %.4g max %.4g", static_cast<double>(v.minCoeff()),
                          static_cast<double>(v.maxCoeff()));
            text += range;
        }
    }
    return text.empty() ? "none" : text;
}
}  // namespace detail

template <class T>
void Tape<T>::check_last_value() const {
    if (size_ == 0) return;
    const Node<T>& n = node(static_cast<int>(size_ - 1));
    if (all_finite(n.value())) return;
    throw AnomalyError("anomaly: forward of node " + std::to_string(n.id) + " (" + n.op +
                           ") produced NaN or infinity; its inputs: " + detail::describe_inputs(*this, n),
                       n.id, n.op);
}

template <class T>
void Tape<T>::check_grads_sent_by(const Node<T>& n) const {
    for (int id : n.inputs) {
        const Node<T>& in = node(id);
        if (!in.requires_grad || all_finite(in.grad())) continue;
        throw AnomalyError("anomaly: backward of node " + std::to_string(n.id) + " (" + n.op +
                               ") sent NaN or infinity to node " + std::to_string(id) + " (" + in.op +
                               "); its inputs: " + detail::describe_inputs(*this, n),
                           n.id, n.op);
    }
}

template <class T>
void Tape<T>::clear() {
    size_ = 0;
    ++step_;
    walked_back_ = false;
}

extern template class Tape<float>;
extern template class Tape<double>;

}  // namespace tapegrad
