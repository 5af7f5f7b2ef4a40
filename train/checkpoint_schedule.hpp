// When a run writes last.ckpt. A checkpoint costs the same whatever the epoch costs (the state is
// encoded and the file flushed to disk with fsync), so on a small model written every epoch it
// costs more than the training: on the digits configs, one save takes longer than 40 epochs of
// softmax regression. By default last.ckpt is therefore written by time, so a killed run loses at
// most checkpoint_seconds of training, and at the end; checkpoint_every asks for epochs instead.
#pragma once

#include <chrono>

namespace tapegrad {

class CheckpointSchedule {
public:
    using Clock = std::chrono::steady_clock;

    /// every_epochs: after every this many epochs (0: not by epochs); every_seconds: after the
    /// first epoch that ends at least this long after the run started or last saved (0: not by
    /// time); last_epoch: always after this one.
    CheckpointSchedule(long every_epochs, double every_seconds, long last_epoch, Clock::time_point start = Clock::now())
        : every_epochs_(every_epochs), every_seconds_(every_seconds), last_epoch_(last_epoch), last_save_(start) {}

    /// Is a checkpoint due after `epoch`, ended at `now`? When it is, the clock counts from `now`.
    bool due(long epoch, Clock::time_point now = Clock::now());

private:
    long every_epochs_;
    double every_seconds_;
    long last_epoch_;
    Clock::time_point last_save_;
};

}  // namespace tapegrad
