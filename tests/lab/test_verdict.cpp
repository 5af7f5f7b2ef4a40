// The verdict is computed from the arms' numbers: handmade arms, and the text and fields checked
// against them (what closes the gap, what remains, when saturation is named).
#include "lab/report.hpp"
#include "lab/verdict.hpp"

#include <doctest/doctest.h>

using namespace tapegrad;
using nlohmann::json;

namespace {

json arm(double epochs, int reached, double lr = 0.1, double saturated = 0.01, double sigma = 0.06) {
    return {{"runs", 5}, {"reached", reached}, {"epochs_to_target_censored", epochs}, {"lr", lr},
            {"at_start", {{"saturated_fraction", {{"mean", saturated}}}, {"sigma_prime_wrong", {{"mean", sigma}}}}}};
}

json document(json configured, json matched, json tuned, json start = json::array()) {
    return {{"losses", {"ce", "mse"}}, {"links", {{"ce", "softmax"}, {"mse", "softmax"}}}, {"epochs", 30}, {"target", 0.9},
            {"target_metric", "test_accuracy"}, {"reductions", {{"mse", {{"factor", 0.1}, {"outputs", 10}}}, {"ce", {{"factor", 1}, {"outputs", 10}}}}},
            {"arms", {{"configured", configured}, {"scale_matched", matched}, {"tuned", tuned}, {"start", start}}}};
}

bool has(const std::string& text, const std::string& part) {
    if (text.find(part) != std::string::npos) return true;
    MESSAGE("missing: " << part << "\nin: " << text);
    return false;
}

}  // namespace

TEST_CASE("keeping pace: every run reaches the target, at most max(1, 20%) epochs later") {
    CHECK(keeps_pace(3, 4, true));
    CHECK_FALSE(keeps_pace(3, 4.5, true));
    CHECK(keeps_pace(10, 12, true));
    CHECK_FALSE(keeps_pace(10, 12.5, true));
    CHECK_FALSE(keeps_pace(3, 3, false));
}

TEST_CASE("scale and learning rate close the gap: the verdict says so and does not blame saturation") {
    const json doc = document({{"ce", arm(3, 5)}, {"mse", arm(31, 0)}}, {{"ce", arm(3, 5)}, {"mse", arm(7, 5)}},
                              {{"ce", arm(1, 5, 1.0)}, {"mse", arm(1.4, 5, 3.16)}},
                              json::array({{{"init_scale", 1}, {"losses", {{"ce", arm(1, 5, 1.0)}, {"mse", arm(1.4, 5, 3.16)}}}},
                                           {{"init_scale", 8}, {"losses", {{"ce", arm(1.6, 5, 10, 0.71, 0.0114)}, {"mse", arm(5.6, 5, 10, 0.71, 0.0114)}}}}}));
    const json v = compute_verdict(doc);
    const json& pair = v["pairs"][0];
    CHECK(pair["closed_by_scale"].get<double>() == doctest::Approx(24));
    CHECK(pair["closed_by_lr"].get<double>() == doctest::Approx(3.6));
    CHECK(pair["remaining"].get<double>() == doctest::Approx(0.4));
    CHECK(pair["tuned_keeps_pace"].get<bool>());
    CHECK_FALSE(pair["saturation_explains"].get<bool>());
    CHECK(pair["advantage_appears_at"] == 8);
    const std::string h = v["headline"];
    CHECK(has(h, "ce needs 3 epochs and mse never gets there within 30 epochs: a gap of at least 28 epochs"));
    CHECK(has(h, "a factor of 1/10, from the mean over 10 outputs) narrows the gap by 24 epochs"));
    CHECK(has(h, "chosen on the validation split: 3.16 for mse, 1 for ce) then narrows the gap by 3.6 epochs"));
    CHECK(has(h, "came from the loss's scale and the shared learning rate, not from saturation (at the start, 1% of the training examples"));
    CHECK(has(h, "at initial scale 8, with both tuned, mse needs 5.6 epochs and ce needs 1.6 epochs; at epoch 0 the mean sigma' at the "
                 "wrong outputs was 0.0114 and 71% of the training examples were saturated"));
}

TEST_CASE("a gap that remains with each loss tuned, at a saturated start: saturation is named, with its numbers") {
    const json doc = document({{"ce", arm(2, 5, 0.1, 0.7, 0.011)}, {"mse", arm(31, 0, 0.1, 0.7, 0.011)}},
                              {{"ce", arm(2, 5, 0.1, 0.7, 0.011)}, {"mse", arm(20, 3, 0.1, 0.7, 0.011)}},
                              {{"ce", arm(1.6, 5, 10, 0.7, 0.011)}, {"mse", arm(5.6, 5, 10, 0.7, 0.011)}});
    const json v = compute_verdict(doc);
    CHECK_FALSE(v["pairs"][0]["tuned_keeps_pace"].get<bool>());
    CHECK(v["pairs"][0]["saturation_explains"].get<bool>());
    CHECK(has(v["headline"], "With each loss tuned, 4 epochs of the gap remain (mse needs 5.6 epochs, ce needs 1.6 epochs); saturation "
                             "explains the remainder: at epoch 0 the mean sigma' at the wrong outputs was 0.011 and 70% of the training "
                             "examples were saturated."));
}

TEST_CASE("a gap that remains without saturation is not blamed on it") {
    const json doc = document({{"ce", arm(2, 5)}, {"mse", arm(12, 5)}}, {{"ce", arm(2, 5)}, {"mse", arm(10, 5)}},
                              {{"ce", arm(2, 5)}, {"mse", arm(8, 5)}});
    const json v = compute_verdict(doc);
    CHECK_FALSE(v["pairs"][0]["saturation_explains"].get<bool>());
    CHECK(has(v["headline"], "saturation does not explain it (at the start only 1% of the training examples were saturated)"));
}

TEST_CASE("when the losses keep pace as configured, the verdict says that and no more") {
    const json doc = document({{"ce", arm(3, 5)}, {"mse", arm(3.5, 5)}}, {{"ce", arm(3, 5)}, {"mse", arm(3, 5)}},
                              {{"ce", arm(2, 5)}, {"mse", arm(2, 5)}});
    const std::string h = compute_verdict(doc)["headline"];
    CHECK(has(h, "As configured, mse keeps pace with ce on the way to 90% test accuracy: mse needs 3.5 epochs, ce needs 3 epochs."));
    CHECK(h.find("saturation") == std::string::npos);
}

TEST_CASE("when neither loss gets there as configured or scale-matched, no censored gap is quoted") {
    const json doc = document({{"ce", arm(31, 0, 0.1, 0.7, 0.011)}, {"mse", arm(31, 0, 0.1, 0.7, 0.011)}},
                              {{"ce", arm(31, 0, 0.1, 0.7, 0.011)}, {"mse", arm(31, 0, 0.1, 0.7, 0.011)}},
                              {{"ce", arm(1.6, 5, 10, 0.7, 0.011)}, {"mse", arm(5.6, 5, 10, 0.7, 0.011)}});
    const std::string h = compute_verdict(doc)["headline"];
    CHECK(has(h, "As configured and scale-matched, neither loss reaches 90% test accuracy within 30 epochs; only with its own "
                 "learning rate (10 for mse, 10 for ce, chosen on the validation split) does each get there."));
    CHECK(h.find("a gap of at least 0") == std::string::npos);
    CHECK(h.find("-4") == std::string::npos);
    CHECK(has(h, "saturation explains the remainder"));
}
