// Tutorial chapter 3 (docs/tutorial.md): information theory, the reason classifiers are trained
// with cross-entropy. The information of an outcome, entropy, KL divergence and cross-entropy,
// computed with losses/information.hpp; then one label per example (softmax) against several
// (a sigmoid per label), each with its own binary cross-entropy.
#include <tapegrad/tapegrad.hpp>

#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <string>

using namespace tapegrad;

namespace {
using T2 = Tensor<double>;

// One distribution as a 1xC row.
T2 row(std::initializer_list<double> values) {
    T2 r(1, static_cast<Index>(values.size()));
    Index c = 0;
    for (double v : values) r(0, c++) = v;
    return r;
}

std::string text(const T2& r) {
    std::string s = "(";
    for (Index c = 0; c < r.cols(); ++c) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%s%.3g", c ? ", " : "", r(0, c));
        s += buf;
    }
    return s + ")";
}

// -log 1 is -0, which printf writes as "-0.000": print it as the 0 it is.
double no_minus_zero(double x) { return x == 0 ? 0.0 : x; }
}  // namespace

int main() {
    // 1. I(p) = -log p: rare outcomes carry more information. log2 counts bits, ln counts nats.
    std::printf("the information of an outcome, I = -log p\n");
    std::printf("  outcome                        p      bits      nats\n");
    const struct { const char* what; double p; } outcomes[] = {
        {"a fair coin lands heads", 1.0 / 2}, {"a fair die shows a 6", 1.0 / 6},
        {"a d8 shows an 8", 1.0 / 8}, {"a loaded coin lands heads", 0.9}, {"a sure thing", 1.0}};
    for (const auto& o : outcomes) {
        const T2 p = T2::Constant(1, 1, o.p);
        std::printf("  %-26s %7.4f %9.3f %9.3f\n", o.what, o.p, no_minus_zero(information(p, Base::bits)(0, 0)),
                    no_minus_zero(information(p, Base::nats)(0, 0)));
    }
    std::printf("  (1 bit = ln 2 = 0.693 nats; each halving of p adds one bit)\n\n");

    // 2. H(p) = -sum_c p_c log p_c: the information to expect from one draw of p.
    std::printf("entropy, the expected information H(p) = -sum p log p\n");
    const struct { const char* what; T2 p; } dists[] = {
        {"fair coin", row({0.5, 0.5})}, {"fair die", T2::Constant(1, 6, 1.0 / 6)}, {"d8", T2::Constant(1, 8, 1.0 / 8)},
        {"loaded die", row({0.5, 0.1, 0.1, 0.1, 0.1, 0.1})}, {"a sure outcome", row({1, 0, 0})}};
    for (const auto& d : dists) std::printf("  %-16s H = %.3f bits\n", d.what, no_minus_zero(entropy(d.p, Base::bits)(0, 0)));
    std::printf("a coin that lands heads with probability p:\n  p    ");
    const double ps[] = {0, 0.01, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1};
    for (double p : ps) std::printf("%6.2f", p);
    std::printf("\n  H    ");
    for (double p : ps) std::printf("%6.3f", no_minus_zero(entropy(row({p, 1 - p}), Base::bits)(0, 0)));
    std::printf("\n  (most uncertain at p = 0.5, 1 bit; no uncertainty at 0 or 1)\n\n");

    // 3. KL(p || q): coding draws of p with a code built for q costs H(p, q) bits a draw; the extra
    // over the best code, H(p), is KL(p || q). Never negative, and 0 only at q = p.
    const T2 p = row({0.5, 0.25, 0.25});
    std::printf("coding draws of p = %s with a code made for q, in bits: H(p) = %.3f\n", text(p).c_str(),
                entropy(p, Base::bits)(0, 0));
    std::printf("  q                      H(p, q)  KL(p || q)  KL(q || p)\n");
    for (const T2& q : {p, T2(T2::Constant(1, 3, 1.0 / 3)), row({0.25, 0.5, 0.25}), row({0.8, 0.1, 0.1})})
        std::printf("  %-22s %7.3f %11.3f %11.3f\n", text(q).c_str(), cross_entropy(p, q, Base::bits)(0, 0),
                    kl_divergence(p, q, Base::bits)(0, 0), kl_divergence(q, p, Base::bits)(0, 0));
    std::printf("  (KL is 0 only at q = p, positive elsewhere, and not symmetric)\n\n");

    // 4. H(p, q) = H(p) + KL(p || q), here with a soft label, so H(p) > 0. The model's q is a softmax.
    const T2 soft = row({0.7, 0.2, 0.1});
    Tape<double> tape;
    Var<double> z = tape.variable(row({2.0, 0.5, -1.0}));
    const T2 q = softmax(z).value();
    const double H = entropy(soft, Base::nats)(0, 0), KL = kl_divergence(soft, q, Base::nats)(0, 0);
    const double CE = cross_entropy(soft, q, Base::nats)(0, 0);
    Var<double> loss = softmax_cross_entropy(z, tape.constant(soft));
    std::printf("a soft label p = %s and a model's q = softmax(z) = %s, in nats\n", text(soft).c_str(), text(q).c_str());
    std::printf("  H(p) = %.4f   KL(p || q) = %.4f   H(p) + KL = %.4f\n", H, KL, H + KL);
    std::printf("  H(p, q) = %.4f   softmax_cross_entropy(z, p) = %.4f\n", CE, loss.item());
    tape.backward(loss);
    std::printf("  dCE/dz = q - p = %s: 0 only when q = p\n\n", text(z.grad()).c_str());

    // 5. Minimising CE over q: H(p) does not depend on q, so CE and KL fall together.
    std::printf("moving q towards p: CE - KL stays H(p) = %.4f nats\n", H);
    std::printf("  q                         CE       KL    CE - KL\n");
    for (double t : {0.0, 0.5, 0.9, 1.0}) {
        const T2 qt = (1 - t) * q + t * soft;  // part of the way from the model's q to p
        const double ce = cross_entropy(soft, qt, Base::nats)(0, 0), kl = kl_divergence(soft, qt, Base::nats)(0, 0);
        std::printf("  %-22s %8.4f %8.4f %8.4f\n", text(qt).c_str(), ce, kl, ce - kl);
    }
    std::printf("  (the least CE is H(p), at q = p, where KL = 0)\n\n");

    // 6. One label per example (softmax: the classes compete, the row sums to 1) against any number
    // of labels (a sigmoid per output: each answers its own yes/no question; n-hot targets).
    const T2 scores = row({2.0, 1.0, -1.0});
    Tape<double> t2;
    Var<double> s = t2.constant(scores);
    const T2 single = softmax(s).value(), multi = sigmoid(s).value();
    std::printf("the same logits z = %s, two readings\n", text(scores).c_str());
    std::printf("  softmax  %-22s sums to %.3f  one label, say class 0: CE = -ln p_0 = %.4f\n", text(single).c_str(),
                single.sum(), -std::log(single(0, 0)));
    std::printf("  sigmoid  %-22s sums to %.3f  labels 0 and 1 both present: y = (1, 1, 0)\n", text(multi).c_str(),
                multi.sum());
    const T2 nhot = row({1, 1, 0});
    Var<double> per_output = sigmoid_binary_cross_entropy(s, t2.constant(nhot), SigmoidBinaryCrossEntropyOptions().reduction(Reduction::none));
    std::printf("  output     z   sigmoid p   y   BCE = -[y ln p + (1-y) ln(1-p)]   H((y, 1-y), (p, 1-p))\n");
    for (Index c = 0; c < 3; ++c) {
        const double pc = multi(0, c), yc = nhot(0, c);
        std::printf("  %6lld %5.1f %11.4f %3.0f %33.4f %23.4f\n", static_cast<long long>(c), scores(0, c), pc, yc,
                    per_output.value()(0, c), cross_entropy(row({yc, 1 - yc}), row({pc, 1 - pc}))(0, 0));
    }
    std::printf("  each output is its own coin, and its BCE the cross-entropy of two coins\n");
    return 0;
}
