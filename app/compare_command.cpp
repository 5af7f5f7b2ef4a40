// `tapegrad compare --config run.json --losses a,b --seeds K --out DIR`: the cross-entropy vs MSE
// lab. The experiment itself is the lab library's (lab/compare.hpp); this reads the arguments,
// runs it and says where the report is.
#include "commands.hpp"

#include "../core/files.hpp"
#include "../lab/compare.hpp"
#include "progress.hpp"

#include <iostream>
#include <sstream>

namespace tapegrad {

namespace {

std::vector<std::string> split_names(const std::string& list) {
    std::vector<std::string> names;
    std::stringstream in(list);
    for (std::string name; std::getline(in, name, ',');)
        if (!name.empty()) names.push_back(name);
    return names;
}

}  // namespace

int run_compare(const CompareArgs& args) {
    const RunConfig base = load_config(args.config, args.overrides);
    CompareOptions options;
    options.losses = split_names(args.losses);
    options.seeds = args.seeds;
    options.target = args.target;
    ensure_writable_directory(args.out);  // before the runs, so a bad --out costs nothing
    RunsProgress progress(static_cast<long>(options.losses.size()) * options.seeds, args.quiet);
    const CompareResult result = run_comparison(base, options, [&](const std::string& run) { progress.start(run); });
    progress.finish();
    write_comparison(result, args.out);
    std::cout << (std::filesystem::path(args.out) / "report.html").string() << "\n";
    if (!args.quiet) std::cerr << "wrote compare.json, compare.csv, timings.json, charts/ and report.html in " << args.out << "\n";
    return 0;
}

}  // namespace tapegrad
