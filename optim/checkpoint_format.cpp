// Encoding and parsing of the checkpoint format described in checkpoint_format.hpp. The Reader
// never reads past the end of the bytes and never trusts a declared size before comparing it
// with the bytes that remain, so a corrupt or hostile file cannot make it allocate much.
#include "checkpoint_format.hpp"

#include "../core/excerpt.hpp"

#include <algorithm>
#include <bit>
#include <cstdio>
#include <cstring>
#include <unordered_set>

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

// A file's name as messages start with it; the empty name is shown as "" rather than as nothing.
std::string shown_path(const std::string& path) { return path.empty() ? std::string("\"\"") : path; }

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

// Reads little-endian fields, naming the section it is in for error messages. The bytes come from
// memory (parse_checkpoint) or a stream (peek_checkpoint); either way each byte is hashed as it is
// read or skipped, so the checksum needs no second pass and a stream is read once.
class Reader {
public:
    Reader(std::span<const unsigned char> bytes, const std::string& source)
        : memory_(bytes.data()), size_(bytes.size()), source_(source) {}
    Reader(std::istream& in, std::uint64_t size, const std::string& source) : stream_(&in), size_(size), source_(source) {}

    const char* section = "header";
    std::uint64_t size() const { return size_; }
    std::uint64_t offset() const { return pos_; }
    std::uint64_t remaining() const { return size_ - pos_; }
    std::uint64_t hash() const { return hash_; }  // FNV-1a of every byte so far

    [[noreturn]] void fail(const std::string& problem) const {
        throw CheckpointError(shown_path(source_) + ": " + problem);
    }
    // Throws "truncated" unless n more bytes exist.
    void need(std::uint64_t n, const char* what) const {
        if (n > remaining())
            fail(std::string("truncated: the file ends in the ") + section + " section (" + what + " needs " +
                 std::to_string(n) + " bytes at offset " + std::to_string(pos_) + ", but the file is " +
                 std::to_string(size_) + " bytes)");
    }
    std::uint64_t uint(int size, const char* what) {
        need(static_cast<std::size_t>(size), what);
        unsigned char b[8];
        read(b, static_cast<std::size_t>(size));
        std::uint64_t v = 0;
        for (int i = 0; i < size; ++i) v |= static_cast<std::uint64_t>(b[i]) << (8 * i);
        return v;
    }
    std::uint32_t u32(const char* what) { return static_cast<std::uint32_t>(uint(4, what)); }
    std::uint64_t u64(const char* what) { return uint(8, what); }
    // A declared length is compared with what remains before anything of that size is made.
    std::string str(const char* what) {
        const std::uint64_t start = pos_;
        const std::uint32_t n = u32(what);
        if (n > remaining())
            fail(std::string("the ") + section + " section declares a " + what + " of " + std::to_string(n) +
                 " bytes at offset " + std::to_string(start) + ", but only " + std::to_string(remaining()) +
                 " bytes remain: the file is truncated or corrupt");
        std::string s(n, '\0');
        read(reinterpret_cast<unsigned char*>(s.data()), n);
        return s;
    }
    // Past n bytes (already checked to exist), hashing them; a stream goes by in 64 KB chunks.
    void skip(std::uint64_t n) {
        if (memory_ != nullptr) {
            absorb(memory_ + pos_, static_cast<std::size_t>(n));
            pos_ += n;
            return;
        }
        unsigned char chunk[1 << 16];
        while (n > 0) {
            const auto part = static_cast<std::size_t>(std::min<std::uint64_t>(n, sizeof chunk));
            read(chunk, part);
            n -= part;
        }
    }

private:
    // n bytes (already checked to exist) into out.
    void read(unsigned char* out, std::size_t n) {
        if (memory_ != nullptr) {
            std::memcpy(out, memory_ + pos_, n);
        } else if (!stream_->read(reinterpret_cast<char*>(out), static_cast<std::streamsize>(n))) {
            fail("could not read " + std::to_string(n) + " bytes at offset " + std::to_string(pos_) +
                 " (the file changed while it was read, or a read error)");
        }
        absorb(out, n);
        pos_ += n;
    }
    void absorb(const unsigned char* p, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) hash_ = (hash_ ^ p[i]) * 1099511628211ull;
    }

    const unsigned char* memory_ = nullptr;
    std::istream* stream_ = nullptr;
    std::uint64_t size_ = 0;
    std::uint64_t pos_ = 0;
    std::uint64_t hash_ = 14695981039346656037ull;
    const std::string& source_;
};

std::string type_name(std::uint32_t scalar_size) { return scalar_size == 4 ? "float32" : "float64"; }

// A tensor name as messages show it: 'model/0.weight', or a short escaped excerpt of a hostile one.
std::string quoted_name(std::string_view name) { return quoted_excerpt(name, 40, '\''); }

// The names stored under prefix, without it, for a message: a few, then how many.
std::string names_under(const CheckpointSummary& c, const std::string& prefix) {
    std::vector<std::string> names;
    for (const CheckpointEntry& e : c.entries)
        if (e.name.starts_with(prefix)) names.push_back(e.name.substr(prefix.size()));
    return names.empty() ? "none" : listed_names(names, "tensors");
}

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

namespace {

// Every check, in file order, filling the summary; entries' offsets point into the file.
void read_summary(Reader& r, CheckpointSummary& c) {
    c.file_size = r.size();
    // Header: is this a checkpoint at all, and one this code can read?
    unsigned char magic[sizeof checkpoint_magic] = {};
    const bool short_file = r.size() < sizeof checkpoint_magic;
    if (!short_file) {
        for (unsigned char& b : magic) b = static_cast<unsigned char>(r.uint(1, "the magic number"));
    }
    if (short_file || std::memcmp(magic, checkpoint_magic, sizeof checkpoint_magic) != 0)
        r.fail("not a tapegrad checkpoint: the file does not start with the magic number \"TGCKPT\\r\\n\"" +
               std::string(short_file ? " (it is shorter than 8 bytes)" : ""));
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
    const std::uint64_t table_start = r.offset();
    const std::uint32_t count = r.u32("the tensor count");
    if (count > r.remaining() / 20)  // each entry takes at least 4 + 8 + 8 bytes
        r.fail("the tensor table declares " + std::to_string(count) + " tensors at offset " +
               std::to_string(table_start) + ", more than the " + std::to_string(r.remaining()) +
               " remaining bytes can describe: the file is truncated or corrupt");
    std::unordered_set<std::string> seen;
    for (std::uint32_t i = 0; i < count; ++i) {
        CheckpointEntry e;
        e.name = r.str("tensor name");
        const std::uint64_t rows = r.u64("a tensor's rows");
        const std::uint64_t cols = r.u64("a tensor's cols");
        if (rows > r.size() || cols > r.size())  // also keeps rows * cols from overflowing
            r.fail("tensor " + quoted_name(e.name) + " declares a shape of " + std::to_string(rows) + "x" +
                   std::to_string(cols) + ", larger than the whole file (" + std::to_string(r.size()) +
                   " bytes) could hold");
        if (!seen.insert(e.name).second) r.fail("tensor " + quoted_name(e.name) + " appears twice in the tensor table");
        e.rows = static_cast<Index>(rows);
        e.cols = static_cast<Index>(cols);
        c.entries.push_back(std::move(e));
    }

    r.section = "tensor data";
    for (CheckpointEntry& e : c.entries) {
        const std::uint64_t values = static_cast<std::uint64_t>(e.rows) * static_cast<std::uint64_t>(e.cols);
        if (values > r.remaining() / c.scalar_size)
            r.fail("tensor " + quoted_name(e.name) + " declares " + std::to_string(e.rows) + "x" + std::to_string(e.cols) +
                   " " + type_name(c.scalar_size) + " values (" + std::to_string(values * c.scalar_size) +
                   " bytes) at offset " + std::to_string(r.offset()) + ", but only " + std::to_string(r.remaining()) +
                   " bytes remain: the file is truncated or corrupt");
        e.offset = static_cast<std::size_t>(r.offset());
        r.skip(values * c.scalar_size);
    }

    r.section = "checksum";
    const std::uint64_t checksum_at = r.offset();
    const std::uint64_t actual = r.hash();
    const std::uint64_t stored = r.u64("the checksum");
    if (r.remaining() != 0)
        r.fail(std::to_string(r.remaining()) + " unexpected bytes after the checksum at offset " +
               std::to_string(checksum_at) + ": the tensor table does not describe this file");
    if (stored != actual)
        r.fail("checksum mismatch: the file records " + hex(stored) + " but its contents hash to " + hex(actual) +
               ": the file is corrupt");
}

}  // namespace

CheckpointContents parse_checkpoint(std::vector<unsigned char> bytes, const std::string& source) {
    CheckpointContents c;
    c.source = source;
    Reader r(bytes, source);
    read_summary(r, c);
    c.bytes = std::move(bytes);
    return c;
}

CheckpointSummary peek_checkpoint(std::istream& in, std::uint64_t size, const std::string& source) {
    CheckpointSummary c;
    c.source = source;
    Reader r(in, size, source);
    read_summary(r, c);
    return c;
}

void check_stored_shapes(const CheckpointSummary& stored, const std::vector<TensorShape>& expected,
                         const std::string& prefix, const std::string& what) {
    const auto fail = [&](const std::string& problem) {
        throw CheckpointError(shown_path(stored.source) + ": " + problem);
    };
    std::unordered_set<std::string_view> wanted;
    for (const TensorShape& t : expected) {
        if (!t.name.starts_with(prefix)) continue;
        wanted.insert(t.name);
        const std::string name = quoted_name(t.name.substr(prefix.size()));
        const CheckpointEntry* e = stored.find(t.name);
        if (e == nullptr)
            fail("the " + what + " has " + name + " but the checkpoint does not (it holds: " +
                 names_under(stored, prefix) + ")");
        if (e->rows != t.rows || e->cols != t.cols)
            fail("shape mismatch for " + name + ": " + std::to_string(e->rows) + "x" + std::to_string(e->cols) +
                 " in the checkpoint, " + std::to_string(t.rows) + "x" + std::to_string(t.cols) + " in the " + what);
    }
    for (const CheckpointEntry& e : stored.entries)
        if (e.name.starts_with(prefix) && !wanted.contains(e.name))
            fail("the checkpoint has " + quoted_name(e.name.substr(prefix.size())) + " but the " + what + " does not");
}

const CheckpointEntry* CheckpointSummary::find(std::string_view name) const {
    for (const CheckpointEntry& e : entries)
        if (e.name == name) return &e;
    return nullptr;
}

std::uint64_t CheckpointSummary::value_count(std::string_view prefix) const {
    std::uint64_t n = 0;
    for (const CheckpointEntry& e : entries)
        if (e.name.starts_with(prefix)) n += static_cast<std::uint64_t>(e.rows) * static_cast<std::uint64_t>(e.cols);
    return n;
}

template <class T>
void CheckpointContents::read_values(const CheckpointEntry& entry, Tensor<T>& out) const {
    if (scalar_size != sizeof(T))
        throw CheckpointError(shown_path(source) + ": tensor " + quoted_name(entry.name) + " holds " + type_name(scalar_size) +
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
