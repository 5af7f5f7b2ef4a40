// Progress on stderr: see progress.hpp.
#include "progress.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sys/ioctl.h>
#include <unistd.h>

namespace tapegrad {

namespace {

std::string clock_text(double seconds) {
    const long s = static_cast<long>(seconds + 0.5);
    char buffer[32];
    if (s >= 3600) std::snprintf(buffer, sizeof buffer, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else std::snprintf(buffer, sizeof buffer, "%ld:%02ld", s / 60, s % 60);
    return buffer;
}

std::string number(const nlohmann::json& v) {
    if (!v.is_number()) return "-";
    // Four decimals in the usual range; a value that has blown up but is still finite in
    // scientific notation (1.234e+30, not 31 digits that push the rest of the line away).
    const double x = v.get<double>();
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, std::fabs(x) < 1e5 ? "%.4f" : "%.4g", x);
    return buffer;
}

// Redraws the live line: one column short of the width, since a line that fills the last column
// wraps on some terminals.
void draw_live(const std::string& text) {
    const std::size_t width = static_cast<std::size_t>(Progress::terminal_width() - 1);
    std::fprintf(stderr, "\r%s\033[K", text.substr(0, width).c_str());
    std::fflush(stderr);
}

}  // namespace

int Progress::terminal_width() {
    if (const char* columns = std::getenv("COLUMNS")) {
        const int c = std::atoi(columns);
        if (c > 10) return c;
    }
    winsize size{};
    if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 10) return size.ws_col;
    return 80;
}

Progress::Progress(long epochs, long first, bool quiet)
    : epochs_(epochs), first_(first), live_(isatty(fileno(stderr)) != 0), quiet_(quiet) {}

double Progress::elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::draw(const std::string& text) {
    draw_live(text);
    drawn_ = true;
}

void Progress::step(long epoch, long b, long batches) {
    if (quiet_ || !live_) return;
    const auto now = std::chrono::steady_clock::now();
    if (b + 1 < batches && now - last_draw_ < std::chrono::milliseconds(100)) return;  // ~10 redraws a second
    last_draw_ = now;
    // Fraction of the run done, counting whole epochs and this epoch's batches.
    const double done = (static_cast<double>(epoch - 1 - first_) + static_cast<double>(b + 1) / static_cast<double>(batches)) /
                        static_cast<double>(epochs_ - first_);
    const double spent = elapsed();
    const std::string eta = done > 0 ? clock_text(spent * (1 - done) / done) : "?";
    char head[96];
    std::snprintf(head, sizeof head, "epoch %ld/%ld  batch %ld/%ld  %s elapsed, %s left", epoch, epochs_, b + 1,
                  batches, clock_text(spent).c_str(), eta.c_str());
    draw(std::string(head) + (last_epoch_text_.empty() ? "" : "  | " + last_epoch_text_));
}

void Progress::epoch(const nlohmann::json& r, const std::string& metric) {
    if (quiet_) return;
    const std::string prefix = metric.substr(0, metric.find('_') + 1);  // "val_" or "test_"
    last_epoch_text_ = "loss " + number(r["train_loss"]) + "  " + prefix + "loss " + number(r[prefix + "loss"]) + "  " +
                       metric + " " + number(r[metric]);
    if (live_) {
        char head[64];
        std::snprintf(head, sizeof head, "epoch %ld/%ld  %s elapsed", r["epoch"].get<long>(), epochs_, clock_text(elapsed()).c_str());
        draw(std::string(head) + "  | " + last_epoch_text_);
    } else {
        std::fprintf(stderr, "epoch %ld/%ld %s elapsed_s %.2f\n", r["epoch"].get<long>(), epochs_, last_epoch_text_.c_str(), elapsed());
        std::fflush(stderr);
    }
}

void Progress::runs(std::size_t done, std::size_t total, const std::string& what) {
    if (quiet_) return;
    const double spent = elapsed();
    const std::string eta = done > 0 ? clock_text(spent * static_cast<double>(total - done) / static_cast<double>(done)) : "?";
    char head[96];
    std::snprintf(head, sizeof head, "compare: run %zu/%zu  %s elapsed, %s left", done, total, clock_text(spent).c_str(), eta.c_str());
    if (live_) {
        const auto now = std::chrono::steady_clock::now();
        if (done < total && now - last_draw_ < std::chrono::milliseconds(100)) return;
        last_draw_ = now;
        draw(std::string(head) + "  | " + what);
    } else if (done == total || done % std::max<std::size_t>(1, total / 10) == 0) {
        std::fprintf(stderr, "%s  (last: %s)\n", head, what.c_str());  // about ten lines in all
        std::fflush(stderr);
    }
}

void Progress::finish() {
    if (drawn_) std::fputc('\n', stderr);
    drawn_ = false;
    std::fflush(stderr);
}

}  // namespace tapegrad
