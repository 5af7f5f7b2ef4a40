// Rearranging ops (concat_cols, concat_rows, slice_rows, gather, one_hot): values a reader can
// check, gradients put back in place, gradcheck, and the exact text of every shape/index error.
#include "op_checks.hpp"

#include <tapegrad/ops/shape.hpp>
#include <tapegrad/ops/elementwise.hpp>
#include <tapegrad/ops/reduce.hpp>

#include <vector>

using namespace tapegrad;
using namespace op_checks;

TEST_CASE("concat_cols([[1],[2]], [[3,4],[5,6]]) = [[1,3,4],[2,5,6]], gradients split back") {
    Tape<double> tape;
    auto a = tape.variable(matrix(2, 1, {1, 2}));
    auto b = tape.variable(matrix(2, 2, {3, 4, 5, 6}));
    auto y = concat_cols({a, b});
    CHECK(y.value() == matrix(2, 3, {1, 3, 4, 2, 5, 6}));
    tape.backward(y, matrix(2, 3, {10, 20, 30, 40, 50, 60}));
    CHECK(a.grad() == matrix(2, 1, {10, 40}));
    CHECK(b.grad() == matrix(2, 2, {20, 30, 50, 60}));
}

TEST_CASE("concat_rows([[1,2]], [[3,4],[5,6]]) stacks them; a part used twice gets both shares") {
    Tape<double> tape;
    auto a = tape.variable(matrix(1, 2, {1, 2}));
    auto b = tape.variable(matrix(2, 2, {3, 4, 5, 6}));
    auto y = concat_rows({a, b, a});
    CHECK(y.value() == matrix(4, 2, {1, 2, 3, 4, 5, 6, 1, 2}));
    tape.backward(y, matrix(4, 2, {1, 2, 0, 0, 0, 0, 10, 20}));
    CHECK(a.grad() == matrix(1, 2, {11, 22}));
    CHECK(b.grad().isZero());
}

TEST_CASE("slice_rows(x, 1, 2) takes rows 1 and 2; the gradient lands in those rows only") {
    Tape<double> tape;
    auto x = tape.variable(matrix(4, 2, {0, 1, 2, 3, 4, 5, 6, 7}));
    auto y = slice_rows(x, 1, 2);
    CHECK(y.value() == matrix(2, 2, {2, 3, 4, 5}));
    tape.backward(y, T2::Ones(2, 2));
    CHECK(x.grad() == matrix(4, 2, {0, 0, 1, 1, 1, 1, 0, 0}));
}

TEST_CASE("gather picks one column per row: the score of each example's class") {
    Tape<double> tape;
    auto scores = tape.variable(matrix(3, 3, {0.1, 0.2, 0.7,
                                              0.5, 0.4, 0.1,
                                              0.3, 0.3, 0.4}));
    const std::vector<Index> label{2, 0, 1};
    auto picked = gather(scores, label);
    CHECK(picked.value() == matrix(3, 1, {0.7, 0.5, 0.3}));
    tape.backward(sum(picked));
    CHECK(scores.grad() == matrix(3, 3, {0, 0, 1, 1, 0, 0, 0, 1, 0}));
}

TEST_CASE("one_hot([2, 0, 1], 3) is the 3x3 permutation with 1 at (0,2), (1,0), (2,1)") {
    Tape<float> tape;
    const std::vector<Index> classes{2, 0, 1};
    auto y = one_hot(tape, classes, 3);
    Tensor<float> expected(3, 3);
    expected << 0, 0, 1,
                1, 0, 0,
                0, 1, 0;
    CHECK(y.value() == expected);
    CHECK_FALSE(y.requires_grad());
}

TEST_CASE("shape ops pass gradcheck") {
    for (auto [m, n] : shapes()) {
        CAPTURE(m);
        CAPTURE(n);
        const T2 a = uniform(m, n, -1, 1, 1), b = uniform(m, 2, -1, 1, 2), c = uniform(1, n, -1, 1, 3);
        check_gradients([](Tape<double>&, Vars v) { return concat_cols({v[0], v[1], v[0]}); }, {a, b});
        check_gradients([](Tape<double>&, Vars v) { return concat_rows({v[0], v[1]}); }, {a, c});
        check_gradients([](Tape<double>&, Vars v) { return slice_rows(v[0], v[0].rows() - 1, 1); }, {a});
        std::vector<Index> index;
        for (Index i = 0; i < m; ++i) index.push_back((i * 3 + 1) % n);
        check_gradients([&](Tape<double>&, Vars v) { return gather(v[0], index); }, {a});
    }
}

TEST_CASE("shape errors name the op, the shapes and the rule") {
    Tape<double> tape;
    auto x = tape.variable(T2::Zero(3, 4));
    auto y = tape.variable(T2::Zero(2, 4));
    auto z = tape.variable(T2::Zero(3, 1));
    CHECK_THROWS_WITH_AS(concat_cols({x, z, y}),
                         "concat_cols: parts 3x4, 3x1, 2x4: every part must have the same rows, "
                         "but part 2 has 2 and part 0 has 3",
                         ShapeError);
    CHECK_THROWS_WITH_AS(concat_rows({x, z}),
                         "concat_rows: parts 3x4, 3x1: every part must have the same columns, "
                         "but part 1 has 1 and part 0 has 4",
                         ShapeError);
    CHECK_THROWS_WITH_AS(concat_rows(std::vector<Var<double>>{}),
                         "concat_rows: no parts given: need at least one", ShapeError);
    CHECK_THROWS_WITH_AS(slice_rows(x, 2, 2),
                         "slice_rows: begin 2, count 2 of x (3x4): need 0 <= begin, 0 <= count and "
                         "begin + count (4) <= x.rows() (3)",
                         ShapeError);
    CHECK_THROWS_AS(slice_rows(x, -1, 1), ShapeError);
    CHECK_THROWS_WITH_AS(gather(x, std::vector<Index>{0, 1}),
                         "gather: 2 indices for x (3x4): need one index per row (3)", ShapeError);
    CHECK_THROWS_WITH_AS(gather(x, std::vector<Index>{0, 5, 1}),
                         "gather: row 1 asks for column 5, but x (3x4) has columns 0 .. 3", ValueError);
    CHECK_THROWS_WITH_AS(gather(x, std::vector<Index>{0, 1, -100}),
                         "gather: row 2 asks for column -100, but x (3x4) has columns 0 .. 3", ValueError);
    CHECK_THROWS_WITH_AS(one_hot(tape, std::vector<Index>{0, 3}, 3),
                         "one_hot: entry 1 is class 3, but num_classes is 3 (classes 0 .. 2)", ValueError);
    CHECK_THROWS_WITH_AS(one_hot(tape, std::vector<Index>{}, 0), "one_hot: num_classes is 0: need at least 1",
                         ValueError);
}

TEST_CASE("slice_cols, reshape and stack move entries and send each gradient entry back") {
    Tape<double> tape;
    auto x = tape.variable(matrix(2, 3, {1, 2, 3, 4, 5, 6}));
    auto cols = slice_cols(x, 1, 2);
    CHECK(cols.value() == matrix(2, 2, {2, 3, 5, 6}));
    auto r = reshape(x, 3, 2);  // read row by row: [1 2; 3 4; 5 6]
    CHECK(r.value() == matrix(3, 2, {1, 2, 3, 4, 5, 6}));
    auto s = stack({slice_rows(x, 0, 1), slice_rows(x, 1, 1), slice_rows(x, 0, 1)});
    CHECK(s.value() == matrix(3, 3, {1, 2, 3, 4, 5, 6, 1, 2, 3}));
    tape.backward(sum(cols) + sum(r * tape.constant(matrix(3, 2, {10, 20, 30, 40, 50, 60}))) + sum(s));
    // each entry: 1 if sliced, its reshape weight, and 1 per copy stacked (row 0 twice)
    CHECK(x.grad() == matrix(2, 3, {0 + 10 + 2, 1 + 20 + 2, 1 + 30 + 2, 0 + 40 + 1, 1 + 50 + 1, 1 + 60 + 1}));
    auto scalars = stack({sum(x), mean(x)});  // 1x1 parts: a column of numbers
    CHECK(scalars.value() == matrix(2, 1, {21, 3.5}));
    CHECK_THROWS_WITH_AS(reshape(x, 4, 2), "reshape: x (2x3) has 6 entries, but 4x2 holds 8: the number of entries must stay the same",
                         ShapeError);
    CHECK_THROWS_WITH_AS(slice_cols(x, 2, 2), "slice_cols: begin 2, count 2 of x (2x3): need 0 <= begin, 0 <= count and "
                                              "begin + count (4) <= x.cols() (3)",
                         ShapeError);
    CHECK_THROWS_AS(stack({x, cols}), ShapeError);
}
