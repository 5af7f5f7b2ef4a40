// Tutorial chapter 5 (docs/tutorial.md): multi-label classification, where each example may have
// any number of labels. Each class is its own yes/no question: a sigmoid per class and binary
// cross-entropy per class, whose gradient is again prediction minus target.
#include <tapegrad/tapegrad.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace tapegrad;

// Three labels for a point (a, b) in the plane; a point can have none, some or all of them.
const char* label_names[3] = {"right", "up", "far"};
void labels_of(double a, double b, float* out) {
    out[0] = a > 0;          // right of the vertical axis
    out[1] = b > 0;          // above the horizontal axis
    out[2] = a + b > 1.5;    // beyond the line a + b = 1.5
}

int main() {
    // Part 1. Three points, their n-hot targets and a model with fixed scores.
    Tensor<double> logits_values{{2.0, -1.0, 0.5}, {-0.5, 1.5, -2.0}, {1.0, 3.0, 0.0}};
    Tensor<double> target{{1, 0, 1}, {0, 1, 0}, {1, 1, 1}};  // rows may hold several 1s, or none

    Tape<double> tape;
    Var<double> logits = tape.variable(logits_values);
    Var<double> y = tape.constant(target);
    Var<double> loss = sigmoid_binary_cross_entropy(logits, y);  // mean over all 9 entries
    tape.backward(loss);

    // sigmoid(x) = 1 / (1 + e^-x) per entry. Unlike softmax, a row need not sum to 1: each entry is
    // the probability of its own label.
    Tensor<double> p = logits_values.unaryExpr([](double x) { return 1 / (1 + std::exp(-x)); });
    std::printf("sigmoid(logits)                      row sum\n");
    for (Index i = 0; i < 3; ++i)
        std::printf("  %.4f  %.4f  %.4f             %.4f\n", p(i, 0), p(i, 1), p(i, 2), p.row(i).sum());

    // BCE per entry: -[y ln p + (1 - y) ln(1 - p)]. Written as max(x, 0) - x y + ln(1 + e^-|x|), it
    // never takes the log of 0 and never overflows, whatever the logit x is.
    double naive = 0, stable = 0;
    for (Index k = 0; k < 9; ++k) {
        const double x = logits_values.data()[k], t = target.data()[k], q = p.data()[k];
        naive -= (t * std::log(q) + (1 - t) * std::log(1 - q)) / 9;
        stable += (std::max(x, 0.0) - x * t + std::log1p(std::exp(-std::abs(x)))) / 9;
    }
    std::printf("\nBCE by hand      -mean[y ln p + (1-y) ln(1-p)]     = %.6f\n", naive);
    std::printf("the stable form   mean[max(x,0) - xy + ln(1+e^-|x|)] = %.6f\n", stable);
    std::printf("sigmoid_binary_cross_entropy                         = %.6f\n\n", loss.item());

    // dL/dx = (sigmoid(x) - y) / (number of entries): the same shape of answer as softmax with
    // cross-entropy, for the same reason (the log undoes the exponential).
    const Tensor<double> expected = (p - target) / 9.0;
    std::printf("dL/dlogits from the tape         (sigmoid - y) / 9 by hand\n");
    for (Index i = 0; i < 3; ++i)
        std::printf("  %8.4f %8.4f %8.4f      %8.4f %8.4f %8.4f\n", logits.grad()(i, 0), logits.grad()(i, 1),
                    logits.grad()(i, 2), expected(i, 0), expected(i, 1), expected(i, 2));
    std::printf("largest difference below 1e-12: %s\n\n",
                (logits.grad() - expected).cwiseAbs().maxCoeff() < 1e-12 ? "yes" : "NO");

    // Part 2. Training: 200 random points, labelled by labels_of, and one logistic regression per
    // label (a 2x3 weight matrix: column k answers question k).
    Rng rng(11);
    Tensor<float> X(200, 2), Y(200, 3);
    for (Index i = 0; i < 200; ++i) {
        X(i, 0) = static_cast<float>(rng.uniform(-3, 3));
        X(i, 1) = static_cast<float>(rng.uniform(-3, 3));
        labels_of(X(i, 0), X(i, 1), &Y(i, 0));
    }
    Parameter<float> W("W", Tensor<float>::Zero(2, 3));
    Parameter<float> b("b", Tensor<float>::Zero(1, 3));
    Tape<float> train;
    for (int step = 0; step <= 200; ++step) {
        train.clear();
        Var<float> inputs = train.input(X);
        Var<float> weights = train.param(W);
        Var<float> scores = matmul(inputs, weights) + train.param(b);
        Var<float> targets = train.input(Y);
        Var<float> l = sigmoid_binary_cross_entropy(scores, targets);
        train.backward(l);
        W.value -= 1.0f * W.grad;
        b.value -= 1.0f * b.grad;
        W.zero_grad();
        b.zero_grad();
        if (step % 50 == 0) {
            // A label is predicted when its probability passes 1/2, that is when its logit is > 0.
            const Tensor<float> predicted = (scores.value().array() > 0.0f).cast<float>();
            std::printf("step %3d   loss %.4f   accuracy", step, l.item());
            for (Index k = 0; k < 3; ++k)
                std::printf("  %s %.3f", label_names[k],
                            1.0 - (predicted.col(k) - Y.col(k)).cwiseAbs().sum() / 200.0);
            int all_right = 0;
            for (Index i = 0; i < 200; ++i) all_right += predicted.row(i) == Y.row(i);
            std::printf("   all three right %.3f\n", all_right / 200.0);
        }
    }
}
