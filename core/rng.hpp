// The seeded random number generator. The engine (mt19937_64) is fully specified by the C++
// standard, but std::uniform_real_distribution and std::normal_distribution are not: they differ
// between standard libraries. So the distributions are written here, and a seed gives the same
// numbers with any compiler.
#pragma once

#include "tensor.hpp"

#include <cmath>
#include <cstdint>
#include <random>
#include <sstream>
#include <string>

namespace tapegrad {

class Rng {
public:
    explicit Rng(std::uint64_t seed = 0) : engine_(seed) {}

    /// Uniform in [0, 1): the top 53 bits of one 64-bit draw, scaled by 2^-53.
    double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
    /// Uniform in [lo, hi).
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    /// Standard normal by Box-Muller: sqrt(-2 ln u1) cos(2 pi u2), u1 in (0, 1].
    double normal() {
        const double u1 = 1.0 - uniform();
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
    double normal(double mean, double stddev) { return mean + stddev * normal(); }
    /// Uniform integer in [0, n), by rejection so that every value is equally likely.
    std::uint64_t below(std::uint64_t n) {
        const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
        std::uint64_t r;
        do r = engine_(); while (r >= limit);
        return r % n;
    }

    /// A rows x cols tensor of uniform [lo, hi) or normal(mean, stddev) entries.
    template <class T>
    Tensor<T> uniform_tensor(Index rows, Index cols, double lo = 0, double hi = 1) {
        Tensor<T> t(rows, cols);
        for (Index i = 0; i < t.size(); ++i) t.data()[i] = static_cast<T>(uniform(lo, hi));
        return t;
    }
    template <class T>
    Tensor<T> normal_tensor(Index rows, Index cols, double mean = 0, double stddev = 1) {
        Tensor<T> t(rows, cols);
        for (Index i = 0; i < t.size(); ++i) t.data()[i] = static_cast<T>(normal(mean, stddev));
        return t;
    }

    /// The full engine state as text (the standard fixes its format), for checkpoints.
    std::string state() const {
        std::ostringstream out;
        out << engine_;
        return out.str();
    }
    void set_state(const std::string& text) {
        std::istringstream in(text);
        in >> engine_;
    }

private:
    std::mt19937_64 engine_;
};

}  // namespace tapegrad
