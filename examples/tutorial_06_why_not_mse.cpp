// Tutorial chapter 6 (docs/tutorial.md): why classifiers are trained with cross-entropy and not
// with the squared error of their probabilities. Part 1 measures, with the tape, the gradient each
// loss sends to a logit as the prediction goes from right to confidently wrong. Part 2 trains the
// same softmax regression from the same bad start under both losses.
#include <tapegrad/tapegrad.hpp>

#include <cstdio>

using namespace tapegrad;

// dL/dz for one sigmoid output z with target 1, through a loss from the registry, by the tape.
double gradient_at(const Loss& loss, double z) {
    Tape<double> tape;
    Var<double> logit = tape.variable(Tensor<double>::Constant(1, 1, z));
    Target<double> target;
    target.dense = Tensor<double>::Ones(1, 1);
    tape.backward(loss(logit, target));
    return logit.grad()(0, 0);
}

// Test accuracy of a softmax regression on digits after `epochs`, from weights scaled by 8.
double train_from_bad_start(const char* loss_name, int epochs) {
    Split split = train_test_split(load_dataset("digits"), 0.25, 0);
    standardize(split);
    Rng rng(0);
    MLP<float> model(64, {}, 10, rng);
    for (Parameter<float>* p : model.parameters()) p->value *= 8.0f;  // the bad start
    SGD<float> sgd(model.parameters(), SGDOptions(0.1));
    auto loss = make_loss(loss_name);
    auto as_target = [](const std::vector<Index>& classes) { return Target<float>{classes, {}}; };
    FitOptions options = FitOptions().epochs(epochs).batch_size(32);
    fit(model, sgd, split.train.features, split.train.labels,
        [&](Var<float> z, std::span<const Index> y) { return (*loss)(z, as_target({y.begin(), y.end()})); }, options, rng);
    NoGradGuard no_grad;
    Tape<float> tape;
    const Tensor<float> logits = model.forward(tape, tape.input(split.test.features)).value();
    return accuracy(argmax_rows(logits), split.test.labels);
}

int main() {
    // Part 1. p = sigmoid(z) is the predicted probability of the true label (target 1).
    //   cross-entropy:  L = -ln p        dL/dz = p - 1
    //   squared error:  L = (p - 1)^2    dL/dz = 2 (p - 1) * p (1 - p)     <- the factor sigma'(z)
    auto ce = make_loss("sigmoid_binary_cross_entropy");
    auto mse = make_loss("mse_sigmoid");
    std::printf("     z        p   dCE/dz   dMSE/dz   sigma'(z) = p(1-p)\n");
    for (double z : {2.0, 0.0, -2.0, -4.0, -6.0, -8.0}) {
        const double p = 1 / (1 + std::exp(-z));
        std::printf("%6.1f  %7.5f  %7.4f  %8.5f   %8.5f\n", z, p, gradient_at(*ce, z), gradient_at(*mse, z), p * (1 - p));
    }
    // The more wrong the prediction (z far below 0), the harder cross-entropy pushes (towards -1),
    // while the squared error's push fades with sigma'(z): a confident mistake is barely corrected.

    // Part 2. The same model, data, seed and optimizer; only the loss differs.
    std::printf("\nsoftmax regression on digits, initial weights x8: test accuracy\n");
    std::printf("epochs   softmax_cross_entropy   mse_softmax\n");
    for (int epochs : {1, 5, 20})
        std::printf("%6d   %21.3f   %11.3f\n", epochs, train_from_bad_start("softmax_cross_entropy", epochs),
                    train_from_bad_start("mse_softmax", epochs));
}
