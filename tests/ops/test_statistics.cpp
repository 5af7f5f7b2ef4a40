// prod, var, stddev and norm: hand-checked values (torch.prod, torch.var, torch.std and
// torch.linalg.vector_norm on [[1, 2, 3], [4, 5, 6]]), zeros in a product, constant inputs, and the
// errors. Gradchecks at every shape: the op table walk.
#include "op_checks.hpp"

#include <tapegrad/ops/statistics.hpp>
#include <tapegrad/ops/elementwise.hpp>
#include <tapegrad/ops/reduce.hpp>

#include <cmath>

using namespace tapegrad;
using namespace op_checks;

TEST_CASE("prod multiplies, and its gradient is the product of the other entries, zeros included") {
    Tape<double> tape;
    auto x = tape.variable(matrix(2, 3, {1, 2, 3, 4, 5, 6}));
    CHECK(prod(x).item() == 720);
    CHECK(rowwise_prod(x).value() == matrix(2, 1, {6, 120}));
    CHECK(colwise_prod(x).value() == matrix(1, 3, {4, 10, 18}));
    tape.backward(prod(x));
    CHECK(x.grad() == matrix(2, 3, {720, 360, 240, 180, 144, 120}));
    Tape<double> t2;
    auto z = t2.variable(matrix(1, 4, {2, 0, 3, 5}));
    t2.backward(prod(z));
    CHECK(z.grad() == matrix(1, 4, {0, 30, 0, 0}));  // only the zero's gradient survives: 2 * 3 * 5
    Tape<float> t3;  // 20 entries of 100: 1e40 overflows float, but each partial product is exact
    auto big = t3.variable(Tensor<float>::Constant(1, 20, 100.0f));
    t3.backward(prod(big));
    CHECK(std::isinf(prod(big).item()));
}

TEST_CASE("var and stddev: the unbiased sample forms by default, as torch.var and torch.std") {
    Tape<double> tape;
    auto x = tape.variable(matrix(2, 3, {1, 2, 3, 4, 5, 6}));
    CHECK(var(x).item() == doctest::Approx(3.5).epsilon(1e-15));                 // 17.5 / 5
    CHECK(stddev(x).item() == doctest::Approx(1.8708286933869707).epsilon(1e-15));
    CHECK(rowwise_var(x).value() == matrix(2, 1, {1, 1}));
    CHECK(colwise_var(x, 0).value() == matrix(1, 3, {2.25, 2.25, 2.25}));        // population: 4.5 / 2
    CHECK(rowwise_stddev(x).value() == matrix(2, 1, {1, 1}));
    tape.backward(var(x));
    CHECK(x.grad().isApprox(matrix(2, 3, {-1, -0.6, -0.2, 0.2, 0.6, 1}), 1e-15));  // 2 (x - 3.5) / 5
    Tape<double> t2;
    auto flat = t2.variable(matrix(1, 3, {4, 4, 4}));
    t2.backward(stddev(flat));
    CHECK(flat.grad() == matrix(1, 3, {0, 0, 0}));  // 0, not 0/0, where every entry is equal
    CHECK_THROWS_WITH_AS(rowwise_var(t2.constant(matrix(2, 1, {1, 2}))),
                         "rowwise_var: x is 2x1: each row has 1 entry, and correction 1 needs more than 1", ShapeError);
    CHECK_THROWS_WITH_AS(var(t2.constant(matrix(1, 2, {1, 2})), -1), "var: correction is -1: must be >= 0", ValueError);
}

TEST_CASE("norm: the Euclidean length by default, any p >= 1, no overflow, gradient 0 at 0") {
    Tape<double> tape;
    auto x = tape.variable(matrix(2, 3, {1, 2, 3, 4, 5, 6}));
    CHECK(norm(x).item() == doctest::Approx(std::sqrt(91.0)).epsilon(1e-15));
    CHECK(rowwise_norm(x, 1).value() == matrix(2, 1, {6, 15}));
    CHECK(colwise_norm(x, 3).value().isApprox(matrix(1, 3, {4.020725758589058, 5.104468722001463, 6.240251469155711}), 1e-15));
    Tape<double> t2;
    auto v = t2.variable(matrix(1, 2, {3, -4}));
    t2.backward(norm(v));
    CHECK(norm(v).item() == 5);
    CHECK(v.grad().isApprox(matrix(1, 2, {0.6, -0.8}), 1e-15));  // x / |x|
    Tape<float> t3;
    auto huge = t3.variable(Tensor<float>{{3e30f, 4e30f}});
    CHECK(norm(huge).item() == doctest::Approx(5e30f));  // 9e60 would overflow float
    auto zero = t3.variable(Tensor<float>::Zero(1, 3));
    t3.backward(norm(zero) + norm(huge));
    CHECK(zero.grad() == Tensor<float>::Zero(1, 3));
    CHECK_THROWS_WITH_AS(norm(x, 0.5), "norm: p is 0.5: must be a finite number >= 1", ValueError);
}
