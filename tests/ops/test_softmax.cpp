// Softmax and log-softmax over rows: hand-checked values, exactness at +-1e4 (float32 and float64),
// rows of equal values, rows shifted by 1e7, a row of -inf only, and gradcheck.
#include "op_checks.hpp"

#include <tapegrad/ops/softmax.hpp>
#include <tapegrad/ops/elementwise.hpp>
#include <tapegrad/ops/matmul.hpp>
#include <tapegrad/ops/reduce.hpp>
#include <tapegrad/ops/unary.hpp>

#include <cmath>
#include <limits>

using namespace tapegrad;
using namespace op_checks;

namespace {
constexpr double inf = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("softmax of [0, ln 3] is [1/4, 3/4]; log_softmax is [-ln 4, ln 3/4]") {
    Tape<double> tape;
    auto x = tape.variable(matrix(1, 2, {0, std::log(3.0)}));
    auto p = softmax(x);
    auto lp = log_softmax(x);
    CHECK(p.value()(0, 0) == doctest::Approx(0.25));
    CHECK(p.value()(0, 1) == doctest::Approx(0.75));
    CHECK(lp.value()(0, 0) == doctest::Approx(-std::log(4.0)));
    CHECK(lp.value()(0, 1) == doctest::Approx(std::log(0.75)));
}

TEST_CASE("softmax gradient: d p_0 / d x = p_0 (e_0 - p) = [3/16, -3/16] at [0, ln 3]") {
    Tape<double> tape;
    auto x = tape.variable(matrix(1, 2, {0, std::log(3.0)}));
    tape.backward(softmax(x), matrix(1, 2, {1, 0}));
    CHECK(x.grad()(0, 0) == doctest::Approx(3.0 / 16));
    CHECK(x.grad()(0, 1) == doctest::Approx(-3.0 / 16));
}

TEST_CASE("each softmax row sums to 1 and equals e^log_softmax") {
    Tape<double> tape;
    auto x = tape.constant(uniform(5, 3, -4, 4));
    auto p = softmax(x);
    auto lp = log_softmax(x);
    CHECK(p.value().rowwise().sum().isApproxToConstant(1));
    CHECK(p.value().isApprox(lp.value().array().exp().matrix()));
}

TEST_CASE_TEMPLATE("at logits +-1e4 softmax and log_softmax are exact and finite", T, float, double) {
    Tape<T> tape;
    Tensor<T> big(2, 2);
    big << T(1e4), T(-1e4),
           T(-1e4), T(1e4);
    auto x = tape.variable(big);
    auto lp = log_softmax(x);
    auto p = softmax(x);
    CHECK(lp.value()(0, 0) == T(0));
    CHECK(lp.value()(0, 1) == T(-2e4));
    CHECK(lp.value()(1, 1) == T(0));
    CHECK(p.value()(0, 0) == T(1));
    CHECK(p.value()(0, 1) == T(0));
    tape.backward(lp, Tensor<T>::Ones(2, 2));  // d/dx sum_j log_softmax_j = 1 - n p = [-1, 1]
    CHECK(all_finite(x.grad()));
    CHECK(x.grad()(0, 0) == T(-1));
    CHECK(x.grad()(0, 1) == T(1));
}

TEST_CASE_TEMPLATE("a row of n equal values gives log_softmax -ln n and softmax 1/n", T, float, double) {
    Tape<T> tape;
    Tensor<T> equal(3, 4);
    equal.row(0).setConstant(T(0));
    equal.row(1).setConstant(T(5));
    equal.row(2).setConstant(T(-1e4));
    auto lp = log_softmax(tape.constant(equal));
    auto p = softmax(tape.constant(equal));
    CHECK(lp.value().isApproxToConstant(-std::log(T(4))));
    CHECK(p.value().isApproxToConstant(T(0.25)));
}

TEST_CASE("rows shifted by 1e7 give the same log_softmax as unshifted ones (float64)") {
    // Entries with few binary digits, so x + 1e7 is exact and the comparison can be exact too.
    const T2 x = matrix(2, 4, {0, 1, 2.5, -3,
                               -0.5, 4, 4, 0.25});
    Tape<double> tape;
    auto plain = log_softmax(tape.constant(x));
    auto shifted = log_softmax(tape.constant((x.array() + 1e7).matrix()));
    auto down = log_softmax(tape.constant((x.array() - 1e7).matrix()));
    CHECK(shifted.value() == plain.value());
    CHECK(down.value() == plain.value());
    CHECK(softmax(tape.constant((x.array() + 1e7).matrix())).value() == softmax(tape.constant(x)).value());
}

TEST_CASE("a row of -inf only (every class masked) is the limit of equal values: uniform, no NaN") {
    Tape<double> tape;
    auto x = tape.variable(matrix(2, 3, {-inf, -inf, -inf,
                                         0, std::log(3.0), -inf}));
    auto lp = log_softmax(x);
    auto p = softmax(x);
    CHECK(lp.value().row(0).isApproxToConstant(-std::log(3.0)));
    CHECK(p.value().row(0).isApproxToConstant(1.0 / 3));
    CHECK(p.value()(1, 0) == doctest::Approx(0.25));  // a masked entry in an ordinary row gets 0
    CHECK(p.value()(1, 2) == 0);
    CHECK(lp.value()(1, 2) == -inf);
    tape.backward(sum(p * p));
    CHECK(all_finite(x.grad()));

    Tape<double> again;
    auto x2 = again.variable(x.value());
    again.backward(log_softmax(x2), T2::Ones(2, 3));  // row 0: 1 - 3 * (1/3) = 0 each
    CHECK(x2.grad().row(0).isZero());
    CHECK(all_finite(x2.grad()));
}

TEST_CASE("a +inf logit has no finite answer: NaN appears, as in PyTorch") {
    Tape<double> tape;
    auto lp = log_softmax(tape.constant(matrix(1, 2, {inf, 0})));
    CHECK(std::isnan(lp.value()(0, 0)));
}

TEST_CASE("softmax and log_softmax pass gradcheck at 1x1, 1xn, mx1 and mxn") {
    for (auto [m, n] : shapes()) {
        CAPTURE(m);
        CAPTURE(n);
        const T2 x = uniform(m, n, -3, 3);
        check_gradients([](Tape<double>&, Vars v) { return softmax(v[0]); }, {x});
        check_gradients([](Tape<double>&, Vars v) { return log_softmax(v[0]); }, {x});
    }
    // Far-apart logits: tiny probabilities, gradients still right.
    check_gradients([](Tape<double>&, Vars v) { return log_softmax(v[0]); }, {matrix(1, 3, {-20, 0, 15})});
}

TEST_CASE("colwise softmax, log_softmax and logsumexp are the row-wise ones on the transpose") {
    Tape<double> tape;
    const T2 x = matrix(2, 3, {1, 2, 3, 4, 5, 9});
    auto v = tape.constant(x);
    auto xt = tape.constant(T2(x.transpose()));
    CHECK(colwise_softmax(v).value().isApprox(softmax(xt).value().transpose(), 1e-15));
    CHECK(colwise_log_softmax(v).value().isApprox(log_softmax(xt).value().transpose(), 1e-15));
    CHECK(colwise_logsumexp(v).value().isApprox(rowwise_logsumexp(xt).value().transpose(), 1e-15));
    CHECK(colwise_logsumexp(v).value()(0, 0) == doctest::Approx(4.048587351573742).epsilon(1e-15));  // ln(e + e^4)
    CHECK(colwise_softmax(v).value()(0, 0) == doctest::Approx(0.04742587317756678).epsilon(1e-15));  // 1 / (1 + e^3)
    Tape<float> t32;  // stable at +-1e4, as the row-wise forms
    auto big = t32.variable(Tensor<float>{{1e4f, -1e4f}, {-1e4f, 1e4f}});
    CHECK(colwise_softmax(big).value() == Tensor<float>{{1, 0}, {0, 1}});
    CHECK(colwise_logsumexp(big).value() == Tensor<float>{{1e4f, 1e4f}});
}
