// `tapegrad compare --config run.json --losses a,b --seeds K --out DIR`: the cross-entropy vs MSE
// lab. The experiment itself is the lab library's (lab/compare.hpp); this reads the arguments,
// runs it and says where the report is.
#include "commands.hpp"

#include "../core/excerpt.hpp"
#include "../core/files.hpp"
#include "../lab/compare.hpp"
#include "../losses/registry.hpp"
#include "progress.hpp"

#include <algorithm>
#include <iostream>
#include <sstream>

namespace tapegrad {

namespace {

// "a,b" -> {"a", "b"}, each a registered loss: an unknown one is a usage error naming --losses.
std::vector<std::string> split_names(const std::string& list) {
    const std::vector<std::string> known = loss_names();
    std::vector<std::string> names;
    std::stringstream in(list);
    for (std::string name; std::getline(in, name, ',');) {
        if (name.empty()) continue;
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            std::string all;
            for (const auto& k : known) all += (all.empty() ? "" : ", ") + k;
            throw UsageError("--losses: unknown loss " + quoted_excerpt(name) + " (known losses: " + all + ")");
        }
        names.push_back(name);
    }
    return names;
}

}  // namespace

// "2/3" -> shard 2 of 3.
void parse_shard(const std::string& text, CompareOptions& options) {
    const auto slash = text.find('/');
    try {
        if (slash == std::string::npos) throw std::invalid_argument(text);
        options.shard = std::stoi(text.substr(0, slash));
        options.shards = std::stoi(text.substr(slash + 1));
    } catch (const std::exception&) {
        throw UsageError("--shard: expected K/N such as 2/3, got \"" + text + "\"");
    }
}

int run_compare(const CompareArgs& args) {
    CompareResult result;
    if (!args.merge.empty()) {
        if (!args.config.empty()) throw UsageError("--merge: combines finished shards, not a config; leave out --config");
        std::vector<std::filesystem::path> parts(args.merge.begin(), args.merge.end());
        ensure_writable_directory(args.out);
        result = merge_partials(parts);
    } else {
        if (args.config.empty()) throw UsageError("--config: required (or --merge DIR...)");
        const RunConfig base = load_config(args.config, args.overrides);
        CompareOptions options;
        options.losses = split_names(args.losses);
        options.seeds = args.seeds;
        options.target = args.target;
        options.jobs = args.jobs;
        if (!args.shard.empty()) parse_shard(args.shard, options);
        ensure_writable_directory(args.out);  // before the runs, so a bad --out costs nothing
        Progress progress(0, 0, args.quiet);
        result = run_comparison(base, options, [&](std::size_t done, std::size_t total, const std::string& what) {
            progress.runs(done, total, what);
        });
        progress.finish();
    }
    write_comparison(result, args.out);
    const bool partial = result.compare.contains("shard");
    const auto written = std::filesystem::path(args.out) / (partial ? "partial.json" : "report.html");
    std::cout << written.string() << "\n";
    if (!args.quiet)
        std::cerr << (partial ? "wrote shard " + result.compare["shard"].get<std::string>() + " of the runs; combine the shards "
                                "with tapegrad compare --merge DIR... --out DIR\n"
                              : "wrote compare.json, compare.csv, timings.json, charts/ and report.html in " + args.out + "\n");
    return 0;
}

}  // namespace tapegrad
