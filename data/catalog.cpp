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

// Reads the JSON keys of one generator into its options struct, one field at a time.
class OptionReader {
public:
    OptionReader(const std::string& generator, const nlohmann::json& options) : name_(generator), json_(options) {
        if (!options.is_object() && !options.is_null()) fail("options must be a JSON object, not " + options.dump());
        const auto& known = info().options;
        for (const auto& item : options.items())
            if (std::find(known.begin(), known.end(), item.key()) == known.end()) {
                std::string list;
                for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
                fail("unknown option \"" + item.key() + "\"; the options are " + list);
            }
    }
    template <class T>
    void read(const char* key, T& field) const {
        const auto it = json_.find(key);
        if (it == json_.end()) return;  // not given: keep the default
        const nlohmann::json& v = *it;
        if constexpr (std::is_same_v<T, bool>) require(v.is_boolean(), key, v, "true or false");
        else if constexpr (std::is_same_v<T, double>) require(v.is_number(), key, v, "a number");
        else if constexpr (std::is_unsigned_v<T>) require(v.is_number_integer() && v.get<Index>() >= 0, key, v, "a whole number >= 0");
        else require(v.is_number_integer(), key, v, "a whole number");
        field = v.get<T>();
    }

private:
    const DatasetInfo& info() const {
        const auto& all = list_datasets();
        return *std::find_if(all.begin(), all.end(), [&](const DatasetInfo& d) { return d.name == name_; });
    }
    void require(bool ok, const char* key, const nlohmann::json& v, const char* what) const {
        if (!ok) fail(std::string("option \"") + key + "\" must be " + what + ", not " + v.dump());
    }
    [[noreturn]] void fail(const std::string& why) const { throw ValueError("generator \"" + name_ + "\": " + why); }

    std::string name_;
    const nlohmann::json& json_;
};

}  // namespace

Dataset generate_dataset(const std::string& name, const nlohmann::json& options) {
    const auto& all = list_datasets();
    const bool known = std::any_of(all.begin(), all.end(), [&](const DatasetInfo& d) { return d.name == name && d.kind == "generator"; });
    if (!known) {
        std::string list;
        for (const auto& d : all)
            if (d.kind == "generator") list += (list.empty() ? "" : ", ") + d.name;
        throw ValueError("generate_dataset: no generator \"" + name + "\"; the generators are " + list);
    }
    const OptionReader in(name, options);
    if (name == "blobs") {
        BlobsOptions o;
        in.read("n", o.n); in.read("classes", o.classes); in.read("features", o.features);
        in.read("spread", o.spread); in.read("box", o.box); in.read("seed", o.seed);
        return make_blobs(o);
    }
    if (name == "moons") {
        MoonsOptions o;
        in.read("n", o.n); in.read("noise", o.noise); in.read("seed", o.seed);
        return make_moons(o);
    }
    if (name == "circles") {
        CirclesOptions o;
        in.read("n", o.n); in.read("noise", o.noise); in.read("factor", o.factor); in.read("seed", o.seed);
        return make_circles(o);
    }
    if (name == "spirals") {
        SpiralsOptions o;
        in.read("n", o.n); in.read("classes", o.classes); in.read("noise", o.noise);
        in.read("turns", o.turns); in.read("seed", o.seed);
        return make_spirals(o);
    }
    if (name == "xor") {
        XorOptions o;
        in.read("n", o.n); in.read("noise", o.noise); in.read("seed", o.seed);
        return make_xor(o);
    }
    MultilabelOptions o;
    in.read("n", o.n); in.read("features", o.features); in.read("labels", o.labels);
    in.read("labels_per_example", o.labels_per_example); in.read("length", o.length);
    in.read("allow_unlabeled", o.allow_unlabeled); in.read("seed", o.seed);
    return make_multilabel(o);
}

}  // namespace tapegrad
