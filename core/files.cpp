// Atomic file writing: see files.hpp.
#include "files.hpp"

#include "error.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace tapegrad {

std::string quoted_path(const std::filesystem::path& path) {
    return path.empty() ? std::string("\"\"") : path.string();
}

std::filesystem::path temporary_path_for(const std::filesystem::path& path) {
    // append, not "." + ...: GCC 12 warns falsely (-Wrestrict, bug 105329) on a one-letter literal + string
    return path.parent_path() / std::string(".").append(path.filename().string()).append(".tmp");
}

namespace {

// Writes `bytes` to path's temporary file and flushes it to disk; returns that file's name. On
// failure removes it and throws, naming the file and the system's reason.
std::filesystem::path write_temporary(const std::filesystem::path& path, std::span<const unsigned char> bytes) {
    if (path.empty() || path.filename().empty()) throw Error(quoted_path(path) + ": not a file name");
    const std::filesystem::path temp = temporary_path_for(path);
    auto fail = [&](const std::string& step, const std::string& reason) {
        throw Error(quoted_path(path) + ": could not " + step + " the temporary file '" + temp.string() + "': " + reason +
                    "; the previous file, if any, is unchanged");
    };
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) fail("create", std::strerror(errno));
    // From here on, a failure removes the temporary file before reporting.
    auto give_up = [&](const char* step, bool close_fd) {
        const std::string reason = std::strerror(errno);
        if (close_fd) ::close(fd);
        ::unlink(temp.c_str());
        fail(step, reason);
    };
    for (std::size_t written = 0; written < bytes.size();) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) give_up("write", true);
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) give_up("flush", true);
    if (::close(fd) != 0) give_up("close", false);
    return temp;
}

// Renames the temporary file into place, then makes the rename itself durable by flushing the
// directory entry (best effort).
void move_into_place(const std::filesystem::path& temp, const std::filesystem::path& path) {
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        const std::string reason = std::strerror(errno);
        ::unlink(temp.c_str());
        throw Error(quoted_path(path) + ": could not rename the temporary file '" + temp.string() + "' into place: " + reason +
                    "; the previous file, if any, is unchanged");
    }
    const std::string dir = path.has_parent_path() ? path.parent_path().string() : ".";
    const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd >= 0) {
        ::fsync(dir_fd);
        ::close(dir_fd);
    }
}

std::span<const unsigned char> bytes_of(const std::string& text) {
    return {reinterpret_cast<const unsigned char*>(text.data()), text.size()};
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path, std::span<const unsigned char> bytes) {
    move_into_place(write_temporary(path, bytes), path);
}

void write_texts_atomically(const std::vector<std::pair<std::filesystem::path, std::string>>& files) {
    std::vector<std::filesystem::path> temps;
    try {
        for (const auto& [path, text] : files) temps.push_back(write_temporary(path, bytes_of(text)));
    } catch (...) {
        for (const auto& temp : temps) ::unlink(temp.c_str());
        throw;
    }
    for (std::size_t i = 0; i < files.size(); ++i) move_into_place(temps[i], files[i].first);
}

void write_text_atomically(const std::filesystem::path& path, const std::string& text) {
    write_file_atomically(path, bytes_of(text));
}

void ensure_writable_directory(const std::filesystem::path& dir) {
    if (dir.empty()) throw Error("\"\": the output directory name is empty");
    std::error_code error;
    const bool created = std::filesystem::create_directories(dir, error);
    if (error) throw Error(dir.string() + ": cannot create the output directory (" + error.message() + ")");
    // A probe file, written and removed: a read-only directory or a full disk shows here, before
    // any training is done. On failure, a directory made just now is removed again.
    auto refuse = [&](int reason) {
        if (created) std::filesystem::remove(dir, error);
        throw Error(dir.string() + ": cannot write into the output directory (" + std::strerror(reason) + ")");
    };
    const std::filesystem::path probe = dir / ".tapegrad-write-test";
    const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) refuse(errno);
    const char byte = '\n';
    const bool wrote = ::write(fd, &byte, 1) == 1;
    const int write_errno = errno;
    ::close(fd);
    ::unlink(probe.c_str());
    if (!wrote) refuse(write_errno);
}

}  // namespace tapegrad
