// Writing files so that nothing is ever half-written: a file is written to a temporary name
// beside it, flushed to disk and renamed into place, so a reader (or a crash) sees the old file
// or the new one, never a mix. Errors name the file and the system's reason.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace tapegrad {

/// The temporary name a file is written under before the rename: DIR/.NAME.tmp.
std::filesystem::path temporary_path_for(const std::filesystem::path& path);

/// Writes bytes atomically (temporary file, fsync, rename, fsync of the directory). Throws
/// Error("<path>: could not write the temporary file '<temp>': <reason>; the previous file, if any,
/// is unchanged"), and removes the temporary file.
void write_file_atomically(const std::filesystem::path& path, std::span<const unsigned char> bytes);
void write_text_atomically(const std::filesystem::path& path, const std::string& text);

/// Writes several files so that a failure (a full disk) changes none of them: every temporary file
/// is written and flushed first, and only then are they renamed into place, one by one.
void write_texts_atomically(const std::vector<std::pair<std::filesystem::path, std::string>>& files);

/// Creates `dir` if needed and proves that a file can be created there, before any work is done.
/// Leaves nothing behind; the message gives the system's reason (permission, disk full, ...).
void ensure_writable_directory(const std::filesystem::path& dir);

/// "out/run" as messages quote a path; the empty path is shown as "" rather than as nothing.
std::string quoted_path(const std::filesystem::path& path);

}  // namespace tapegrad
