// Optimizer steps and gradient clipping must not allocate once built: their state is sized when
// the optimizer is made. This file counts calls to malloc (which Eigen's tensors and operator new
// both end in) by putting a counting malloc in front of the C library's own. Sanitizer builds
// replace malloc themselves, so there the test is not compiled at all rather than passing
// without counting. (tests/alloc/ counts a whole training step, but not the optimizers.)
#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>

#include <atomic>
#include <cstdlib>
#include <memory>

#if !defined(__SANITIZE_ADDRESS__) && defined(__GLIBC__)
#define TAPEGRAD_COUNT_MALLOC 1

extern "C" void* __libc_malloc(std::size_t size);

namespace {
std::atomic<bool> counting{false};
std::atomic<long> malloc_calls{0};
}  // namespace

// Weak, so that a test file with its own malloc wins without a clash.
extern "C" __attribute__((weak)) void* malloc(std::size_t size) {
    if (counting.load(std::memory_order_relaxed)) malloc_calls.fetch_add(1, std::memory_order_relaxed);
    return __libc_malloc(size);
}

using namespace tapegrad;

namespace {

// malloc calls made by f().
template <class F>
long mallocs_in(F&& f) {
    const long before = malloc_calls.load();
    counting = true;
    f();
    counting = false;
    return malloc_calls.load() - before;
}

// A small model's worth of parameters with random gradients.
struct Model {
    std::vector<Parameter<float>> storage;
    std::vector<Parameter<float>*> params;
    explicit Model(Rng& rng) {
        storage.emplace_back("0.weight", rng.normal_tensor<float>(8, 16));
        storage.emplace_back("0.bias", rng.normal_tensor<float>(1, 16));
        storage.emplace_back("1.weight", rng.normal_tensor<float>(16, 3));
        for (auto& p : storage) {
            p.grad = rng.normal_tensor<float>(p.value.rows(), p.value.cols());
            params.push_back(&p);
        }
    }
};

}  // namespace

TEST_CASE("optimizer steps and clip_grad_norm allocate nothing once built") {
    // The counter must see allocations at all, or a zero below would prove nothing: if malloc is
    // not interposed (another malloc won the link), this fails instead of passing unchecked.
    const long seen = mallocs_in([] {
        auto t = std::make_unique<Tensor<float>>(Tensor<float>::Zero(10, 10));
        volatile float x = (*t)(0, 0);
        (void)x;
    });
    REQUIRE_MESSAGE(seen >= 2, "the counting malloc does not see allocations; a zero count would prove nothing");
    Rng rng(3);
    Model m(rng);
    std::vector<std::unique_ptr<Optimizer<float>>> optimizers;
    optimizers.push_back(std::make_unique<SGD<float>>(m.params, SGDOptions(0.1)));
    optimizers.push_back(std::make_unique<SGD<float>>(m.params, SGDOptions(0.1).momentum(0.9).nesterov(true).weight_decay(1e-4)));
    optimizers.push_back(std::make_unique<SGD<float>>(m.params, SGDOptions(0.1).momentum(0.9).dampening(0.1)));
    optimizers.push_back(std::make_unique<Adam<float>>(m.params, AdamOptions(1e-3).weight_decay(1e-4)));
    optimizers.push_back(std::make_unique<AdamW<float>>(m.params, AdamWOptions(1e-3)));
    optimizers.push_back(std::make_unique<RMSprop<float>>(m.params, RMSpropOptions(1e-3).momentum(0.9).centered(true)));
    optimizers.push_back(std::make_unique<Adagrad<float>>(m.params, AdagradOptions(1e-2).lr_decay(0.1).weight_decay(1e-4)));
    for (auto& opt : optimizers) {
        CAPTURE(opt->name());
        opt->set_schedule(linear_warmup(5, 0.1).then(5, cosine_annealing(100)));
        opt->step();  // the first step may take a different path (SGD copies its buffer)
        CHECK(mallocs_in([&] {
                  for (int i = 0; i < 10; ++i) opt->step();
              }) == 0);
    }
    CHECK(mallocs_in([&] {
              for (int i = 0; i < 10; ++i) clip_grad_norm(m.params, 0.5);
          }) == 0);
}

#endif  // TAPEGRAD_COUNT_MALLOC
