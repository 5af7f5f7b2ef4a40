// Encoding and parsing of the checkpoint format described in checkpoint_format.hpp. The Reader
// never reads past the end of the bytes and never trusts a declared size before comparing it
// with the bytes that remain, so a corrupt or hostile file cannot make it allocate much.
#include "checkpoint_format.hpp"

#include <bit>
#include <cstdio>
#include <cstring>
#include <set>

namespace tapegrad {

std::uint64_t fnv1a64(std::span<const unsigned char> bytes) {
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char b : bytes) {
        h ^= b;
        h *= 1099511628211ull;
    }
    return h;
}

namespace {

// Appends little-endian fields.
struct Writer {
    std::vector<unsigned char> out;
    void u32(std::uint32_t v) { for (int i = 0; i < 4; ++i) out.push_back(static_cast<unsigned char>(v >> (8 * i))); }
    void u64(std::uint64_t v) { for (int i = 0; i < 8; ++i) out.push_back(static_cast<unsigned char>(v >> (8 * i))); }
    void str(const std::string& s) {
        u32(static_cast<std::uint32_t>(s.size()));
        out.insert(out.end(), s.begin(), s.end());
    }
    void value(float v) { u32(std::bit_cast<std::uint32_t>(v)); }
    void value(double v) { u64(std::bit_cast<std::uint64_t>(v)); }
};

std::string hex(std::uint64_t v) {
    char text[19];
    std::snprintf(text, sizeof text, "0x%016llx", static_cast<unsigned long long>(v));
    return text;
}

// Reads little-endian fields, naming the section it is in for error messages.
class Reader {
public:
    Reader(const std::vector<unsigned char>& bytes, const std::string& source) : bytes_(bytes), source_(source) {}

    const char* section = "header";
    std::size_t offset() const { return pos_; }
    std::size_t remaining() const { return bytes_.size() - pos_; }

    [[noreturn]] void fail(const std::string& problem) const {
        throw CheckpointError("checkpoint '" + source_ + "': " + problem);
    }
    // Throws "truncated" unless n more bytes exist.
    void need(std::size_t n, const char* what) const {
        if (n > remaining())
            fail(std::string("truncated: the file ends in the ") + section + " section (" + what + " needs " +
                 std::to_string(n) + " bytes at offset " + std::to_string(pos_) + ", but the file is " +
                 std::to_string(bytes_.size()) + " bytes)");
    }
    std::uint64_t uint(int size, const char* what) {
        need(static_cast<std::size_t>(size), what);
        std::uint64_t v = 0;
        for (int i = 0; i < size; ++i) v |= static_cast<std::uint64_t>(bytes_[pos_ + static_cast<std::size_t>(i)]) << (8 * i);
        pos_ += static_cast<std::size_t>(size);
        return v;
    }
    std::uint32_t u32(const char* what) { return static_cast<std::uint32_t>(uint(4, what)); }
    std::uint64_t u64(const char* what) { return uint(8, what); }
    // A declared length is compared with what remains before anything of that size is made.
    std::string str(const char* what) {
        const std::size_t start = pos_;
        const std::uint32_t n = u32(what);
        if (n > remaining())
            fail(std::string("the ") + section + " section declares a " + what + " of " + std::to_string(n) +
                 " bytes at offset " + std::to_string(start) + ", but only " + std::to_string(remaining()) +
                 " bytes remain: the file is truncated or corrupt");
        std::string s(reinterpret_cast<const char*>(bytes_.data() + pos_), n);
        pos_ += n;
        return s;
    }
    void skip(std::size_t n) { pos_ += n; }

private:
    const std::vector<unsigned char>& bytes_;
    const std::string& source_;
    std::size_t pos_ = 0;
};

std::string type_name(std::uint32_t scalar_size) { return scalar_size == 4 ? "float32" : "float64"; }

}  // namespace

template <class T>
std::vector<unsigned char> encode_checkpoint(const TrainingPosition& position, const std::string& optimizer,
                                             std::int64_t optimizer_steps, const std::string& rng_state,
                                             const std::string& metadata, const std::vector<NamedValues<T>>& tensors) {
    Writer w;
    w.out.insert(w.out.end(), std::begin(checkpoint_magic), std::end(checkpoint_magic));  // header
    w.u32(checkpoint_version);
    w.u32(sizeof(T));
    w.u64(static_cast<std::uint64_t>(position.epoch));  // position
    w.u64(static_cast<std::uint64_t>(position.step));
    w.str(optimizer);                                    // optimizer
    w.u64(static_cast<std::uint64_t>(optimizer_steps));
    w.str(rng_state);                                    // rng
    w.str(metadata);                                     // metadata
    w.u32(static_cast<std::uint32_t>(tensors.size()));   // table
    for (const auto& t : tensors) {
        w.str(t.name);
        w.u64(static_cast<std::uint64_t>(t.values->rows()));
        w.u64(static_cast<std::uint64_t>(t.values->cols()));
    }
    for (const auto& t : tensors)                        // data, row-major like Tensor itself
        for (Index i = 0; i < t.values->size(); ++i) w.value(t.values->data()[i]);
    w.u64(fnv1a64(w.out));                               // checksum
    return std::move(w.out);
}

CheckpointContents parse_checkpoint(std::vector<unsigned char> bytes, const std::string& source) {
    CheckpointContents c;
    Reader r(bytes, source);
    // Header: is this a checkpoint at all, and one this code can read?
    if (bytes.size() < sizeof checkpoint_magic || std::memcmp(bytes.data(), checkpoint_magic, sizeof checkpoint_magic) != 0)
        r.fail("not a tapegrad checkpoint: the file does not start with the magic number \"TGCKPT\\r\\n\"" +
               std::string(bytes.size() < sizeof checkpoint_magic ? " (it is shorter than 8 bytes)" : ""));
    r.skip(sizeof checkpoint_magic);
    c.version = r.u32("the version");
    if (c.version > checkpoint_version)
        r.fail("version " + std::to_string(c.version) + " is newer than this tapegrad reads (" +
               std::to_string(checkpoint_version) + "); update tapegrad to load it");
    if (c.version == 0) r.fail("version 0 is not a valid version");
    c.scalar_size = r.u32("the scalar size");
    if (c.scalar_size != 4 && c.scalar_size != 8)
        r.fail("the header gives a scalar size of " + std::to_string(c.scalar_size) + " bytes; expected 4 or 8");

    r.section = "position";
    c.position.epoch = static_cast<std::int64_t>(r.u64("the epoch"));
    c.position.step = static_cast<std::int64_t>(r.u64("the step"));
    r.section = "optimizer";
    c.optimizer = r.str("name");
    c.optimizer_steps = static_cast<std::int64_t>(r.u64("the step count"));
    r.section = "rng";
    c.rng_state = r.str("state");
    r.section = "metadata";
    c.metadata = r.str("text");

    r.section = "tensor table";
    const std::size_t table_start = r.offset();
    const std::uint32_t count = r.u32("the tensor count");
    if (count > r.remaining() / 20)  // each entry takes at least 4 + 8 + 8 bytes
        r.fail("the tensor table declares " + std::to_string(count) + " tensors at offset " +
               std::to_string(table_start) + ", more than the " + std::to_string(r.remaining()) +
               " remaining bytes can describe: the file is truncated or corrupt");
    std::set<std::string> seen;
    for (std::uint32_t i = 0; i < count; ++i) {
        CheckpointEntry e;
        e.name = r.str("tensor name");
        const std::uint64_t rows = r.u64("a tensor's rows");
        const std::uint64_t cols = r.u64("a tensor's cols");
        if (rows > bytes.size() || cols > bytes.size())  // also keeps rows * cols from overflowing
            r.fail("tensor '" + e.name + "' declares a shape of " + std::to_string(rows) + "x" + std::to_string(cols) +
                   ", larger than the whole file (" + std::to_string(bytes.size()) + " bytes) could hold");
        if (!seen.insert(e.name).second) r.fail("tensor '" + e.name + "' appears twice in the tensor table");
        e.rows = static_cast<Index>(rows);
        e.cols = static_cast<Index>(cols);
        c.entries.push_back(std::move(e));
    }

    r.section = "tensor data";
    for (CheckpointEntry& e : c.entries) {
        const std::uint64_t values = static_cast<std::uint64_t>(e.rows) * static_cast<std::uint64_t>(e.cols);
        if (values > r.remaining() / c.scalar_size)
            r.fail("tensor '" + e.name + "' declares " + std::to_string(e.rows) + "x" + std::to_string(e.cols) + " " +
                   type_name(c.scalar_size) + " values (" + std::to_string(values * c.scalar_size) +
                   " bytes) at offset " + std::to_string(r.offset()) + ", but only " + std::to_string(r.remaining()) +
                   " bytes remain: the file is truncated or corrupt");
        e.offset = r.offset();
        r.skip(values * c.scalar_size);
    }

    r.section = "checksum";
    const std::size_t checksum_at = r.offset();
    const std::uint64_t stored = r.u64("the checksum");
    if (r.remaining() != 0)
        r.fail(std::to_string(r.remaining()) + " unexpected bytes after the checksum at offset " +
               std::to_string(checksum_at) + ": the tensor table does not describe this file");
    const std::uint64_t actual = fnv1a64(std::span(bytes.data(), checksum_at));
    if (stored != actual)
        r.fail("checksum mismatch: the file records " + hex(stored) + " but its contents hash to " + hex(actual) +
               ": the file is corrupt");
    c.bytes = std::move(bytes);
    return c;
}

const CheckpointEntry* CheckpointContents::find(std::string_view name) const {
    for (const CheckpointEntry& e : entries)
        if (e.name == name) return &e;
    return nullptr;
}

template <class T>
void CheckpointContents::read_values(const CheckpointEntry& entry, Tensor<T>& out) const {
    if (scalar_size != sizeof(T))
        throw CheckpointError("checkpoint: tensor '" + entry.name + "' holds " + type_name(scalar_size) +
                              " values, not " + type_name(sizeof(T)));
    using Bits = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
    out.resize(entry.rows, entry.cols);
    const unsigned char* p = bytes.data() + entry.offset;
    for (Index i = 0; i < out.size(); ++i, p += sizeof(T)) {
        Bits bits = 0;
        for (std::size_t k = 0; k < sizeof(T); ++k) bits |= static_cast<Bits>(p[k]) << (8 * k);
        out.data()[i] = std::bit_cast<T>(bits);
    }
}

template std::vector<unsigned char> encode_checkpoint(const TrainingPosition&, const std::string&, std::int64_t,
                                                      const std::string&, const std::string&,
                                                      const std::vector<NamedValues<float>>&);
template std::vector<unsigned char> encode_checkpoint(const TrainingPosition&, const std::string&, std::int64_t,
                                                      const std::string&, const std::string&,
                                                      const std::vector<NamedValues<double>>&);
template void CheckpointContents::read_values(const CheckpointEntry&, Tensor<float>&) const;
template void CheckpointContents::read_values(const CheckpointEntry&, Tensor<double>&) const;

}  // namespace tapegrad
