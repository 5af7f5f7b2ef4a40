// Logistic regression, the smallest classifier there is: two clouds of points, one weight per
// feature plus a bias, one sigmoid output. p(class 1 | x) = sigmoid(x w + b), trained with binary
// cross-entropy. The weights it learns are printed at the end: they point from cloud 0 to cloud 1.
#include <tapegrad/tapegrad.hpp>

#include <cstdio>

using namespace tapegrad;

int main() {
    // 200 points around two random centres in the plane; a quarter held out to test on.
    const Dataset blobs = make_blobs({.n = 200, .classes = 2, .features = 2, .spread = 1.5, .seed = 0});
    Split split = train_test_split(blobs, 0.25, 0);
    standardize(split);  // mean 0, standard deviation 1 per feature: one learning rate suits both

    // The binary loss wants one target column of 0s and 1s, (m, 1), next to the one logit column.
    auto as_column = [](const std::vector<Index>& labels) {
        Tensor<float> y(static_cast<Index>(labels.size()), 1);
        for (Index i = 0; i < y.rows(); ++i) y(i, 0) = static_cast<float>(labels[static_cast<std::size_t>(i)]);
        return y;
    };
    const Tensor<float> y_train = as_column(split.train.labels), y_test = as_column(split.test.labels);

    // An MLP with no hidden layer is one Linear layer: z = x w + b, x: (m, 2), w: (2, 1), z: (m, 1).
    Rng rng(0);
    MLP<float> model(2, {}, 1, rng);
    SGD<float> sgd(model.parameters(), SGDOptions(0.1));

    // L = mean over i of -[y ln p + (1 - y) ln(1 - p)], p = sigmoid(z); the fused form takes the
    // logits z, stays finite at any z, and its gradient is dL/dz = (p - y) / m.
    auto loss = [](Var<float> z, const Tensor<float>& y) {
        return sigmoid_binary_cross_entropy(z, z.tape().constant(y));  // y as a constant: no gradient
    };

    // evaluate() counts an example right when (z > 0) matches (y > 0.5), that is p > 1/2.
    std::printf("epoch   train loss   test loss   test accuracy\n");
    fit(model, sgd, split.train.features, y_train, loss, FitOptions().epochs(20).batch_size(10), rng,
        [&](const EpochStats& s) {
            if ((s.epoch + 1) % 5 != 0) return;
            const Evaluation test = evaluate(model, split.test.features, y_test, loss);
            std::printf("%5d   %10.4f   %9.4f   %13.3f\n", s.epoch + 1, s.loss, test.loss, test.accuracy);
        });

    // The decision boundary is the line x w + b = 0: w is its normal, pointing towards class 1.
    const Tensor<float>& w = model.layers[0].weight.value;
    const float b = model.layers[0].bias.value(0, 0);
    std::printf("\nlearned  w = (%.3f, %.3f)   b = %.3f   (in standardised units)\n", w(0, 0), w(1, 0), b);

    const double accuracy = evaluate(model, split.test.features, y_test, loss).accuracy;
    if (accuracy < 0.9) {
        std::printf("did not learn: test accuracy %.3f is below 0.9\n", accuracy);
        return 1;
    }
    std::printf("test accuracy %.3f: learned\n", accuracy);
}
