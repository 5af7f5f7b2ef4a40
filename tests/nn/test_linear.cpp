// Linear: a forward pass worked by hand, its gradients by hand and against finite differences,
// parameter names, and the error for a mismatched input.
#include "model_gradcheck.hpp"

#include <doctest/doctest.h>

using namespace tapegrad;

namespace {
// W = [[1, 2], [3, 4], [5, 6]]  (in 3, out 2),  b = [0.5, -0.5]
Linear<double> small_layer() {
    Rng rng(0);
    Linear<double> layer(3, 2, rng);
    layer.weight.value = Tensor<double>{{1, 2}, {3, 4}, {5, 6}};
    layer.bias.value = Tensor<double>{{0.5, -0.5}};
    return layer;
}
}  // namespace

TEST_CASE("Linear computes x W + b, one row per example") {
    // x = [1, 0, -1]:  x W = [1 - 5, 2 - 6] = [-4, -4],  + b = [-3.5, -4.5]
    // x = [0, 1, 0]:   x W = [3, 4],                      + b = [3.5, 3.5]
    Linear<double> layer = small_layer();
    Tape<double> tape;
    Var<double> y = layer(tape, tape.constant(Tensor<double>{{1, 0, -1}, {0, 1, 0}}));
    CHECK(y.value() == Tensor<double>{{-3.5, -4.5}, {3.5, 3.5}});
}

TEST_CASE("Linear's gradients: dL/dW = x^T dL/dy, dL/db = column sums of dL/dy") {
    // With dL/dy all ones: dL/dW[i][j] = sum over rows of x[., i] = [1, 1, -1] in each column;
    // dL/db = [2, 2] (two rows).
    Linear<double> layer = small_layer();
    Tape<double> tape;
    Var<double> y = layer(tape, tape.constant(Tensor<double>{{1, 0, -1}, {0, 1, 0}}));
    tape.backward(y, Tensor<double>::Ones(2, 2));
    CHECK(layer.weight.grad == Tensor<double>{{1, 1}, {1, 1}, {-1, -1}});
    CHECK(layer.bias.grad == Tensor<double>{{2, 2}});
}

TEST_CASE("Linear passes gradcheck in float64, for its input and its parameters") {
    Rng rng(5);
    Linear<double> layer(4, 3, rng);
    layer.bias.value = rng.normal_tensor<double>(1, 3);
    const Tensor<double> x = rng.normal_tensor<double>(5, 4);
    GradcheckResult r = gradcheck([&](Tape<double>& tape, std::span<const Var<double>> in) { return layer(tape, in[0]); },
                                  {x});
    CHECK_MESSAGE(r.ok, r.message);
    CHECK(check_parameter_gradients(layer, x, rng) == "ok");
}

TEST_CASE("Linear names its parameters and can go without a bias") {
    Rng rng(0);
    Linear<float> layer(3, 2, rng);
    REQUIRE(layer.parameters().size() == 2);
    CHECK(layer.parameters()[0]->name == "weight");
    CHECK(layer.parameters()[1]->name == "bias");
    CHECK(layer.weight.value.rows() == 3);
    CHECK(layer.weight.value.cols() == 2);
    CHECK(layer.bias.value.isZero());
    Linear<float> no_bias(3, 2, rng, LinearOptions().bias(false).init(Init::kaiming_normal), "7.");
    REQUIRE(no_bias.parameters().size() == 1);
    CHECK(no_bias.parameters()[0]->name == "7.weight");
    CHECK_FALSE(no_bias.has_bias());
}

TEST_CASE("Linear refuses an input with the wrong number of features, and says why") {
    Linear<double> layer = small_layer();
    Tape<double> tape;
    CHECK_THROWS_WITH_AS(layer(tape, tape.constant(Tensor<double>::Ones(4, 2))),
                         "Linear: x (4x2) has 2 features per row, but this layer takes 3 (W is 3x2); "
                         "rows are examples, columns features",
                         ShapeError);
}
