// MLP: layer shapes and stable parameter names, a forward pass by hand, gradcheck in float64 for
// every activation, and the same seed giving the same network.
#include "model_gradcheck.hpp"

#include <doctest/doctest.h>

using namespace tapegrad;

TEST_CASE("an MLP names its parameters by layer: 0.weight, 0.bias, 1.weight, ...") {
    Rng rng(0);
    MLP<float> mlp(2, {4, 3}, 1, rng);
    std::vector<std::string> names;
    std::vector<std::string> shapes;
    for (Parameter<float>* p : mlp.parameters()) {
        names.push_back(p->name);
        shapes.push_back(shape_of(p->value));
    }
    CHECK(names == std::vector<std::string>{"0.weight", "0.bias", "1.weight", "1.bias", "2.weight", "2.bias"});
    CHECK(shapes == std::vector<std::string>{"2x4", "1x4", "4x3", "1x3", "3x1", "1x1"});
    CHECK(mlp.parameter("1.bias") == mlp.parameters()[3]);
    CHECK(mlp.parameter("9.weight") == nullptr);
}

TEST_CASE("an MLP with no hidden layers is one Linear: softmax regression") {
    Rng rng(0);
    MLP<float> mlp(4, {}, 3, rng);
    CHECK(mlp.layers.size() == 1);
    CHECK(mlp.parameters().size() == 2);
}

TEST_CASE("forward: Linear, activation, Linear, and no activation on the logits") {
    // in 1 -> hidden 2 -> out 1, relu.  W0 = [1, -1], b0 = [0, 0.5], W1 = [[2], [3]], b1 = [-1]
    // x = 2:  h = relu([2, -2 + 0.5]) = [2, 0],   y = 2 * 2 + 3 * 0 - 1 = 3
    // x = -1: h = relu([-1, 1.5]) = [0, 1.5],     y = 3 * 1.5 - 1 = 3.5
    Rng rng(0);
    MLP<double> mlp(1, {2}, 1, rng);
    mlp.layers[0].weight.value = Tensor<double>{{1, -1}};
    mlp.layers[0].bias.value = Tensor<double>{{0, 0.5}};
    mlp.layers[1].weight.value = Tensor<double>{{2}, {3}};
    mlp.layers[1].bias.value = Tensor<double>{{-1}};
    Tape<double> tape;
    Var<double> y = mlp(tape, tape.constant(Tensor<double>{{2}, {-1}}));
    CHECK(y.value() == Tensor<double>{{3}, {3.5}});
}

TEST_CASE("an MLP passes gradcheck in float64 with each registered activation") {
    for (const std::string& name : activation_names()) {
        CAPTURE(name);
        Rng rng(11);
        MLP<double> mlp(3, {5, 4}, 2, rng, MLPOptions().activation(name));
        for (Parameter<double>* p : mlp.parameters())
            if (p->name.ends_with("bias")) p->value = rng.normal_tensor<double>(1, p->value.cols(), 0, 0.1);
        const Tensor<double> x = rng.normal_tensor<double>(6, 3);
        CHECK(check_parameter_gradients(mlp, x, rng) == "ok");
        GradcheckResult r =
            gradcheck([&](Tape<double>& tape, std::span<const Var<double>> in) { return mlp(tape, in[0]); }, {x});
        CHECK_MESSAGE(r.ok, r.message);
    }
}

TEST_CASE("the same seed builds the same MLP; options choose the init") {
    Rng a(9), b(9);
    MLP<float> one(3, {8}, 2, a), two(3, {8}, 2, b);
    for (std::size_t i = 0; i < one.parameters().size(); ++i)
        CHECK(one.parameters()[i]->value == two.parameters()[i]->value);
    CHECK(MLPOptions().init() == Init::kaiming_uniform);
    CHECK(MLPOptions().activation("tanh").init() == Init::xavier_uniform);
    CHECK(MLPOptions().activation("tanh").init(Init::zeros).init() == Init::zeros);
}

TEST_CASE("an unknown activation is refused with the known names, derived from the registry") {
    std::string known;
    for (const std::string& name : activation_names()) known += (known.empty() ? "" : ", ") + name;
    CHECK_THROWS_WITH_AS(MLPOptions().activation("swoosh"),
                         ("activation: unknown activation \"swoosh\" (known activations: " + known + ")").c_str(), ValueError);
    const std::string first = activation_names().front();
    const std::string typo = first + "x";
    CHECK_THROWS_WITH_AS(find_activation(typo),
                         ("model.activation: unknown activation \"" + typo + "\"; did you mean \"" + first +
                          "\"? (known activations: " + known + ")").c_str(),
                         ValueError);
}

TEST_CASE("parameters export to JSON by name, with shapes and readable values") {
    Rng rng(0);
    MLP<float> mlp(2, {}, 1, rng);
    mlp.layers[0].weight.value = Tensor<float>{{0.1f}, {-2.5f}};
    const auto json = parameters_to_json(mlp.parameters());
    CHECK(json.dump() == R"({"0.weight":{"shape":[2,1],"values":[[0.1],[-2.5]]},"0.bias":{"shape":[1,1],"values":[[0.0]]}})");
}
