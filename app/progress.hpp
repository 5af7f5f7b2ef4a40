// Training progress on stderr. On a terminal: one live line, redrawn in place, fitted to the
// terminal's width (never wrapping), with the epoch, the batch within it, elapsed time and an
// estimate of the time left. Otherwise (a log file, a pipe): one plain line per epoch, no
// carriage returns.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>

namespace tapegrad {

class Progress {
public:
    /// `epochs`: the run's last epoch; `first`: the epoch it starts after (resuming: > 0).
    Progress(long epochs, long first, bool quiet);

    /// Called after every step: batch b (0-based) of `batches` in epoch `epoch`.
    void step(long epoch, long b, long batches);
    /// Called after every epoch with its record; `metric` is the headline key ("val_accuracy").
    void epoch(const nlohmann::json& record, const std::string& metric);
    /// Ends a live line (before an error message or at the end), so the next text starts clean.
    void finish();

    /// The terminal's width in columns (COLUMNS, or the tty's size; 80 when unknown).
    static int terminal_width();

private:
    void draw(const std::string& text);
    double elapsed() const;

    long epochs_, first_;
    bool live_, quiet_, drawn_ = false;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now(), last_draw_{};
    std::string last_epoch_text_;
};

/// `compare`'s overall progress over all its runs: on a terminal one live line (run k of n, what
/// it is, elapsed time and an estimate of the time left from the runs done so far), fitted to the
/// width; otherwise one plain line per run.
class RunsProgress {
public:
    RunsProgress(long total, bool quiet);
    /// A run starts; `what` names it ("mse_softmax, seed 2").
    void start(const std::string& what);
    /// All runs done: ends the live line.
    void finish();

private:
    long total_, started_ = 0;
    bool live_, quiet_, drawn_ = false;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace tapegrad
