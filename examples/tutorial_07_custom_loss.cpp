// Tutorial chapter 7 (docs/tutorial.md): add your own loss. A multiclass hinge loss is written
// here from existing ops, so the tape differentiates it with no backward to write; gradcheck
// confirms its gradient, and a short training run uses it. Last, gradcheck catches a backward bug.
#include <tapegrad/tapegrad.hpp>

#include <cstdio>
#include <string>
#include <vector>

using namespace tapegrad;

// Multiclass hinge loss, the "SVM loss" (Weston and Watkins, 1999): every wrong class j should
// score at least 1 below the true class y, and a row pays for each shortfall.
//   logits: (m,C)   target: m class indices   result: (m,1), one loss per row
//   L_i = sum_{j != y_i} max(0, 1 + z_ij - z_iy_i)
// Summing over every j instead includes j = y_i, whose term is max(0, 1) = 1; subtract it.
template <class T>
Var<T> hinge_per_row(Var<T> logits, std::span<const Index> target) {
    Var<T> true_score = gather(logits, target);          // (m,1) z_iy
    Var<T> shortfall = relu(logits - true_score + T(1));  // (m,C), the column broadcast over C
    return rowwise_sum(shortfall) - T(1);                 // the j = y term is max(0, 1) = 1
}

template <class T>
Var<T> hinge_loss(Var<T> logits, std::span<const Index> target) {
    return mean(hinge_per_row(logits, target));
}

// An op with a backward written by hand, and a mistake in it: d(x^2)/dx is 2x, not x.
Var<double> square_with_a_bug(Var<double> x) {
    Node<double>& y = x.tape().record("square_with_a_bug", {x});
    y.out() = x.value().array().square();
    y.backward = [](Node<double>& y, Tape<double>& tape) {
        Node<double>& x = tape.node(y.inputs[0]);
        if (x.requires_grad) x.grad() += y.grad().cwiseProduct(x.value());  // dL/dx += dL/dy * x: no 2
    };
    return y.var();
}

int main() {
    const std::vector<Index> target = {0, 2, 1, 2};
    const Tensor<double> logits{{2.0, -1.0, 0.5}, {0.3, 0.2, 0.1}, {-1.0, 4.0, 0.0}, {1.0, 1.0, -3.0}};

    // 1. The loss on four rows, next to cross-entropy. Rows 0 and 2 beat every wrong class by
    // more than 1, so the hinge loss charges them nothing; cross-entropy still charges a little.
    Tape<double> tape;
    Var<double> z = tape.variable(logits);
    Var<double> per_row = hinge_per_row(z, target);
    Var<double> ce = softmax_cross_entropy(z, target, SoftmaxCrossEntropyOptions().reduction(Reduction::none));
    std::printf("row   hinge   cross-entropy\n");
    for (Index i = 0; i < 4; ++i)
        std::printf("%3d  %6.3f   %6.3f\n", static_cast<int>(i), per_row.value()(i, 0), ce.value()(i, 0));
    std::printf("mean %6.3f   %6.3f\n\n", per_row.value().mean(), ce.value().mean());

    // 2. gradcheck: the tape's gradient against finite differences, entry by entry, in float64.
    auto hinge = [&](Tape<double>&, std::span<const Var<double>> v) { return hinge_loss(v[0], target); };
    std::printf("gradcheck of hinge_loss: %s\n\n", gradcheck(hinge, {logits}).message.c_str());

    // 3. Train with it, on three clouds of points, in float32 like any training run.
    const double centers[3][2] = {{-2, 0}, {2, 0}, {0, 2.5}};
    Rng rng(3);
    Tensor<float> X(150, 2);
    std::vector<Index> y(150);
    for (Index i = 0; i < 150; ++i) {
        y[static_cast<std::size_t>(i)] = i % 3;
        X(i, 0) = static_cast<float>(rng.normal(centers[i % 3][0], 0.8));
        X(i, 1) = static_cast<float>(rng.normal(centers[i % 3][1], 0.8));
    }
    Parameter<float> W("W", Tensor<float>::Zero(2, 3));
    Parameter<float> b("b", Tensor<float>::Zero(1, 3));
    Tape<float> train;
    Tensor<float> last_losses;
    for (int step = 0; step <= 60; ++step) {
        train.clear();
        Var<float> inputs = train.input(X);
        Var<float> weights = train.param(W);
        Var<float> scores = matmul(inputs, weights) + train.param(b);
        Var<float> rows = hinge_per_row(scores, y);
        Var<float> loss = mean(rows);
        train.backward(loss);
        W.value -= 0.1f * W.grad;
        b.value -= 0.1f * b.grad;
        W.zero_grad();
        b.zero_grad();
        if (step % 15 == 0) {
            int correct = 0;
            for (Index i = 0; i < 150; ++i) {
                Index predicted;
                scores.value().row(i).maxCoeff(&predicted);
                correct += predicted == y[static_cast<std::size_t>(i)];
            }
            std::printf("step %2d   hinge loss %.4f   accuracy %.3f\n", step, loss.item(), correct / 150.0);
        }
        last_losses = rows.value();
    }
    std::printf("points past the margin, which add nothing to the gradient: %d of 150\n",
                static_cast<int>((last_losses.array() == 0.0f).count()));

    // 4. A backward written by hand is where mistakes hide. gradcheck finds this one and says where.
    auto buggy = [](Tape<double>&, std::span<const Var<double>> v) { return sum(square_with_a_bug(v[0])); };
    GradcheckResult result = gradcheck(buggy, {Tensor<double>{{1.5, -2.0}}});
    const std::string where = result.message.substr(0, result.message.find(':'));
    std::printf("\ngradcheck of square_with_a_bug: %s, first wrong entry: %s\n", result.ok ? "ok" : "FAILED",
                where.c_str());
}
