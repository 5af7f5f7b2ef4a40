// Checkpoints: a round trip restores everything bit for bit; corrupt, truncated or mismatched
// files are refused with a message naming the check; a failed save leaves the old file intact.
#include "temp_dir.hpp"

#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>

#include <csignal>
#include <cstring>
#include <sys/resource.h>

using namespace tapegrad;

namespace {

// A model, its Adam and its RNG, trained a few steps on made-up gradients.
struct Run {
    Rng rng;
    MLP<float> model;
    Adam<float> opt;
    explicit Run(std::uint64_t seed, std::vector<Index> hidden = {4})
        : rng(seed), model(3, hidden, 2, rng), opt(model.parameters(), AdamOptions(0.01)) {}
    void train(int steps) {
        for (int t = 0; t < steps; ++t) {
            for (Parameter<float>* p : model.parameters()) p->grad = rng.normal_tensor<float>(p->value.rows(), p->value.cols());
            opt.step();
        }
    }
    TrainingState<float> state(TrainingPosition position = {}) {
        return {model.parameters(), &opt, &rng, position, R"({"hidden": [4]})"};
    }
};

bool same_bits(const Tensor<float>& a, const Tensor<float>& b) {
    return a.rows() == b.rows() && a.cols() == b.cols() &&
           std::memcmp(a.data(), b.data(), sizeof(float) * static_cast<std::size_t>(a.size())) == 0;
}

std::string load_error(const std::filesystem::path& path, TrainingState<float> state) {
    try {
        load_checkpoint(path, state);
    } catch (const CheckpointError& e) {
        return e.what();
    }
    return "loaded";
}

}  // namespace

TEST_CASE("a checkpoint restores parameters, optimizer state, RNG, position and metadata exactly") {
    TempDir dir;
    Run saved(1);
    saved.train(3);
    save_checkpoint(dir / "run.ckpt", saved.state({2, 3}));

    Run fresh(99);  // other weights, zero moments, another RNG stream
    TrainingState<float> state = fresh.state();
    state.metadata.clear();
    load_checkpoint(dir / "run.ckpt", state);
    for (std::size_t i = 0; i < saved.model.parameters().size(); ++i)
        CHECK(same_bits(saved.model.parameters()[i]->value, fresh.model.parameters()[i]->value));
    for (std::size_t i = 0; i < saved.opt.state().size(); ++i)
        CHECK(same_bits(*saved.opt.state()[i].tensor, *fresh.opt.state()[i].tensor));
    CHECK(fresh.opt.steps() == 3);
    CHECK(fresh.rng.state() == saved.rng.state());
    CHECK(fresh.rng.uniform() == saved.rng.uniform());
    CHECK(state.position == TrainingPosition{2, 3});
    CHECK(state.metadata == R"({"hidden": [4]})");
    CHECK_FALSE(std::filesystem::exists(checkpoint_temp_path(dir / "run.ckpt")));
}

TEST_CASE("a model alone can be loaded from a checkpoint that also holds an optimizer") {
    TempDir dir;
    Run saved(1);
    saved.train(2);
    save_checkpoint(dir / "run.ckpt", saved.state());
    Rng rng(5);
    MLP<float> model(3, {4}, 2, rng);
    TrainingState<float> just_the_model{model.parameters()};
    load_checkpoint(dir / "run.ckpt", just_the_model);
    CHECK(same_bits(model.layers[1].weight.value, saved.model.layers[1].weight.value));
    const CheckpointContents c = read_checkpoint(dir / "run.ckpt");
    CHECK(c.optimizer == "adam");
    CHECK(c.entries.size() == 4 + 8);  // 4 parameters, 2 moments each
    CHECK(c.entries[0].name == "model/0.weight");
    CHECK(c.entries[4].name == "optim/0.weight/exp_avg");
}

TEST_CASE("a file that is not a checkpoint, or from a newer version, is refused first") {
    TempDir dir;
    Run run(1);
    save_checkpoint(dir / "run.ckpt", run.state());
    std::vector<unsigned char> bytes = read_bytes(dir / "run.ckpt");

    std::vector<unsigned char> zip = bytes;
    std::memcpy(zip.data(), "PK\x03\x04", 4);
    write_bytes(dir / "zip.ckpt", zip);
    CHECK(load_error(dir / "zip.ckpt", run.state()) ==
          (dir / "zip.ckpt").string() +
              ": not a tapegrad checkpoint: the file does not start with the magic number \"TGCKPT\\r\\n\"");

    std::vector<unsigned char> future = bytes;
    future[8] = 2;  // the version, little-endian u32 at offset 8
    write_bytes(dir / "future.ckpt", future);
    CHECK(load_error(dir / "future.ckpt", run.state()) ==
          (dir / "future.ckpt").string() +
              ": version 2 is newer than this tapegrad reads (1); update tapegrad to load it");
}

TEST_CASE("a truncated file is refused at every length, naming the section it ends in") {
    TempDir dir;
    Run run(1);
    save_checkpoint(dir / "run.ckpt", run.state());
    const std::vector<unsigned char> bytes = read_bytes(dir / "run.ckpt");

    // Every proper prefix of the file is refused.
    for (std::size_t n = 0; n < bytes.size(); ++n) {
        CAPTURE(n);
        CHECK_THROWS_AS(parse_checkpoint(std::vector<unsigned char>(bytes.begin(), bytes.begin() + static_cast<long>(n)), "x"),
                        CheckpointError);
    }

    // The section boundaries, from the layout in checkpoint_format.hpp.
    const std::size_t rng_at = 16 + 16 + 4 + 4 /* "adam" */ + 8;
    const std::size_t metadata_at = rng_at + 4 + run.rng.state().size();
    const std::size_t table_at = metadata_at + 4 + run.state().metadata.size();
    std::size_t data_at = table_at + 4;
    std::size_t checksum_at = 0;
    for (const auto& e : read_checkpoint(dir / "run.ckpt").entries) {
        data_at += 4 + e.name.size() + 16;
        checksum_at += static_cast<std::size_t>(e.rows * e.cols) * 4;
    }
    checksum_at += data_at;
    REQUIRE(checksum_at + 8 == bytes.size());

    auto cut_at = [&](std::size_t n) {
        write_bytes(dir / "cut.ckpt", std::vector<unsigned char>(bytes.begin(), bytes.begin() + static_cast<long>(n)));
        const std::string message = load_error(dir / "cut.ckpt", run.state());
        const std::string prefix = (dir / "cut.ckpt").string() + ": ";
        REQUIRE(message.starts_with(prefix));
        return message.substr(prefix.size());
    };
    CHECK(cut_at(0) == "not a tapegrad checkpoint: the file does not start with the magic number \"TGCKPT\\r\\n\" "
                       "(it is shorter than 8 bytes)");
    CHECK(cut_at(8) == "truncated: the file ends in the header section (the version needs 4 bytes at offset 8, "
                       "but the file is 8 bytes)");
    CHECK(cut_at(16) == "truncated: the file ends in the position section (the epoch needs 8 bytes at offset 16, "
                        "but the file is 16 bytes)");
    CHECK(cut_at(32) == "truncated: the file ends in the optimizer section (name needs 4 bytes at offset 32, "
                        "but the file is 32 bytes)");
    CHECK(cut_at(rng_at).starts_with("truncated: the file ends in the rng section"));
    CHECK(cut_at(metadata_at).starts_with("truncated: the file ends in the metadata section"));
    CHECK(cut_at(table_at).starts_with("truncated: the file ends in the tensor table section"));
    CHECK(cut_at(data_at) == "tensor 'model/0.weight' declares 3x4 float32 values (48 bytes) at offset " +
                                 std::to_string(data_at) + ", but only 0 bytes remain: the file is truncated or corrupt");
    CHECK(cut_at(checksum_at) == "truncated: the file ends in the checksum section (the checksum needs 8 bytes at offset " +
                                     std::to_string(checksum_at) + ", but the file is " + std::to_string(checksum_at) +
                                     " bytes)");
}

TEST_CASE("every flipped byte is refused; in the values, by the checksum") {
    TempDir dir;
    Run run(1);
    save_checkpoint(dir / "run.ckpt", run.state());
    const std::vector<unsigned char> bytes = read_bytes(dir / "run.ckpt");
    int refused = 0;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        std::vector<unsigned char> flipped = bytes;
        flipped[i] ^= 0x10;
        try {
            parse_checkpoint(std::move(flipped), "x");
        } catch (const CheckpointError&) {
            ++refused;
        }
    }
    CHECK(refused == static_cast<int>(bytes.size()));

    std::vector<unsigned char> flipped = bytes;
    flipped[bytes.size() - 20] ^= 0x01;  // the lowest bit of one stored value
    write_bytes(dir / "flipped.ckpt", flipped);
    const std::string message = load_error(dir / "flipped.ckpt", run.state());
    CHECK(message.find("checksum mismatch: the file records 0x") != std::string::npos);
    CHECK(message.ends_with(": the file is corrupt"));
}

TEST_CASE("a declared size larger than the file is refused before anything is allocated") {
    TempDir dir;
    Run run(1);
    const auto tensors = std::vector<NamedValues<float>>{{"model/w", &run.model.layers[0].weight.value}};
    std::vector<unsigned char> bytes = encode_checkpoint<float>({}, "", 0, "", "", tensors);
    // Layout with empty strings: 16 header + 16 position + 4 + 8 optimizer + 4 rng + 4 metadata
    // = 52; table: 4 count, then 4 + 7 ("model/w") name, rows at 67.
    std::vector<unsigned char> huge = bytes;
    huge[67 + 5] = 1;  // rows = 3 + 2^40
    CHECK_THROWS_WITH_AS(parse_checkpoint(huge, "x"),
                         "x: tensor 'model/w' declares a shape of 1099511627779x4, larger than the "
                         "whole file (139 bytes) could hold",
                         CheckpointError);
    std::vector<unsigned char> long_text = bytes;
    long_text[48 + 3] = 0x7f;  // the metadata's length: 0x7f000000 bytes
    CHECK_THROWS_WITH_AS(parse_checkpoint(long_text, "x"),
                         "x: the metadata section declares a text of 2130706432 bytes at offset 48, "
                         "but only 87 bytes remain: the file is truncated or corrupt",
                         CheckpointError);
    std::vector<unsigned char> many = bytes;
    many[52 + 2] = 1;  // 65537 tensors
    CHECK_THROWS_WITH_AS(parse_checkpoint(many, "x"),
                         "x: the tensor table declares 65537 tensors at offset 52, more than the "
                         "83 remaining bytes can describe: the file is truncated or corrupt",
                         CheckpointError);
}

TEST_CASE("a checkpoint that does not fit the model is refused, and the model is left as it was") {
    TempDir dir;
    Run saved(1);
    save_checkpoint(dir / "run.ckpt", saved.state());
    const std::string prefix = (dir / "run.ckpt").string() + ": ";

    Run wider(2, {5});
    const Tensor<float> before = wider.model.layers[0].weight.value;
    CHECK(load_error(dir / "run.ckpt", wider.state()) ==
          prefix + "shape mismatch for '0.weight': 3x4 in the checkpoint, 3x5 in the model");
    CHECK(same_bits(before, wider.model.layers[0].weight.value));

    Parameter<float> a("0.weight", Tensor<float>::Zero(3, 4)), extra("extra", Tensor<float>::Zero(1, 1));
    CHECK(load_error(dir / "run.ckpt", {{&a}}) == prefix + "the checkpoint has '0.bias' but the model does not");
    Parameter<float> b("0.bias", Tensor<float>::Zero(1, 4)), c("1.weight", Tensor<float>::Zero(4, 2)),
        d("1.bias", Tensor<float>::Zero(1, 2));
    CHECK(load_error(dir / "run.ckpt", {{&a, &b, &c, &d, &extra}}) ==
          prefix + "the model has 'extra' but the checkpoint does not (it holds: 0.weight, 0.bias, 1.weight, 1.bias)");
    CHECK(a.value.isZero());

    Run same(3);
    SGD<float> sgd(same.model.parameters(), SGDOptions(0.1));
    CHECK(load_error(dir / "run.ckpt", {same.model.parameters(), &sgd}) ==
          prefix + "its optimizer state is adam's, but the optimizer given is sgd");

    save_checkpoint(dir / "bare.ckpt", TrainingState<float>{saved.model.parameters()});
    CHECK(load_error(dir / "bare.ckpt", same.state()).ends_with(
        "it holds no optimizer state, but an optimizer was given to restore"));

    Parameter<double> w64("0.weight", Tensor<double>::Zero(3, 4));
    save_checkpoint(dir / "f64.ckpt", TrainingState<double>{{&w64}});
    CHECK(load_error(dir / "f64.ckpt", {{&a}}).ends_with("it holds float64 tensors, but the model is float32"));
}

TEST_CASE("a failed save leaves the previous checkpoint intact") {
    TempDir dir;
    const auto path = dir / "run.ckpt";
    Run first(1);
    save_checkpoint(path, first.state());
    const std::vector<unsigned char> good = read_bytes(path);
    Run second(2);
    second.train(1);

    SUBCASE("the temporary file cannot be created") {
        std::filesystem::create_directory(checkpoint_temp_path(path));  // a directory squats on its name
        CHECK_THROWS_WITH_AS(save_checkpoint(path, second.state()),
                             doctest::Contains("could not create the temporary file"), CheckpointError);
        std::filesystem::remove(checkpoint_temp_path(path));
    }
    SUBCASE("the disk fills up halfway through writing") {
        // A file-size limit makes write() fail with EFBIG after 1000 bytes, as a full disk would.
        rlimit old{};
        getrlimit(RLIMIT_FSIZE, &old);
        rlimit small = old;
        small.rlim_cur = 1000;
        auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
        REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
        std::string message;
        try {
            save_checkpoint(path, second.state());
        } catch (const CheckpointError& e) {
            message = e.what();
        }
        setrlimit(RLIMIT_FSIZE, &old);
        std::signal(SIGXFSZ, old_handler);
        CHECK(message.find("could not write the temporary file") != std::string::npos);
        CHECK(message.ends_with("; the previous file, if any, is unchanged"));
        CHECK_FALSE(std::filesystem::exists(checkpoint_temp_path(path)));
    }
    SUBCASE("the directory is not writable") {
        if (::geteuid() == 0) return;  // root writes anywhere: nothing to test
        std::filesystem::permissions(dir.path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
        CHECK_THROWS_AS(save_checkpoint(path, second.state()), CheckpointError);
        std::filesystem::permissions(dir.path, std::filesystem::perms::owner_all);
    }
    CHECK(read_bytes(path) == good);
    Run check(3);
    TrainingState<float> state = check.state();
    load_checkpoint(path, state);
    CHECK(same_bits(check.model.layers[0].weight.value, first.model.layers[0].weight.value));
}

TEST_CASE("saving refuses two parameters with the same name") {
    TempDir dir;
    Parameter<float> a("weight", Tensor<float>::Zero(1, 1)), b("weight", Tensor<float>::Zero(1, 1));
    CHECK_THROWS_WITH_AS(save_checkpoint(dir / "x.ckpt", TrainingState<float>{{&a, &b}}),
                         doctest::Contains("two tensors are both named 'model/weight'"), CheckpointError);
    CHECK_FALSE(std::filesystem::exists(dir / "x.ckpt"));
}
