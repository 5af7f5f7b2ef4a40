// peek_checkpoint: a checkpoint's metadata, names and stored shapes without its values, so that a
// tool can check what the metadata describes against what is stored before building a model.
// Truncated, corrupt and lying files are refused with the same messages parse_checkpoint gives,
// and no call allocates more than a small, fixed amount beyond what it was given.
#include "temp_dir.hpp"

#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>

#include <functional>
#include <malloc.h>
#include <sstream>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace tapegrad;

namespace {

std::vector<unsigned char> small_checkpoint(const std::string& metadata) {
    Rng rng(1);
    MLP<float> model(3, {4}, 2, rng);
    std::vector<NamedValues<float>> tensors;
    for (Parameter<float>* p : model.parameters()) tensors.push_back({"model/" + p->name, &p->value});
    return encode_checkpoint<float>({1, 7}, "", 0, "", metadata, tensors);
}

// peek_checkpoint on bytes in memory, as a stream.
CheckpointSummary peek(const std::vector<unsigned char>& bytes) {
    std::istringstream in(std::string(bytes.begin(), bytes.end()));
    return peek_checkpoint(in, bytes.size(), "x");
}

template <class F>
std::string refusal(F&& f) {
    try {
        f();
    } catch (const CheckpointError& e) {
        return e.what();
    }
    return "accepted";
}

// The shapes an MLP in -> hidden... -> out has, worked out from its description alone.
std::vector<TensorShape> mlp_shapes(Index in, const std::vector<Index>& hidden, Index out) {
    std::vector<TensorShape> shapes;
    std::vector<Index> sizes = {in};
    sizes.insert(sizes.end(), hidden.begin(), hidden.end());
    sizes.push_back(out);
    for (std::size_t i = 0; i + 1 < sizes.size(); ++i) {
        shapes.push_back({"model/" + std::to_string(i) + ".weight", sizes[i], sizes[i + 1]});
        shapes.push_back({"model/" + std::to_string(i) + ".bias", 1, sizes[i + 1]});
    }
    return shapes;
}

}  // namespace

TEST_CASE("peek_checkpoint gives the metadata, names and stored shapes, and no values") {
    TempDir dir;
    const std::vector<unsigned char> bytes = small_checkpoint(R"({"hidden": [4]})");
    write_bytes(dir / "run.ckpt", bytes);
    const CheckpointSummary s = peek_checkpoint(dir / "run.ckpt");
    CHECK(s.metadata == R"({"hidden": [4]})");
    CHECK(s.position == TrainingPosition{1, 7});
    CHECK(s.file_size == bytes.size());
    CHECK(s.source == (dir / "run.ckpt").string());
    REQUIRE(s.entries.size() == 4);
    CHECK(s.entries[0].name == "model/0.weight");
    CHECK(s.entries[0].rows == 3);
    CHECK(s.entries[0].cols == 4);
    CHECK(s.value_count("model/") == 3 * 4 + 4 + 4 * 2 + 2);
    CHECK(s.value_count("optim/") == 0);
    const CheckpointContents full = read_checkpoint(dir / "run.ckpt");
    for (std::size_t i = 0; i < 4; ++i) CHECK(s.entries[i].offset == full.entries[i].offset);
    CHECK_NOTHROW(check_stored_shapes(s, mlp_shapes(3, {4}, 2), "model/", "model"));
}

TEST_CASE("a small file whose metadata describes a huge model is refused before any model is built") {
    // The reproducer: a valid file of a few hundred bytes (checksum and all) whose metadata says
    // hidden [40000, 40000]. Building that MLP first took 12.5 GB and 31 s; the shapes it would
    // have are compared with the stored ones instead.
    const std::vector<unsigned char> bytes = small_checkpoint(R"({"model": {"hidden": [40000, 40000]}})");
    const CheckpointSummary s = peek(bytes);
    CHECK(refusal([&] { check_stored_shapes(s, mlp_shapes(3, {40000, 40000}, 2), "model/", "model the metadata describes"); }) ==
          "x: shape mismatch for '0.weight': 3x4 in the checkpoint, 3x40000 in the model the metadata describes");
    CHECK(refusal([&] { check_stored_shapes(s, mlp_shapes(3, {}, 2), "model/", "model"); }) ==
          "x: shape mismatch for '0.weight': 3x4 in the checkpoint, 3x2 in the model");
    CHECK(refusal([&] { check_stored_shapes(s, mlp_shapes(3, {4, 4}, 2), "model/", "model"); }) ==
          "x: shape mismatch for '1.weight': 4x2 in the checkpoint, 4x4 in the model");
    auto missing = mlp_shapes(3, {4}, 2);
    missing.pop_back();
    CHECK(refusal([&] { check_stored_shapes(s, missing, "model/", "model"); }) ==
          "x: the checkpoint has '1.bias' but the model does not");
    CHECK(refusal([&] { check_stored_shapes(s, {{"model/w", 1, 1}}, "model/", "model"); }) ==
          "x: the model has 'w' but the checkpoint does not (it holds: 0.weight, 0.bias, 1.weight, 1.bias)");
}

TEST_CASE("peek refuses every truncation and every flipped byte, with parse_checkpoint's message") {
    const std::vector<unsigned char> bytes = small_checkpoint("{}");
    for (std::size_t n = 0; n <= bytes.size(); ++n) {
        std::vector<unsigned char> cut(bytes.begin(), bytes.begin() + static_cast<long>(n));
        std::vector<unsigned char> flipped = bytes;
        if (n < bytes.size()) flipped[n] ^= 0x10;
        CAPTURE(n);
        if (n < bytes.size()) {
            const std::string message = refusal([&] { peek(cut); });
            CHECK(message != "accepted");
            CHECK(message == refusal([&] { parse_checkpoint(cut, "x"); }));
        }
        if (n < bytes.size()) {
            const std::string message = refusal([&] { peek(flipped); });
            CHECK(message != "accepted");
            CHECK(message == refusal([&] { parse_checkpoint(flipped, "x"); }));
        }
    }
    CHECK(refusal([&] { peek(bytes); }) == "accepted");
}

TEST_CASE("lying sizes are refused by peek with what was declared and what remains") {
    const std::vector<unsigned char> bytes = small_checkpoint("");
    // Layout with empty strings: 16 header + 16 position + 4 + 8 optimizer + 4 rng + 4 metadata = 52;
    // table: 4 count, then 4 + 14 ("model/0.weight") name, rows at 74.
    std::vector<unsigned char> huge = bytes;
    huge[74 + 5] = 1;  // rows = 3 + 2^40
    CHECK(refusal([&] { peek(huge); }) ==
          "x: tensor 'model/0.weight' declares a shape of 1099511627779x4, larger than the whole file (" +
              std::to_string(bytes.size()) + " bytes) could hold");
    std::vector<unsigned char> wide = bytes;
    wide[82] = 0xff;  // cols 4 -> 255: smaller than the file, but more values than the bytes that remain
    CHECK(refusal([&] { peek(wide); }).find("tensor 'model/0.weight' declares 3x255 float32 values (3060 bytes)") !=
          std::string::npos);
    std::vector<unsigned char> long_text = bytes;
    long_text[48 + 3] = 0x7f;  // the metadata's length: 0x7f000000 bytes
    CHECK(refusal([&] { peek(long_text); }).starts_with("x: the metadata section declares a text of 2130706432 bytes"));
    std::vector<unsigned char> many = bytes;
    many[52 + 3] = 0xff;  // 0xff000004 tensors
    CHECK(refusal([&] { peek(many); }).starts_with("x: the tensor table declares 4278190084 tensors"));
    std::vector<unsigned char> hostile_name = huge;
    hostile_name[60] = 0x1b;  // the first name (at 60) now starts with an escape byte
    CHECK(refusal([&] { peek(hostile_name); }).starts_with("x: tensor '\\x1bodel/0.weight' declares a shape"));
}

#if !defined(__SANITIZE_ADDRESS__)
namespace {

// Runs f in a child process whose address space may grow by at most `headroom` bytes beyond the
// parent's, and returns f's result (or -1 if the child died). Earlier tests leave free memory in
// the heap that f could reuse without growing the address space, so the child first hands the
// heap's free top back (malloc_trim) and sends every allocation of 128 KB or more to a fresh
// mapping, which the limit counts. Sanitizer builds reserve terabytes of address space, so this
// runs in plain builds only.
int with_headroom(std::size_t headroom, const std::function<int()>& f) {
    const pid_t child = ::fork();
    if (child == 0) {
        ::malloc_trim(0);
        ::mallopt(M_MMAP_THRESHOLD, 128 << 10);
        long pages = 0;
        std::ifstream("/proc/self/statm") >> pages;  // the address space in use, in pages
        const rlim_t limit = static_cast<rlim_t>(pages) * static_cast<rlim_t>(::sysconf(_SC_PAGESIZE)) + headroom;
        const rlimit cap{limit, limit};
        ::setrlimit(RLIMIT_AS, &cap);
        int result = 99;
        try {
            result = f();
        } catch (const std::bad_alloc&) {
            result = 98;
        } catch (...) {
            result = 97;
        }
        ::_exit(result);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("peeking at a 20 MB checkpoint fits in 8 MB of headroom; reading it whole does not") {
    TempDir dir;
    Parameter<float> big("w", Tensor<float>::Constant(1000, 5000, 0.5f));  // 20 MB of values
    save_checkpoint(dir / "big.ckpt", TrainingState<float>{{&big}, nullptr, nullptr, {}, R"({"hidden": [5000]})"});
    const std::size_t headroom = 8 << 20;
    CHECK(with_headroom(headroom, [&] {
              const CheckpointSummary s = peek_checkpoint(dir / "big.ckpt");
              return s.value_count() == 5'000'000 && s.metadata == R"({"hidden": [5000]})" ? 0 : 1;
          }) == 0);
    // The limit bites: the same headroom cannot hold the file read whole (98: std::bad_alloc).
    CHECK(with_headroom(headroom, [&] { return read_checkpoint(dir / "big.ckpt").entries.size() == 1 ? 0 : 1; }) == 98);
}

TEST_CASE("lying files are refused within 8 MB of headroom, however much they declare") {
    TempDir dir;
    const std::vector<unsigned char> bytes = small_checkpoint("");
    std::vector<std::vector<unsigned char>> liars;
    liars.push_back(bytes);
    liars.back()[74 + 5] = 1;  // 2^40 rows
    liars.push_back(bytes);
    liars.back()[48 + 3] = 0x7f;  // 2 GB of metadata
    liars.push_back(bytes);
    liars.back()[52 + 3] = 0xff;  // 4 billion tensors
    liars.push_back(std::vector<unsigned char>(bytes.begin(), bytes.end() - 9));  // truncated
    for (std::size_t i = 0; i < liars.size(); ++i) {
        CAPTURE(i);
        write_bytes(dir / "liar.ckpt", liars[i]);
        CHECK(with_headroom(8 << 20, [&] {
                  try {
                      peek_checkpoint(dir / "liar.ckpt");
                  } catch (const CheckpointError&) {
                      return 0;
                  }
                  return 1;
              }) == 0);
    }
}
#endif
