// What PyTorch users reach for in torch.optim, checked against the documented update written out
// step by step in plain double arithmetic here, and against PyTorch's own trajectory on the same
// gradients (printed by tests/optim/torch_reference_optim.py, PyTorch 1.13, float64, and checked
// against PyTorch by the ctest torch_reference_optim whenever it is installed): AMSGrad,
// parameter groups, clipping by value, multi-step, cosine with warm restarts, one-cycle and
// reduce-on-plateau.
#include <doctest/doctest.h>

#include <tapegrad/tapegrad.hpp>

#include <array>
#include <cmath>
#include <vector>

using namespace tapegrad;
using doctest::Approx;

namespace {

// The gradients of every trajectory below, one row per step (the script uses the same rows).
const std::vector<std::array<double, 3>> grads = {
    {10.0, -2.0, 0.5}, {0.1, -2.0, 0.4}, {0.2, 1.0, -0.3}, {-0.1, 0.5, 0.2}, {0.3, -0.2, 0.1}};

Tensor<double> row(std::initializer_list<double> v) {
    Tensor<double> t(1, static_cast<Index>(v.size()));
    Index j = 0;
    for (double x : v) t(0, j++) = x;
    return t;
}

void set_grad(Parameter<double>& p, const std::array<double, 3>& g) {
    for (Index j = 0; j < p.value.cols(); ++j) p.grad(0, j) = g[static_cast<std::size_t>(j)];
}

}  // namespace

TEST_CASE("adam amsgrad: divides by the largest second moment so far, as PyTorch") {
    Parameter<double> p("p", row({1.0, -1.0, 0.5}));
    Adam<double> opt({&p}, AdamOptions(0.1).betas(0.9, 0.99).weight_decay(0.1).amsgrad(true));
    // The rule written out for one entry at a time (adam.hpp's comment, with v_max).
    double x[3] = {1.0, -1.0, 0.5}, m[3] = {}, v[3] = {}, v_max[3] = {};
    for (std::size_t t = 1; t <= grads.size(); ++t) {
        set_grad(p, grads[t - 1]);
        opt.step();
        for (int j = 0; j < 3; ++j) {
            const double g = grads[t - 1][static_cast<std::size_t>(j)] + 0.1 * x[j];  // L2 weight decay
            m[j] = 0.9 * m[j] + 0.1 * g;
            v[j] = 0.99 * v[j] + 0.01 * g * g;
            v_max[j] = std::max(v_max[j], v[j]);
            const double bc1 = 1 - std::pow(0.9, t), bc2 = 1 - std::pow(0.99, t);
            x[j] -= 0.1 / bc1 * m[j] / (std::sqrt(v_max[j]) / std::sqrt(bc2) + 1e-8);
        }
        for (int j = 0; j < 3; ++j) CHECK(p.value(0, j) == Approx(x[j]).epsilon(1e-14));
    }
    // PyTorch's Adam(amsgrad=True) on the same gradients:
    CHECK(p.value(0, 0) == Approx(0.69379427531931204).epsilon(1e-13));
    CHECK(p.value(0, 1) == Approx(-0.67261760654694824).epsilon(1e-13));
    CHECK(p.value(0, 2) == Approx(0.14358511443977931).epsilon(1e-13));
    // The extra state is a checkpoint slot of its own; without amsgrad there is none.
    CHECK(opt.state().size() == 3);
    CHECK(opt.state()[2].name == "p/max_exp_avg_sq");
    Adam<double> plain({&p}, AdamOptions(0.1));
    CHECK(plain.state().size() == 2);
}

TEST_CASE("parameter groups: each group's lr and weight decay, as two optimizers would, and as PyTorch") {
    Parameter<double> w("w", row({1.0, -1.0, 0.5})), b("b", row({0.25, -0.5}));
    SGD<double> opt({&w, &b}, SGDOptions(0.1).momentum(0.9).weight_decay(0.01));
    opt.set_group({&b}, GroupOptions().lr(0.5).weight_decay(0));
    // The same parameters under two optimizers, one per group's settings.
    Parameter<double> w2("w", w.value), b2("b", b.value);
    SGD<double> for_w({&w2}, SGDOptions(0.1).momentum(0.9).weight_decay(0.01));
    SGD<double> for_b({&b2}, SGDOptions(0.5).momentum(0.9));
    for (const auto& g : grads) {
        set_grad(w, g), set_grad(b, g), set_grad(w2, g), set_grad(b2, g);
        opt.step(), for_w.step(), for_b.step();
        CHECK(w.value == w2.value);
        CHECK(b.value == b2.value);
    }
    // PyTorch: SGD([{"params": [w]}, {"params": [b], "lr": 0.5, "weight_decay": 0}], lr=0.1, momentum=0.9, weight_decay=0.01)
    CHECK(w.value(0, 0) == Approx(-3.1904898490424012).epsilon(1e-13));
    CHECK(w.value(0, 1) == Approx(0.16912674993160098).epsilon(1e-13));
    CHECK(w.value(0, 2) == Approx(0.18555329459424952).epsilon(1e-13));
    CHECK(b.value(0, 0) == Approx(-20.72345).epsilon(1e-13));
    CHECK(b.value(0, 1) == Approx(5.3041).epsilon(1e-13));
    CHECK(opt.lr_of(1) == 0.5);
    CHECK(opt.weight_decay_of(0, 0.01) == 0.01);
    CHECK(opt.weight_decay_of(1, 0.01) == 0.0);
}

TEST_CASE("parameter groups: a schedule scales every group, and a parameter is in one group at most") {
    Parameter<double> w("w", row({1.0})), b("b", row({1.0}));
    Adam<double> opt({&w, &b}, AdamOptions(0.01));
    opt.set_group({&b}, GroupOptions().lr(0.1));
    opt.set_schedule(step_lr(1, 0.5));
    opt.set_steps(2);                         // factor 0.25
    CHECK(opt.lr_of(0) == Approx(0.0025));
    CHECK(opt.lr_of(1) == Approx(0.025));
    CHECK_THROWS_WITH_AS(opt.set_group({&b}, GroupOptions().weight_decay(0)),
                         "optimizer group: parameter 'b' is already in a group; a parameter belongs to one group at most",
                         ValueError);
    Parameter<double> stranger("stranger", row({1.0}));
    CHECK_THROWS_WITH_AS(opt.set_group({&stranger}, GroupOptions()),
                         "optimizer group: parameter 'stranger' is not one this optimizer updates", ValueError);
    CHECK_THROWS_WITH_AS(opt.set_group({&w}, GroupOptions().lr(-1)), "optimizer group: lr must be >= 0, got -1", ValueError);
}

TEST_CASE("clip_grad_value clamps each entry; an inf or NaN is reported and nothing is clamped") {
    Parameter<double> a("a", row({0, 0, 0})), b("b", row({0, 0}));
    a.grad = row({3.0, -0.2, -7.0});
    b.grad = row({0.5, 0.1});
    ClipResult r = clip_grad_value(std::vector<Parameter<double>*>{&a, &b}, 0.5);
    CHECK(r.finite);
    CHECK(r.clipped);
    CHECK(a.grad == row({0.5, -0.2, -0.5}));
    CHECK(b.grad == row({0.5, 0.1}));
    CHECK_FALSE(clip_grad_value(std::vector<Parameter<double>*>{&b}, 1.0).clipped);
    a.grad = row({3.0, INFINITY, 1.0});
    r = clip_grad_value(std::vector<Parameter<double>*>{&a}, 0.5);
    CHECK_FALSE(r.finite);
    CHECK(r.where == "a(0,1) = inf");
    CHECK(a.grad(0, 0) == 3.0);  // untouched
    CHECK_THROWS_WITH_AS(clip_grad_value(std::vector<Parameter<double>*>{&a}, 0.5, NonFinite::refuse),
                         "clip_grad_value: a gradient is not finite (a(0,1) = inf); the gradients were left unchanged",
                         ValueError);
    CHECK_THROWS_WITH_AS(clip_grad_value(std::vector<Parameter<double>*>{&a}, 0), "clip_grad_value: max_value must be > 0, got 0.000000",
                         ValueError);
}

TEST_CASE("multi_step_lr: gamma once per milestone passed, as PyTorch's MultiStepLR") {
    const Schedule s = multi_step_lr({2, 5}, 0.5);
    const double torch_lrs[] = {1.0, 1.0, 0.5, 0.5, 0.5, 0.25, 0.25};  // MultiStepLR(milestones=[2, 5], gamma=0.5)
    for (int t = 0; t < 7; ++t) CHECK(s(t) == torch_lrs[t]);
    CHECK(s(1000) == 0.25);
    CHECK_THROWS_WITH_AS(multi_step_lr({5, 5}), "multi_step_lr: milestones must increase, got 5 then 5", ValueError);
}

TEST_CASE("cosine_warm_restarts: cycles of 3, 6, 12 steps, each from 1 down toward the minimum") {
    const Schedule s = cosine_warm_restarts(3, 2, 0.1);
    // By hand: cycle 1 is steps 0-2 (T = 3), cycle 2 steps 3-8 (T = 6), cycle 3 from step 9.
    CHECK(s(0) == 1);
    CHECK(s(1) == Approx(0.1 + 0.9 * (1 + std::cos(3.141592653589793 / 3)) / 2).epsilon(1e-15));  // 0.775
    CHECK(s(3) == 1);
    CHECK(s(6) == Approx(0.55).epsilon(1e-15));  // halfway through the 6-step cycle
    CHECK(s(9) == 1);
    // PyTorch's CosineAnnealingWarmRestarts(T_0=3, T_mult=2, eta_min=0.1) from lr 1:
    const double torch_lrs[] = {1, 0.77500000000000002, 0.32500000000000012, 1, 0.93971143170299742,
                                0.77500000000000002, 0.55000000000000004, 0.32500000000000012, 0.16028856829700258, 1};
    for (int t = 0; t < 10; ++t) CHECK(s(t) == Approx(torch_lrs[t]).epsilon(1e-14));
    const Schedule flat = cosine_warm_restarts(4);
    CHECK(flat(4) == 1);
    CHECK(flat(6) == Approx(0.5));
}

TEST_CASE("one_cycle: up from max/25 to max over 30% of the run, then down to max/25e4, as PyTorch") {
    const Schedule s = one_cycle(10, 0.3);
    // By hand: phase 1 ends at step 0.3 * 10 - 1 = 2; at step 1 it is halfway: (0.04 + 1) / 2 = 0.52
    CHECK(s(0) == Approx(0.04).epsilon(1e-14));
    CHECK(s(1) == Approx(0.52).epsilon(1e-14));
    CHECK(s(2) == 1);
    CHECK(s(9) == Approx(0.04 / 1e4).epsilon(1e-12));
    // PyTorch's OneCycleLR(max_lr=1, total_steps=10, pct_start=0.3, cycle_momentum=False):
    const double torch_lrs[] = {0.040000000000000036, 0.52000000000000002, 1, 0.95048463201347366, 0.81174565394976306,
                                0.61126202193628931, 0.38874197806371075, 0.18825834605023697, 0.049519367986526286,
                                3.9999999999999998e-06};
    for (int t = 0; t < 10; ++t) CHECK(s(t) == Approx(torch_lrs[t]).epsilon(1e-13));
    CHECK_THROWS_WITH_AS(s(11), "one_cycle: step 11 is past total_steps (10); make total_steps cover the whole run", ValueError);
    CHECK_THROWS_AS(one_cycle(2, 0.3), ValueError);  // 0.3 * 2 = 0.6 steps of warm-up
}

TEST_CASE("reduce-on-plateau: the lr halves after two epochs without a 1% improvement, as PyTorch") {
    Parameter<double> p("p", row({0.0}));
    SGD<double> opt({&p}, SGDOptions(1.0));
    ReduceLROnPlateau plateau(PlateauOptions().factor(0.5).patience(1).threshold(0.01).cooldown(1).min_lr(0.1));
    const double metrics[] = {1.0, 0.995, 0.99, 0.98, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2};
    // PyTorch's ReduceLROnPlateau(factor=0.5, patience=1, threshold=0.01, cooldown=1, min_lr=0.1):
    const double torch_lrs[] = {1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125, 0.125, 0.125};
    for (int e = 0; e < 12; ++e) {
        plateau.observe(metrics[e], opt);
        CAPTURE(e);
        CHECK(opt.lr() == Approx(torch_lrs[e]).epsilon(1e-15));
    }
    CHECK(plateau.best() == 0.5);
    // min_lr holds the floor: from 0.125, half would be 0.0625 < 0.1.
    ReduceLROnPlateau floor(PlateauOptions().factor(0.5).patience(0).min_lr(0.1));
    for (double m : {1.0, 2.0, 3.0, 4.0, 5.0}) floor.observe(m, opt);
    CHECK(opt.lr() == Approx(0.1).epsilon(1e-15));
    // max mode: an accuracy that stops rising.
    SGD<double> opt2({&p}, SGDOptions(1.0));
    ReduceLROnPlateau watch_accuracy(PlateauOptions().maximize(true).patience(0).threshold(0));
    watch_accuracy.observe(0.5, opt2);
    CHECK(opt2.lr() == 1.0);
    CHECK(watch_accuracy.observe(0.5, opt2));
    CHECK(opt2.lr() == Approx(0.1));
    CHECK_FALSE(watch_accuracy.observe(0.6, opt2));
    CHECK(watch_accuracy.observe(std::nan(""), opt2));  // NaN is never an improvement
    CHECK_THROWS_WITH_AS(ReduceLROnPlateau(PlateauOptions().factor(1)), "reduce_on_plateau: factor must be in [0, 1), got 1",
                         ValueError);
}

TEST_CASE("an optimizer follows a new schedule: multi-step drops the lr SGD uses") {
    Parameter<double> p("p", row({0.0}));
    SGD<double> opt({&p}, SGDOptions(1.0));
    opt.set_schedule(multi_step_lr({1, 2}, 0.1));
    double expected = 0;
    for (double lr : {1.0, 0.1, 0.01}) {
        p.grad(0, 0) = 1;
        opt.step();
        expected -= lr;
        CHECK(p.value(0, 0) == Approx(expected));
    }
}
