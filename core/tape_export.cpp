// Exporting the tape as JSON and as Graphviz DOT: see tape_export.hpp.
#include "tape_export.hpp"

#include "tape_print.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace tapegrad {

double round_significant(double x, int digits) {
    if (digits < 1 || digits > 17)
        throw ValueError("tape export: significant_digits is " + std::to_string(digits) +
                         ", but must be in 1..17");
    if (!std::isfinite(x)) return x;
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.*g", digits, x);
    const double r = std::strtod(buf, nullptr);
    return r == 0 ? 0.0 : r;  // no "-0" in the output
}

namespace {

using nlohmann::json;

std::string text(double x, int digits) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.*g", digits, round_significant(x, digits));
    return buf;
}

json number(double x, int digits) {
    if (std::isnan(x)) return "nan";
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    return round_significant(x, digits);
}

struct Summary {
    double min, mean, max;
};

template <class T>
Summary summarize(const Tensor<T>& x) {
    return {static_cast<double>(x.minCoeff()), stable_mean(x), static_cast<double>(x.maxCoeff())};
}

// The name to show for a node: the one given in the options, else a parameter's own name.
template <class T>
const std::string* name_of(const Node<T>& n, const TapeExportOptions& options) {
    if (auto it = options.names().find(n.id); it != options.names().end()) return &it->second;
    return n.name;
}

template <class T>
json tensor_json(const Tensor<T>& x, const TapeExportOptions& options) {
    const int d = options.significant_digits();
    json out = json::object();
    if (x.size() > 0) {
        const Summary s = summarize(x);
        out["min"] = number(s.min, d);
        out["mean"] = number(s.mean, d);
        out["max"] = number(s.max, d);
    }
    if (options.full_values()) {
        json rows = json::array();
        for (Index i = 0; i < x.rows(); ++i) {
            json row = json::array();
            for (Index j = 0; j < x.cols(); ++j) row.push_back(number(static_cast<double>(x(i, j)), d));
            rows.push_back(std::move(row));
        }
        out["data"] = std::move(rows);
    }
    return out;
}

// A node's gradient is worth showing when the node needs one and backward has given it one of
// the node's shape (before the first backward it is empty).
template <class T>
bool has_grad(const Node<T>& n) {
    return n.requires_grad && n.grad().rows() == n.rows() && n.grad().cols() == n.cols();
}

template <class T>
int output_id(const Tape<T>& tape, const TapeExportOptions& options) {
    if (!options.output()) return static_cast<int>(tape.size()) - 1;
    const int id = *options.output();
    if (id < 0 || static_cast<std::size_t>(id) >= tape.size())
        throw ValueError("tape export: output node " + std::to_string(id) + " is not on the tape (it has " +
                         std::to_string(tape.size()) + " nodes)");
    return id;
}

template <class T>
std::string summary_text(const Tensor<T>& x, int digits) {
    if (x.size() == 0) return "-";
    if (x.size() == 1) return text(static_cast<double>(x(0, 0)), digits);
    const Summary s = summarize(x);
    return "min " + text(s.min, digits) + " mean " + text(s.mean, digits) + " max " + text(s.max, digits);
}

// Inside a DOT string a quote and a backslash must be escaped.
std::string dot_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out;
}

std::string dot_style(const std::string& op, bool is_output) {
    if (is_output) return "shape=box, style=\"filled,bold\", fillcolor=\"#ffd8a8\", peripheries=2";
    if (op == "param" || op == "variable") return "shape=box, style=\"rounded,filled\", fillcolor=\"#cfe2ff\"";
    if (op == "input" || op == "constant") return "shape=ellipse, style=filled, fillcolor=\"#e9ecef\"";
    return "shape=box";
}

}  // namespace

template <class T>
nlohmann::json tape_to_json(const Tape<T>& tape, const TapeExportOptions& options) {
    round_significant(0, options.significant_digits());  // checks the digits once, up front
    json nodes = json::array();
    for (std::size_t i = 0; i < tape.size(); ++i) {
        const Node<T>& n = tape.node(static_cast<int>(i));
        json node = {{"id", n.id},
                     {"op", n.op},
                     {"inputs", n.inputs},
                     {"shape", {n.rows(), n.cols()}},
                     {"requires_grad", n.requires_grad},
                     {"value", tensor_json(n.value(), options)},
                     {"grad", has_grad(n) ? tensor_json(n.grad(), options) : json(nullptr)}};
        if (const std::string* name = name_of(n, options)) node["name"] = *name;
        nodes.push_back(std::move(node));
    }
    json out = {{"dtype", sizeof(T) == 4 ? "float32" : "float64"}, {"nodes", std::move(nodes)}};
    out["output"] = tape.size() == 0 ? json(nullptr) : json(output_id(tape, options));
    return out;
}

std::string dump_tape_json(const nlohmann::json& tape_json) {
    if (!tape_json.is_object() || !tape_json.contains("nodes") || !tape_json["nodes"].is_array())
        throw ValueError("dump_tape_json: expected tape_to_json's result, an object with a \"nodes\" array");
    std::string out = "{\n";
    for (auto it = tape_json.begin(); it != tape_json.end(); ++it) {
        if (it.key() == "nodes") continue;
        out += "  " + json(it.key()).dump() + ": " + it.value().dump() + ",\n";
    }
    out += "  \"nodes\": [";
    const json& nodes = tape_json["nodes"];
    for (std::size_t i = 0; i < nodes.size(); ++i) out += (i ? ",\n    " : "\n    ") + nodes[i].dump();
    out += nodes.empty() ? "]\n}\n" : "\n  ]\n}\n";
    return out;
}

template <class T>
std::string tape_to_dot(const Tape<T>& tape, const TapeExportOptions& options) {
    const int digits = options.significant_digits();
    round_significant(0, digits);
    const int output = tape.size() == 0 ? -1 : output_id(tape, options);
    std::ostringstream dot;
    dot << "digraph tape {\n"
        << "  node [fontname=\"Helvetica\", fontsize=11];\n"
        << "  edge [color=\"#495057\"];\n";
    for (std::size_t i = 0; i < tape.size(); ++i) {
        const Node<T>& n = tape.node(static_cast<int>(i));
        std::string label = std::string("#").append(std::to_string(n.id)) + " " + n.op;  // not "#" + ...: see core/files.cpp
        if (const std::string* name = name_of(n, options)) label += "\\n" + dot_escape(*name);
        label += "\\n" + shape_of(n.value());
        if (options.show_summaries()) {
            label += "\\nvalue " + summary_text(n.value(), digits);
            if (has_grad(n)) label += "\\ngrad " + summary_text(n.grad(), digits);
        }
        dot << "  n" << n.id << " [label=\"" << label << "\", " << dot_style(n.op, n.id == output) << "];\n";
    }
    for (std::size_t i = 0; i < tape.size(); ++i) {
        const Node<T>& n = tape.node(static_cast<int>(i));
        for (int in : n.inputs) {
            dot << "  n" << in << " -> n" << n.id;
            if (!tape.node(in).requires_grad) dot << " [style=dashed]";
            dot << ";\n";
        }
    }
    dot << "}\n";
    return dot.str();
}

template nlohmann::json tape_to_json(const Tape<float>&, const TapeExportOptions&);
template nlohmann::json tape_to_json(const Tape<double>&, const TapeExportOptions&);
template std::string tape_to_dot(const Tape<float>&, const TapeExportOptions&);
template std::string tape_to_dot(const Tape<double>&, const TapeExportOptions&);

}  // namespace tapegrad
