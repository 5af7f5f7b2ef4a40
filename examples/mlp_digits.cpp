// A multi-layer perceptron on handwritten digits: 8x8 images (64 pixels) in, ten classes out,
// with one hidden layer of 64 relu units between. Adam adapts a step size per weight, so the
// default learning rate works without tuning. Test accuracy is printed as training goes.
#include <tapegrad/tapegrad.hpp>

#include <cstdio>

using namespace tapegrad;

int main() {
    Split split = train_test_split(load_dataset("digits"), 0.25, 0);  // stratified: every digit in both parts
    standardize(split);  // pixels 0..16 -> mean 0, sd 1 per pixel, from the training images only
    std::printf("digits: %lld train, %lld test images of 64 pixels\n", (long long)split.train.rows(),
                (long long)split.test.rows());

    // x: (m, 64) -> h = relu(x W1 + b1): (m, 64) -> z = h W2 + b2: (m, 10), one logit per digit.
    // relu(a) = max(a, 0): its gradient is 1 where a > 0 and 0 elsewhere, so it never saturates.
    Rng rng(0);
    MLP<float> model(64, {64}, 10, rng, MLPOptions().activation("relu"));
    Adam<float> adam(model.parameters(), AdamOptions(1e-3));
    auto loss = [](Var<float> z, std::span<const Index> y) { return softmax_cross_entropy(z, y); };

    // Untrained, it guesses: about 1 in 10 right, and a loss no better than an even guess over
    // ten digits, ln 10 = 2.30 (random weights are confidently wrong at times, so it is higher).
    const Evaluation before = evaluate(model, split.test.features, split.test.labels, loss);
    std::printf("\nepoch   train loss   test loss   test accuracy\n");
    std::printf("%5d   %10s   %9.4f   %13.3f\n", 0, "-", before.loss, before.accuracy);

    double test_accuracy = 0;
    fit(model, adam, split.train.features, split.train.labels, loss, FitOptions().epochs(20).batch_size(32), rng,
        [&](const EpochStats& s) {
            if ((s.epoch + 1) % 4 != 0) return;
            const Evaluation test = evaluate(model, split.test.features, split.test.labels, loss);
            test_accuracy = test.accuracy;
            std::printf("%5d   %10.4f   %9.4f   %13.3f\n", s.epoch + 1, s.loss, test.loss, test.accuracy);
        });
    // The train loss keeps falling; once the test loss stops following it, more epochs only
    // memorise the training images.

    if (test_accuracy < 0.93) {
        std::printf("did not learn: test accuracy %.3f is below 0.93\n", test_accuracy);
        return 1;
    }
    std::printf("\ntest accuracy %.3f: learned\n", test_accuracy);
}
