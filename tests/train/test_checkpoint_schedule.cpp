// When a run writes last.ckpt: by epochs, by time, and always after the last epoch.
#include "train/checkpoint_schedule.hpp"

#include <doctest/doctest.h>

#include <vector>

using namespace tapegrad;
using Clock = CheckpointSchedule::Clock;
using std::chrono::milliseconds;

namespace {

// The epochs (1..epochs) after which the schedule saves, when epoch e ends at start + e * epoch_ms.
std::vector<long> saved_epochs(long every_epochs, double every_seconds, long epochs, int epoch_ms) {
    const Clock::time_point start{};
    CheckpointSchedule schedule(every_epochs, every_seconds, epochs, start);
    std::vector<long> saved;
    for (long e = 1; e <= epochs; ++e)
        if (schedule.due(e, start + milliseconds(e * epoch_ms))) saved.push_back(e);
    return saved;
}

}  // namespace

TEST_CASE("checkpoint schedule: every N epochs, and after the last") {
    CHECK(saved_epochs(1, 0, 4, 10) == std::vector<long>{1, 2, 3, 4});
    CHECK(saved_epochs(3, 0, 10, 10) == std::vector<long>{3, 6, 9, 10});
    CHECK(saved_epochs(0, 0, 10, 10) == std::vector<long>{10});
}

TEST_CASE("checkpoint schedule: by time counts from the start, then from each save") {
    // Epochs of 400 ms, a save due once 1 s has passed: after epochs 3 (1.2 s), 6 (2.4 s, 1.2 s on),
    // 9, and the last.
    CHECK(saved_epochs(0, 1.0, 10, 400) == std::vector<long>{3, 6, 9, 10});
    // Epochs longer than the interval: every epoch.
    CHECK(saved_epochs(0, 1.0, 4, 1500) == std::vector<long>{1, 2, 3, 4});
    // The default on a short run (the digits configs: 40 epochs in well under 30 s): the end only.
    CHECK(saved_epochs(0, 30, 40, 5) == std::vector<long>{40});
}

TEST_CASE("checkpoint schedule: epochs and time together, whichever comes first") {
    CHECK(saved_epochs(4, 1.0, 12, 300) == std::vector<long>{4, 8, 12});      // 4 epochs = 1.2 s: the epoch count saves first
    CHECK(saved_epochs(10, 1.0, 12, 300) == std::vector<long>{4, 8, 10, 12}); // time at 4 (1.2 s), 8; epoch 10; the end
}
