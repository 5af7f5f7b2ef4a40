// Built only in the scratch copy of follow_guide.py: the additions of docs/extending.md are in the
// tables the walks read (so the walks did check them).
#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>
#include <tapegrad/ops/op_table.hpp>

#include <algorithm>

using namespace tapegrad;

TEST_CASE("the registry knows the names the guide added") {
    const auto losses = loss_names();
    CHECK(std::find(losses.begin(), losses.end(), "cauchy") != losses.end());
    CHECK(find_op("mish").name == "mish");
    CHECK(find_activation("mish").pytorch(0) == "nn.Mish()");
    Tape<double> tape;  // mish(1) = tanh(ln(1 + e)) = 0.8650983882673103, as torch.nn.Mish
    CHECK(mish(tape.constant(Tensor<double>::Ones(1, 1))).item() == doctest::Approx(0.8650983882673103).epsilon(1e-15));
}
