// libFuzzer target: reading a JSON config the safe way, as the command line does: the depth check,
// then nlohmann's parser with errors rewritten (core/json_limits.hpp). An accepted value is copied
// and printed, the operations that overflowed the stack on deep nesting. Any JsonError is a clean
// refusal; a crash, a sanitizer report or a raw nlohmann exception escaping is a finding.
#include "core/json_limits.hpp"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const nlohmann::json config = tapegrad::parse_json(text, "fuzz.json");
        const nlohmann::json copy = config;
        (void)copy.dump();
    } catch (const tapegrad::JsonError&) {
    }
    return 0;
}
