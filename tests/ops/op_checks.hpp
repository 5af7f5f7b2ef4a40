// Shared by the op tests: run gradcheck and show its message when it fails, the shapes every op is
// checked at, and random inputs from a fixed seed (so a failure can be replayed). It includes the
// engine only; each test includes the op families it uses, so that changing one family's header
// recompiles only the tests of that family.
#pragma once

#include <doctest/doctest.h>

#include <tapegrad/core/gradcheck.hpp>
#include <tapegrad/core/rng.hpp>
#include <tapegrad/core/tape.hpp>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <span>
#include <utility>
#include <vector>

namespace op_checks {

using tapegrad::Index;
using T2 = tapegrad::Tensor<double>;
using Vars = std::span<const tapegrad::Var<double>>;

/// 1x1, 1xn, mx1 and mxn: a scalar, a row, a column and a batch.
inline std::vector<std::pair<Index, Index>> shapes() { return {{1, 1}, {1, 4}, {3, 1}, {3, 4}}; }

/// gradcheck in float64 at the given inputs; on failure, the test log says which entry was wrong.
inline void check_gradients(const tapegrad::GradcheckFunction& f, const std::vector<T2>& inputs) {
    const tapegrad::GradcheckResult result = tapegrad::gradcheck(f, inputs);
    INFO("gradcheck: ", result.message);
    CHECK(result.ok);
}

/// Uniform entries in [lo, hi), the same numbers on every run and every compiler.
inline T2 uniform(Index rows, Index cols, double lo, double hi, std::uint64_t seed = 7) {
    tapegrad::Rng rng(seed);
    return rng.uniform_tensor<double>(rows, cols, lo, hi);
}

/// Entries in [lo, hi) of random sign: kept at least lo away from 0, where abs and relu have kinks.
inline T2 away_from_zero(Index rows, Index cols, double lo, double hi, std::uint64_t seed = 11) {
    tapegrad::Rng rng(seed);
    T2 x = rng.uniform_tensor<double>(rows, cols, lo, hi);
    for (Index i = 0; i < x.size(); ++i)
        if (rng.uniform() < 0.5) x.data()[i] = -x.data()[i];
    return x;
}

inline T2 matrix(Index rows, Index cols, std::initializer_list<double> entries) {
    T2 x(rows, cols);
    Index i = 0;
    for (double v : entries) x.data()[i++] = v;
    return x;
}

}  // namespace op_checks
