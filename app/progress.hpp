// Training progress on stderr: a live line redrawn in place on a terminal, one plain line per
// epoch otherwise (a log file or a pipe should not fill with carriage returns).
#pragma once

#include <cstdio>
#include <string>
#include <unistd.h>

namespace tapegrad {

class Progress {
public:
    explicit Progress(long epochs) : epochs_(epochs), live_(isatty(fileno(stderr)) != 0) {}

    void epoch(long e, double train_loss, double test_loss, const char* metric, double metric_value,
               double samples_per_s) {
        if (live_) {
            const int width = 20, done = static_cast<int>(width * e / std::max(1L, epochs_));
            std::string bar = std::string(static_cast<std::size_t>(done), '#') +
                              std::string(static_cast<std::size_t>(width - done), '.');
            std::fprintf(stderr, "\r[%s] epoch %ld/%ld  loss %.4f  test %s %.4f  %.0f samples/s ", bar.c_str(), e,
                         epochs_, train_loss, metric, metric_value, samples_per_s);
            if (e == epochs_) std::fputc('\n', stderr);
        } else {
            std::fprintf(stderr, "epoch %ld/%ld train_loss %.4f test_loss %.4f test_%s %.4f samples_per_s %.0f\n", e,
                         epochs_, train_loss, test_loss, metric, metric_value, samples_per_s);
        }
        std::fflush(stderr);
    }
    /// Ends a live line early (on an error), so the message starts on a line of its own.
    void interrupt() {
        if (live_) std::fputc('\n', stderr);
    }

private:
    long epochs_;
    bool live_;
};

}  // namespace tapegrad
