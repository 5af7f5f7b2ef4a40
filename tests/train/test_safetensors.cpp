// The safetensors reader and writer: a file built by hand reads as a reader can check with a
// calculator, a round trip keeps every value, and broken or crafted files are refused with a
// message saying what is wrong, before anything the header claims is allocated.
#include "../optim/temp_dir.hpp"

#include <doctest/doctest.h>

#include "train/safetensors.hpp"

#include <cstring>
#include <string>

using namespace tapegrad;

namespace {

// A safetensors file from its header text and data bytes: 8-byte little-endian length, header, data.
std::vector<unsigned char> file_bytes(const std::string& header, const std::vector<unsigned char>& data,
                                      std::uint64_t claimed_length = UINT64_MAX) {
    const std::uint64_t n = claimed_length == UINT64_MAX ? header.size() : claimed_length;
    std::vector<unsigned char> out;
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<unsigned char>(n >> (8 * i)));
    out.insert(out.end(), header.begin(), header.end());
    out.insert(out.end(), data.begin(), data.end());
    return out;
}

// What opening the file throws, or "" if it opens.
std::string open_error(const TempDir& dir, const std::vector<unsigned char>& bytes) {
    const auto path = dir / "bad.safetensors";
    write_bytes(path, bytes);
    try {
        SafetensorsFile file(path);
    } catch (const SafetensorsError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("safetensors: a file written by hand reads back as its bytes say") {
    TempDir dir;
    // 1.0f is 0x3f800000 and -2.0f is 0xc0000000, stored little-endian.
    const std::vector<unsigned char> data = {0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0};
    write_bytes(dir / "a.safetensors",
                file_bytes(R"({"__metadata__":{"note":"hi"},"b":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]}}  )", data));
    SafetensorsFile file(dir / "a.safetensors");
    REQUIRE(file.tensors().size() == 1);
    const SafetensorsEntry& b = file.tensors()[0];
    CHECK(b.name == "b");
    CHECK(b.shape == std::vector<std::int64_t>{1, 2});
    CHECK(file.metadata().at("note") == "hi");
    CHECK(file.read_f32(b) == std::vector<float>{1.0f, -2.0f});
}

TEST_CASE("safetensors: a round trip keeps names, shapes, values and metadata; the data is 8-byte aligned") {
    TempDir dir;
    const std::vector<NamedTensor> tensors = {{"0.weight", {2, 3}, {1, 2, 3, 4, 5, 6}}, {"0.bias", {2}, {-0.5f, 1e-30f}}};
    write_safetensors(dir / "m.safetensors", tensors, {{"format", "tapegrad mlp"}, {"class_names", R"(["a","b"])"}});
    const auto bytes = read_bytes(dir / "m.safetensors");
    std::uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | bytes[static_cast<std::size_t>(i)];
    CHECK((8 + n) % 8 == 0);
    CHECK(bytes.size() == 8 + n + 4 * 8);

    SafetensorsFile file(dir / "m.safetensors");
    CHECK(file.metadata().at("class_names") == R"(["a","b"])");
    REQUIRE(file.find("0.weight"));
    CHECK(file.find("0.weight")->shape == std::vector<std::int64_t>{2, 3});
    CHECK(file.read_f32(*file.find("0.weight")) == tensors[0].values);
    CHECK(file.read_f32(*file.find("0.bias")) == tensors[1].values);
    CHECK(file.find("1.weight") == nullptr);
}

TEST_CASE("safetensors: broken and crafted files are refused, saying what is wrong") {
    TempDir dir;
    const std::vector<unsigned char> eight(8, 0);
    const std::string good = R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
    const auto contains = [](const std::string& message, const std::string& part) {
        INFO(message);
        CHECK(message.find(part) != std::string::npos);
    };

    SUBCASE("shorter than the length field") {
        contains(open_error(dir, {1, 2, 3}), "too short for safetensors (3 bytes");
    }
    SUBCASE("a header length past the end of the file, refused before it is allocated") {
        // 2^60 bytes could never be allocated: reaching the message proves nothing was.
        contains(open_error(dir, file_bytes(good, eight, std::uint64_t{1} << 60)),
                 "the header length (1152921504606846976 bytes) runs past the end of the file (62 bytes follow it)");
    }
    SUBCASE("a truncated header") {
        auto bytes = file_bytes(good, eight);
        bytes.resize(20);
        contains(open_error(dir, bytes), "runs past the end of the file (12 bytes follow it): the file is truncated");
    }
    SUBCASE("truncated data") {
        auto bytes = file_bytes(good, eight);
        bytes.pop_back();
        contains(open_error(dir, bytes), "tensor 'w': data_offsets [0, 8] lie outside the data (7 bytes)");
    }
    SUBCASE("a header that is not JSON") {
        contains(open_error(dir, file_bytes(R"({"w": {"dtype": "F32",)", {})), "the header is not valid JSON");
        contains(open_error(dir, file_bytes("[1, 2]", {})), "the header is not a JSON object");
    }
    SUBCASE("an unknown dtype") {
        contains(open_error(dir, file_bytes(R"({"w":{"dtype":"F31","shape":[2],"data_offsets":[0,8]}})", eight)),
                 "tensor 'w': unknown dtype \"F31\"");
    }
    SUBCASE("a shape that does not fill its bytes, including one whose size overflows") {
        contains(open_error(dir, file_bytes(R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", eight)),
                 "tensor 'w': shape [3] of F32 does not fill its data_offsets (8 bytes)");
        contains(open_error(dir, file_bytes(R"({"w":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}})", eight)),
                 "does not fill its data_offsets (8 bytes)");
        contains(open_error(dir, file_bytes(R"({"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", eight)),
                 "shape: entries must be non-negative integers");
    }
    SUBCASE("offsets that are not two non-negative integers") {
        contains(open_error(dir, file_bytes(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[-8,0]}})", eight)),
                 "tensor 'w': data_offsets: must be [begin, end]");
        contains(open_error(dir, file_bytes(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}})", eight)),
                 "data_offsets [8, 0] lie outside the data");
    }
    SUBCASE("tensors that overlap, or leave bytes no tensor owns") {
        contains(open_error(dir, file_bytes(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},
                                                "b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", eight)),
                 "tensor 'b' starts at byte 4 of the data, where 8 was expected");
        contains(open_error(dir, file_bytes(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", eight)),
                 "the tensors cover 4 bytes of data but the file holds 8 after the header");
    }
    SUBCASE("metadata that is not text") {
        contains(open_error(dir, file_bytes(R"({"__metadata__":{"epochs":3}})", {})),
                 "__metadata__.epochs must be a string");
    }
    SUBCASE("a dtype tapegrad does not read") {
        write_bytes(dir / "f64.safetensors", file_bytes(R"({"w":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}})", eight));
        SafetensorsFile file(dir / "f64.safetensors");
        CHECK_THROWS_WITH_AS(file.read_f32(file.tensors()[0]),
                             doctest::Contains("tensor 'w' is F64; tapegrad reads float32 weights (in PyTorch, save "
                                               "{k: v.float() for k, v in model.state_dict().items()})"),
                             SafetensorsError);
    }
    SUBCASE("a file that does not exist") {
        CHECK_THROWS_WITH_AS(SafetensorsFile(dir / "missing.safetensors"), doctest::Contains("missing.safetensors: cannot read the file"),
                             SafetensorsError);
    }
}

TEST_CASE("safetensors: the writer refuses a tensor whose values do not match its shape") {
    CHECK_THROWS_WITH_AS(safetensors_bytes({{"w", {2, 2}, {1, 2, 3}}}, {}),
                         "safetensors: tensor 'w' has shape [2, 2] (4 values) but holds 3 values", SafetensorsError);
    CHECK_THROWS_AS(safetensors_bytes({{"w", {1}, {1}}, {"w", {1}, {2}}}, {}), SafetensorsError);
}
