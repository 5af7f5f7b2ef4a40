// Arithmetic (+, -, *, / and their scalar forms): hand-checked broadcasting, gradcheck for every
// broadcasting pair in both orders, and the broadcast error text.
#include "op_checks.hpp"

#include <tapegrad/ops/elementwise.hpp>
#include <tapegrad/ops/reduce.hpp>

#include <string>
#include <utility>
#include <vector>

using namespace tapegrad;
using namespace op_checks;

TEST_CASE("a row broadcasts down a batch, and its gradient is summed back over the rows") {
    Tape<double> tape;
    auto x = tape.variable(matrix(2, 3, {1, 2, 3, 4, 5, 6}));
    auto bias = tape.variable(matrix(1, 3, {10, 20, 30}));
    auto y = x + bias;
    CHECK(y.value() == matrix(2, 3, {11, 22, 33, 14, 25, 36}));
    tape.backward(y, T2::Ones(2, 3));
    CHECK(bias.grad() == matrix(1, 3, {2, 2, 2}));  // used in 2 rows
    CHECK(x.grad() == T2::Ones(2, 3));
}

TEST_CASE("x W + b hands dL/dy to x W without a copy; every gradient still reads right") {
    Tape<double> tape;
    auto x = tape.variable(matrix(2, 2, {1, 2, 3, 4}));
    auto bias = tape.variable(matrix(1, 2, {10, 20}));
    auto m = x * 2.0;   // used once, by the add: takes the add's gradient buffer
    auto y = m + bias;  // y = [[12,24],[16,28]]
    tape.backward(sum(y * y));  // dL/dy = 2 y
    const T2 dy = matrix(2, 2, {24, 48, 32, 56});
    CHECK(y.grad() == dy);
    CHECK(m.grad() == dy);
    CHECK(x.grad() == 2.0 * dy);
    CHECK(bias.grad() == matrix(1, 2, {56, 104}));  // column sums of dL/dy
}

TEST_CASE("an input of add that is also used elsewhere gets the sum of both gradients") {
    Tape<double> tape;
    auto x = tape.variable(matrix(1, 2, {1, 2}));
    auto m = x * 3.0;            // used twice: by the add and by the product below
    auto y = m + tape.constant(matrix(1, 2, {5, 5}));
    auto z = m * tape.constant(matrix(1, 2, {10, 100}));
    tape.backward(sum(y) + sum(z));
    CHECK(y.grad() == matrix(1, 2, {1, 1}));
    CHECK(m.grad() == matrix(1, 2, {11, 101}));  // 1 from y, plus 10 or 100 from z
    CHECK(x.grad() == matrix(1, 2, {33, 303}));
}

TEST_CASE("a column scales each row: [[1,2],[3,4]] * [[10],[100]] = [[10,20],[300,400]]") {
    Tape<double> tape;
    auto x = tape.variable(matrix(2, 2, {1, 2, 3, 4}));
    auto w = tape.variable(matrix(2, 1, {10, 100}));
    auto y = x * w;
    CHECK(y.value() == matrix(2, 2, {10, 20, 300, 400}));
    tape.backward(sum(y));
    CHECK(w.grad() == matrix(2, 1, {3, 7}));  // row sums of x
    CHECK(x.grad() == matrix(2, 2, {10, 10, 100, 100}));
}

TEST_CASE("a row and a column broadcast to a table: [[1],[2]] - [[10,20,30]]") {
    Tape<double> tape;
    auto col = tape.variable(matrix(2, 1, {1, 2}));
    auto row = tape.variable(matrix(1, 3, {10, 20, 30}));
    auto y = col - row;
    CHECK(y.value() == matrix(2, 3, {-9, -19, -29, -8, -18, -28}));
    tape.backward(sum(y));
    CHECK(col.grad() == matrix(2, 1, {3, 3}));
    CHECK(row.grad() == matrix(1, 3, {-2, -2, -2}));
}

TEST_CASE("division: 1 / [[2, 4]] = [[0.5, 0.25]], d/db (a/b) = -a/b^2") {
    Tape<double> tape;
    auto a = tape.variable(matrix(1, 1, {1}));
    auto b = tape.variable(matrix(1, 2, {2, 4}));
    auto y = a / b;
    CHECK(y.value() == matrix(1, 2, {0.5, 0.25}));
    tape.backward(sum(y));
    CHECK(a.grad()(0, 0) == 0.75);
    CHECK(b.grad() == matrix(1, 2, {-0.25, -1.0 / 16}));
}

TEST_CASE("scalar forms: 2 - 3x + 1 and x / 4 at x = 2") {
    Tape<double> tape;
    auto x = tape.variable(matrix(1, 1, {2}));
    auto y = 2.0 - 3.0 * x + 1.0 + x / 4.0 - (-x);  // 2 - 6 + 1 + 0.5 + 2 = -0.5
    tape.backward(y);
    CHECK(y.item() == -0.5);
    CHECK(x.grad()(0, 0) == -3 + 0.25 + 1);
}

TEST_CASE("add, sub, mul and div pass gradcheck for every broadcasting pair, in both orders") {
    const Index m = 3, n = 4;
    // Operands the mxn one can meet: itself, a scalar, a row, a column.
    const std::vector<std::pair<Index, Index>> partners = {{m, n}, {1, 1}, {1, n}, {m, 1}};
    const std::vector<std::pair<const char*, GradcheckFunction>> ops = {
        {"add", [](Tape<double>&, Vars v) { return v[0] + v[1]; }},
        {"sub", [](Tape<double>&, Vars v) { return v[0] - v[1]; }},
        {"mul", [](Tape<double>&, Vars v) { return v[0] * v[1]; }},
        {"div", [](Tape<double>&, Vars v) { return v[0] / v[1]; }},
    };
    for (const auto& [name, f] : ops) {
        CAPTURE(std::string(name));
        for (auto [r, c] : partners) {
            CAPTURE(r);
            CAPTURE(c);
            // Entries in [0.5, 2): away from 0, so division is well conditioned either way round.
            const T2 big = uniform(m, n, 0.5, 2, 1), small = uniform(r, c, 0.5, 2, 2);
            check_gradients(f, {big, small});
            check_gradients(f, {small, big});
        }
        check_gradients(f, {uniform(1, n, 0.5, 2, 3), uniform(m, 1, 0.5, 2, 4)});  // row with column
        check_gradients(f, {uniform(m, 1, 0.5, 2, 5), uniform(1, n, 0.5, 2, 6)});
        check_gradients(f, {uniform(1, 1, 0.5, 2, 7), uniform(1, 1, 0.5, 2, 8)});  // two scalars
    }
}

TEST_CASE("neg and the scalar forms pass gradcheck") {
    for (auto [m, n] : shapes()) {
        const T2 x = uniform(m, n, -2, 2);
        check_gradients([](Tape<double>&, Vars v) { return -v[0]; }, {x});
        check_gradients([](Tape<double>&, Vars v) { return 1.5 - v[0] * 2.0 + 3.0; }, {x});
        check_gradients([](Tape<double>&, Vars v) { return v[0] / 4.0; }, {x});
    }
}

TEST_CASE("shapes that do not broadcast are refused, naming both") {
    Tape<double> tape;
    auto a = tape.variable(T2::Zero(2, 3));
    auto b = tape.variable(T2::Zero(3, 2));
    auto row = tape.variable(T2::Zero(1, 2));
    CHECK_THROWS_WITH_AS(a + b,
                         "add: a (2x3) and b (3x2) do not broadcast: "
                         "each dimension must be equal, or 1 in one of them",
                         ShapeError);
    CHECK_THROWS_WITH_AS(a * row,
                         "mul: a (2x3) and b (1x2) do not broadcast: "
                         "each dimension must be equal, or 1 in one of them",
                         ShapeError);
}

TEST_CASE("a number divided by a Var: 2 / x, with dy/dx = -2 / x^2") {
    Tape<double> tape;
    auto x = tape.variable(matrix(1, 3, {1, -2, 4}));
    auto y = 2.0 / x;
    CHECK(y.value() == matrix(1, 3, {2, -1, 0.5}));
    CHECK(std::string(y.node().op) == "scalar_div");
    tape.backward(sum(y));
    CHECK(x.grad() == matrix(1, 3, {-2, -0.5, -0.125}));
}

TEST_CASE("where picks a where the mask is set and b elsewhere, and sends each its share") {
    Tape<double> tape;
    auto mask = tape.constant(matrix(2, 2, {1, 0, 0, 1}));
    auto a = tape.variable(matrix(2, 2, {1, 2, 3, 4}));
    auto b = tape.variable(matrix(1, 1, {-9}));  // broadcast: where(mask, a, -9)
    auto y = where(mask, a, b);
    CHECK(y.value() == matrix(2, 2, {1, -9, -9, 4}));
    tape.backward(sum(y * tape.constant(matrix(2, 2, {10, 20, 30, 40}))));
    CHECK(a.grad() == matrix(2, 2, {10, 0, 0, 40}));
    CHECK(b.grad() == matrix(1, 1, {50}));  // the two entries it filled, summed back to 1x1
    CHECK_THROWS_WITH_AS(where(mask, tape.variable(matrix(3, 1, {1, 2, 3})), b),
                         "where: a (3x1) does not broadcast to the mask (2x2): each dimension must equal the mask's, or be 1",
                         ShapeError);
}
