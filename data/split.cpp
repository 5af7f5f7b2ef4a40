// The seeded, stratified train/test split: shuffle each class's rows with Fisher-Yates and
// take the first round(count * f) of them for the test part.
#include "split.hpp"

#include "batches.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

namespace tapegrad {
namespace {

std::string number(double v) {
    std::ostringstream out;
    out << v;  // 0.25, 1, 0.001: no trailing zeros
    return out.str();
}

// Moves the first round(group.size() * f) rows of a shuffled group to test, the rest to train.
void deal(std::vector<Index>& group, double f, Rng& rng, std::vector<Index>& train, std::vector<Index>& test) {
    shuffle_in_place(group, rng);
    const auto n_test = static_cast<std::size_t>(std::round(double(group.size()) * f));
    test.insert(test.end(), group.begin(), group.begin() + static_cast<std::ptrdiff_t>(n_test));
    train.insert(train.end(), group.begin() + static_cast<std::ptrdiff_t>(n_test), group.end());
}

}  // namespace

RowSplit split_rows(std::span<const Index> labels, Index rows, double test_fraction, std::uint64_t seed) {
    if (!(test_fraction > 0 && test_fraction < 1))
        throw ValueError("train_test_split: test_fraction is " + number(test_fraction) +
                         "; it must lie strictly between 0 and 1");
    Rng rng(seed);
    RowSplit split;
    if (!labels.empty()) {
        const Index classes = labels.empty() ? 0 : *std::max_element(labels.begin(), labels.end()) + 1;
        std::vector<std::vector<Index>> by_class(static_cast<std::size_t>(classes));
        for (Index i = 0; i < rows; ++i) by_class[static_cast<std::size_t>(labels[static_cast<std::size_t>(i)])].push_back(i);
        for (auto& group : by_class) deal(group, test_fraction, rng, split.train, split.test);
    } else {
        std::vector<Index> all = permutation(rows, rng);
        deal(all, test_fraction, rng, split.train, split.test);
    }
    if (split.train.empty() || split.test.empty())
        throw ValueError("train_test_split: test_fraction " + number(test_fraction) + " of " + std::to_string(rows) +
                         " rows leaves the " + (split.test.empty() ? "test" : "training") + " part empty");
    std::sort(split.train.begin(), split.train.end());
    std::sort(split.test.begin(), split.test.end());
    return split;
}

Split train_test_split(const Dataset& data, double test_fraction, std::uint64_t seed, bool stratify) {
    const bool by_class = stratify && !data.is_multilabel();
    const RowSplit rows = split_rows(by_class ? std::span<const Index>(data.labels) : std::span<const Index>(), data.rows(),
                                     test_fraction, seed);
    return {data.subset(rows.train), data.subset(rows.test)};
}

}  // namespace tapegrad
