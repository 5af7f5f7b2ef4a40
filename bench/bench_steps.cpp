// Times one training step (forward, loss, backward, update) of tapegrad against the hand-written
// Eigen step of eigen_reference.hpp, on the same batch and the same starting weights (workloads.hpp).
// Blocks of about 20 ms (of this thread's CPU time) alternate between the two sides in one process
// (so both see the same machine state, and which side goes first alternates too); the median
// block is reported.
// One JSON line per workload:
//   {"workload":"mlp","tapegrad_steps_per_s":...,"eigen_steps_per_s":...,"ratio":...,"cpu":"...",...}
// ratio = tapegrad time per step / Eigen time per step (1.0 is parity, lower is better), the median
// over pairs of neighbouring blocks.
// After W1-W4 comes the scale curve: MLP 784-H-10, softmax cross-entropy, SGD with momentum, at
// H in {16, 64, 256, 1024, 4096} (batch 64) and batch in {1, 8, 64, 512} (H 256).
#include "workloads.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#ifndef TAPEGRAD_BUILD_FLAGS
#define TAPEGRAD_BUILD_FLAGS "unknown"
#endif

namespace {

using bench::Index;
using bench::Workload;

// "AMD EPYC 9R45 ..." from /proc/cpuinfo, as lscpu prints it.
std::string cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) {
            std::string name = line.substr(line.find(':') + 1);
            name.erase(0, name.find_first_not_of(" \t"));
            std::replace(name.begin(), name.end(), '"', '\'');
            return name;
        }
    return "unknown";
}

// The CPU time this thread has used, in seconds. Blocks are timed by it rather than by the wall
// clock: on a machine shared with other builds, a block the scheduler interrupts would otherwise
// count the other processes' time as its own (under a load of 10 on two cores, wall-clock pairs of
// blocks spread from 0.1 to 10).
double thread_cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

template <class Step>
double seconds_per_step(Step&& step, int steps) {
    const double start = thread_cpu_seconds();
    for (int i = 0; i < steps; ++i) step();
    return (thread_cpu_seconds() - start) / steps;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

void run(const Workload& w, double seconds_budget, int min_blocks, const std::string& cpu) {
    bench::Pair pair(w, 42);
    auto tapegrad_step = [&] { pair.tapegrad_step(); };
    auto eigen_step = [&] { pair.reference_step(); };

    // Warm up (buffers sized, caches filled), then size blocks to about 20 ms of the reference.
    for (int i = 0; i < 20; ++i) { tapegrad_step(); eigen_step(); }
    const int block = std::max(1, static_cast<int>(0.02 / seconds_per_step(eigen_step, 10)));
    std::vector<double> tg, eg;
    const auto start = std::chrono::steady_clock::now();
    auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    while (static_cast<int>(tg.size()) < min_blocks || elapsed() < seconds_budget) {
        if (tg.size() % 2 == 0) {
            tg.push_back(seconds_per_step(tapegrad_step, block));
            eg.push_back(seconds_per_step(eigen_step, block));
        } else {
            eg.push_back(seconds_per_step(eigen_step, block));
            tg.push_back(seconds_per_step(tapegrad_step, block));
        }
    }
    // The ratio is the median of each tapegrad block over the reference block next to it in time,
    // which cancels the drift of a machine shared with other work better than a ratio of medians.
    std::vector<double> paired;
    for (std::size_t i = 0; i < tg.size(); ++i) paired.push_back(tg[i] / eg[i]);
    const double t = median(tg), e = median(eg), ratio = median(paired);
    // The spread of the paired ratios: their first and third quartiles (half the pairs lie between).
    std::sort(paired.begin(), paired.end());
    const double q1 = paired[paired.size() / 4], q3 = paired[(3 * paired.size()) / 4];
    std::string shape;
    for (Index s : w.sizes) shape += (shape.empty() ? "" : "-") + std::to_string(s);
    std::printf("{\"workload\":\"%s\",\"network\":\"%s\",\"batch\":%ld,\"tapegrad_steps_per_s\":%.1f,"
                "\"eigen_steps_per_s\":%.1f,\"ratio\":%.3f,\"ratio_q1\":%.3f,\"ratio_q3\":%.3f,\"blocks\":%zu,\"steps_per_block\":%d,"
                "\"cpu\":\"%s\",\"threads\":%d,\"hardware_threads\":%u,\"flags\":\"%s\"}\n",
                w.name.c_str(), shape.c_str(), static_cast<long>(w.batch), 1.0 / t, 1.0 / e, ratio, q1, q3, tg.size(),
                block, cpu.c_str(), Eigen::nbThreads(), std::thread::hardware_concurrency(), TAPEGRAD_BUILD_FLAGS);
    std::fflush(stdout);
}

std::vector<Workload> scale_curve() {
    using bench::LossKind;
    using bench::OptimizerKind;
    std::vector<Workload> out;
    for (Index h : {16, 64, 256, 1024, 4096})
        out.push_back({"scale_h" + std::to_string(h), 64, {784, h, 10}, LossKind::softmax_cross_entropy,
                       OptimizerKind::sgd_momentum, 0.01f});
    for (Index b : {1, 8, 64, 512})
        out.push_back({"scale_b" + std::to_string(b), b, {784, 256, 10}, LossKind::softmax_cross_entropy,
                       OptimizerKind::sgd_momentum, 0.01f});
    return out;
}

}  // namespace

// bench_steps [--quick] [--seconds S] [--only NAME] [--no-scale]
//   --quick: a smoke run (a few blocks per workload), as the tests run it
int main(int argc, char** argv) {
    double seconds = 3.0;  // per workload
    int min_blocks = 15;
    bool scale = true;
    std::string only;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--quick") == 0) { seconds = 0; min_blocks = 3; }
        else if (std::strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) seconds = std::atof(argv[++i]);
        else if (std::strcmp(argv[i], "--only") == 0 && i + 1 < argc) only = argv[++i];
        else if (std::strcmp(argv[i], "--no-scale") == 0) scale = false;
        else {
            std::fprintf(stderr, "usage: bench_steps [--quick] [--seconds S] [--only NAME] [--no-scale]\n");
            return 2;
        }
    }
    Eigen::setNbThreads(1);
    const std::string cpu = cpu_model();
    std::vector<Workload> workloads = bench::standard_workloads();
    if (scale)
        for (const Workload& w : scale_curve()) workloads.push_back(w);
    for (const Workload& w : workloads)
        if (only.empty() || only == w.name) run(w, seconds, min_blocks, cpu);
}
