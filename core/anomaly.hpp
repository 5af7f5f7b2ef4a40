// Anomaly mode: find the first op that turns numbers into NaN or infinity. While an AnomalyGuard
// is alive, the tape checks each node's value once it is computed and, during backward, each
// gradient a node sends to its inputs, and throws AnomalyError naming the op that did it.
// It costs a pass over every value, so it is for debugging, off by default.
#pragma once

#include "error.hpp"

namespace tapegrad {

/// Thrown at the first non-finite value or gradient while anomaly mode is on.
struct AnomalyError : Error {
    AnomalyError(const std::string& message, int node, std::string op)
        : Error(message), node(node), op(std::move(op)) {}
    int node;        // id of the node whose forward or backward produced it
    std::string op;  // its op, e.g. "log"
};

namespace detail {
inline bool& anomaly_flag() {
    thread_local bool enabled = false;
    return enabled;
}
}  // namespace detail

inline bool anomaly_mode() { return detail::anomaly_flag(); }

/// While alive, every op is checked for NaN and infinity (PyTorch's detect_anomaly).
class AnomalyGuard {
public:
    AnomalyGuard() : previous_(anomaly_mode()) { detail::anomaly_flag() = true; }
    ~AnomalyGuard() { detail::anomaly_flag() = previous_; }
    AnomalyGuard(const AnomalyGuard&) = delete;
    AnomalyGuard& operator=(const AnomalyGuard&) = delete;

private:
    bool previous_;
};

}  // namespace tapegrad
