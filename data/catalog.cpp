// The list of named datasets, and generate_dataset: JSON options read into a generator's
// options struct, refusing keys it does not know.
#include "catalog.hpp"

#include "generators.hpp"

#include <algorithm>
#include <type_traits>

namespace tapegrad {

const std::vector<DatasetInfo>& list_datasets() {
    static const std::vector<DatasetInfo> all = {
        {"iris", "bundled", "multiclass", "Fisher's iris flowers: 150 x 4 measurements (cm), 3 species, 50 each", {}},
        {"digits", "bundled", "multiclass", "UCI handwritten digits: 1797 8x8 images (64 pixels, 0..16), 10 classes", {}},
        {"digits_multilabel", "bundled", "multilabel",
         "the digits with 4 labels each: even, prime, at_least_5, has_closed_loop", {}},
        {"blobs", "generator", "multiclass", "Gaussian blobs around random centres", {"n", "classes", "features", "spread", "box", "seed"}},
        {"moons", "generator", "binary", "two interleaving half circles in 2-D", {"n", "noise", "seed"}},
        {"circles", "generator", "binary", "a small circle inside a large one in 2-D", {"n", "noise", "factor", "seed"}},
        {"spirals", "generator", "multiclass", "spiral arms winding around the origin in 2-D", {"n", "classes", "noise", "turns", "seed"}},
        {"xor", "generator", "binary", "the four quadrants, labelled by whether x and y have opposite signs",
         {"n", "noise", "seed"}},
        {"multilabel", "generator", "multilabel", "word-count documents that each carry several labels",
         {"n", "features", "labels", "labels_per_example", "length", "allow_unlabeled", "seed"}},
    };
    return all;
}

namespace {

// Generous bounds, so that a typo such as "n": 1e12 is a clear error and not an out-of-memory.
constexpr long long max_examples = 10'000'000, max_width = 100'000;

// Reads the JSON keys of one generator into its options struct through the strict reader: each
// field is asked for by key with its type and range; keys nobody asked for are refused.
class GeneratorOptions {
public:
    GeneratorOptions(const nlohmann::json& options, const std::string& path) : in_(options, path) {}
    void read(const char* key, double& field) { field = in_.number(key, field); }
    void read(const char* key, bool& field) { field = in_.boolean(key, field); }
    void read(const char* key, std::uint64_t& field) {
        field = static_cast<std::uint64_t>(in_.integer(key, static_cast<long long>(field), 0, (1LL << 62)));
    }
    void read(const char* key, Index& field, long long hi = max_width) {
        field = static_cast<Index>(in_.integer(key, field, 0, hi));
    }
    void finish() const { in_.finish(); }

private:
    Options in_;
};

}  // namespace

Dataset generate_dataset(const std::string& name, const nlohmann::json& options, const std::string& path) {
    const auto& all = list_datasets();
    const bool known = std::any_of(all.begin(), all.end(), [&](const DatasetInfo& d) { return d.name == name && d.kind == "generator"; });
    if (!known) {
        std::string list;
        for (const auto& d : all)
            if (d.kind == "generator") list += (list.empty() ? "" : ", ") + d.name;
        throw ValueError("generate_dataset: no generator \"" + name + "\"; the generators are " + list);
    }
    GeneratorOptions in(options, path.empty() ? "generator \"" + name + "\"" : path);
    if (name == "blobs") {
        BlobsOptions o;
        in.read("n", o.n, max_examples); in.read("classes", o.classes); in.read("features", o.features);
        in.read("spread", o.spread); in.read("box", o.box); in.read("seed", o.seed);
        in.finish();
        return make_blobs(o);
    }
    if (name == "moons") {
        MoonsOptions o;
        in.read("n", o.n, max_examples); in.read("noise", o.noise); in.read("seed", o.seed);
        in.finish();
        return make_moons(o);
    }
    if (name == "circles") {
        CirclesOptions o;
        in.read("n", o.n, max_examples); in.read("noise", o.noise); in.read("factor", o.factor); in.read("seed", o.seed);
        in.finish();
        return make_circles(o);
    }
    if (name == "spirals") {
        SpiralsOptions o;
        in.read("n", o.n, max_examples); in.read("classes", o.classes); in.read("noise", o.noise);
        in.read("turns", o.turns); in.read("seed", o.seed);
        in.finish();
        return make_spirals(o);
    }
    if (name == "xor") {
        XorOptions o;
        in.read("n", o.n, max_examples); in.read("noise", o.noise); in.read("seed", o.seed);
        in.finish();
        return make_xor(o);
    }
    MultilabelOptions o;
    in.read("n", o.n, max_examples); in.read("features", o.features); in.read("labels", o.labels);
    in.read("labels_per_example", o.labels_per_example); in.read("length", o.length);
    in.read("allow_unlabeled", o.allow_unlabeled); in.read("seed", o.seed);
    in.finish();
    return make_multilabel(o);
}

}  // namespace tapegrad
