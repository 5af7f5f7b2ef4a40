// A command line that CLI11 refused, told in tapegrad's one error style:
//   tapegrad train: --bogus: not an option of this command; see tapegrad train --help
//   tapegrad eval: --model: required; see tapegrad eval --help
#pragma once

#include <string>

namespace tapegrad {

/// The line for CLI11's message `what` about `command` ("" before a command was named).
std::string usage_error_line(const std::string& command, const std::string& what);

}  // namespace tapegrad
