// A run directory: where one training run keeps its files, so that a directory never mixes two
// runs. Every file names the run's id:
//   run.json       the resolved config, written when the run starts
//   metrics.jsonl  one JSON line per epoch, appended and flushed as the run goes (plot it live)
//   last.ckpt      the latest state, every checkpoint_every epochs: what --resume continues from
//   best.ckpt      the best epoch on the validation metric (runs with a validation split)
//   model.ckpt     the model the run ends with (the best one when early stopping is on)
//   metrics.json   the whole run, written last: when it is there, the run is complete
// Starting a run where another run's files are is refused unless it overwrites (then the new run
// is written beside the directory and swapped in only once complete, so a failed run leaves the
// older one untouched) or resumes it. What a killed run left (a staging directory of the same run,
// temporary files) is removed when the next run opens the directory.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace tapegrad {

/// The file names a run writes, in the order above.
const std::vector<std::string>& run_file_names();

/// A run's id: a fingerprint (64-bit FNV-1a, in hex) of its resolved config. Training is
/// deterministic, so the same config gives the same id and the same files; two different
/// configs' files can never pass for one run.
std::string run_id_for(const nlohmann::json& resolved_config);

class RunDirectory {
public:
    enum class Mode { fresh, overwrite, resume };

    /// Opens `dir` for a run. fresh: refuses a directory holding a run's files; overwrite: the run
    /// is written into a staging directory beside `dir` until commit(); resume: continues the run in
    /// `dir` (its id is read by the caller from last.ckpt and passed as `run_id`).
    RunDirectory(std::filesystem::path dir, Mode mode, std::string run_id);
    ~RunDirectory();
    RunDirectory(const RunDirectory&) = delete;
    RunDirectory& operator=(const RunDirectory&) = delete;

    const std::string& run_id() const { return run_id_; }
    /// Where the run's files are being written now: the directory, or its staging directory.
    const std::filesystem::path& where() const { return where_; }
    /// where() / name.
    std::filesystem::path file(const std::string& name) const { return where_ / name; }

    /// Replaces metrics.jsonl with these records (a resumed run drops the epochs after its checkpoint).
    void write_records(const std::vector<nlohmann::json>& records);
    /// Appends one record to metrics.jsonl and flushes it.
    void append_record(const nlohmann::json& record);

    /// Ends the run: for an overwrite, swaps the staging directory into place (atomically where the
    /// file system allows) and removes the older run.
    void commit();

    /// The records of metrics.jsonl in `dir`, for --resume; a torn last line (a kill mid-write) is dropped.
    static std::vector<nlohmann::json> read_records(const std::filesystem::path& dir);

private:
    std::filesystem::path dir_, where_;
    Mode mode_;
    std::string run_id_;
    std::FILE* records_ = nullptr;
};

}  // namespace tapegrad
