// Explaining a backward walk: see tape_explain.hpp. The ops are known here by name; the fused
// softmax cross-entropy is asked what it kept (softmax_cross_entropy_parts). Each explainer
// recomputes a node's share from the rule and the numbers on the tape, and where the tape's own
// gradient holds only that share (the input has one user), it checks that the two agree.
#include "tape_explain.hpp"

#include "../losses/softmax_cross_entropy.hpp"
#include "tape_print.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <map>
#include <sstream>
#include <string_view>
#include <vector>

namespace tapegrad {

namespace {

constexpr std::size_t columns = 100;  // no line is longer

template <class T>
struct Explainer {
    const Tape<T>& tape;
    const TapeExportOptions& options;
    std::vector<int> users;  // how many nodes use each node as an input
    std::ostringstream out;

    // How many entries a node lists: a few, enough to check the rule by hand, unless full_values().
    std::size_t max_entries() const { return options.full_values() ? std::numeric_limits<std::size_t>::max() : 12; }
    std::size_t max_loss_entries() const { return options.full_values() ? max_entries() : 48; }

    std::string num(double x) const {
        char buf[40];
        std::snprintf(buf, sizeof buf, "%.*g", options.significant_digits(), round_significant(x, options.significant_digits()));
        return buf;  // round_significant turns -0 into 0
    }
    static std::string cell(const std::string& text) {  // a right-aligned table cell, 11 wide
        return std::string(text.size() < 11 ? 11 - text.size() : 1, ' ') + text;
    }
    std::string cell(double x) const { return cell(num(x)); }
    // A table's first line: "[n,j]" and the column names, aligned with entry_line's cells.
    void header(const std::vector<std::string>& names) {
        std::string text = "[n,j]    ";
        for (const std::string& name : names) text += cell(name);
        line(text, 4);
    }
    void entry_line(Index r, Index j, const std::vector<double>& values) {
        std::string text = "[" + std::to_string(r) + "," + std::to_string(j) + "]";
        text += std::string(text.size() < 9 ? 9 - text.size() : 1, ' ');
        for (double v : values) text += cell(v);
        line(text, 4);
    }
    void more(std::size_t listed, std::size_t limit) {
        if (listed > limit) line("... and " + std::to_string(listed - limit) + " more (tapegrad tape --full, or full_values(), lists all)", 4);
    }
    // A line, wrapped at a space before column 100; continued lines are indented 8 spaces more.
    void line(std::string text, std::size_t indent = 2) {
        std::string pad(indent, ' ');
        text = pad + text;
        while (text.size() > columns) {
            std::size_t cut = text.rfind(' ', columns);
            if (cut == std::string::npos || cut <= indent + 8) cut = columns;
            out << text.substr(0, cut) << "\n";
            text = pad + std::string(8, ' ') + text.substr(text[cut] == ' ' ? cut + 1 : cut);
        }
        out << text << "\n";
    }

    const Node<T>& node(int id) const { return tape.node(id); }
    const std::string* name_of(const Node<T>& n) const {
        if (auto it = options.names().find(n.id); it != options.names().end()) return &it->second;
        return n.name;
    }
    // "node 4 (logits)", "node 1 (param 0.weight)", "node 0 (input)"
    std::string label(int id) const {
        const Node<T>& n = node(id);
        const std::string* name = name_of(n);
        return "node " + std::to_string(id) + " (" + (name && n.name == name ? std::string(n.op) + " " : std::string()) +
               (name ? *name : std::string(n.op)) + ")";
    }
    // The gradient on the tape is this one node's share when the input has a single user.
    bool sole_user(int input) const { return users[static_cast<std::size_t>(input)] == 1 && node(input).requires_grad; }
    static bool has_grad(const Node<T>& n) {
        return n.requires_grad && n.grad().rows() == n.rows() && n.grad().cols() == n.cols();
    }

    // "check  ...": the recomputed share against the tape's gradient of `input`.
    void check(int input, const Tensor<double>& share, const std::string& what) {
        if (!sole_user(input) || !has_grad(node(input))) return;
        const Tensor<double> on_tape = node(input).grad().template cast<double>();
        const double largest = std::max(1.0, share.cwiseAbs().maxCoeff());
        const double diff = (on_tape - share).cwiseAbs().maxCoeff();
        const double tolerance = 100 * std::numeric_limits<T>::epsilon() * largest;
        if (diff <= tolerance)
            line("check  " + what + " is the gradient on the tape" +
                 (share.size() == 1 ? "" : ", in all " + std::to_string(share.size()) + " entries"));
        else
            line("check  " + what + " differs from the tape's gradient by up to " + num(diff));
    }

    void explain_node(const Node<T>& n);
    void leaf(const Node<T>& n);
    void softmax_cross_entropy(const Node<T>& n);
    void sigmoid_binary_cross_entropy(const Node<T>& n);
    void add_or_sub(const Node<T>& n, double sign_b);
    void matmul(const Node<T>& n);
    bool elementwise(const Node<T>& n);
    void sum_line(const std::string& lhs, const std::vector<double>& terms, const std::vector<std::string>& shown);
};

// "dL/db[0,2] = 0.1 + -0.3 = -0.2": at most 8 terms shown, the sum always of all of them.
template <class T>
void Explainer<T>::sum_line(const std::string& lhs, const std::vector<double>& terms, const std::vector<std::string>& shown) {
    std::string text = lhs + " =";
    double total = 0;
    for (std::size_t k = 0; k < terms.size(); ++k) {
        total += terms[k];
        if (k < 8) text += (k ? " + " : " ") + shown[k];
    }
    if (terms.size() > 8) text += " + ... (" + std::to_string(terms.size() - 8) + " more)";
    if (terms.size() > 1 || shown[0] != num(total)) text += " = " + num(total);
    line(text, 4);
}

template <class T>
void Explainer<T>::leaf(const Node<T>& n) {
    const std::string_view op = n.op;
    if (op == "param") {
        line("rule   a parameter: the gradient was added into Parameter::grad, where the optimizer reads it");
        if (has_grad(n)) line("its gradient: " + summary(n.grad()));
    } else if (op == "variable" && n.requires_grad) {
        line("rule   a leaf whose gradient was asked for: dL/dx = " + (has_grad(n) ? summary(n.grad()) : "-"));
    } else {
        line("rule   data (" + std::string(op) + "): no gradient is wanted, so the walk stops here");
    }
}

// A loss's rule and its entries: z, p, y, the formula's dL/dz and the tape's.
template <class T>
void Explainer<T>::softmax_cross_entropy(const Node<T>& n) {
    const SoftmaxCrossEntropyParts<T> parts = softmax_cross_entropy_parts(n);
    const int zid = n.inputs[0];
    const Tensor<T>& z = node(zid).value();
    const Index m = z.rows(), C = z.cols();
    const bool plain = std::all_of(parts.weight.begin(), parts.weight.end(), [](T w) { return w == T(1); });
    const Tensor<T>& G = n.grad();  // dL/dloss: 1 at the end of the walk
    auto seed = [&](Index r) { return has_grad(n) ? static_cast<double>(G.rows() == 1 ? G(0, 0) : G(r, 0)) : 1.0; };
    const bool mean = std::abs(parts.scale * static_cast<double>(m) - 1) < 1e-12;
    const std::string over = mean ? "/m" : parts.scale == 1 ? "" : "/" + num(1 / parts.scale);
    line("rule   L = " + std::string(mean ? "mean" : "sum") + " over the rows n of -sum_j y[n,j] ln p[n,j], p = softmax(z) row by row,");
    line("       z = " + label(zid) + ", m = " + std::to_string(m) + " rows, " + std::to_string(C) + " classes");
    if (plain) line("       dL/dz = (p - y)" + over + ": what the model gave minus what was true" + (mean ? ", over m" : ""));
    else line("       dL/dz[n] = w[n] (p[n] - y[n])" + over + ", w[n] the weight of row n (class weights)");
    if (!parts.classes.empty()) {
        std::string labels;
        for (Index c : parts.classes) labels += (labels.empty() ? "" : ", ") + (c < 0 ? std::string("ignored") : std::to_string(c));
        line("labels y = " + labels + " (class indices, row by row; y[n] is the one-hot row of the label)");
    } else {
        line("labels y = " + label(n.inputs[1]) + ", rows of probabilities");
    }
    if (seed(0) != 1 || G.rows() != 1) line("       dL/dL = " + summary(G) + " (the loss is not the end of the walk): it scales dL/dz");
    const bool tape_col = sole_user(zid) && has_grad(node(zid));
    std::vector<std::string> names{"z", "p", "y", (plain ? "(p-y)" : "w(p-y)") + over};
    if (tape_col) names.push_back("tape dL/dz");
    header(names);
    Tensor<double> share(m, C);
    std::size_t listed = 0;
    for (Index r = 0; r < m; ++r)
        for (Index j = 0; j < C; ++j) {
            const double g = seed(r) * parts.scale * static_cast<double>(parts.weight[static_cast<std::size_t>(r)]) *
                             (static_cast<double>(parts.p(r, j)) - static_cast<double>(parts.y(r, j)));
            share(r, j) = g;
            if (listed++ >= max_loss_entries()) continue;
            std::vector<double> values{double(z(r, j)), double(parts.p(r, j)), double(parts.y(r, j)), g};
            if (tape_col) values.push_back(double(node(zid).grad()(r, j)));
            entry_line(r, j, values);
        }
    more(listed, max_loss_entries());
    check(zid, share, plain ? "(p - y) / m" : "w (p - y) / m");
}

// y = sigmoid(z) per entry, compared with its own label: dL/dz = (p - y) / (m n) under the mean.
template <class T>
void Explainer<T>::sigmoid_binary_cross_entropy(const Node<T>& n) {
    const int zid = n.inputs[0];
    const Tensor<T>& z = node(zid).value();
    const Tensor<T>& y = node(n.inputs[1]).value();
    const double scale = n.rows() == 1 && n.cols() == 1 ? 1.0 / static_cast<double>(z.size()) : 1.0;
    line("rule   L = mean over the entries of -[y ln p + (1 - y) ln(1 - p)], p = sigmoid(z) per entry,");
    line("       z = " + label(zid) + ", y = " + label(n.inputs[1]) + ", n-hot rows, m n = " + std::to_string(z.size()) + " entries");
    line("       dL/dz = (p - y) / (m n)");
    const bool tape_col = sole_user(zid) && has_grad(node(zid));
    std::vector<std::string> names{"z", "p", "y", "(p-y)/mn"};
    if (tape_col) names.push_back("tape dL/dz");
    header(names);
    Tensor<double> share(z.rows(), z.cols());
    std::size_t listed = 0;
    const double seed = has_grad(n) && n.grad().size() == 1 ? static_cast<double>(n.grad()(0, 0)) : 1.0;
    for (Index r = 0; r < z.rows(); ++r)
        for (Index j = 0; j < z.cols(); ++j) {
            const double p = 1 / (1 + std::exp(-static_cast<double>(z(r, j))));
            share(r, j) = seed * scale * (p - static_cast<double>(y(r, j)));
            if (listed++ >= max_loss_entries()) continue;
            std::vector<double> values{double(z(r, j)), p, double(y(r, j)), share(r, j)};
            if (tape_col) values.push_back(double(node(zid).grad()(r, j)));
            entry_line(r, j, values);
        }
    more(listed, max_loss_entries());
    check(zid, share, "(p - y) / (m n)");
}

// y = a + b (or a - b): each operand gets dL/dy, summed over the rows or columns it was repeated
// along when it was broadcast (a bias row added to every example gets the sum over the batch).
template <class T>
void Explainer<T>::add_or_sub(const Node<T>& n, double sign_b) {
    const char* sign = sign_b > 0 ? "+" : "-";
    line("rule   y = a " + std::string(sign) + " b, a = " + label(n.inputs[0]) + " " + shape_of(node(n.inputs[0]).value()) +
         ", b = " + label(n.inputs[1]) + " " + shape_of(node(n.inputs[1]).value()));
    if (!has_grad(n)) return;
    const Tensor<T>& g = n.grad();  // dL/dy
    for (int k = 0; k < 2; ++k) {
        const int id = n.inputs[static_cast<std::size_t>(k)];
        const Node<T>& in = node(id);
        const double sg = k == 0 ? 1.0 : sign_b;
        const std::string d = "dL/d" + std::string(k == 0 ? "a" : "b");
        if (!in.requires_grad) { line("       " + d + ": not needed, " + label(id) + " needs no gradient"); continue; }
        if (in.rows() == n.rows() && in.cols() == n.cols()) {
            line("       " + d + " = " + (sg > 0 ? "" : "-") + "dL/dy, passed on unchanged");
            check(id, sg * g.template cast<double>(), d);
            continue;
        }
        const bool row = in.rows() == 1 && n.rows() > 1, col = in.cols() == 1 && n.cols() > 1;
        line("       " + d + " = " + (sg > 0 ? "" : "-") + "dL/dy summed over the " +
             (row && col ? "whole of it" : row ? std::to_string(n.rows()) + " rows" : std::to_string(n.cols()) + " columns") +
             ": " + shape_of(in.value()) + " was repeated to " + shape_of(n.value()) + ", so its copies' gradients add");
        Tensor<double> share = Tensor<double>::Zero(in.rows(), in.cols());
        std::size_t listed = 0;
        for (Index i = 0; i < in.rows(); ++i)
            for (Index j = 0; j < in.cols(); ++j) {
                std::vector<double> terms;
                std::vector<std::string> text;
                for (Index r = row ? 0 : i; r < (row ? n.rows() : i + 1); ++r)
                    for (Index c = col ? 0 : j; c < (col ? n.cols() : j + 1); ++c) {
                        terms.push_back(sg * static_cast<double>(g(r, c)));
                        text.push_back(num(terms.back()));
                    }
                for (double t : terms) share(i, j) += t;
                if (listed++ < max_entries()) sum_line(d + "[" + std::to_string(i) + "," + std::to_string(j) + "]", terms, text);
            }
        more(listed, max_entries());
        check(id, share, d);
    }
}

// y = a b: dL/da = dL/dy b^T and dL/db = a^T dL/dy, each entry a sum of products.
template <class T>
void Explainer<T>::matmul(const Node<T>& n) {
    const int aid = n.inputs[0], bid = n.inputs[1];
    const Tensor<T>& a = node(aid).value();
    const Tensor<T>& b = node(bid).value();
    line("rule   y = a b, a = " + label(aid) + " " + shape_of(a) + ", b = " + label(bid) + " " + shape_of(b) +
         ", y " + shape_of(n.value()));
    if (!has_grad(n)) return;
    const Tensor<T>& g = n.grad();  // dL/dy
    // append, not "(" + ...: GCC 12 warns falsely on literal + string (-Wrestrict, bug 105329).
    auto product = [&](double x, double y) { return num(x) + "*" + (y < 0 ? std::string("(").append(num(y)).append(")") : num(y)); };
    for (int k = 1; k >= 0; --k) {  // the weight's gradient first: it is the one training needs
        const int id = k == 0 ? aid : bid;
        const Node<T>& in = node(id);
        if (k == 0) line("       dL/da = dL/dy b^T: dL/da[n,i] = sum over j of dL/dy[n,j] b[i,j]");
        else line("       dL/db = a^T dL/dy: dL/db[i,j] = sum over the rows n of a[n,i] dL/dy[n,j]");
        if (!in.requires_grad) { line("       not needed: " + label(id) + " needs no gradient"); continue; }
        Tensor<double> share(in.rows(), in.cols());
        std::size_t listed = 0;
        for (Index i = 0; i < in.rows(); ++i)
            for (Index j = 0; j < in.cols(); ++j) {
                std::vector<double> terms;
                std::vector<std::string> text;
                const Index K = k == 0 ? g.cols() : g.rows();
                for (Index q = 0; q < K; ++q) {
                    const double x = k == 0 ? static_cast<double>(g(i, q)) : static_cast<double>(a(q, i));
                    const double y = k == 0 ? static_cast<double>(b(j, q)) : static_cast<double>(g(q, j));
                    terms.push_back(x * y);
                    text.push_back(product(x, y));
                }
                share(i, j) = 0;
                for (double t : terms) share(i, j) += t;
                if (listed++ < max_entries())
                    sum_line(std::string(k == 0 ? "dL/da[" : "dL/db[") + std::to_string(i) + "," + std::to_string(j) + "]", terms, text);
            }
        more(listed, max_entries());
        check(id, share, k == 0 ? "dL/da" : "dL/db");
    }
}

// One-input ops applied entry by entry: dL/dx = dL/dy * dy/dx, with dy/dx from x and y.
template <class T>
bool Explainer<T>::elementwise(const Node<T>& n) {
    struct Rule {
        const char* text;
        double (*dydx)(double x, double y);
    };
    static const std::map<std::string_view, Rule> rules{
        {"relu", {"y = max(x, 0); dL/dx = dL/dy where x > 0, else 0", [](double x, double) { return x > 0 ? 1.0 : 0.0; }}},
        {"sigmoid", {"y = 1 / (1 + e^-x); dL/dx = dL/dy y (1 - y)", [](double, double y) { return y * (1 - y); }}},
        {"tanh", {"y = tanh x; dL/dx = dL/dy (1 - y^2)", [](double, double y) { return 1 - y * y; }}},
        {"exp", {"y = e^x; dL/dx = dL/dy y", [](double, double y) { return y; }}},
        {"log", {"y = ln x; dL/dx = dL/dy / x", [](double x, double) { return 1 / x; }}},
        {"neg", {"y = -x; dL/dx = -dL/dy", [](double, double) { return -1.0; }}},
        {"sqrt", {"y = sqrt x; dL/dx = dL/dy / (2 y)", [](double, double y) { return 0.5 / y; }}},
        {"softplus", {"y = ln(1 + e^x); dL/dx = dL/dy sigmoid(x)", [](double x, double) { return 1 / (1 + std::exp(-x)); }}},
    };
    const auto it = rules.find(n.op);
    if (it == rules.end() || n.inputs.size() != 1) return false;
    const int xid = n.inputs[0];
    const Node<T>& x = node(xid);
    if (x.rows() != n.rows() || x.cols() != n.cols()) return false;
    line(std::string("rule   ") + it->second.text + ", entry by entry; x = " + label(xid));
    if (!has_grad(n) || !x.requires_grad) return true;
    header({"x", "y", "dL/dy", "dy/dx", "dL/dx"});
    Tensor<double> share(n.rows(), n.cols());
    std::size_t listed = 0;
    for (Index r = 0; r < n.rows(); ++r)
        for (Index j = 0; j < n.cols(); ++j) {
            const double xv = static_cast<double>(x.value()(r, j)), yv = static_cast<double>(n.value()(r, j));
            const double gy = static_cast<double>(n.grad()(r, j)), d = it->second.dydx(xv, yv);
            share(r, j) = gy * d;
            if (listed++ < max_entries()) entry_line(r, j, {xv, yv, gy, d, share(r, j)});
        }
    more(listed, max_entries());
    check(xid, share, "dL/dx");
    return true;
}

template <class T>
void Explainer<T>::explain_node(const Node<T>& n) {
    std::string inputs;
    for (int id : n.inputs) inputs += (inputs.empty() ? "" : ", ") + std::to_string(id);
    const std::string* name = name_of(n);
    line("node " + std::to_string(n.id) + "  " + n.op + (inputs.empty() ? "" : " (" + inputs + ")") + "  " + shape_of(n.value()) +
             (name ? "  " + *name : "") + (n.value().size() == 1 ? "  value " + num(static_cast<double>(n.value()(0, 0))) : ""),
         0);
    const std::string_view op = n.op;
    if (n.inputs.empty()) leaf(n);
    else if (!n.requires_grad || !n.reached) line("rule   not on the walk back: no gradient reached this node");
    else if (op == "softmax_cross_entropy") softmax_cross_entropy(n);
    else if (op == "sigmoid_binary_cross_entropy") sigmoid_binary_cross_entropy(n);
    else if ((op == "add" || op == "sub") && n.inputs.size() == 2) add_or_sub(n, op == "add" ? 1.0 : -1.0);
    else if (op == "matmul") matmul(n);
    else if (!elementwise(n)) {
        line("rule   see the backward beside its forward (ops/ or losses/); it received dL/dy = " +
             (has_grad(n) ? summary(n.grad()) : std::string("-")));
    }
    out << "\n";
}

}  // namespace

template <class T>
std::string explain(const Tape<T>& tape, const TapeExportOptions& options) {
    round_significant(0, options.significant_digits());  // checks the digits once, up front
    Explainer<T> e{tape, options, std::vector<int>(tape.size(), 0), {}};
    for (std::size_t i = 0; i < tape.size(); ++i)
        for (int in : tape.node(static_cast<int>(i)).inputs) ++e.users[static_cast<std::size_t>(in)];
    e.line("The walk back, last node first: each node's rule and the numbers it used. [n,j] is row n,", 0);
    e.line("column j; a gradient dL/dx has x's shape. Numbers have " + std::to_string(options.significant_digits()) +
               " significant digits.", 0);
    e.out << "\n";
    for (std::size_t i = tape.size(); i-- > 0;) e.explain_node(tape.node(static_cast<int>(i)));
    return e.out.str();
}

template std::string explain(const Tape<float>&, const TapeExportOptions&);
template std::string explain(const Tape<double>&, const TapeExportOptions&);

}  // namespace tapegrad
