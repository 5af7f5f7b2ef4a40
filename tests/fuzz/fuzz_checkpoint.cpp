// libFuzzer target: the checkpoint reader, both ways. parse_checkpoint on the bytes in memory and
// peek_checkpoint on them as a stream must agree: both refuse (with the same message) or both
// accept with the same summary; an accepted file's values are then read, and its shapes compared
// with a small MLP's. Any CheckpointError is a clean refusal; a disagreement is a finding.
#include "optim/checkpoint_format.hpp"

#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

namespace {
std::string refusal_of_peek(const std::vector<unsigned char>& bytes, tapegrad::CheckpointSummary& out) {
    std::istringstream in(std::string(bytes.begin(), bytes.end()));
    try {
        out = tapegrad::peek_checkpoint(in, bytes.size(), "fuzz.ckpt");
    } catch (const tapegrad::CheckpointError& e) {
        return e.what();
    }
    return "";
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<unsigned char> bytes(data, data + size);
    tapegrad::CheckpointSummary peeked;
    const std::string peek_refusal = refusal_of_peek(bytes, peeked);
    tapegrad::CheckpointContents c;
    try {
        c = tapegrad::parse_checkpoint(bytes, "fuzz.ckpt");
    } catch (const tapegrad::CheckpointError& e) {
        if (peek_refusal != e.what()) std::abort();  // the two readers disagree
        return 0;
    }
    if (!peek_refusal.empty() || peeked.entries.size() != c.entries.size() || peeked.metadata != c.metadata) std::abort();
    for (const tapegrad::CheckpointEntry& e : c.entries) {
        if (c.scalar_size == 4) {
            tapegrad::Tensor<float> t;
            c.read_values(e, t);
        } else {
            tapegrad::Tensor<double> t;
            c.read_values(e, t);
        }
    }
    try {
        tapegrad::check_stored_shapes(c, {{"model/0.weight", 3, 4}, {"model/0.bias", 1, 4}}, "model/", "model");
    } catch (const tapegrad::CheckpointError&) {
    }
    return 0;
}
