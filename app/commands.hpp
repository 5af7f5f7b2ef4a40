// The tapegrad program's commands. main.cpp parses the command line with CLI11 and calls one of
// these; each returns the process exit code. Results go to files and stdout, progress to stderr.
#pragma once

#include "../core/error.hpp"

#include <string>
#include <vector>

namespace tapegrad {

/// A command line that does not make sense (a flag missing or two that exclude each other).
struct UsageError : Error {
    using Error::Error;
};

struct TrainArgs {
    std::string config, out = "out", resume;
    std::string data;                 // --data: train on this CSV file without a config
    std::vector<std::string> labels;  // --label
    std::vector<std::string> overrides;  // --set key.path=value
    bool anomaly = false, overwrite = false, quiet = false;
};
int run_train(const TrainArgs& args);

struct EvalArgs {
    std::string model, data, out;  // data "" = the split the model was trained with
    std::string split = "test";    // which split, without --data: test or validation
    bool report = false, json = false;  // eval: the classification report, as text or JSON
    std::vector<std::string> keep;      // predict: input columns copied to the output
    double threshold = 0.5;             // multi-label: predicted when p > threshold
};
int run_eval(const EvalArgs& args);
int run_predict(const EvalArgs& args);

int run_datasets();

struct InitArgs {
    std::string data;
    std::vector<std::string> labels;
};
int run_init(const InitArgs& args);

struct TapeArgs {
    std::string config, model, format = "text";
    std::vector<std::string> overrides;
    bool full = false, explain = false;
    long batch = 4;
};
int run_tape(const TapeArgs& args);

struct CompareArgs {
    std::string config, losses = "softmax_cross_entropy,mse_softmax", out = "lab";
    std::vector<std::string> overrides;
    long seeds = 5;
    bool quiet = false;
    double target = 0.9;  // epochs to reach this test accuracy (micro F1 for multi-label)
    unsigned jobs = 0;    // 0: all cores
    std::string shard;    // "K/N"
    std::vector<std::string> merge;  // shards' output directories
};
int run_compare(const CompareArgs& args);

struct ExportDataArgs {
    std::string config, out = "data-export";
    std::vector<std::string> overrides;
};
int run_export_data(const ExportDataArgs& args);

struct ExportArgs {
    std::string model, format = "safetensors", out;  // out "": model.safetensors or model.onnx
};
int run_export(const ExportArgs& args);

struct ImportArgs {
    std::string weights, config, out = "out";
    std::vector<std::string> overrides;
    bool overwrite = false, quiet = false;
};
int run_import(const ImportArgs& args);

}  // namespace tapegrad
