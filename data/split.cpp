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

Split train_test_split(const Dataset& data, double test_fraction, std::uint64_t seed, bool stratify) {
    if (!(test_fraction > 0 && test_fraction < 1))
        throw ValueError("train_test_split: test_fraction is " + number(test_fraction) +
                         "; it must lie strictly between 0 and 1");
    Rng rng(seed);
    std::vector<Index> train, test;
    if (stratify && !data.is_multilabel()) {
        std::vector<std::vector<Index>> by_class(static_cast<std::size_t>(data.num_classes()));
        for (Index i = 0; i < data.rows(); ++i) by_class[static_cast<std::size_t>(data.labels[static_cast<std::size_t>(i)])].push_back(i);
        for (auto& group : by_class) deal(group, test_fraction, rng, train, test);
    } else {
        std::vector<Index> all = permutation(data.rows(), rng);
        deal(all, test_fraction, rng, train, test);
    }
    if (train.empty() || test.empty())
        throw ValueError("train_test_split: test_fraction " + number(test_fraction) + " of " +
                         std::to_string(data.rows()) + " rows leaves the " + (test.empty() ? "test" : "training") +
                         " part empty");
    std::sort(train.begin(), train.end());
    std::sort(test.begin(), test.end());
    return {data.subset(train), data.subset(test)};
}

}  // namespace tapegrad
