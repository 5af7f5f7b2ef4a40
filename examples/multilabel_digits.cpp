// Multi-label classification: each digit image carries four yes/no labels at once (even, prime,
// at least 5, has a closed loop), so a 7 is {prime, at_least_5} and a 1 is {}. One sigmoid per
// label, each its own logistic question, all trained together with binary cross-entropy.
#include <tapegrad/tapegrad.hpp>

#include <cstdio>
#include <string>

using namespace tapegrad;

int main() {
    const Dataset data = load_dataset("digits_multilabel");  // targets: (1797, 4) rows of 0s and 1s
    Split split = train_test_split(data, 0.25, 0);           // multi-label: rows picked at random
    const Tensor<float> raw_test = split.test.features;      // kept unscaled, to draw the images
    standardize(split);

    // x: (m, 64) -> relu hidden (m, 64) -> z: (m, 4), one logit per label, no softmax between them:
    // the probabilities sigmoid(z_k) need not sum to 1, because an image may carry any labels.
    Rng rng(0);
    MLP<float> model(64, {64}, 4, rng);
    Adam<float> adam(model.parameters(), AdamOptions(1e-3));
    // L = mean over the m x 4 entries of -[y ln p + (1 - y) ln(1 - p)];  dL/dz = (p - y) / 4m
    auto loss = [](Var<float> z, const Tensor<float>& y) {
        return sigmoid_binary_cross_entropy(z, z.tape().constant(y));
    };
    fit(model, adam, split.train.features, split.train.targets, loss, FitOptions().epochs(20).batch_size(32), rng,
        [](const EpochStats& s) {
            if ((s.epoch + 1) % 5 == 0) std::printf("epoch %2d   train loss %.4f\n", s.epoch + 1, s.loss);
        });

    // A label is predicted when its probability passes 1/2.
    NoGradGuard no_grad;
    Tape<float> tape;
    const Tensor<float> p = sigmoid(model.forward(tape, tape.input(split.test.features))).value();
    const Tensor<float> predicted = threshold(p, 0.5);
    const Tensor<float>& truth = split.test.targets;

    // Hamming loss counts wrong entries; subset accuracy counts rows with all four right, the
    // strictest view. Micro F1 pools every label's counts, macro F1 averages the four labels' F1.
    const double hamming = hamming_loss(predicted, truth), subset = subset_accuracy(predicted, truth);
    std::printf("\ntest: hamming loss %.4f   subset accuracy %.3f   micro F1 %.3f   macro F1 %.3f\n", hamming, subset,
                micro_f1(predicted, truth), macro_f1(predicted, truth));
    const std::vector<double> f1 = per_label_f1(predicted, truth);
    for (std::size_t k = 0; k < f1.size(); ++k) std::printf("  F1 %-16s %.3f\n", data.class_names[k].c_str(), f1[k]);

    // A few test images, drawn from their pixels (0..16), with the labels predicted and true.
    auto labels_of = [&](const Tensor<float>& rows, Index i) {
        std::string names;
        for (Index k = 0; k < rows.cols(); ++k)
            if (rows(i, k) > 0.5f) names += (names.empty() ? "" : ", ") + data.class_names[static_cast<std::size_t>(k)];
        return "{" + names + "}";
    };
    for (Index i = 0; i < 4; ++i) {
        std::printf("\n");
        for (Index r = 0; r < 8; ++r) {
            for (Index c = 0; c < 8; ++c) std::printf("%c", " .:#"[static_cast<int>(raw_test(i, r * 8 + c)) / 5]);
            if (r == 2) std::printf("   predicted %s", labels_of(predicted, i).c_str());
            if (r == 3) std::printf("   true      %s", labels_of(truth, i).c_str());
            std::printf("\n");
        }
    }

    if (hamming > 0.08 || subset < 0.8) {
        std::printf("did not learn: hamming loss above 0.08 or subset accuracy below 0.8\n");
        return 1;
    }
    std::printf("\nlearned\n");
}
