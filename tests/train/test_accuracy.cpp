// The ready-made configs learn what they promise, from their fixed seed and split:
// softmax regression on iris >= 0.93 and on digits >= 0.95, an MLP on digits >= 0.97, and the
// multi-label digits model far below the predict-the-majority baseline's Hamming loss.
#include <doctest/doctest.h>

#include "train/trainer.hpp"

#include <filesystem>

using namespace tapegrad;

namespace {
const std::filesystem::path configs = std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() /
                                      "examples" / "configs";

std::unique_ptr<Experiment> trained(const std::string& name) {
    auto x = make_experiment(load_config((configs / name).string(), {}));
    train_experiment(*x);
    return x;
}
}  // namespace

TEST_CASE("softmax regression on iris reaches 0.93 test accuracy") {
    auto x = trained("iris.json");
    CHECK(x->evaluate(x->test).accuracy >= 0.93);
}

TEST_CASE("softmax regression on digits reaches 0.95, an MLP 0.97") {
    auto linear = trained("digits_softmax.json");
    CHECK(linear->evaluate(linear->test).accuracy >= 0.95);
    auto mlp = trained("digits_mlp.json");
    CHECK(mlp->evaluate(mlp->test).accuracy >= 0.97);
}

TEST_CASE("the multi-label digits model beats the majority baseline's Hamming loss by a wide margin") {
    auto x = trained("digits_multilabel.json");
    // Baseline: every label predicted as its more common value in the training set.
    const Tensor<float>& train = x->train.targets;
    const Tensor<float>& test = x->test.targets;
    double baseline = 0;
    for (Index k = 0; k < train.cols(); ++k) {
        const float majority = train.col(k).mean() >= 0.5f ? 1.0f : 0.0f;
        baseline += static_cast<double>((test.col(k).array() != majority).count());
    }
    baseline /= static_cast<double>(test.size());
    const Scores scores = x->evaluate(x->test);
    MESSAGE("Hamming loss: model " << scores.hamming_loss << ", majority baseline " << baseline);
    CHECK(baseline > 0.3);
    CHECK(scores.hamming_loss < baseline / 5);
}
