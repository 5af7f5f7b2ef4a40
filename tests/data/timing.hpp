// Shared by tests that bound how long hostile input may take: wall-clock seconds of one call.
// Sanitizer builds run up to 12 times slower on these string-heavy tests (a million-column read:
// 0.45 s plain, 5.5 s with ASan), so their budget is scaled up rather than the check dropped;
// the quadratic header check it guards against took 9.9 s even in a plain build.
#pragma once

#include <chrono>

namespace timing {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr double slowdown = 20;
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
