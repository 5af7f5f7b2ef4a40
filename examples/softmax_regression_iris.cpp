// Softmax regression on the iris flowers: four measurements in, three species out. One Linear
// layer gives a score (logit) per class; softmax turns the scores into probabilities and
// cross-entropy trains them. The confusion matrix shows which species get mixed up.
#include <tapegrad/tapegrad.hpp>

#include <cstdio>

using namespace tapegrad;

int main() {
    // Stratified: each species sends 10 of its 50 flowers to the test part, 40 to training.
    const Dataset iris = load_dataset("iris");
    Split split = train_test_split(iris, 0.2, 0);
    standardize(split);  // learned on the training part only, then applied to both
    std::printf("iris: %lld train, %lld test, %lld features, %lld classes\n", (long long)split.train.rows(),
                (long long)split.test.rows(), (long long)iris.num_features(), (long long)iris.num_classes());

    // z = x W + b    x: (m, 4)  W: (4, 3)  z: (m, 3)
    // p_k = e^z_k / sum_j e^z_j,  L = -mean ln p_y,  dL/dz = (p - onehot(y)) / m
    Rng rng(0);
    MLP<float> model(4, {}, 3, rng);
    SGD<float> sgd(model.parameters(), SGDOptions(0.1).momentum(0.9));
    auto loss = [](Var<float> z, std::span<const Index> y) { return softmax_cross_entropy(z, y); };

    std::printf("\nepoch   train loss   test accuracy\n");
    fit(model, sgd, split.train.features, split.train.labels, loss, FitOptions().epochs(50).batch_size(16), rng,
        [&](const EpochStats& s) {
            if ((s.epoch + 1) % 10 != 0) return;
            const Evaluation test = evaluate(model, split.test.features, split.test.labels, loss);
            std::printf("%5d   %10.4f   %13.3f\n", s.epoch + 1, s.loss, test.accuracy);
        });

    // The predicted species is the largest logit (the same as the largest probability).
    NoGradGuard no_grad;  // only measuring: record nothing for backward
    Tape<float> tape;
    const Tensor<float> logits = model.forward(tape, tape.input(split.test.features)).value();
    const std::vector<Index> predicted = argmax_rows(logits);
    const double test_accuracy = accuracy(predicted, split.test.labels);

    // Rows are the true species, columns the predicted one: the diagonal is what it got right.
    const Tensor<Index> confusion = confusion_matrix(predicted, split.test.labels, 3);
    std::printf("\nconfusion matrix (rows: true, columns: predicted)\n%12s", "");
    for (const std::string& name : iris.class_names) std::printf("%12s", name.c_str());
    for (Index t = 0; t < 3; ++t) {
        std::printf("\n%12s", iris.class_names[static_cast<std::size_t>(t)].c_str());
        for (Index p = 0; p < 3; ++p) std::printf("%12lld", (long long)confusion(t, p));
    }
    // Setosa stands apart; any mistakes are between versicolor and virginica, which overlap.
    std::printf("\n\ntest accuracy %.3f\n", test_accuracy);
    if (test_accuracy < 0.9) {
        std::printf("did not learn: test accuracy below 0.9\n");
        return 1;
    }
}
