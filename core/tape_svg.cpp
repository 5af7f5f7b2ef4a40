// Drawing the tape as SVG: see tape_svg.hpp. Every coordinate is an integer, so the text depends
// only on the tape, never on how a compiler rounds.
#include "tape_svg.hpp"

#include "tape_print.hpp"

#include <algorithm>
#include <sstream>
#include <string_view>
#include <vector>

namespace tapegrad {

namespace {

// Sizes in pixels: a box (at least this wide), the gaps between columns and rows, the margin around
// the drawing, and about how wide a character of the bold 12px labels is.
constexpr int min_box_w = 172, box_h = 58, column_gap = 54, row_gap = 22, margin = 16, legend_h = 34, char_w = 7;

std::string escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

// The column of every node: an op one right of its deepest input, a leaf one left of its first
// (leftmost) user, so that a parameter waits beside the op that reads it.
template <class T>
std::vector<int> columns_of(const Tape<T>& tape) {
    const int n = static_cast<int>(tape.size());
    std::vector<int> col(static_cast<std::size_t>(n), 0);
    for (int i = 0; i < n; ++i)
        for (int in : tape.node(i).inputs) col[i] = std::max(col[i], col[in] + 1);
    for (int i = 0; i < n; ++i) {
        if (!tape.node(i).inputs.empty()) continue;
        int first_user = -1;
        for (int j = i + 1; j < n; ++j)
            for (int in : tape.node(j).inputs)
                if (in == i && (first_user < 0 || col[j] < first_user)) first_user = col[j];
        if (first_user > 0) col[i] = first_user - 1;
    }
    return col;
}

template <class T>
const char* kind_of(const Node<T>& n, bool is_loss) {
    const std::string_view op = n.op;
    if (is_loss) return "loss";
    if (op == "param" || op == "variable") return "param";
    if (n.inputs.empty()) return "data";
    return "op";
}

}  // namespace

template <class T>
std::string tape_to_svg(const Tape<T>& tape, const TapeExportOptions& options) {
    const int count = static_cast<int>(tape.size());
    const int loss = options.output() ? *options.output() : count - 1;
    if (count > 0 && (loss < 0 || loss >= count))
        throw ValueError("tape_to_svg: output node " + std::to_string(loss) + " is not on the tape (it has " +
                         std::to_string(count) + " nodes)");
    const std::vector<int> col = columns_of(tape);
    const int columns = count == 0 ? 1 : *std::max_element(col.begin(), col.end()) + 1;
    std::vector<int> row(static_cast<std::size_t>(count)), filled(static_cast<std::size_t>(columns), 0);
    for (int i = 0; i < count; ++i) row[i] = filled[col[i]]++;
    const int rows = std::max(1, *std::max_element(filled.begin(), filled.end()));
    // Every box is as wide as the longest label needs: "#11 sigmoid_binary_cross_entropy" is 32 characters.
    std::size_t longest = 0;
    for (int i = 0; i < count; ++i) {
        const Node<T>& n = tape.node(i);
        const auto named = options.names().find(i);
        const std::string* name = named != options.names().end() ? &named->second : n.name;
        // std::string(...).append, not "#" + ...: GCC 12 warns falsely on literal + string (-Wrestrict, bug 105329).
        longest = std::max({longest, std::string("#").append(std::to_string(i)).append(" ").append(n.op).size(), name ? name->size() : 0});
    }
    const int box_w = std::max(min_box_w, static_cast<int>(longest) * char_w + 20);
    const int width = std::max(480, 2 * margin + columns * box_w + (columns - 1) * column_gap);  // the legend's room
    const int height = 2 * margin + rows * box_h + (rows - 1) * row_gap + legend_h;
    auto left = [&](int i) { return margin + col[i] * (box_w + column_gap); };
    auto top = [&](int i) { return margin + row[i] * (box_h + row_gap); };

    std::ostringstream svg;
    svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"tapegrad-tape\" width=\"" << width << "\" height=\"" << height
        << "\" viewBox=\"0 0 " << width << " " << height << "\" font-family=\"Helvetica, Arial, sans-serif\" "
        << "font-size=\"12\" role=\"img\" aria-label=\"the tape of one step: " << count << " nodes\">\n"
        // Inline in a page, a <style> applies to the whole page: every rule is scoped to this drawing.
        << "<style>.tapegrad-tape .node rect{stroke:#495057;fill:#fff}.tapegrad-tape .param rect{fill:#cfe2ff}"
        << ".tapegrad-tape .data rect{fill:#e9ecef}.tapegrad-tape .loss rect{fill:#ffd8a8;stroke-width:2}"
        << ".tapegrad-tape .edge{fill:none;stroke:#495057;stroke-width:1.2}.tapegrad-tape .nograd{stroke-dasharray:5 4}"
        << ".tapegrad-tape .op-name{font-weight:bold}</style>\n"
        << "<defs><marker id=\"tapegrad-tape-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" "
        << "markerHeight=\"7\" orient=\"auto\"><path d=\"M0 0L10 5L0 10z\" fill=\"#495057\"/></marker></defs>\n"
        << "<rect width=\"" << width << "\" height=\"" << height << "\" fill=\"#fff\"/>\n";

    // Arrows first, so the boxes sit on top of them: right side of the input to left side of the user.
    for (int i = 0; i < count; ++i)
        for (int in : tape.node(i).inputs) {
            const int x1 = left(in) + box_w, y1 = top(in) + box_h / 2, x2 = left(i), y2 = top(i) + box_h / 2;
            const int bend = std::max(20, (x2 - x1) / 2);
            svg << "<path class=\"edge" << (tape.node(in).requires_grad ? "" : " nograd") << "\" d=\"M" << x1 << " " << y1
                << "C" << x1 + bend << " " << y1 << " " << x2 - bend << " " << y2 << " " << x2 << " " << y2
                << "\" marker-end=\"url(#tapegrad-tape-arrow)\"/>\n";
        }
    for (int i = 0; i < count; ++i) {
        const Node<T>& n = tape.node(i);
        const auto named = options.names().find(i);
        const std::string* name = named != options.names().end() ? &named->second : n.name;
        const int x = left(i), y = top(i), cx = x + box_w / 2;
        svg << "<g class=\"node " << kind_of(n, i == loss) << "\" data-id=\"" << i << "\" data-op=\"" << escape(n.op) << "\">"
            << "<title>node " << i << " " << escape(n.op) << (name ? std::string(" ").append(escape(*name)) : std::string()) << ", " << shape_of(n.value())
            << "; value " << summary(n.value()) << "; grad "
            << (n.requires_grad && n.grad().size() == n.value().size() ? summary(n.grad()) : std::string("-")) << "</title>";
        if (i == loss) svg << "<rect x=\"" << x - 3 << "\" y=\"" << y - 3 << "\" width=\"" << box_w + 6 << "\" height=\"" << box_h + 6 << "\" rx=\"9\"/>";
        svg << "<rect x=\"" << x << "\" y=\"" << y << "\" width=\"" << box_w << "\" height=\"" << box_h << "\" rx=\"6\"/>"
            << "<text class=\"op-name\" x=\"" << cx << "\" y=\"" << y + 17 << "\" text-anchor=\"middle\">#" << i << " "
            << escape(n.op) << "</text>";
        if (name) svg << "<text x=\"" << cx << "\" y=\"" << y + 33 << "\" text-anchor=\"middle\">" << escape(*name) << "</text>";
        svg << "<text x=\"" << cx << "\" y=\"" << y + (name ? 49 : 38) << "\" text-anchor=\"middle\" fill=\"#495057\">"
            << shape_of(n.value()) << "</text></g>\n";
    }
    // The legend, along the bottom.
    const int ly = height - margin - 14;
    svg << "<g class=\"legend\" font-size=\"11\">"
        << "<rect x=\"" << margin << "\" y=\"" << ly << "\" width=\"14\" height=\"14\" fill=\"#cfe2ff\" stroke=\"#495057\"/>"
        << "<text x=\"" << margin + 20 << "\" y=\"" << ly + 11 << "\">parameter</text>"
        << "<rect x=\"" << margin + 100 << "\" y=\"" << ly << "\" width=\"14\" height=\"14\" fill=\"#e9ecef\" stroke=\"#495057\"/>"
        << "<text x=\"" << margin + 120 << "\" y=\"" << ly + 11 << "\">data</text>"
        << "<rect x=\"" << margin + 170 << "\" y=\"" << ly << "\" width=\"14\" height=\"14\" fill=\"#ffd8a8\" stroke=\"#495057\"/>"
        << "<text x=\"" << margin + 190 << "\" y=\"" << ly + 11 << "\">loss</text>"
        << "<path class=\"edge nograd\" d=\"M" << margin + 240 << " " << ly + 7 << "H" << margin + 280 << "\"/>"
        << "<text x=\"" << margin + 288 << "\" y=\"" << ly + 11 << "\">no gradient flows back</text></g>\n"
        << "</svg>\n";
    return svg.str();
}

template std::string tape_to_svg(const Tape<float>&, const TapeExportOptions&);
template std::string tape_to_svg(const Tape<double>&, const TapeExportOptions&);

}  // namespace tapegrad
