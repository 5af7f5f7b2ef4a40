// When a run writes last.ckpt: see checkpoint_schedule.hpp.
#include "checkpoint_schedule.hpp"

namespace tapegrad {

bool CheckpointSchedule::due(long epoch, Clock::time_point now) {
    const bool by_epochs = every_epochs_ > 0 && epoch % every_epochs_ == 0;
    const bool by_time = every_seconds_ > 0 && std::chrono::duration<double>(now - last_save_).count() >= every_seconds_;
    if (!(epoch == last_epoch_ || by_epochs || by_time)) return false;
    last_save_ = now;
    return true;
}

}  // namespace tapegrad
