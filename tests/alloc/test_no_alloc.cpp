// Counts heap allocations during training steps. This program replaces the global operator new
// and malloc (glibc's, which Eigen's tensors allocate with) with versions that count, so it is a
// test executable of its own. Once the tape has seen one step, a step with the same shapes must
// reuse every buffer: zero allocations.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "../../bench/workloads.hpp"

#include <tapegrad/tapegrad.hpp>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <new>

namespace {
std::atomic<long> allocations{0};
}

extern "C" void* __libc_malloc(std::size_t size);
extern "C" void* __libc_realloc(void* p, std::size_t size);
extern "C" void* malloc(std::size_t size) {
    ++allocations;
    return __libc_malloc(size);
}
extern "C" void* realloc(void* p, std::size_t size) {
    ++allocations;
    return __libc_realloc(p, size);
}

void* operator new(std::size_t size) {
    ++allocations;
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

using namespace tapegrad;

namespace {

// Heap allocations made by `step` on its 4th to 13th calls (the first three warm the buffers up).
template <class Step>
long allocations_in_steady_state(Step&& step) {
    for (int i = 0; i < 3; ++i) step();
    const long before = allocations.load();
    for (int i = 0; i < 10; ++i) step();
    return allocations.load() - before;
}

}  // namespace

TEST_CASE("the counter sees both kinds of allocation") {
    const long before = allocations.load();
    Tensor<float> t(16, 16);  // Eigen allocates with malloc
    auto p = std::make_unique<int>(3);  // operator new
    CHECK(allocations.load() >= before + 2);
    CHECK(t.size() + *p == 259);
}

TEST_CASE("an MLP training step allocates nothing once warmed up") {
    Rng rng(1);
    const Tensor<float> X = rng.normal_tensor<float>(32, 20);
    std::vector<Index> y(32);
    for (auto& c : y) c = static_cast<Index>(rng.below(4));
    std::vector<Parameter<float>> params;
    params.emplace_back("0.weight", rng.normal_tensor<float>(20, 16, 0, 0.3));
    params.emplace_back("0.bias", Tensor<float>::Zero(1, 16));
    params.emplace_back("1.weight", rng.normal_tensor<float>(16, 4, 0, 0.3));
    params.emplace_back("1.bias", Tensor<float>::Zero(1, 4));
    Tape<float> tape;
    float first_loss = -1, last_loss = -1;

    auto step = [&] {
        tape.clear();
        Var<float> h = relu(matmul(tape.input(X), tape.param(params[0])) + tape.param(params[1]));
        Var<float> logits = matmul(h, tape.param(params[2])) + tape.param(params[3]);
        Var<float> loss = softmax_cross_entropy(logits, y);
        tape.backward(loss);
        for (auto& p : params) {
            p.value -= 0.1f * p.grad;
            p.grad.setZero();
        }
        last_loss = loss.item();
        if (first_loss < 0) first_loss = last_loss;
    };
    CHECK(allocations_in_steady_state(step) == 0);
    CHECK(last_loss < first_loss);  // and it was really training
}

// The benchmark's four workloads (bench/workloads.hpp): tapegrad's step, as train_step takes it,
// with the library's optimizers, each on its own fixed batch.
TEST_CASE("W1-W4: a warmed-up training step allocates nothing") {
    for (const bench::Workload& w : bench::standard_workloads()) {
        SUBCASE(w.name.c_str()) {
            bench::Pair pair(w, 3);
            float first = 0, last = 0;
            auto step = [&] {
                last = pair.tapegrad_step();
                if (first == 0) first = last;
            };
            const long count = allocations_in_steady_state(step);
            INFO(w.name, ": ", count, " allocations in 10 warmed-up steps");
            CHECK(count == 0);
            CHECK(last < first);
        }
    }
}
