// Exporting the tape for other tools: JSON (one object per node, for scripts and checked-in
// expected files) and Graphviz DOT (a picture of the graph: `dot -Tsvg tape.dot -o tape.svg`).
// The text form, one line per node, is in tape_print.hpp.
#pragma once

#include "tape.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <ostream>
#include <string>

namespace tapegrad {

/// What to export, read like a sentence:
///   TapeExportOptions().significant_digits(4).full_values().name(1, "W").name(2, "b")
struct TapeExportOptions {
    /// Every number is rounded to this many significant digits (1..17), so that the output of a
    /// step is the same on every compiler and can be compared with a checked-in file.
    TapeExportOptions& significant_digits(int d) { digits_ = d; return *this; }
    /// JSON: besides min/mean/max, each value and gradient is written in full, row by row.
    TapeExportOptions& full_values(bool on = true) { full_ = on; return *this; }
    /// DOT: each node's label also shows its value and gradient summaries.
    TapeExportOptions& show_summaries(bool on = true) { summaries_ = on; return *this; }
    /// A name for node `id` ("logits", "loss"), shown beside its op. Parameters show their own
    /// names without this; a name given here takes their place.
    TapeExportOptions& name(int id, std::string n) { names_[id] = std::move(n); return *this; }
    /// The node drawn as the loss; by default the last node on the tape.
    TapeExportOptions& output(int id) { output_ = id; return *this; }

    int significant_digits() const { return digits_; }
    bool full_values() const { return full_; }
    bool show_summaries() const { return summaries_; }
    const std::map<int, std::string>& names() const { return names_; }
    std::optional<int> output() const { return output_; }

private:
    int digits_ = 6;
    bool full_ = false;
    bool summaries_ = false;
    std::map<int, std::string> names_;
    std::optional<int> output_;
};

/// The tape as JSON:
///   { "dtype": "float64", "output": 8, "nodes": [
///       { "id": 2, "op": "matmul", "inputs": [0, 1], "shape": [2, 3], "requires_grad": true,
///         "value": { "min": -1.2, "mean": 0.031, "max": 2.5 },       (+ "data": [[...], ...] if full)
///         "grad":  { "min": -0.1, "mean": 0, "max": 0.2 } }, ... ] }
/// "grad" is null for a node that needs no gradient. A parameter, or a node named with name(), has
/// a "name" key. Means that are only rounding noise are written as 0 (see stable_mean).
/// NaN and infinities, which JSON cannot hold, are written as the strings "nan", "inf", "-inf".
/// Gradients are whatever the node holds: export after tape.backward() for this step's gradients.
template <class T>
nlohmann::json tape_to_json(const Tape<T>& tape, const TapeExportOptions& options = {});

/// tape_to_json's result as text with one node per line: still JSON, and easy to scan and diff.
std::string dump_tape_json(const nlohmann::json& tape_json);

/// The tape as a Graphviz digraph: one node per tape node, labelled with its id, op and shape,
/// and one edge per input, drawn in the direction data flows (input -> output). Parameters and
/// gradient-seeking variables are blue boxes, inputs and constants grey ellipses, the output
/// (loss) an orange double box; an edge that carries no gradient back is dashed.
template <class T>
std::string tape_to_dot(const Tape<T>& tape, const TapeExportOptions& options = {});

/// x rounded to `digits` significant digits (what every exported number goes through).
double round_significant(double x, int digits);

extern template nlohmann::json tape_to_json(const Tape<float>&, const TapeExportOptions&);
extern template nlohmann::json tape_to_json(const Tape<double>&, const TapeExportOptions&);
extern template std::string tape_to_dot(const Tape<float>&, const TapeExportOptions&);
extern template std::string tape_to_dot(const Tape<double>&, const TapeExportOptions&);

}  // namespace tapegrad
