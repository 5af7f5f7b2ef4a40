// Matrix product and transpose: a product a reader can multiply by hand, gradcheck at several
// shapes, and the shape error with its hint.
#include "op_checks.hpp"

#include <tapegrad/ops/matmul.hpp>
#include <tapegrad/ops/elementwise.hpp>
#include <tapegrad/ops/reduce.hpp>

#include <array>

using namespace tapegrad;
using namespace op_checks;

TEST_CASE("[[1,2],[3,4]] [[5],[6]] = [[17],[39]]; dL/da = dL/dy b^T, dL/db = a^T dL/dy") {
    Tape<double> tape;
    auto a = tape.variable(matrix(2, 2, {1, 2, 3, 4}));
    auto b = tape.variable(matrix(2, 1, {5, 6}));
    auto y = matmul(a, b);
    CHECK(y.value() == matrix(2, 1, {17, 39}));
    tape.backward(sum(y));
    CHECK(a.grad() == matrix(2, 2, {5, 6, 5, 6}));  // each row gets b^T
    CHECK(b.grad() == matrix(2, 1, {4, 6}));        // column sums of a
}

TEST_CASE("transpose of [[1,2,3]] is [[1],[2],[3]], and its gradient is transposed back") {
    Tape<double> tape;
    auto x = tape.variable(matrix(1, 3, {1, 2, 3}));
    auto y = transpose(x);
    CHECK(y.value() == matrix(3, 1, {1, 2, 3}));
    tape.backward(y, matrix(3, 1, {7, 8, 9}));
    CHECK(x.grad() == matrix(1, 3, {7, 8, 9}));
}

TEST_CASE("matmul and transpose pass gradcheck") {
    const std::vector<std::array<Index, 3>> shapes = {{1, 1, 1}, {1, 3, 1}, {3, 1, 4}, {1, 3, 4}, {3, 4, 2}};
    for (auto [n, k, m] : shapes) {
        CAPTURE(n);
        CAPTURE(k);
        CAPTURE(m);
        check_gradients([](Tape<double>&, Vars v) { return matmul(v[0], v[1]); },
                        {uniform(n, k, -1, 1, 1), uniform(k, m, -1, 1, 2)});
        check_gradients([](Tape<double>&, Vars v) { return transpose(v[0]); }, {uniform(n, k, -1, 1, 3)});
    }
    // x used on both sides: x^T x gets both contributions
    check_gradients([](Tape<double>&, Vars v) { return matmul(transpose(v[0]), v[0]); },
                    {uniform(3, 2, -1, 1)});
}

TEST_CASE("matmul refuses shapes whose inner sizes differ, with a hint when b looks transposed") {
    Tape<double> tape;
    auto a = tape.variable(T2::Zero(4, 3));
    CHECK_THROWS_WITH_AS(matmul(a, tape.variable(T2::Zero(2, 5))),
                         "matmul: a (4x3) times b (2x5): a.cols() (3) must equal b.rows() (2)", ShapeError);
    CHECK_THROWS_WITH_AS(matmul(a, tape.variable(T2::Zero(5, 3))),
                         "matmul: a (4x3) times b (5x3): a.cols() (3) must equal b.rows() (5); "
                         "did you mean matmul(a, transpose(b))?",
                         ShapeError);
}
