// The SVG line-chart writer: well-formed output, bands, gaps where values are missing, log
// axes, escaping, and the same bytes for the same chart.
#include "lab/svg_chart.hpp"
#include "lab/markup_checks.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace tapegrad;

namespace {
LineChart two_series() {
    LineChart c;
    c.title = "Loss by epoch";
    c.x_label = "epoch";
    c.y_label = "loss";
    c.series.push_back({.name = "train", .x = {1, 2, 3, 4}, .y = {0.9, 0.5, 0.3, 0.05},
                        .band_low = {0.8, 0.4, 0.2, 0.05}, .band_high = {0.95, 0.6, 0.35, 0.1}});
    c.series.push_back({.name = "test", .x = {1, 2, 3, 4}, .y = {0.95, 0.6, 0.4, 0.3}, .dashed = true});
    return c;
}
}  // namespace

TEST_CASE("a chart is one balanced <svg> element with a band, two lines and a legend") {
    const std::string svg = svg_document(two_series());
    CHECK(svg.rfind("<?xml", 0) == 0);
    CHECK(svg.find("<svg xmlns=\"http://www.w3.org/2000/svg\"") != std::string::npos);
    CHECK(unbalanced_tags(svg) == "");
    CHECK(coordinates_are_numbers(svg));
    CHECK(count(svg, "<polygon class=\"band\"") == 1);
    CHECK(count(svg, "fill-opacity=\"0.18\"") == 2);  // the band and its legend swatch
    CHECK(count(svg, "<polyline") == 2);
    CHECK(count(svg, "stroke-dasharray") == 2);       // the dashed line and its legend sample
    CHECK(svg.find(">train</text>") != std::string::npos);
    CHECK(svg.find(">Loss by epoch</text>") != std::string::npos);
    // y from 0.05 to 0.95 gets round ticks 0.0, 0.2, ..., 1.0.
    for (const char* tick : {">0.0</text>", ">0.2</text>", ">1.0</text>"}) CHECK(svg.find(tick) != std::string::npos);
}

TEST_CASE("the same chart gives the same bytes; inline form has no namespace") {
    CHECK(svg_document(two_series()) == svg_document(two_series()));
    const std::string element = svg_element(two_series());
    CHECK(element.rfind("<svg ", 0) == 0);
    CHECK(element.find("http") == std::string::npos);
}

TEST_CASE("a NaN or infinite value breaks the line and the band instead of printing") {
    LineChart c;
    const double nan = std::nan(""), inf = INFINITY;
    c.series.push_back({.name = "gappy", .x = {1, 2, 3, 4, 5}, .y = {1, 2, nan, 4, 5},
                        .band_low = {0.5, 1.5, 2, nan, 4}, .band_high = {1.5, 2.5, inf, 4.5, 6}});
    const std::string svg = svg_document(c);
    CHECK(coordinates_are_numbers(svg));
    CHECK(unbalanced_tags(svg) == "");
    CHECK(count(svg, "<polyline") == 2);               // epochs 1-2 and 4-5
    CHECK(count(svg, "<polygon class=\"band\"") == 2);  // epochs 1-2 and 5
}

TEST_CASE("log axes get decade ticks and leave out values that are not positive") {
    LineChart c;
    c.log_x = c.log_y = true;
    c.series.push_back({.name = "closed form", .x = {1e-4, 1e-3, 0.01, 0.1, 0.5}, .y = {2e-4, 2e-3, 0.02, 0.0, 0.25}});
    c.series.push_back({.name = "autodiff", .x = {1e-4, 1e-3, 0.01, 0.1, 0.5}, .y = {2e-4, 2e-3, 0.02, 0.15, 0.25},
                        .points = true, .line = false});
    const std::string svg = svg_document(c);
    CHECK(coordinates_are_numbers(svg));
    CHECK(unbalanced_tags(svg) == "");
    for (const char* tick : {">0.0001</text>", ">0.001</text>", ">0.01</text>", ">0.1</text>", ">1</text>"})
        CHECK(svg.find(tick) != std::string::npos);
    CHECK(count(svg, "<polyline") == 2);  // the 0 splits the closed form's line
    CHECK(count(svg, "<circle") == 6);    // five points and one legend marker
}

TEST_CASE("names and titles are escaped") {
    LineChart c;
    c.title = "a < b & \"c\"";
    c.series.push_back({.name = "<script>", .x = {1, 2}, .y = {1, 2}});
    const std::string svg = svg_document(c);
    CHECK(svg.find("<script>") == std::string::npos);
    CHECK(svg.find("&lt;script&gt;") != std::string::npos);
    CHECK(svg.find("a &lt; b &amp; &quot;c&quot;") != std::string::npos);
    CHECK(unbalanced_tags(svg) == "");
}

TEST_CASE("a chart with no usable data still draws its axes") {
    LineChart c;
    c.series.push_back({.name = "empty"});
    c.series.push_back({.name = "all NaN", .x = {1, 2}, .y = {std::nan(""), std::nan("")}});
    const std::string svg = svg_document(c);
    CHECK(unbalanced_tags(svg) == "");
    CHECK(coordinates_are_numbers(svg));
    CHECK(count(svg, "<polyline") == 0);
    LineChart flat;
    flat.series.push_back({.name = "flat", .x = {1, 2, 3}, .y = {0.5, 0.5, 0.5}});
    CHECK(coordinates_are_numbers(svg_document(flat)));
}
