// Draws the information chapter's figures (docs/tutorial.md, chapter 3) with tapegrad's own chart
// code, from the library's own information functions:
//   information.svg     I(p) = -log p against p, in bits and in nats
//   binary_entropy.svg  the entropy of a coin, H(p) = -p log2 p - (1 - p) log2(1 - p), against p
// The test docs_figures runs it and compares its files with docs/figures/, so they cannot drift;
// `cmake --build build --target update_figures` rewrites them.      usage: make_information_figures DIR
#include "lab/svg_chart.hpp"
#include "losses/information.hpp"

#include <fstream>
#include <iostream>

using namespace tapegrad;

namespace {
void write(const std::string& path, const LineChart& chart) {
    std::ofstream out(path, std::ios::binary);
    out << svg_document(chart);
    if (!out) throw std::runtime_error("cannot write " + path);
}
}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: make_information_figures OUT_DIR\n";
        return 2;
    }
    const std::string dir = argv[1];
    // p from 0.01 to 1 in steps of 0.01 (I(0) is infinite), and 0 to 1 for the coin.
    Tensor<double> p(1, 100), coin(101, 2);
    for (Index i = 0; i < 100; ++i) p(0, i) = static_cast<double>(i + 1) / 100;
    for (Index i = 0; i <= 100; ++i) coin.row(i) << static_cast<double>(i) / 100, 1 - static_cast<double>(i) / 100;

    LineChart info;
    info.title = "The information of an outcome of probability p: I(p) = -log p";
    info.x_label = "p";
    info.y_label = "I(p)";
    const Tensor<double> in_bits = information(p, Base::bits), in_nats = information(p, Base::nats);
    ChartSeries bits{"in bits, -log2 p (a fair coin: 1 bit)", {}, {}}, nats{"in nats, -ln p", {}, {}};
    for (Index i = 0; i < p.cols(); ++i) {
        bits.x.push_back(p(0, i)), bits.y.push_back(in_bits(0, i));
        nats.x.push_back(p(0, i)), nats.y.push_back(in_nats(0, i));
    }
    nats.dashed = true;
    // The chapter's examples, marked: a coin's toss (1 bit), a d8's roll (3 bits), a die's (2.585 bits).
    const Tensor<double> marked = (Tensor<double>(1, 3) << 1.0 / 2, 1.0 / 8, 1.0 / 6).finished();
    const Tensor<double> marked_bits = information(marked, Base::bits);
    ChartSeries examples{"a coin, a d8, a die: 1, 3, 2.585 bits", {}, {}};
    for (Index i = 0; i < 3; ++i) examples.x.push_back(marked(0, i)), examples.y.push_back(marked_bits(0, i));
    examples.points = true;
    examples.line = false;
    examples.color = 0;
    info.series = {bits, nats, examples};

    LineChart entropy_chart;
    entropy_chart.title = "The entropy of a coin that lands heads with probability p";
    entropy_chart.x_label = "p";
    entropy_chart.y_label = "H(p) in bits";
    const Tensor<double> h = entropy(coin, Base::bits);
    ChartSeries curve{"H(p) = -p log2 p - (1 - p) log2(1 - p)", {}, {}};
    for (Index i = 0; i < coin.rows(); ++i) curve.x.push_back(coin(i, 0)), curve.y.push_back(h(i, 0));
    entropy_chart.series = {curve};
    entropy_chart.y_include = true;
    entropy_chart.y_include_low = 0;
    entropy_chart.y_include_high = 1;

    write(dir + "/information.svg", info);
    write(dir + "/binary_entropy.svg", entropy_chart);
    std::cout << "wrote " << dir << "/information.svg and " << dir << "/binary_entropy.svg\n";
    return 0;
}
