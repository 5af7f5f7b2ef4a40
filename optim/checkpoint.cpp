// save_checkpoint and load_checkpoint: gather the named tensors and encode them; parse, check every
// name and shape against the model and optimizer, and only then copy the values in.
#include "checkpoint.hpp"

#include "../core/files.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <unistd.h>

namespace tapegrad {

namespace {

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& problem) {
    throw CheckpointError(quoted_path(path) + ": " + problem);
}

// "model/<name>" for every parameter, then "optim/<name>/<slot>" for the optimizer's state.
template <class T>
std::vector<StateTensor<T>> named_tensors(const TrainingState<T>& state) {
    std::vector<StateTensor<T>> out;
    for (Parameter<T>* p : state.parameters) out.push_back({"model/" + p->name, &p->value});
    if (state.optimizer != nullptr)
        for (const StateTensor<T>& s : state.optimizer->state()) out.push_back({"optim/" + s.name, s.tensor});
    return out;
}

// Every tensor the state expects must be in the file with the same shape, and every tensor of the
// file under a prefix the state restores must be expected: a model with a layer missing or added
// is refused.
template <class T>
void check_matches(const CheckpointSummary& c, const std::vector<StateTensor<T>>& expected, const std::string& prefix,
                   const char* kind) {
    std::vector<TensorShape> shapes;
    for (const StateTensor<T>& t : expected) shapes.push_back({t.name, t.tensor->rows(), t.tensor->cols()});
    check_stored_shapes(c, shapes, prefix, kind);
}

}  // namespace

std::filesystem::path checkpoint_temp_path(const std::filesystem::path& path) { return temporary_path_for(path); }

template <class T>
void save_checkpoint(const std::filesystem::path& path, const TrainingState<T>& state) {
    const Optimizer<T>* opt = state.optimizer;
    std::vector<NamedValues<T>> tensors;
    std::set<std::string> names;
    for (const StateTensor<T>& t : named_tensors(state)) {
        if (!names.insert(t.name).second)
            fail(path, "two tensors are both named '" + t.name + "'; every parameter needs its own name "
                       "(an MLP names them 0.weight, 0.bias, 1.weight, ...)");
        tensors.push_back({t.name, t.tensor});
    }
    const std::vector<unsigned char> bytes = encode_checkpoint<T>(
        state.position, opt ? opt->name() : "", opt ? opt->steps() : 0, state.rng ? state.rng->state() : "",
        state.metadata, tensors);
    try {
        write_file_atomically(path, bytes);
    } catch (const Error& e) {
        throw CheckpointError(e.what());
    }
}

CheckpointContents read_checkpoint(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(path, std::string("cannot open the checkpoint: ") + std::strerror(errno));
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) fail(path, "cannot read its size: " + ec.message());
    std::vector<unsigned char> bytes(static_cast<std::size_t>(size));  // the file's real length, not a declared one
    in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (static_cast<std::uintmax_t>(in.gcount()) != size) fail(path, "could not read all of it");
    return parse_checkpoint(std::move(bytes), path.string());
}

CheckpointSummary peek_checkpoint(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(path, std::string("cannot open the checkpoint: ") + std::strerror(errno));
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) fail(path, "cannot read its size: " + ec.message());
    return peek_checkpoint(in, size, path.string());  // the file's real length, not a declared one
}

template <class T>
void load_checkpoint(const std::filesystem::path& path, TrainingState<T>& state) {
    const CheckpointContents c = read_checkpoint(path);
    // 1. Checks, changing nothing.
    if (c.scalar_size != sizeof(T))
        fail(path, std::string("it holds ") + (c.scalar_size == 4 ? "float32" : "float64") + " tensors, but the model is " +
                       (sizeof(T) == 4 ? "float32" : "float64"));
    const std::vector<StateTensor<T>> expected = named_tensors(state);
    check_matches(c, expected, "model/", "model");
    if (state.optimizer != nullptr) {
        if (c.optimizer.empty()) fail(path, "it holds no optimizer state, but an optimizer was given to restore");
        if (c.optimizer != state.optimizer->name())
            fail(path, "its optimizer state is " + c.optimizer + "'s, but the optimizer given is " + state.optimizer->name());
        check_matches(c, expected, "optim/", "optimizer");
    }
    std::mt19937_64 engine;
    if (state.rng != nullptr) {
        if (c.rng_state.empty()) fail(path, "it holds no RNG state, but an Rng was given to restore");
        std::istringstream text(c.rng_state);
        if (!(text >> engine)) fail(path, "its RNG state is not a valid mt19937_64 state");
    }
    // 2. Every check passed: copy everything in.
    for (const StateTensor<T>& t : expected) c.read_values(*c.find(t.name), *t.tensor);
    if (state.optimizer != nullptr) state.optimizer->set_steps(c.optimizer_steps);
    if (state.rng != nullptr) state.rng->set_state(c.rng_state);
    state.position = c.position;
    state.metadata = c.metadata;
}

template void save_checkpoint(const std::filesystem::path&, const TrainingState<float>&);
template void save_checkpoint(const std::filesystem::path&, const TrainingState<double>&);
template void load_checkpoint(const std::filesystem::path&, TrainingState<float>&);
template void load_checkpoint(const std::filesystem::path&, TrainingState<double>&);

}  // namespace tapegrad
