// CLI11's messages rewritten as "<option>: <what is wrong>; <hint>": see usage_error.hpp.
#include "usage_error.hpp"

namespace tapegrad {

namespace {

bool take_prefix(std::string& text, const std::string& prefix) {
    if (!text.starts_with(prefix)) return false;
    text.erase(0, prefix.size());
    return true;
}

bool take_suffix(std::string& text, const std::string& suffix) {
    if (!text.ends_with(suffix)) return false;
    text.erase(text.size() - suffix.size());
    return true;
}

// "--model is required" -> "--model: required"; "--config: 1 required TEXT missing" -> "--config:
// needs a value"; "The following argument was not expected: --x" -> "--x: not an option of this
// command". Anything else is kept as CLI11 says it.
std::string reworded(std::string what) {
    if (what == "A subcommand is required") return "a command is required (train, eval, predict, ...)";
    if (take_prefix(what, "The following argument was not expected: ")) return what + ": not an option of this command";
    if (take_prefix(what, "The following arguments were not expected: ")) return what + ": not options of this command";
    if (what.starts_with("-") && take_suffix(what, " is required")) return what + ": required";
    const auto colon = what.find(": ");
    if (colon != std::string::npos && what.find(" required ", colon) != std::string::npos && what.ends_with(" missing"))
        return what.substr(0, colon) + ": needs a value";
    return what;
}

}  // namespace

std::string usage_error_line(const std::string& command, const std::string& what) {
    const std::string program = command.empty() ? "tapegrad" : "tapegrad " + command;
    return program + ": " + reworded(what) + "; see " + program + " --help";
}

}  // namespace tapegrad
