// The op table: one line per differentiable op. The test suite walks it (see op_table.hpp), so a
// line here is all the testing a new op needs beyond its own known values.
//
//   op(name, body)     name: what the op records on the tape; body: the op applied to x[0], x[1], ...
//     .domain(d)       its one input's domain (default Domain::real())
//     .binary(a, b)    two inputs that broadcast, with their domains
//     .inputs({...})   several inputs, one domain each
//     .shape(rule)     the output's shape rule (default ShapeRule::same)
//     .at({...})       the input shapes to try, instead of the rule's
//     .fixed(in, out)  one set of input shapes and the output shape they give
#include "op_table.hpp"

#include "ops.hpp"

#include "../core/options.hpp"

#include <algorithm>
#include <array>

namespace tapegrad {

namespace {

using S = ShapeRule;
const std::vector<std::vector<Shape>> two_or_more_cols = {{{1, 4}}, {{3, 4}}, {{3, 2}}};
const std::vector<std::vector<Shape>> two_or_more_rows = {{{4, 1}}, {{3, 4}}, {{2, 3}}};
const std::vector<std::vector<Shape>> two_or_more_entries = {{{1, 4}}, {{3, 1}}, {{3, 4}}};

template <class T>
Var<T> a_mask(Tape<T>& tape) {  // for where: a fixed 3x4 pattern of true (1) and false (0)
    Tensor<T> m(3, 4);
    m << 1, 0, 0, 1, 0, 1, 1, 0, 1, 1, 0, 0;
    return tape.constant(m);
}

std::vector<OpEntry> build_table() {
    return {
        // elementwise.hpp: arithmetic, broadcasting
        op("add", [](auto x) { return x[0] + x[1]; }).binary(),
        op("sub", [](auto x) { return x[0] - x[1]; }).binary(),
        op("mul", [](auto x) { return x[0] * x[1]; }).binary(),
        op("div", [](auto x) { return x[0] / x[1]; }).binary(Domain::real(), Domain::nonzero()),
        op("neg", [](auto x) { return -x[0]; }),
        op("add_scalar", [](auto x) { return x[0] + 0.5; }),
        op("mul_scalar", [](auto x) { return x[0] * -1.5; }),
        op("scalar_div", [](auto x) { return 2.0 / x[0]; }).domain(Domain::nonzero()),
        op("where", [](auto x) { return where(a_mask(x[0].tape()), x[0], x[1]); })
            .inputs({Domain::real(), Domain::real()}).fixed({{3, 4}, {1, 4}}, {3, 4}),
        // unary.hpp
        op("exp", [](auto x) { return exp(x[0]); }),
        op("log", [](auto x) { return log(x[0]); }).domain(Domain::positive()),
        op("sqrt", [](auto x) { return sqrt(x[0]); }).domain(Domain::positive()),
        op("pow", [](auto x) { return pow(x[0], 3.0); }),
        op("abs", [](auto x) { return abs(x[0]); }).domain(Domain::away_from({0})),
        op("clamp", [](auto x) { return clamp(x[0], -0.5, 1.0); }).domain(Domain::away_from({-0.5, 1.0})),
        // activation.hpp
        op("tanh", [](auto x) { return tanh(x[0]); }),
        op("sigmoid", [](auto x) { return sigmoid(x[0]); }),
        op("relu", [](auto x) { return relu(x[0]); }).domain(Domain::away_from({0})),
        op("leaky_relu", [](auto x) { return leaky_relu(x[0], 0.1); }).domain(Domain::away_from({0})),
        op("softplus", [](auto x) { return softplus(x[0]); }),
        op("log_sigmoid", [](auto x) { return log_sigmoid(x[0]); }),
        op("gelu", [](auto x) { return gelu(x[0]); }),
        op("gelu_tanh", [](auto x) { return gelu_tanh(x[0]); }),
        op("elu", [](auto x) { return elu(x[0], 0.7); }).domain(Domain::away_from({0})),
        op("selu", [](auto x) { return selu(x[0]); }).domain(Domain::away_from({0})),
        op("silu", [](auto x) { return silu(x[0]); }),
        op("softsign", [](auto x) { return softsign(x[0]); }).domain(Domain::away_from({0})),
        op("hardtanh", [](auto x) { return hardtanh(x[0]); }).domain(Domain::away_from({-1, 1})),
        // matmul.hpp
        op("matmul", [](auto x) { return matmul(x[0], x[1]); })
            .inputs({Domain::real(), Domain::real()}).fixed({{3, 4}, {4, 2}}, {3, 2}),
        op("transpose", [](auto x) { return transpose(x[0]); }).shape(S::transposed),
        // reduce.hpp
        op("sum", [](auto x) { return sum(x[0]); }).shape(S::to_scalar),
        op("rowwise_sum", [](auto x) { return rowwise_sum(x[0]); }).shape(S::per_row),
        op("colwise_sum", [](auto x) { return colwise_sum(x[0]); }).shape(S::per_col),
        op("mean", [](auto x) { return mean(x[0]); }).shape(S::to_scalar),
        op("rowwise_mean", [](auto x) { return rowwise_mean(x[0]); }).shape(S::per_row),
        op("colwise_mean", [](auto x) { return colwise_mean(x[0]); }).shape(S::per_col),
        op("max", [](auto x) { return max(x[0]); }).domain(Domain::distinct_entries()).shape(S::to_scalar),
        op("rowwise_max", [](auto x) { return rowwise_max(x[0]); }).domain(Domain::distinct_entries()).shape(S::per_row),
        op("colwise_max", [](auto x) { return colwise_max(x[0]); }).domain(Domain::distinct_entries()).shape(S::per_col),
        op("logsumexp", [](auto x) { return logsumexp(x[0]); }).shape(S::to_scalar),
        op("rowwise_logsumexp", [](auto x) { return rowwise_logsumexp(x[0]); }).shape(S::per_row),
        op("colwise_logsumexp", [](auto x) { return colwise_logsumexp(x[0]); }).shape(S::per_col),
        // extrema.hpp
        op("min", [](auto x) { return min(x[0]); }).domain(Domain::distinct_entries()).shape(S::to_scalar),
        op("rowwise_min", [](auto x) { return rowwise_min(x[0]); }).domain(Domain::distinct_entries()).shape(S::per_row),
        op("colwise_min", [](auto x) { return colwise_min(x[0]); }).domain(Domain::distinct_entries()).shape(S::per_col),
        // statistics.hpp
        op("prod", [](auto x) { return prod(x[0]); }).shape(S::to_scalar),
        op("rowwise_prod", [](auto x) { return rowwise_prod(x[0]); }).shape(S::per_row),
        op("colwise_prod", [](auto x) { return colwise_prod(x[0]); }).shape(S::per_col),
        op("var", [](auto x) { return var(x[0]); }).shape(S::to_scalar).at(two_or_more_entries),
        op("rowwise_var", [](auto x) { return rowwise_var(x[0]); }).shape(S::per_row).at(two_or_more_cols),
        op("colwise_var", [](auto x) { return colwise_var(x[0], 0); }).shape(S::per_col),
        op("stddev", [](auto x) { return stddev(x[0]); }).shape(S::to_scalar).at(two_or_more_entries),
        op("rowwise_stddev", [](auto x) { return rowwise_stddev(x[0]); }).shape(S::per_row).at(two_or_more_cols),
        op("colwise_stddev", [](auto x) { return colwise_stddev(x[0]); }).shape(S::per_col).at(two_or_more_rows),
        op("norm", [](auto x) { return norm(x[0]); }).shape(S::to_scalar),
        op("rowwise_norm", [](auto x) { return rowwise_norm(x[0], 3.0); }).domain(Domain::nonzero()).shape(S::per_row),
        op("colwise_norm", [](auto x) { return colwise_norm(x[0], 1.0); }).domain(Domain::nonzero()).shape(S::per_col),
        // softmax.hpp
        op("softmax", [](auto x) { return softmax(x[0]); }),
        op("log_softmax", [](auto x) { return log_softmax(x[0]); }),
        op("colwise_softmax", [](auto x) { return colwise_softmax(x[0]); }),
        op("colwise_log_softmax", [](auto x) { return colwise_log_softmax(x[0]); }),
        // shape.hpp
        op("concat_cols", [](auto x) { return concat_cols({x[0], x[1], x[2]}); })
            .inputs({Domain::real(), Domain::real(), Domain::real()}).fixed({{3, 2}, {3, 1}, {3, 2}}, {3, 5}),
        op("concat_rows", [](auto x) { return concat_rows({x[0], x[1]}); })
            .inputs({Domain::real(), Domain::real()}).fixed({{2, 3}, {1, 3}}, {3, 3}),
        op("stack", [](auto x) { return stack({x[0], x[1], x[2]}); })
            .inputs({Domain::real(), Domain::real(), Domain::real()}).fixed({{2, 2}, {2, 2}, {2, 2}}, {3, 4}),
        op("slice_rows", [](auto x) { return slice_rows(x[0], 1, 2); }).fixed({{4, 3}}, {2, 3}),
        op("slice_cols", [](auto x) { return slice_cols(x[0], 1, 2); }).fixed({{3, 4}}, {3, 2}),
        op("reshape", [](auto x) { return reshape(x[0], 2, 6); }).fixed({{3, 4}}, {2, 6}),
        op("gather", [](auto x) {
            const std::array<Index, 3> columns{2, 0, 3};
            return gather(x[0], std::span<const Index>(columns));
        }).fixed({{3, 4}}, {3, 1}),
    };
}

}  // namespace

const std::vector<OpEntry>& op_table() {
    static const std::vector<OpEntry> table = build_table();
    return table;
}

std::vector<std::string> op_names() {
    std::vector<std::string> names;
    for (const OpEntry& e : op_table()) names.push_back(e.name);
    return names;
}

const OpEntry& find_op(const std::string& name) {
    for (const OpEntry& e : op_table())
        if (e.name == name) return e;
    const auto near = did_you_mean(name, op_names());
    throw ValueError("op table: no op \"" + name + "\"" + (near ? "; did you mean \"" + *near + "\"?" : std::string()));
}

// ---- the walk's helpers --------------------------------------------------------------------------

Tensor<double> Domain::draw(Index rows, Index cols, Rng& rng) const {
    Tensor<double> x(rows, cols);
    auto fits = [&](double v, Index filled) {
        for (double kink : kinks)
            if (std::abs(v - kink) < margin) return false;
        if (distinct)
            for (Index k = 0; k < filled; ++k)
                if (std::abs(v - x.data()[k]) < margin) return false;
        return true;
    };
    for (Index k = 0; k < x.size(); ++k) {
        double v = rng.uniform(lo, hi);
        for (int tries = 0; !fits(v, k); ++tries) {
            if (tries > 10000) throw ValueError("Domain::draw: no room for " + std::to_string(x.size()) + " entries");
            v = rng.uniform(lo, hi);
        }
        x.data()[k] = v;
    }
    return x;
}

Tensor<float> Domain::extremes(Index rows, Index cols, Index k) const {
    std::vector<float> values;
    if (lo > 0) values = {1e-30f, 1e-4f, 1.0f, 50.0f, 1e4f};
    else {
        for (float v : {-1e4f, -50.0f, -1.0f, 0.0f, 1.0f, 50.0f, 1e4f})
            if (!kinks_are_poles || std::find(kinks.begin(), kinks.end(), double(v)) == kinks.end()) values.push_back(v);
    }
    Tensor<float> x(rows, cols);
    for (Index i = 0; i < x.size(); ++i) x.data()[i] = values[static_cast<std::size_t>(i + k) % values.size()];
    return x;
}

std::vector<std::vector<Shape>> OpEntry::shapes_to_try() const {
    if (!shapes.empty()) return shapes;
    if (rule == ShapeRule::broadcast) {
        std::vector<std::vector<Shape>> pairs;
        for (Shape s : std::vector<Shape>{{1, 1}, {1, 4}, {3, 1}, {3, 4}}) {
            pairs.push_back({{3, 4}, s});
            if (s != Shape{3, 4}) pairs.push_back({s, {3, 4}});
        }
        return pairs;
    }
    std::vector<std::vector<Shape>> each;
    for (Shape s : std::vector<Shape>{{1, 1}, {1, 4}, {3, 1}, {3, 4}}) each.push_back(std::vector<Shape>(arity(), s));
    return each;
}

Shape OpEntry::expected_shape(const std::vector<Shape>& in) const {
    const auto [m, n] = in.at(0);
    switch (rule) {
        case ShapeRule::same: return {m, n};
        case ShapeRule::broadcast: return {std::max(m, in.at(1).first), std::max(n, in.at(1).second)};
        case ShapeRule::to_scalar: return {1, 1};
        case ShapeRule::per_row: return {m, 1};
        case ShapeRule::per_col: return {1, n};
        case ShapeRule::transposed: return {n, m};
        case ShapeRule::fixed: return out;
    }
    return out;
}

}  // namespace tapegrad
