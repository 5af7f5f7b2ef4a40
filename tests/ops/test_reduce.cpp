// Reductions (sum, mean, max, logsumexp; over all, rowwise, colwise): hand-checked values on
// [[1,2,3],[4,5,6]], which entry max sends its gradient to, the stable logsumexp, and gradcheck.
#include "op_checks.hpp"

#include <tapegrad/ops/reduce.hpp>
#include <tapegrad/ops/elementwise.hpp>
#include <tapegrad/ops/unary.hpp>

#include <cmath>
#include <limits>

using namespace tapegrad;
using namespace op_checks;

namespace {
const T2 one_to_six = matrix(2, 3, {1, 2, 3, 4, 5, 6});
constexpr double inf = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("sum and mean of [[1,2,3],[4,5,6]]: all, per row, per column") {
    Tape<double> tape;
    auto x = tape.constant(one_to_six);
    CHECK(sum(x).item() == 21);
    CHECK(rowwise_sum(x).value() == matrix(2, 1, {6, 15}));
    CHECK(colwise_sum(x).value() == matrix(1, 3, {5, 7, 9}));
    CHECK(mean(x).item() == 3.5);
    CHECK(rowwise_mean(x).value() == matrix(2, 1, {2, 5}));
    CHECK(colwise_mean(x).value() == matrix(1, 3, {2.5, 3.5, 4.5}));
}

TEST_CASE("sum sends dL/dy to every entry, mean sends dL/dy / count") {
    Tape<double> tape;
    auto x = tape.variable(one_to_six);
    tape.backward(sum(x) + mean(x) * 6.0);  // each entry: 1 + 6/6 = 2
    CHECK(x.grad().isApproxToConstant(2));
}

TEST_CASE("max of [[1,2,3],[4,5,6]]: 6 overall, [3, 6] per row, [4, 5, 6] per column") {
    Tape<double> tape;
    auto x = tape.constant(one_to_six);
    CHECK(max(x).item() == 6);
    CHECK(rowwise_max(x).value() == matrix(2, 1, {3, 6}));
    CHECK(colwise_max(x).value() == matrix(1, 3, {4, 5, 6}));
}

TEST_CASE("max sends its gradient to the first entry attaining it") {
    Tape<double> tape;
    auto x = tape.variable(matrix(2, 3, {3, 1, 3,
                                         3, 3, 0}));
    SUBCASE("over all: the first 3 in reading order, (0,0)") {
        tape.backward(max(x));
        CHECK(x.grad() == matrix(2, 3, {1, 0, 0, 0, 0, 0}));
    }
    SUBCASE("per row: column 0 in both rows") {
        tape.backward(sum(rowwise_max(x)));
        CHECK(x.grad() == matrix(2, 3, {1, 0, 0, 1, 0, 0}));
    }
    SUBCASE("per column: rows 0, 1 and 0") {
        tape.backward(sum(colwise_max(x)));
        CHECK(x.grad() == matrix(2, 3, {1, 0, 1, 0, 1, 0}));
    }
}

TEST_CASE("max does not hide a NaN") {
    Tape<double> tape;
    auto x = tape.constant(matrix(1, 3, {1, std::nan(""), 2}));
    CHECK(std::isnan(max(x).item()));
    CHECK(std::isnan(rowwise_max(x).item()));
}

TEST_CASE("mean and max of nothing are refused") {
    Tape<double> tape;
    auto empty_rows = tape.constant(T2(0, 3));
    auto empty_cols = tape.constant(T2(2, 0));
    CHECK_THROWS_WITH_AS(mean(empty_rows), "mean: x is 0x3: the mean of no entries is undefined",
                         ShapeError);
    CHECK_THROWS_WITH_AS(max(empty_rows), "max: x is 0x3: the max of no entries is undefined", ShapeError);
    CHECK_THROWS_WITH_AS(colwise_mean(empty_rows), "colwise_mean: x is 0x3: a column of no entries has no mean",
                         ShapeError);
    CHECK_THROWS_WITH_AS(rowwise_max(empty_cols), "rowwise_max: x is 2x0: a row of no entries has no max",
                         ShapeError);
    CHECK(sum(empty_rows).item() == 0);  // an empty sum is 0, and fine
}

TEST_CASE("logsumexp: ln(e^0 + e^(ln 3)) = ln 4, with gradient the softmax [1/4, 3/4]") {
    Tape<double> tape;
    auto x = tape.variable(matrix(1, 2, {0, std::log(3.0)}));
    auto y = logsumexp(x);
    tape.backward(y);
    CHECK(y.item() == doctest::Approx(std::log(4.0)));
    CHECK(x.grad()(0, 0) == doctest::Approx(0.25));
    CHECK(x.grad()(0, 1) == doctest::Approx(0.75));
}

TEST_CASE_TEMPLATE("logsumexp is exact at +-1e4, where e^x overflows", T, float, double) {
    Tape<T> tape;
    Tensor<T> big(2, 2);
    big << T(1e4), T(-1e4),
           T(-1e4), T(-1e4);
    auto x = tape.variable(big);
    auto rows = rowwise_logsumexp(x);
    CHECK(rows.value()(0, 0) == T(1e4));                                   // e^-2e4 is 0 beside 1
    CHECK(rows.value()(1, 0) == doctest::Approx(T(-1e4) + std::log(T(2))));  // two equal terms
    CHECK(logsumexp(x).item() == T(1e4));
    tape.backward(sum(rows));
    CHECK(x.grad()(0, 0) == T(1));
    CHECK(x.grad()(0, 1) == T(0));
    CHECK(x.grad()(1, 0) == T(0.5));
    CHECK(x.grad()(1, 1) == T(0.5));
}

TEST_CASE("logsumexp of rows shifted by 1e7 is the unshifted one plus 1e7 (float64)") {
    const T2 x = matrix(2, 4, {0, 1, 2.5, -3,
                               7, 7, 7, 7});
    Tape<double> tape;
    auto plain = rowwise_logsumexp(tape.constant(x));
    auto shifted = rowwise_logsumexp(tape.constant((x.array() + 1e7).matrix()));
    for (Index i = 0; i < 2; ++i)
        CHECK(shifted.value()(i, 0) - 1e7 == doctest::Approx(plain.value()(i, 0)).epsilon(1e-9));
    CHECK(plain.value()(1, 0) == doctest::Approx(7 + std::log(4.0)));
}

TEST_CASE("a row of -inf only: logsumexp is -inf (ln 0), and its gradient is 1/n, not NaN") {
    Tape<double> tape;
    auto x = tape.variable(matrix(2, 2, {-inf, -inf,
                                         0, 0}));
    auto y = rowwise_logsumexp(x);
    CHECK(y.value()(0, 0) == -inf);
    CHECK(y.value()(1, 0) == doctest::Approx(std::log(2.0)));
    tape.backward(y, T2::Ones(2, 1));
    CHECK(x.grad().isApproxToConstant(0.5));
}

TEST_CASE("reductions pass gradcheck at 1x1, 1xn, mx1 and mxn") {
    for (auto [m, n] : shapes()) {
        CAPTURE(m);
        CAPTURE(n);
        const T2 x = uniform(m, n, -2, 2);  // distinct entries: max is away from its kinks
        check_gradients([](Tape<double>&, Vars v) { return sum(v[0]); }, {x});
        check_gradients([](Tape<double>&, Vars v) { return rowwise_sum(v[0]); }, {x});
        check_gradients([](Tape<double>&, Vars v) { return colwise_sum(v[0]); }, {x});
        check_gradients([](Tape<double>&, Vars v) { return mean(v[0]); }, {x});
        check_gradients([](Tape<double>&, Vars v) { return rowwise_mean(v[0]); }, {x});
        check_gradients([](Tape<double>&, Vars v) { return colwise_mean(v[0]); }, {x});
        check_gradients([](Tape<double>&, Vars v) { return max(v[0]); }, {x});
        check_gradients([](Tape<double>&, Vars v) { return rowwise_max(v[0]); }, {x});
        check_gradients([](Tape<double>&, Vars v) { return colwise_max(v[0]); }, {x});
        check_gradients([](Tape<double>&, Vars v) { return logsumexp(v[0]); }, {x});
        check_gradients([](Tape<double>&, Vars v) { return rowwise_logsumexp(v[0]); }, {x});
    }
}
