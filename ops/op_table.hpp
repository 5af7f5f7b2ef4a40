// The op table: every differentiable op, registered once with its name, its inputs' domains and its
// shape rule. The test suite walks it (tests/ops/test_op_table.cpp): every entry is gradchecked in
// float64 at every shape its rule allows, checked for the zero-upstream and shape rules, refused at
// shapes that do not fit, and run in float32 at extreme inputs, with no test written for it.
// Adding an op is its code in its family's file plus one line in op_table.cpp (docs/extending.md).
//
// This header names no op: it can be included without pulling in every op's declaration.
#pragma once

#include "../core/rng.hpp"
#include "../core/tape.hpp"

#include <span>
#include <string>
#include <utility>
#include <vector>

namespace tapegrad {

using Shape = std::pair<Index, Index>;  // (rows, cols)

/// Where an input may be drawn from, so that the op is smooth there and finite differences agree
/// with the gradient: random entries in [lo, hi), each kept `margin` away from every kink (where the
/// derivative jumps: 0 for abs and relu, lo and hi for clamp) and, if `distinct`, from every other
/// entry (max and min have a kink wherever two entries tie).
struct Domain {
    double lo = -2, hi = 2;
    std::vector<double> kinks;
    bool distinct = false;
    double margin = 0.2;
    bool kinks_are_poles = false;  // the op is undefined there (a divisor's 0): no extreme input there

    /// Any number: [-2, 2).
    static Domain real() { return {}; }
    /// x > 0, for log and sqrt: [0.5, 3).
    static Domain positive() { return {0.5, 3, {}, false, 0.2, false}; }
    /// |x| >= 0.3, for a divisor: [-2, 2) away from 0, and 0 never among the extremes.
    static Domain nonzero() { return {-2, 2, {0}, false, 0.3, true}; }
    /// [-2, 2) away from the given kinks.
    static Domain away_from(std::vector<double> kinks) { return {-2, 2, std::move(kinks), false, 0.2, false}; }
    /// [-2, 2), every entry at least 0.1 from every other (no ties).
    static Domain distinct_entries() { return {-2, 2, {}, true, 0.1, false}; }

    /// Random entries from this domain, from `rng` (so a seed replays them).
    Tensor<double> draw(Index rows, Index cols, Rng& rng) const;
    /// The extreme inputs of this domain, cycled over (rows, cols) starting at the k-th: +-1e4,
    /// +-50, +-1 and 0 for the reals (without the poles), 1e-30 .. 1e4 for the positives.
    Tensor<float> extremes(Index rows, Index cols, Index k) const;
};

/// The shape of an op's output, given its inputs' shapes. The walk checks it, and tries the input
/// shapes each rule implies unless the entry lists its own.
enum class ShapeRule {
    same,        ///< y has the first input's shape; tried at 1x1, 1x4, 3x1, 3x4
    broadcast,   ///< binary, y has the broadcast shape; 3x4 against 1x1, 1x4, 3x1, 3x4 both ways,
                 ///< and 3x4 against 2x4 must be refused with a ShapeError naming the op
    to_scalar,   ///< y is 1x1
    per_row,     ///< y is (m,1): one number per row
    per_col,     ///< y is (1,n): one number per column
    transposed,  ///< y is (n,m)
    fixed,       ///< the entry's own input shapes and output shape
};

/// An op applied to its inputs, in float64 (gradcheck) or float32 (training precision).
template <class T>
using OpFunction = Var<T> (*)(std::span<const Var<T>> x);

struct OpEntry {
    std::string name;  // as the op records its node on the tape
    OpFunction<double> f64 = nullptr;
    OpFunction<float> f32 = nullptr;
    std::vector<Domain> domains{Domain::real()};  // one per input: its size is the op's arity
    ShapeRule rule = ShapeRule::same;
    std::vector<std::vector<Shape>> shapes;  // input shapes to try; empty: the rule's
    Shape out{0, 0};                         // the output shape, for ShapeRule::fixed

    // Set-up, read like a sentence: op("log", ...).domain(Domain::positive()).
    OpEntry& domain(Domain d) { domains.assign(1, std::move(d)); return *this; }
    OpEntry& inputs(std::vector<Domain> d) { domains = std::move(d); return *this; }
    OpEntry& binary(Domain a = Domain::real(), Domain b = Domain::real()) {
        domains = {std::move(a), std::move(b)};
        rule = ShapeRule::broadcast;
        return *this;
    }
    OpEntry& shape(ShapeRule r) { rule = r; return *this; }
    /// Tried only at these input shapes (rule kept, e.g. per_row with shapes of at least 2 columns).
    OpEntry& at(std::vector<std::vector<Shape>> s) { shapes = std::move(s); return *this; }
    /// ShapeRule::fixed: one set of input shapes and the output shape they give.
    OpEntry& fixed(std::vector<Shape> in, Shape y) {
        rule = ShapeRule::fixed;
        shapes = {std::move(in)};
        out = y;
        return *this;
    }

    std::size_t arity() const { return domains.size(); }
    /// The input shapes the walk tries, from `shapes` or the rule.
    std::vector<std::vector<Shape>> shapes_to_try() const;
    /// The output shape the rule gives for these inputs.
    Shape expected_shape(const std::vector<Shape>& in) const;
};

/// An entry from a name and a generic lambda taking the inputs, `[](auto x) { return exp(x[0]); }`,
/// instantiated for float64 and float32. The lambda must capture nothing.
template <class F>
OpEntry op(std::string name, F) {
    OpEntry e;
    e.name = std::move(name);
    e.f64 = [](std::span<const Var<double>> x) -> Var<double> { return F{}(x); };
    e.f32 = [](std::span<const Var<float>> x) -> Var<float> { return F{}(x); };
    return e;
}

/// Every registered op, in the order of op_table.cpp.
const std::vector<OpEntry>& op_table();
/// "abs, add, ...": the registered names, for messages and docs.
std::vector<std::string> op_names();
/// The entry called `name`; ValueError naming the nearest registered op if there is none.
const OpEntry& find_op(const std::string& name);

}  // namespace tapegrad
