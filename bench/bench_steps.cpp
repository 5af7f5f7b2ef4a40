// Times one training step (forward, backward, SGD update) of tapegrad against the hand-written
// Eigen step in eigen_reference.hpp, on the same data and the same starting weights.
// Blocks of steps alternate between the two (so both see the same machine state), and the median
// block is reported. One JSON line per workload:
//   {"workload":"mlp","tapegrad_steps_per_s":...,"eigen_steps_per_s":...,"ratio":...,"flags":"..."}
// ratio = tapegrad time per step / Eigen time per step (1.0 is parity, lower is better).
#include "eigen_reference.hpp"

#include <tapegrad/tapegrad.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#ifndef TAPEGRAD_BUILD_FLAGS
#define TAPEGRAD_BUILD_FLAGS "unknown"
#endif

using namespace tapegrad;
using bench::Matrix;

namespace {

struct Workload {
    const char* name;
    Index batch, inputs, hidden, classes;  // hidden == 0: softmax regression
};

// The tapegrad step: record the forward pass, walk it back, update, clear the tape.
struct TapegradNet {
    std::vector<Parameter<float>> params;
    Tape<float> tape;
    float lr;

    float step(const Tensor<float>& X, const std::vector<Index>& y) {
        tape.clear();
        Var<float> z = tape.input(X);
        for (std::size_t layer = 0; layer < params.size(); layer += 2) {
            z = matmul(z, tape.param(params[layer])) + tape.param(params[layer + 1]);
            if (layer + 2 < params.size()) z = relu(z);
        }
        Var<float> loss = softmax_cross_entropy(z, y);
        tape.backward(loss);
        for (auto& p : params) {
            p.value -= lr * p.grad;  // plain SGD: w <- w - lr dL/dw
            p.grad.setZero();
        }
        return loss.item();
    }
};

template <class Step>
double seconds_per_step(Step&& step, int steps) {
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < steps; ++i) step();
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    return elapsed.count() / steps;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

void run(const Workload& w, double seconds_budget) {
    Rng rng(42);
    const Matrix X = rng.normal_tensor<float>(w.batch, w.inputs);
    std::vector<Index> y(static_cast<std::size_t>(w.batch));
    for (auto& c : y) c = static_cast<Index>(rng.below(static_cast<std::uint64_t>(w.classes)));

    // Same starting weights for both.
    std::vector<Index> sizes = {w.inputs};
    if (w.hidden > 0) sizes.push_back(w.hidden);
    sizes.push_back(w.classes);
    TapegradNet net{{}, {}, 0.01f};
    for (std::size_t l = 0; l + 1 < sizes.size(); ++l) {
        const double scale = std::sqrt(2.0 / static_cast<double>(sizes[l]));
        net.params.emplace_back("weight", rng.normal_tensor<float>(sizes[l], sizes[l + 1], 0, scale));
        net.params.emplace_back("bias", Tensor<float>::Zero(1, sizes[l + 1]));
    }
    bench::LogReg logreg{net.params[0].value, net.params[1].value, {}, {}, {}, {}};
    bench::Mlp mlp;
    if (w.hidden > 0)
        mlp = {net.params[0].value, net.params[1].value, net.params[2].value, net.params[3].value};

    auto tapegrad_step = [&] { net.step(X, y); };
    auto eigen_step = [&] { w.hidden > 0 ? mlp.step(X, y, 0.01f) : logreg.step(X, y, 0.01f); };

    // Warm up, then size blocks to about 20 ms each.
    for (int i = 0; i < 20; ++i) { tapegrad_step(); eigen_step(); }
    const int block = std::max(1, static_cast<int>(0.02 / seconds_per_step(eigen_step, 20)));
    std::vector<double> tg, eg;
    const auto start = std::chrono::steady_clock::now();
    while (tg.size() < 7 || std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() <
                                seconds_budget) {
        tg.push_back(seconds_per_step(tapegrad_step, block));
        eg.push_back(seconds_per_step(eigen_step, block));
    }
    const double t = median(tg), e = median(eg);
    std::printf("{\"workload\":\"%s\",\"tapegrad_steps_per_s\":%.1f,\"eigen_steps_per_s\":%.1f,"
                "\"ratio\":%.3f,\"blocks\":%zu,\"steps_per_block\":%d,\"flags\":\"%s\"}\n",
                w.name, 1.0 / t, 1.0 / e, t / e, tg.size(), block, TAPEGRAD_BUILD_FLAGS);
    std::fflush(stdout);
}

}  // namespace

// bench_steps [--quick] [--only logreg|mlp]
int main(int argc, char** argv) {
    double seconds = 3.0;  // per workload; --quick for a smoke run
    std::string only;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--quick") == 0) seconds = 0.2;
        if (std::strcmp(argv[i], "--only") == 0 && i + 1 < argc) only = argv[++i];
    }
    Eigen::setNbThreads(1);
    if (only.empty() || only == "logreg") run({"logreg", 64, 64, 0, 10}, seconds);
    if (only.empty() || only == "mlp") run({"mlp", 128, 784, 256, 10}, seconds);
}
