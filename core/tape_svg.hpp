// The tape drawn as SVG, by tapegrad itself (no Graphviz): one box per node, inputs on the left and
// the loss on the right, one arrow per input in the direction data flows. For `tapegrad tape
// --format svg`, for the lab's report to embed, and for any page that wants the picture.
#pragma once

#include "tape.hpp"
#include "tape_export.hpp"

#include <string>

namespace tapegrad {

/// The tape as a standalone SVG document that can also be pasted into HTML as it is: an <svg
/// class="tapegrad-tape"> element with its namespace, no XML declaration, its style rules scoped to
/// .tapegrad-tape, and no id but the arrowhead's "tapegrad-tape-arrow" (the same in every drawing,
/// so several drawings can share a page).
///
/// Layout: columns by depth, left to right. An op sits one column right of its deepest input; a
/// leaf (data, parameter) sits just left of its first user. Within a column, nodes go top to bottom
/// in creation order. Each node is a <g class="node KIND" data-id="ID" data-op="OP"> holding a box,
/// the lines "#ID OP", its name if it has one, and its shape, and a <title> (the tooltip) with its
/// value and gradient summaries. KIND is param (blue), data (grey), loss (orange, doubled border) or
/// op (white). An arrow that carries no gradient back is dashed.
/// From the options: names (name(id, "logits")) and the loss (output(id), default the last node).
template <class T>
std::string tape_to_svg(const Tape<T>& tape, const TapeExportOptions& options = {});

extern template std::string tape_to_svg(const Tape<float>&, const TapeExportOptions&);
extern template std::string tape_to_svg(const Tape<double>&, const TapeExportOptions&);

}  // namespace tapegrad
