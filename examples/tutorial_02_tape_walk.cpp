// Tutorial chapter 2 (docs/tutorial.md): what the tape holds and how backward walks it. One neuron,
// p = sigmoid(x w + b) and loss = -ln p, recorded node by node, printed before and after backward,
// checked against the chain rule by hand, and exported as JSON and as a Graphviz picture.
#include <tapegrad/tapegrad.hpp>

#include <cmath>
#include <cstdio>
#include <iostream>

using namespace tapegrad;

int main() {
    Tensor<double> X{{2.0, 1.0}};                               // one example, two features
    Parameter<double> w("w", Tensor<double>{{0.5}, {-1.0}});    // 2x1
    Parameter<double> b("b", Tensor<double>{{0.1}});            // 1x1

    // Each line appends one node. (One leaf per statement: C++ leaves the order in which function
    // arguments are evaluated to the compiler, and we want the same node ids everywhere.)
    Tape<double> tape;
    Var<double> x = tape.input(X);      // node 0  data: no gradient wanted
    Var<double> wv = tape.param(w);     // node 1  borrows w.value; backward adds into w.grad
    Var<double> xw = matmul(x, wv);     // node 2  inputs (0, 1)
    Var<double> bv = tape.param(b);     // node 3
    Var<double> z = xw + bv;            // node 4  inputs (2, 3)
    Var<double> p = sigmoid(z);         // node 5  input 4
    Var<double> loss = -log(p);         // node 6 (log) and node 7 (neg)

    std::cout << "The tape after the forward pass: every value is known, no gradient yet.\n" << tape << "\n";

    // backward seeds dloss/dloss = 1 at node 7, then visits 7, 6, 5, ..., 0. Each node's backward
    // adds its share into its inputs' gradients; every node that uses node k comes after k on the
    // tape, so by the time the walk reaches k, its gradient is complete.
    tape.backward(loss);
    std::cout << "After tape.backward(loss), walked from node 7 down to node 0:\n" << tape << "\n";

    // The same numbers by the chain rule, one link at a time.
    const double pv = p.item();
    std::printf("z = 2*0.5 + 1*(-1) + 0.1 = %.4g    p = sigmoid(z) = %.4g    loss = -ln p = %.4g\n", z.item(), pv,
                loss.item());
    std::printf("dloss/dp = -1/p                       = %.4g\n", -1 / pv);
    std::printf("dloss/dz = dloss/dp * p(1 - p) = p - 1 = %.4g   (tape: %.4g)\n", pv - 1, z.grad()(0, 0));
    std::printf("dloss/dw = x^T dloss/dz = (%.4g, %.4g)      (tape: %.4g, %.4g)\n", 2 * (pv - 1), 1 * (pv - 1),
                w.grad(0, 0), w.grad(1, 0));
    std::printf("dloss/db = dloss/dz                    = %.4g   (tape: %.4g)\n\n", pv - 1, b.grad(0, 0));

    // The same tape for other tools. JSON, one object per node (here node 5, the sigmoid).
    // Parameters carry their own names; other nodes can be given one.
    TapeExportOptions options = TapeExportOptions().significant_digits(4).name(7, "loss");
    std::cout << "JSON of node 5: " << tape_to_json(tape, options)["nodes"][5].dump() << "\n\n";

    // And Graphviz DOT: save it as tape.dot and run `dot -Tsvg tape.dot -o tape.svg` to see the
    // graph; data flows down the arrows, gradients flow back up them.
    std::cout << tape_to_dot(tape, options);
}
