// Run directories: see run_directory.hpp.
#include "run_directory.hpp"

#include "../core/error.hpp"
#include "../core/files.hpp"

#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

namespace tapegrad {

const std::vector<std::string>& run_file_names() {
    static const std::vector<std::string> names = {"run.json", "metrics.jsonl", "last.ckpt", "best.ckpt",
                                                   "model.ckpt", "metrics.json"};
    return names;
}

std::string run_id_for(const nlohmann::json& resolved_config) {
    std::uint64_t hash = 14695981039346656037ull;  // FNV-1a: xor in each byte, multiply by the prime
    for (const unsigned char c : resolved_config.dump()) hash = (hash ^ c) * 1099511628211ull;
    char id[24];
    std::snprintf(id, sizeof id, "%016llx", static_cast<unsigned long long>(hash));
    return id;
}

namespace {

namespace fs = std::filesystem;

std::vector<std::string> run_files_in(const fs::path& dir) {
    std::vector<std::string> found;
    std::error_code ec;
    for (const auto& name : run_file_names())
        if (fs::exists(dir / name, ec)) found.push_back(name);
    return found;
}

std::string join(const std::vector<std::string>& names) {
    std::string s;
    for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
    return s;
}

// Swaps two directories in one step (Linux renameat2 RENAME_EXCHANGE); where the file system
// cannot, falls back to two renames.
void exchange(const fs::path& a, const fs::path& b) {
#ifdef RENAME_EXCHANGE
    if (::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0) return;
#endif
    // append, not "." + ...: GCC 12 warns falsely (-Wrestrict, bug 105329) on a one-letter literal + string
    const fs::path aside = a.parent_path() / std::string(".").append(a.filename().string()).append(".old");
    std::error_code ec;
    fs::rename(a, aside, ec);
    if (ec) throw Error(quoted_path(a) + ": cannot move the older run aside (" + ec.message() + ")");
    fs::rename(b, a, ec);
    if (ec) throw Error(quoted_path(a) + ": cannot move the new run into place (" + ec.message() + "); the older run is in " + aside.string());
    fs::rename(aside, b, ec);
}

// The staging directory of run `id` beside `dir`: .NAME.run-ID.
fs::path staging_path(const fs::path& dir, const std::string& id) {
    fs::path clean = dir.lexically_normal();
    if (clean.filename().empty()) clean = clean.parent_path();
    return clean.parent_path() / std::string(".").append(clean.filename().string()).append(".run-").append(id);
}

// A run killed after the swap and before the older run was removed leaves that older run in its
// staging directory: one whose run.json names another run than the directory's name does. (A
// staging directory in use holds its own run, so it is never taken for one.)
void remove_swapped_out_runs(const fs::path& dir) {
    const fs::path pattern = staging_path(dir, "");
    const std::string prefix = pattern.filename().string();
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(pattern.has_parent_path() ? pattern.parent_path() : ".", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(prefix, 0) != 0 || !entry.is_directory(ec)) continue;
        std::ifstream in(entry.path() / "run.json");
        const nlohmann::json run = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
        if (run.is_object() && run.value("run_id", "") != name.substr(prefix.size())) fs::remove_all(entry.path(), ec);
    }
}

}  // namespace

RunDirectory::RunDirectory(fs::path dir, Mode mode, std::string run_id)
    : dir_(std::move(dir)), where_(dir_), mode_(mode), run_id_(std::move(run_id)) {
    if (dir_.empty()) throw Error("\"\": the output directory name is empty");
    const std::vector<std::string> existing = run_files_in(dir_);
    if (mode_ == Mode::fresh && !existing.empty())
        throw Error(dir_.string() + ": holds another run's files (" + join(existing) +
                    "); pass --overwrite to replace that run, --resume " + dir_.string() +
                    " to continue it, or choose another --out");
    if (mode_ == Mode::overwrite && !existing.empty()) {
        // Only a directory that holds nothing but a run may be swapped out as a whole.
        std::error_code ec;
        std::vector<std::string> others;
        for (const auto& entry : fs::directory_iterator(dir_, ec)) {
            const std::string name = entry.path().filename().string();
            const auto& known = run_file_names();
            if (std::find(known.begin(), known.end(), name) == known.end() && name[0] != '.') others.push_back(name);
        }
        if (!others.empty())
            throw Error(dir_.string() + ": holds files that are not a run's (" + join(others) +
                        "); --overwrite replaces only a directory that holds a run; choose another --out");
        where_ = staging_path(dir_, run_id_);
        // A staging directory of this name is what a killed overwrite of this same run left: its
        // records would be appended to, so it starts again empty.
        std::error_code stale;
        fs::remove_all(where_, stale);
        if (stale) throw Error(where_.string() + ": cannot remove what a killed run left there (" + stale.message() + ")");
    }
    if (mode_ == Mode::overwrite) remove_swapped_out_runs(dir_);
    ensure_writable_directory(where_);
    // Temporary files a kill left mid-write (write_file_atomically's DIR/.NAME.tmp): nothing reads
    // them, and a resumed run might never write that file again to replace them.
    std::error_code ignored;
    for (const auto& name : run_file_names()) fs::remove(temporary_path_for(file(name)), ignored);
}

RunDirectory::~RunDirectory() {
    if (records_) std::fclose(records_);
}

void RunDirectory::write_records(const std::vector<nlohmann::json>& records) {
    std::string text;
    for (const auto& r : records) text += r.dump() + "\n";
    write_text_atomically(file("metrics.jsonl"), text);
    if (records_) std::fclose(records_);
    records_ = nullptr;
}

void RunDirectory::append_record(const nlohmann::json& record) {
    if (!records_) {
        records_ = std::fopen(file("metrics.jsonl").c_str(), "a");
        if (!records_)
            throw Error(file("metrics.jsonl").string() + ": cannot open the file for appending (" + std::strerror(errno) + ")");
    }
    const std::string line = record.dump() + "\n";
    struct stat st {};
    const off_t before = ::fstat(::fileno(records_), &st) == 0 ? st.st_size : -1;  // records are flushed: the size is exact
    if (std::fwrite(line.data(), 1, line.size(), records_) != line.size() || std::fflush(records_) != 0) {
        const std::string reason = std::strerror(errno);
        // No torn line is left behind: the file ends with the last whole record.
        if (before >= 0 && ::ftruncate(::fileno(records_), before) == 0) {
            std::fclose(records_);
            records_ = nullptr;
        }
        throw Error(file("metrics.jsonl").string() + ": cannot append the epoch's record (" + reason + ")");
    }
}

void RunDirectory::commit() {
    if (records_) std::fclose(records_);
    records_ = nullptr;
    if (where_ == dir_) return;
    std::error_code ec;
    if (!fs::exists(dir_, ec)) {
        fs::rename(where_, dir_, ec);
        if (ec) throw Error(dir_.string() + ": cannot move the run into place (" + ec.message() + "); it is in " + where_.string());
    } else {
        exchange(dir_, where_);  // where_ now holds the older run
        fs::remove_all(where_, ec);
    }
    where_ = dir_;
}

std::vector<nlohmann::json> RunDirectory::read_records(const fs::path& dir) {
    std::vector<nlohmann::json> records;
    std::ifstream in(dir / "metrics.jsonl");
    for (std::string line; std::getline(in, line);) {
        nlohmann::json r = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
        if (r.is_discarded() || !r.is_object()) break;  // a line cut short by a kill: the epoch is run again
        records.push_back(std::move(r));
    }
    return records;
}

}  // namespace tapegrad
