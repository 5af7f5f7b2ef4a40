// tapegrad's training steps against the same steps written by hand in Eigen (the benchmark's
// reference, bench/eigen_reference.hpp): on each workload W1-W4 the losses of both sides must agree
// step after step to float32 rounding, and the weights after the last step too.
#include "../../bench/workloads.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

TEST_CASE("W1-W4: tapegrad's losses and weights follow the hand-written Eigen steps") {
    for (const bench::Workload& w : bench::standard_workloads()) {
        SUBCASE(w.name.c_str()) {
            bench::Pair pair(w, 7);
            float first = 0, last = 0;
            for (int step = 0; step < 20; ++step) {
                const float ours = pair.tapegrad_step(), theirs = pair.reference_step();
                INFO(w.name, " step ", step, ": tapegrad ", ours, ", reference ", theirs);
                // float32 has 24 bits (6e-8 relative); the two sides sum in different orders, so
                // allow a few hundred roundings' worth.
                CHECK(std::abs(ours - theirs) <= 2e-5f * std::max(1.0f, std::abs(theirs)));
                if (step == 0) first = ours;
                last = ours;
            }
            CHECK(last < first);  // both really trained
            for (std::size_t l = 0; l < pair.reference.W.size(); ++l) {
                const auto& ours = pair.tapegrad.model.layers[l].weight.value;
                const float scale = std::max(1.0f, pair.reference.W[l].cwiseAbs().maxCoeff());
                CHECK((ours - pair.reference.W[l]).cwiseAbs().maxCoeff() <= 2e-5f * scale);
                CHECK((pair.tapegrad.model.layers[l].bias.value - pair.reference.b[l]).cwiseAbs().maxCoeff() <= 2e-5f * scale);
            }
        }
    }
}
