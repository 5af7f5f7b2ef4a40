// The activation registry (nn/activations.cpp): every registered activation trains an MLP, has the
// initialisation its entry names, and is reachable from a config by name. Nothing here lists the
// activations by hand: the walks read the registry, so a new entry is tested the moment it exists.
#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>

#include <cmath>
#include <set>

using namespace tapegrad;

TEST_SUITE("nn") {

TEST_CASE("every registered activation lets a 2-16-2 MLP learn XOR from a fixed seed") {
    // The corners at +-3, not 0 and 1: at initial weights the inputs 0 and 1 keep every hidden unit
    // inside [-1, 1], where hardtanh is the identity, and a linear model cannot learn XOR.
    const Tensor<float> x{{-3, -3}, {-3, 3}, {3, -3}, {3, 3}};
    const std::vector<Index> y{0, 1, 1, 0};
    auto loss = [](Var<float> logits, std::span<const Index> classes) { return softmax_cross_entropy(logits, classes); };
    for (const std::string& name : activation_names()) {
        CAPTURE(name);
        Rng rng(1);
        MLP<float> mlp(2, {16}, 2, rng, MLPOptions().activation(name));
        Adam<float> opt(mlp.parameters(), AdamOptions(0.05));
        const auto history = fit(mlp, opt, x, y, loss, FitOptions().epochs(300).batch_size(4), rng);
        CHECK(evaluate(mlp, x, y, loss).accuracy == 1.0);
        CHECK(history.back().loss < 0.1 * history.front().loss);
    }
}

TEST_CASE("each activation's entry sets the MLP's default initialisation and its gain") {
    std::set<std::string> names;
    for (const ActivationEntry& a : activations()) {
        CAPTURE(a.name);
        CHECK(names.insert(a.name).second);  // registered once
        CHECK(MLPOptions().activation(a.name).init() == a.init);
        CHECK(recommended_gain(a.name, 0.2) == a.gain(0.2));
        CHECK(a.pytorch(0.2).starts_with("nn."));
        // The first layer's weights are drawn with that gain: same seed, same numbers.
        Rng one(4), two(4);
        MLP<float> mlp(6, {5}, 2, one, MLPOptions().activation(a.name));
        CHECK(mlp.layers[0].weight.value == initial_weights<float>(a.init, 6, 5, two, a.gain(0.01)));
    }
    // PyTorch's calculate_gain where it has one; selu takes 1 (LeCun), as PyTorch's docs advise.
    CHECK(find_activation("relu").gain(0) == std::sqrt(2.0));
    CHECK(find_activation("tanh").gain(0) == 5.0 / 3.0);
    CHECK(find_activation("leaky_relu").gain(0.2) == doctest::Approx(std::sqrt(2.0 / 1.04)));
    CHECK(find_activation("selu").gain(0) == 1.0);
    CHECK(find_activation("leaky_relu").pytorch(0.2) == "nn.LeakyReLU(0.2)");
}

TEST_CASE("model.activation names any registered activation; an unknown one names the key path") {
    for (const std::string& name : activation_names()) {
        CAPTURE(name);
        ModelConfig m;
        m.hidden = {3};
        m.activation = name;
        CHECK(make_model(m, 2, 2, 0)->options().activation().name == name);
    }
    ModelConfig bad;
    bad.activation = "gelU";
    CHECK_THROWS_AS(make_model(bad, 2, 2, 0), ConfigError);
    try {
        make_model(bad, 2, 2, 0);
    } catch (const ConfigError& e) {
        CHECK(std::string(e.what()).starts_with("model.activation: unknown activation \"gelU\"; did you mean \"gelu\"?"));
    }
}

}  // TEST_SUITE
