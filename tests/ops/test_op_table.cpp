// The op table walk: every op registered in ops/op_table.cpp is checked here, so an op added with
// its code and one table line is gradchecked with no test of its own. No op is named in this file:
// what each check expects is derived from the entry (its domains, its shape rule).
#include "op_checks.hpp"

#include <tapegrad/ops/op_table.hpp>

#include <cmath>
#include <set>
#include <string>

using namespace tapegrad;

namespace {

std::string shapes_text(const std::vector<Shape>& shapes) {
    std::string s;
    for (auto [r, c] : shapes) s += (s.empty() ? "" : ", ") + std::to_string(r) + "x" + std::to_string(c);
    return s;
}

template <class T>
Var<T> apply(const OpEntry& e, std::span<const Var<T>> x) {
    if constexpr (std::is_same_v<T, double>) return e.f64(x);
    else return e.f32(x);
}

bool has_nan(const Tensor<float>& x) { return x.size() > 0 && x.array().isNaN().any(); }

}  // namespace

TEST_SUITE("ops") {

TEST_CASE("the op table names each op once, and each op records its node under its table name") {
    std::set<std::string> seen;
    for (const OpEntry& e : op_table()) {
        CAPTURE(e.name);
        CHECK(seen.insert(e.name).second);
        CHECK(e.arity() >= 1);
        Rng rng(3);
        Tape<double> tape;
        std::vector<Var<double>> x;
        for (std::size_t i = 0; i < e.arity(); ++i) {
            const Shape s = e.shapes_to_try().front()[i];
            x.push_back(tape.variable(e.domains[i].draw(s.first, s.second, rng)));
        }
        CHECK(std::string(apply<double>(e, x).node().op) == e.name);
    }
    CHECK(op_names().size() == op_table().size());
}

TEST_CASE("every op in the table passes gradcheck in float64 at every shape its rule allows") {
    for (const OpEntry& e : op_table()) {
        for (const std::vector<Shape>& shapes : e.shapes_to_try()) {
            const std::string at = e.name + " at " + shapes_text(shapes);
            CAPTURE(at);
            Rng rng(19);
            std::vector<Tensor<double>> inputs;
            for (std::size_t i = 0; i < e.arity(); ++i)
                inputs.push_back(e.domains[i].draw(shapes[i].first, shapes[i].second, rng));
            // gradcheck compares the whole Jacobian with central differences, checks that a zero
            // dL/dy sends zero to every input, and that each input's gradient has its shape.
            const GradcheckResult r = gradcheck([&](Tape<double>&, std::span<const Var<double>> x) { return e.f64(x); }, inputs);
            CHECK_MESSAGE(r.ok, (at + ": " + r.message));
            // The output has the shape the rule says.
            Tape<double> tape;
            std::vector<Var<double>> x;
            for (const auto& in : inputs) x.push_back(tape.variable(in));
            const Var<double> y = e.f64(x);
            CHECK(Shape{y.rows(), y.cols()} == e.expected_shape(shapes));
        }
    }
}

TEST_CASE("every broadcasting op refuses shapes that do not broadcast, naming itself and both shapes") {
    int checked = 0;
    for (const OpEntry& e : op_table()) {
        if (e.rule != ShapeRule::broadcast) continue;
        CAPTURE(e.name);
        Tape<double> tape;
        std::vector<Var<double>> x{tape.variable(Tensor<double>::Ones(3, 4)), tape.variable(Tensor<double>::Ones(2, 4))};
        CHECK_THROWS_WITH_AS(e.f64(x), (e.name + ": a (3x4) and b (2x4) do not broadcast: each dimension must be equal, "
                                                  "or 1 in one of them").c_str(),
                             ShapeError);
        ++checked;
    }
    CHECK(checked >= 4);  // add, sub, mul, div at least: the walk did walk
}

TEST_CASE("every op in the table gives no NaN, forward or backward, at extreme float32 inputs") {
    // +-1e4, +-50, +-1 and 0 (1e-30 .. 1e4 for positive inputs) are all points where each op's math
    // is defined; an overflow may round to infinity there, but 0 * inf or inf - inf must not appear.
    for (const OpEntry& e : op_table()) {
        for (const std::vector<Shape>& shapes : e.shapes_to_try()) {
            const std::string at = e.name + " at " + shapes_text(shapes);
            CAPTURE(at);
            Tape<float> tape;
            std::vector<Var<float>> x;
            for (std::size_t i = 0; i < e.arity(); ++i)
                x.push_back(tape.variable(e.domains[i].extremes(shapes[i].first, shapes[i].second, static_cast<Index>(3 * i))));
            const Var<float> y = e.f32(x);
            CHECK_FALSE(has_nan(y.value()));
            tape.backward(y, Tensor<float>::Ones(y.rows(), y.cols()));
            for (const Var<float>& in : x) CHECK_FALSE(has_nan(in.grad()));
        }
    }
}

TEST_CASE("the table's input makers keep their promises") {
    Rng rng(5);
    const Tensor<double> positive = Domain::positive().draw(20, 20, rng);
    CHECK(positive.minCoeff() >= 0.5);
    const Tensor<double> kinked = Domain::away_from({-1, 1}).draw(20, 20, rng);
    CHECK(((kinked.array() + 1).abs().minCoeff() >= 0.2 && (kinked.array() - 1).abs().minCoeff() >= 0.2));
    const Tensor<double> distinct = Domain::distinct_entries().draw(4, 5, rng);
    for (Index i = 0; i < distinct.size(); ++i)
        for (Index j = 0; j < i; ++j) CHECK(std::abs(distinct.data()[i] - distinct.data()[j]) >= 0.1);
    CHECK((Domain::nonzero().extremes(1, 6, 0).array() != 0.0f).all());
    CHECK(Domain::real().extremes(1, 7, 0).cwiseAbs().maxCoeff() == 1e4f);
    // A typo of the longest registered name (its last letter dropped) is answered with that name.
    std::string longest;
    for (const std::string& name : op_names()) longest = name.size() > longest.size() ? name : longest;
    const std::string typo = longest.substr(0, longest.size() - 1);
    CHECK_THROWS_WITH_AS(find_op(typo), ("op table: no op \"" + typo + "\"; did you mean \"" + longest + "\"?").c_str(), ValueError);
}

}  // TEST_SUITE
