// min (all, rows, columns) and argmax / argmin: hand-checked values, where the gradient goes on a
// tie, NaN never hidden, and the errors on empty inputs. Gradchecks: the op table walk.
#include "op_checks.hpp"

#include <tapegrad/ops/extrema.hpp>
#include <tapegrad/ops/elementwise.hpp>
#include <tapegrad/ops/reduce.hpp>

#include <cmath>
#include <limits>

using namespace tapegrad;
using namespace op_checks;

TEST_CASE("min picks the smallest entry and sends it all of the gradient") {
    Tape<double> tape;
    auto x = tape.variable(matrix(2, 3, {3, -1, 4, 1, -5, 9}));
    auto all = min(x), rows = rowwise_min(x), cols = colwise_min(x);
    CHECK(all.item() == -5);
    CHECK(rows.value() == matrix(2, 1, {-1, -5}));
    CHECK(cols.value() == matrix(1, 3, {1, -5, 4}));
    tape.backward(sum(all + sum(rows) + sum(cols * tape.constant(matrix(1, 3, {10, 20, 30})))));
    // entry -5 gets 1 (min) + 1 (its row) + 20 (its column); -1 gets 1 from row 0; 1 gets 10; 4 gets 30
    CHECK(x.grad() == matrix(2, 3, {0, 1, 30, 10, 22, 0}));
}

TEST_CASE("min gives a tie's gradient to the first entry in reading order, and never hides a NaN") {
    Tape<double> tape;
    auto x = tape.variable(matrix(1, 3, {2, 1, 1}));
    tape.backward(min(x));
    CHECK(x.grad() == matrix(1, 3, {0, 1, 0}));
    const double nan = std::numeric_limits<double>::quiet_NaN();
    Tape<double> t2;
    CHECK(std::isnan(min(t2.constant(matrix(1, 3, {1, nan, -7}))).item()));
    CHECK_THROWS_WITH_AS(min(t2.constant(T2(0, 3))), "min: x is 0x3: the min of no entries is undefined", ShapeError);
    CHECK_THROWS_WITH_AS(rowwise_min(t2.constant(T2(2, 0))), "rowwise_min: x is 2x0: a row of no entries has no min", ShapeError);
}

TEST_CASE("argmax and argmin give positions, the first on a tie, and record nothing on the tape") {
    const T2 x = matrix(2, 3, {3, 7, 7, 0, -2, 9});
    CHECK(argmax(x) == 5);  // reading order: row 1, column 2
    CHECK(argmin(x) == 4);
    CHECK(rowwise_argmax(x) == std::vector<Index>{1, 2});  // row 0: 7 first at column 1
    CHECK(rowwise_argmin(x) == std::vector<Index>{0, 1});
    CHECK(colwise_argmax(x) == std::vector<Index>{0, 0, 1});
    CHECK(colwise_argmin(x) == std::vector<Index>{1, 1, 0});
    Tape<double> tape;
    auto v = tape.constant(x);
    const std::size_t nodes = tape.size();
    CHECK(rowwise_argmax(v) == std::vector<Index>{1, 2});
    CHECK(tape.size() == nodes);
    CHECK_THROWS_WITH_AS(argmax(T2(0, 0)), "argmax: x is 0x0: no entries, so no position of a max", ShapeError);
}
