// A tiny classifier trained with nothing but the tape: softmax regression on three clouds of
// points. Each step records the forward pass, walks the tape back for the gradients, takes an SGD
// step and clears the tape. Watch the loss fall. fit() in train/fit.hpp is this same loop with
// mini-batches added, and everything else in tapegrad that trains runs fit().
#include <tapegrad/tapegrad.hpp>

#include <cstdio>

using namespace tapegrad;

int main() {
    // 300 points in 2-D: class c is a cloud around center c.
    const double centers[3][2] = {{-2, 0}, {2, 0}, {0, 2.5}};
    Rng rng(0);
    Tensor<float> X(300, 2);
    std::vector<Index> y(300);
    for (Index i = 0; i < 300; ++i) {
        y[static_cast<std::size_t>(i)] = i % 3;
        X(i, 0) = static_cast<float>(rng.normal(centers[i % 3][0], 0.7));
        X(i, 1) = static_cast<float>(rng.normal(centers[i % 3][1], 0.7));
    }

    // The model: logits = X W + b, one score per class.
    Parameter<float> W("weight", Tensor<float>::Zero(2, 3));
    Parameter<float> b("bias", Tensor<float>::Zero(1, 3));
    Tape<float> tape;
    const float lr = 0.5f;

    for (int step = 0; step <= 50; ++step) {
        tape.clear();
        Var<float> logits = matmul(tape.input(X), tape.param(W)) + tape.param(b);
        Var<float> loss = softmax_cross_entropy(logits, y);
        tape.backward(loss);  // fills W.grad and b.grad
        W.value -= lr * W.grad;
        b.value -= lr * b.grad;
        W.zero_grad();
        b.zero_grad();

        if (step % 10 == 0) {
            Index correct = 0;
            for (Index i = 0; i < 300; ++i) {
                Index predicted;
                logits.value().row(i).maxCoeff(&predicted);
                correct += predicted == y[static_cast<std::size_t>(i)];
            }
            std::printf("step %2d  loss %.4f  accuracy %.3f\n", step, loss.item(), correct / 300.0);
        }
    }
    // The loss starts at ln 3 = 1.0986 (all-zero weights: every class equally likely).
}
