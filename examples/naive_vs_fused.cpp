// Why tapegrad fuses softmax and cross-entropy into one op. Cross-entropy written as the formula
// reads, -log(softmax(z)[y]), works for small logits and breaks for large ones: the softmax rounds
// to exactly 0 and log 0 = -inf. The fused loss computes log p = z - logsumexp(z) directly.
#include <tapegrad/tapegrad.hpp>

#include <cstdio>

using namespace tapegrad;

int main() {
    // Two classes; the model favours class 0 by `gap`, but the answer is class 1.
    const std::vector<Index> answer = {1};
    std::printf("float32, logits [gap/2, -gap/2], answer class 1\n");
    std::printf("%8s | %12s %12s | %12s %12s\n", "gap", "naive loss", "naive dL/dz1", "fused loss", "fused dL/dz1");
    for (float gap : {1.0f, 10.0f, 50.0f, 100.0f, 200.0f, 1e4f}) {
        const Tensor<float> z{{gap / 2, -gap / 2}};

        Tape<float> tape;
        Var<float> naive_z = tape.variable(z);
        Var<float> naive = -mean(gather(log(softmax(naive_z)), std::span<const Index>(answer)));
        tape.backward(naive);

        Tape<float> fused_tape;
        Var<float> fused_z = fused_tape.variable(z);
        Var<float> fused = softmax_cross_entropy(fused_z, std::span<const Index>(answer));
        fused_tape.backward(fused);

        std::printf("%8g | %12g %12g | %12g %12g\n", gap, naive.item(), naive_z.grad()(0, 1), fused.item(),
                    fused_z.grad()(0, 1));
    }
    // Printed (float32):
    //      gap |   naive loss naive dL/dz1 |   fused loss fused dL/dz1
    //       50 |           50           -1 |           50           -1
    //      100 |      99.9831         -nan |          100           -1
    //      200 |          inf         -nan |          200           -1
    // At gap 100 the softmax's p1 = e^-100 is below float32's smallest normal number, so the naive
    // loss loses digits and log's backward 1/p1 overflows (the gradient becomes NaN); past about
    // 104, p1 rounds to 0 and the loss is inf. The fused column is exact at every gap.
    std::printf("\nexact: loss = gap + ln(1 + e^-gap) -> gap; dL/dz1 = softmax(z)_1 - 1 -> -1\n");
    return 0;
}
