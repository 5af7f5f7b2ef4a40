// Tutorial chapter 4 (docs/tutorial.md): logistic (softmax) regression. Softmax turns a row of
// scores into probabilities, cross-entropy scores them against the true class, and the gradient of
// the two together is just (softmax - y) / N. We check that on the tape, then train.
#include <tapegrad/tapegrad.hpp>

#include <cmath>
#include <cstdio>
#include <vector>

using namespace tapegrad;

void print_rows(const char* title, const Tensor<double>& m) {
    std::printf("%s\n", title);
    for (Index i = 0; i < m.rows(); ++i) {
        for (Index j = 0; j < m.cols(); ++j) std::printf("  %8.4f", m(i, j));
        std::printf("\n");
    }
}

int main() {
    // Part 1. Four examples, two features, three classes, and a model with fixed weights.
    Tensor<double> X{{1.0, 2.0}, {-1.0, 0.5}, {0.5, -1.5}, {2.0, 0.0}};
    std::vector<Index> y = {2, 0, 1, 0};  // the true class of each example
    Parameter<double> W("W", Tensor<double>{{0.2, -0.3, 0.1}, {0.0, 0.4, -0.2}});
    Parameter<double> b("b", Tensor<double>{{0.1, 0.0, -0.1}});

    Tape<double> tape;
    Var<double> x = tape.input(X);
    Var<double> w = tape.param(W);
    Var<double> xw = matmul(x, w);
    Var<double> logits = xw + tape.param(b);                    // (4,3): one score per class
    Var<double> loss = softmax_cross_entropy(logits, y);     // mean over the 4 rows
    tape.backward(loss);

    // Softmax by hand: p_ij = e^z_ij / sum_k e^z_ik. Each row is positive and sums to 1.
    const Tensor<double>& z = logits.value();
    Tensor<double> p = z.array().exp();
    for (Index i = 0; i < p.rows(); ++i) p.row(i) /= p.row(i).sum();
    print_rows("logits z = X W + b:", z);
    print_rows("softmax(z), each row sums to 1:", p);

    // Cross-entropy: -ln of the probability the model gave the true class, averaged.
    double by_hand = 0;
    for (Index i = 0; i < 4; ++i) by_hand -= std::log(p(i, y[static_cast<std::size_t>(i)])) / 4;
    std::printf("\ncross-entropy by hand  -mean ln p[y] = %.6f\n", by_hand);
    std::printf("softmax_cross_entropy               = %.6f\n\n", loss.item());

    // The gradient. For one row, L = -z_y + ln sum_k e^z_k, so dL/dz_j = p_j - [j == y]: the
    // predicted probabilities minus the one-hot target. The mean over N rows divides by N.
    Tensor<double> Y = Tensor<double>::Zero(4, 3);
    for (Index i = 0; i < 4; ++i) Y(i, y[static_cast<std::size_t>(i)]) = 1;
    const Tensor<double> expected = (p - Y) / 4.0;
    print_rows("dL/dlogits from the tape:", logits.grad());
    print_rows("(softmax - y) / N by hand:", expected);
    const double gap = (logits.grad() - expected).cwiseAbs().maxCoeff();
    std::printf("largest difference below 1e-12: %s\n\n", gap < 1e-12 ? "yes" : "NO");

    // Part 2. Training: 150 points in three clouds, the same model, plain gradient descent.
    const double centers[3][2] = {{-2, 0}, {2, 0}, {0, 2.5}};
    Rng rng(7);
    Tensor<float> data(150, 2);
    std::vector<Index> labels(150);
    for (Index i = 0; i < 150; ++i) {
        labels[static_cast<std::size_t>(i)] = i % 3;
        data(i, 0) = static_cast<float>(rng.normal(centers[i % 3][0], 0.8));
        data(i, 1) = static_cast<float>(rng.normal(centers[i % 3][1], 0.8));
    }
    Parameter<float> W2("W", Tensor<float>::Zero(2, 3));
    Parameter<float> b2("b", Tensor<float>::Zero(1, 3));
    Tape<float> train;
    for (int step = 0; step <= 60; ++step) {
        train.clear();  // forget last step's nodes, keep their memory
        Var<float> inputs = train.input(data);
        Var<float> weights = train.param(W2);
        Var<float> scores = matmul(inputs, weights) + train.param(b2);
        Var<float> l = softmax_cross_entropy(scores, labels);
        train.backward(l);
        W2.value -= 0.5f * W2.grad;  // step against the gradient
        b2.value -= 0.5f * b2.grad;
        W2.zero_grad();
        b2.zero_grad();
        if (step % 15 == 0) {
            int correct = 0;
            for (Index i = 0; i < 150; ++i) {
                Index predicted;
                scores.value().row(i).maxCoeff(&predicted);
                correct += predicted == labels[static_cast<std::size_t>(i)];
            }
            std::printf("step %2d   loss %.4f   accuracy %.3f\n", step, l.item(), correct / 150.0);
        }
    }
    std::printf("(the first loss is ln 3 = 1.0986: zero weights give every class 1/3)\n");
}
