// Gradient mode: whether new ops record how to send gradients back. Evaluation code turns it off
// with a NoGradGuard, so the tape keeps values but no backward steps.
#pragma once

namespace tapegrad {

namespace detail {
inline bool& grad_mode_flag() {
    thread_local bool enabled = true;
    return enabled;
}
}  // namespace detail

/// True unless a NoGradGuard is alive on this thread.
inline bool grad_enabled() { return detail::grad_mode_flag(); }

/// While alive, ops record values only: no gradients flow to anything they produce.
///   { NoGradGuard no_grad; auto probs = softmax(model(x)); }  // evaluation
class NoGradGuard {
public:
    NoGradGuard() : previous_(grad_enabled()) { detail::grad_mode_flag() = false; }
    ~NoGradGuard() { detail::grad_mode_flag() = previous_; }
    NoGradGuard(const NoGradGuard&) = delete;
    NoGradGuard& operator=(const NoGradGuard&) = delete;

private:
    bool previous_;
};

}  // namespace tapegrad
