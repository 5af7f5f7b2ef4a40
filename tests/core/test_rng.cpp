// Known answers for the seeded Rng, which promises the same numbers with any compiler. The engine
// is written out again here from its published definition (Matsumoto and Nishimura's MT19937-64,
// as the C++ standard specifies std::mt19937_64), the distributions from the formulas in
// core/rng.hpp, and a few values for seed 42 are written down as numbers.
#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>

#include <array>
#include <cmath>
#include <cstdint>

using namespace tapegrad;

namespace {

// MT19937-64: 312 words of state, a twist every 312 outputs, then tempering.
class ReferenceMt64 {
public:
    explicit ReferenceMt64(std::uint64_t seed) {
        x_[0] = seed;
        for (std::size_t i = 1; i < n; ++i) x_[i] = 6364136223846793005ull * (x_[i - 1] ^ (x_[i - 1] >> 62)) + i;
    }
    std::uint64_t next() {
        if (i_ == n) twist();
        std::uint64_t z = x_[i_++];
        z ^= (z >> 29) & 0x5555555555555555ull;
        z ^= (z << 17) & 0x71d67fffeda60000ull;
        z ^= (z << 37) & 0xfff7eee000000000ull;
        z ^= z >> 43;
        return z;
    }

private:
    static constexpr std::size_t n = 312, m = 156;
    void twist() {
        constexpr std::uint64_t upper = 0xffffffff80000000ull, lower = 0x7fffffffull;
        for (std::size_t k = 0; k < n; ++k) {
            const std::uint64_t y = (x_[k] & upper) | (x_[(k + 1) % n] & lower);
            x_[k] = x_[(k + m) % n] ^ (y >> 1) ^ ((y & 1) ? 0xb5026f5aa96619e9ull : 0);
        }
        i_ = 0;
    }
    std::array<std::uint64_t, n> x_{};
    std::size_t i_ = n;
};

double reference_uniform(ReferenceMt64& e) { return static_cast<double>(e.next() >> 11) / 9007199254740992.0; }  // / 2^53

}  // namespace

TEST_CASE("the reference engine is MT19937-64: the standard's check value") {
    // [rand.predef]: the 10000th draw of a default-constructed mt19937_64 (seed 5489).
    ReferenceMt64 e(5489);
    std::uint64_t v = 0;
    for (int i = 0; i < 10000; ++i) v = e.next();
    CHECK(v == 9981545732273789042ull);
}

TEST_CASE("uniform() is the top 53 bits of each draw times 2^-53, for 1,000 draws") {
    ReferenceMt64 e(42);
    Rng rng(42);
    for (int i = 0; i < 1000; ++i) {
        CAPTURE(i);
        REQUIRE(rng.uniform() == reference_uniform(e));  // exact: one shift, one exact scaling
    }
}

TEST_CASE("seed 42's first numbers, written down") {
    Rng u(42);
    CHECK(u.uniform() == 0.75515553295453897);  // 13930160852258120406 >> 11, times 2^-53
    CHECK(u.uniform() == 0.63903139385469743);
    CHECK(u.uniform() == 0.7521452007480266);
    CHECK(Rng(42).uniform(-2, 3) == 1.7757776647726948);  // -2 + 5 * 0.75515553295453897

    // below(10) rejects nothing here (the limit is 2^64 - 6) and takes each draw mod 10.
    Rng b(42);
    const std::array<std::uint64_t, 5> below10 = {6, 4, 0, 2, 1};  // 13930160852258120406 mod 10 = 6, ...
    for (std::uint64_t want : below10) CHECK(b.below(10) == want);

    // normal() goes through log and cos, which the C library computes: allowed to differ in the
    // last bit between libraries, so compared to 1e-15 rather than bit for bit.
    Rng n(42);
    CHECK(n.normal() == doctest::Approx(-1.0771745442782885).epsilon(1e-15));
    CHECK(n.normal() == doctest::Approx(1.0945198485006107).epsilon(1e-15));
    CHECK(n.normal() == doctest::Approx(1.7947316657951717).epsilon(1e-15));
    CHECK(Rng(42).normal(1, 0.5) == doctest::Approx(0.46141272786085574).epsilon(1e-15));
}

TEST_CASE("normal() is Box-Muller on two uniforms: sqrt(-2 ln(1 - u1)) cos(2 pi u2)") {
    ReferenceMt64 e(7);
    Rng rng(7);
    for (int i = 0; i < 200; ++i) {
        const double u1 = 1.0 - reference_uniform(e), u2 = reference_uniform(e);
        const double want = std::sqrt(-2.0 * std::log(u1)) * std::cos(2 * 3.141592653589793 * u2);
        CAPTURE(i);
        REQUIRE(rng.normal() == doctest::Approx(want).epsilon(1e-14));
    }
}

TEST_CASE("below(n) rejects draws at or above the largest multiple of n, then takes the rest") {
    // n = 2^63 + 1: the largest multiple below 2^64 is n itself, so about half the draws are
    // rejected, and the next draw is used instead.
    const std::uint64_t n = (1ull << 63) + 1;
    ReferenceMt64 e(42);
    Rng rng(42);
    int rejected = 0;
    for (int i = 0; i < 100; ++i) {
        std::uint64_t r = e.next();
        while (r >= n) {
            ++rejected;
            r = e.next();
        }
        REQUIRE(rng.below(n) == r % n);
    }
    CHECK(rejected > 20);  // the rejection path was really taken
    CHECK(Rng(42).below(n) == 2513787319205155662ull);
    CHECK(Rng(42).below(1) == 0);
}

TEST_CASE("tensors are filled in storage order, row by row") {
    ReferenceMt64 e(3);
    const Tensor<double> t = Rng(3).uniform_tensor<double>(2, 3, -1, 1);
    for (Index i = 0; i < 2; ++i)
        for (Index j = 0; j < 3; ++j) CHECK(t(i, j) == -1 + 2 * reference_uniform(e));
    const Tensor<float> f = Rng(3).uniform_tensor<float>(1, 2);
    ReferenceMt64 again(3);
    CHECK(f(0, 1) == static_cast<float>((reference_uniform(again), reference_uniform(again))));
    Rng a(5), b(5);
    const Tensor<double> z = a.normal_tensor<double>(2, 2, 3, 2);
    CHECK(z(1, 0) == (b.normal(3, 2), b.normal(3, 2), b.normal(3, 2)));
}

TEST_CASE("state() and set_state() continue the sequence exactly") {
    Rng rng(9);
    for (int i = 0; i < 500; ++i) rng.uniform();  // past a twist of the state
    const std::string saved = rng.state();
    const double next = rng.uniform();
    Rng other(1);
    other.set_state(saved);
    CHECK(other.uniform() == next);
}
