// Anomaly mode names the first op whose forward value or backward gradient is NaN or infinite.
#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>

#include <string>

using namespace tapegrad;

namespace {
template <class F>
AnomalyError caught(F&& f) {
    try {
        f();
    } catch (const AnomalyError& e) {
        return e;
    }
    FAIL("no AnomalyError was thrown");
    return AnomalyError("", -1, "");
}
}  // namespace

TEST_CASE("anomaly mode: log of a negative number is reported by op name in the forward pass") {
    AnomalyGuard anomaly;
    Tape<double> tape;
    auto x = tape.variable(Tensor<double>::Constant(2, 1, -1.0));
    AnomalyError e = caught([&] {
        auto y = log(x);                 // NaN: noticed when the next op is recorded
        tape.backward(sum(y));
    });
    CHECK(e.op == "log");
    CHECK(e.node == 1);
    CHECK(std::string(e.what()) ==
          "anomaly: forward of node 1 (log) produced NaN or infinity; its inputs: node 0 (variable) 2x1 "
          "min -1 max -1");
}

TEST_CASE("anomaly mode: an overflow in exp is reported in the forward pass") {
    AnomalyGuard anomaly;
    Tape<float> tape;
    auto x = tape.variable(Tensor<float>::Constant(1, 3, 100.0f));  // e^100 > FLT_MAX
    auto y = exp(x);
    CHECK_THROWS_AS(tape.check_last_value(), AnomalyError);
    AnomalyError e = caught([&] { tape.backward(sum(y)); });
    CHECK(e.op == "exp");
}

TEST_CASE("anomaly mode: an overflow in exp's backward is reported with the op that sent it") {
    AnomalyGuard anomaly;
    Tape<float> tape;
    auto x = tape.variable(Tensor<float>::Constant(1, 2, 10.0f));
    auto y = exp(x);  // e^10 = 22026, finite
    // dL/dx = dL/dy * e^x = 1e35 * 22026 > FLT_MAX: the forward is fine, the backward overflows.
    AnomalyError e = caught([&] { tape.backward(y, Tensor<float>::Constant(1, 2, 1e35f)); });
    CHECK(e.op == "exp");
    CHECK(std::string(e.what()).find("anomaly: backward of node 1 (exp) sent NaN or infinity to node 0 (variable)") == 0);
}

TEST_CASE("anomaly mode: sqrt at 0 has an infinite gradient, found in backward") {
    AnomalyGuard anomaly;
    Tape<double> tape;
    auto x = tape.variable(Tensor<double>::Zero(1, 1));
    auto y = sqrt(x);
    AnomalyError e = caught([&] { tape.backward(y); });
    CHECK(e.op == "sqrt");
}

TEST_CASE("without anomaly mode the same NaN passes silently") {
    Tape<double> tape;
    auto x = tape.variable(Tensor<double>::Constant(1, 1, -1.0));
    auto y = sum(log(x));
    CHECK_NOTHROW(tape.backward(y));
    CHECK(std::isnan(y.item()));
}
