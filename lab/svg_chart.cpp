// The SVG line-chart writer: see svg_chart.hpp. Coordinates are printed with one decimal and
// tick labels with a fixed number of digits, so the same chart always gives the same bytes.
#include "svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace tapegrad {

namespace {

// Okabe and Ito's palette, which stays distinguishable under the common colour-vision deficiencies.
const char* const palette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999"};
constexpr int palette_size = sizeof(palette) / sizeof(palette[0]);

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string s = buf;
    if (s.find_first_not_of("-0.") == std::string::npos) s = decimals > 0 ? "0." + std::string(decimals, '0') : "0";
    return s;
}
std::string px(double v) { return fixed(v, 1); }

// One axis: maps data values in [lo, hi] (or their logarithms) onto pixels [p0, p1].
struct Axis {
    double lo = 0, hi = 1;
    bool log = false;
    double p0 = 0, p1 = 1;
    double map(double v) const {
        const double a = log ? std::log10(lo) : lo, b = log ? std::log10(hi) : hi;
        const double t = ((log ? std::log10(v) : v) - a) / (b - a);
        return p0 + t * (p1 - p0);
    }
    bool usable(double v) const { return std::isfinite(v) && (!log || v > 0); }
};

struct Tick {
    double value;
    std::string label;
};

// A step of 1, 2 or 5 times a power of ten that cuts `span` into about five pieces.
double nice_step(double span) {
    const double raw = span / 5, power = std::pow(10.0, std::floor(std::log10(raw)));
    const double f = raw / power;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * power;
}

// Widens [lo, hi] to round values and lists the ticks between them.
std::vector<Tick> make_ticks(Axis& axis) {
    std::vector<Tick> ticks;
    if (axis.log) {
        int a = static_cast<int>(std::floor(std::log10(axis.lo) + 1e-9));
        int b = static_cast<int>(std::ceil(std::log10(axis.hi) - 1e-9));
        if (b <= a) b = a + 1;
        axis.lo = std::pow(10.0, a);
        axis.hi = std::pow(10.0, b);
        const int every = (b - a + 7) / 8;  // at most about eight labelled decades
        for (int k = a; k <= b; k += every) {
            const double v = std::pow(10.0, k);
            ticks.push_back({v, k >= -4 && k <= 5 ? fixed(v, std::max(0, -k)) : "1e" + std::to_string(k)});
        }
        return ticks;
    }
    const double step = nice_step(axis.hi - axis.lo);
    axis.lo = std::floor(axis.lo / step + 1e-9) * step;
    axis.hi = std::ceil(axis.hi / step - 1e-9) * step;
    const int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
    const int count = static_cast<int>(std::llround((axis.hi - axis.lo) / step));
    for (int i = 0; i <= count; ++i) {
        const double v = axis.lo + i * step;
        ticks.push_back({v, fixed(v, decimals)});
    }
    return ticks;
}

// The smallest and largest usable values over the given vectors; a default range if none.
void fit_range(Axis& axis, const std::vector<const std::vector<double>*>& values) {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const auto* vs : values)
        for (double v : *vs)
            if (axis.usable(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    if (lo > hi) lo = axis.log ? 0.1 : 0, hi = 1;
    if (lo == hi) {
        const double pad = axis.log ? 0 : std::max(std::abs(lo) * 0.1, 0.5);
        lo = axis.log ? lo / 2 : lo - pad;
        hi = axis.log ? hi * 2 : hi + pad;
    }
    axis.lo = lo;
    axis.hi = hi;
}

std::string color_of(const ChartSeries& s, std::size_t position) {
    const int i = s.color >= 0 ? s.color : static_cast<int>(position);
    return palette[i % palette_size];
}

// Runs of consecutive indices where `ok(i)` holds: a line or band breaks at a missing value.
template <class Ok>
std::vector<std::vector<std::size_t>> runs(std::size_t n, Ok ok) {
    std::vector<std::vector<std::size_t>> out(1);
    for (std::size_t i = 0; i < n; ++i) {
        if (ok(i)) out.back().push_back(i);
        else if (!out.back().empty()) out.emplace_back();
    }
    if (out.back().empty()) out.pop_back();
    return out;
}

void draw_series(std::string& svg, const ChartSeries& s, const std::string& color, const Axis& ax, const Axis& ay) {
    const std::size_t n = std::min(s.x.size(), s.y.size());
    const bool band = s.band_low.size() >= n && s.band_high.size() >= n && n > 0;
    if (band) {
        auto ok = [&](std::size_t i) { return ax.usable(s.x[i]) && ay.usable(s.band_low[i]) && ay.usable(s.band_high[i]); };
        for (const auto& run : runs(n, ok)) {
            svg += "<polygon class=\"band\" fill=\"" + color + "\" fill-opacity=\"0.18\" stroke=\"none\" points=\"";
            for (std::size_t i : run) svg += px(ax.map(s.x[i])) + "," + px(ay.map(s.band_high[i])) + " ";
            for (auto it = run.rbegin(); it != run.rend(); ++it)
                svg += px(ax.map(s.x[*it])) + "," + px(ay.map(s.band_low[*it])) + " ";
            svg.back() = '"';
            svg += "/>\n";
        }
    }
    auto ok = [&](std::size_t i) { return ax.usable(s.x[i]) && ay.usable(s.y[i]); };
    if (s.line)
        for (const auto& run : runs(n, ok)) {
            svg += "<polyline fill=\"none\" stroke=\"" + color + "\" stroke-width=\"2\"";
            if (s.dashed) svg += " stroke-dasharray=\"6 4\"";
            svg += " points=\"";
            for (std::size_t i : run) svg += px(ax.map(s.x[i])) + "," + px(ay.map(s.y[i])) + " ";
            svg.back() = '"';
            svg += "/>\n";
        }
    if (s.points)
        for (std::size_t i = 0; i < n; ++i)
            if (ok(i))
                svg += "<circle cx=\"" + px(ax.map(s.x[i])) + "\" cy=\"" + px(ay.map(s.y[i])) + "\" r=\"3.5\" fill=\"white\" stroke=\"" +
                       color + "\" stroke-width=\"1.5\"/>\n";
}

std::string text(double x, double y, const std::string& content, const char* anchor, const std::string& extra = "") {
    return "<text x=\"" + px(x) + "\" y=\"" + px(y) + "\" text-anchor=\"" + anchor + "\"" + extra + ">" + escape_xml(content) + "</text>\n";
}

std::string shorten(const std::string& name, std::size_t most) {
    return name.size() <= most ? name : name.substr(0, most - 3) + "...";
}

// A sample of each series' line, band or marker beside its name, in `columns` columns from (x0, y0).
void draw_legend(std::string& svg, const std::vector<ChartSeries>& series, double x0, double y0, int columns, double column_w,
                 std::size_t longest_name) {
    for (std::size_t i = 0; i < series.size(); ++i) {
        const auto& s = series[i];
        const std::string color = color_of(s, i);
        const double x = x0 + column_w * static_cast<double>(i % columns), y = y0 + 20.0 * static_cast<double>(i / columns);
        if (!s.band_low.empty())
            svg += "<rect x=\"" + px(x) + "\" y=\"" + px(y - 6) + "\" width=\"24\" height=\"12\" fill=\"" + color + "\" fill-opacity=\"0.18\"/>\n";
        if (s.line)
            svg += "<line x1=\"" + px(x) + "\" y1=\"" + px(y) + "\" x2=\"" + px(x + 24) + "\" y2=\"" + px(y) + "\" stroke=\"" + color +
                   "\" stroke-width=\"2\"" + (s.dashed ? " stroke-dasharray=\"6 4\"" : "") + "/>\n";
        if (s.points)
            svg += "<circle cx=\"" + px(x + 12) + "\" cy=\"" + px(y) + "\" r=\"3.5\" fill=\"white\" stroke=\"" + color + "\" stroke-width=\"1.5\"/>\n";
        svg += text(x + 30, y + 4, shorten(s.name, longest_name), "start");
    }
}

std::string render(const LineChart& c, bool standalone) {
    // Short names sit in a column right of the plot; long ones in two columns below it.
    std::size_t longest = 0;
    for (const auto& s : c.series) longest = std::max(longest, s.name.size());
    const bool below = longest > 24;
    const int columns = 2, rows = below ? static_cast<int>((c.series.size() + columns - 1) / columns) : 0;
    const double legend_w = c.series.empty() || below ? 0 : std::clamp(40.0 + 7.0 * static_cast<double>(longest), 100.0, 210.0);
    const int width = c.width, height = c.height + (rows > 0 ? 20 * rows + 6 : 0);
    Axis ax{.log = c.log_x, .p0 = 72, .p1 = width - legend_w - 20};
    Axis ay{.log = c.log_y, .p0 = c.height - 52.0, .p1 = 40};

    std::vector<const std::vector<double>*> xs, ys;
    for (const auto& s : c.series) {
        xs.push_back(&s.x);
        ys.insert(ys.end(), {&s.y, &s.band_low, &s.band_high});
    }
    std::vector<double> include{c.y_include_low, c.y_include_high};
    if (c.y_include) ys.push_back(&include);
    fit_range(ax, xs);
    fit_range(ay, ys);
    const auto xticks = make_ticks(ax), yticks = make_ticks(ay);

    std::string svg = "<svg";
    if (standalone) svg += " xmlns=\"http://www.w3.org/2000/svg\"";
    svg += " width=\"" + std::to_string(width) + "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " +
           std::to_string(width) + " " + std::to_string(height) +
           "\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\">\n";
    svg += "<title>" + escape_xml(c.title) + "</title>\n";
    svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
    svg += text(width / 2.0, 22, c.title, "middle", " font-size=\"15\" font-weight=\"bold\"");

    // Grid lines and tick labels, then the axes themselves on top.
    for (const auto& t : xticks) {
        const double x = ax.map(t.value);
        svg += "<line x1=\"" + px(x) + "\" y1=\"" + px(ay.p1) + "\" x2=\"" + px(x) + "\" y2=\"" + px(ay.p0 + 5) + "\" stroke=\"#e3e3e3\"/>\n";
        svg += text(x, ay.p0 + 19, t.label, "middle");
    }
    for (const auto& t : yticks) {
        const double y = ay.map(t.value);
        svg += "<line x1=\"" + px(ax.p0 - 5) + "\" y1=\"" + px(y) + "\" x2=\"" + px(ax.p1) + "\" y2=\"" + px(y) + "\" stroke=\"#e3e3e3\"/>\n";
        svg += text(ax.p0 - 8, y + 4, t.label, "end");
    }
    svg += "<rect x=\"" + px(ax.p0) + "\" y=\"" + px(ay.p1) + "\" width=\"" + px(ax.p1 - ax.p0) + "\" height=\"" + px(ay.p0 - ay.p1) +
           "\" fill=\"none\" stroke=\"#444\"/>\n";
    svg += text((ax.p0 + ax.p1) / 2, c.height - 12.0, c.x_label, "middle");
    const double ylx = 18, yly = (ay.p0 + ay.p1) / 2;
    svg += text(ylx, yly, c.y_label, "middle", " transform=\"rotate(-90 " + px(ylx) + " " + px(yly) + ")\"");

    for (std::size_t i = 0; i < c.series.size(); ++i) draw_series(svg, c.series[i], color_of(c.series[i], i), ax, ay);

    if (below) draw_legend(svg, c.series, ax.p0, c.height + 8.0, columns, (ax.p1 - ax.p0) / columns, static_cast<std::size_t>((ax.p1 - ax.p0) / columns / 7 - 6));
    else draw_legend(svg, c.series, width - legend_w, 48, 1, 0, 26);
    svg += "</svg>\n";
    return svg;
}

}  // namespace

std::string escape_xml(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        switch (ch) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += ch;
        }
    }
    return out;
}

std::string svg_document(const LineChart& chart) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + render(chart, true);
}

std::string svg_element(const LineChart& chart) { return render(chart, false); }

}  // namespace tapegrad
