// Shared by tests that bound how long hostile input may take: wall-clock seconds of one call.
// Sanitizer builds run several times slower, so their budget is scaled up rather than the check
// dropped.
#pragma once

#include <chrono>

namespace timing {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr double slowdown = 5;
#else
inline constexpr double slowdown = 1;
#endif

/// Seconds that f() took.
template <class F>
double seconds(F&& f) {
    const auto start = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace timing
