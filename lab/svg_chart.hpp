// A small SVG line-chart writer for the lab's report: axes with ticks and labels, several series
// with a legend, an optional min-max band per series, optional log scales. The output is plain,
// self-contained SVG text and depends only on the input (numbers are printed with fixed formats).
#pragma once

#include <string>
#include <vector>

namespace tapegrad {

/// One line (or set of points) on a chart. `x` and `y` have the same length; `band_low` and
/// `band_high` are either empty or that length too, and shade the area between them.
/// Points whose coordinates are not finite (or not positive on a log axis) are left out and
/// break the line there.
struct ChartSeries {
    // Every member has a default (= {} included), so a designated initialiser may leave any out
    // without -Wmissing-field-initializers.
    std::string name = {};                              // shown in the legend; escaped for XML
    std::vector<double> x = {}, y = {};
    std::vector<double> band_low = {}, band_high = {};  // optional min-max band, drawn semi-transparent
    int color = -1;                            // index into the palette; -1: the series' position
    bool dashed = false;                       // a dashed line (e.g. training loss beside test loss)
    bool points = false;                       // markers only, no line (e.g. measured values)
    bool line = true;                          // draw the line (false with points: a scatter)
};

struct LineChart {
    std::string title, x_label, y_label;
    std::vector<ChartSeries> series;
    bool log_x = false, log_y = false;
    // The y axis always covers the data; these widen it (e.g. accuracy from 0 to 1).
    double y_include_low = 0, y_include_high = 0;
    bool y_include = false;
    int width = 720, height = 380;             // of the whole picture, legend included
};

/// The chart as an SVG document (with the XML namespace, for a standalone .svg file).
std::string svg_document(const LineChart& chart);

/// The same drawing as an `<svg>` element to inline in HTML5 (no namespace needed there).
std::string svg_element(const LineChart& chart);

/// Escapes &, <, >, " and ' so text can sit in XML or HTML content and attributes.
std::string escape_xml(const std::string& text);

}  // namespace tapegrad
