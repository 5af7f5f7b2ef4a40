// One training step on a tape, for looking at: see record_step.hpp.
#include "record_step.hpp"

namespace tapegrad {

RecordedStep record_step(Experiment& x, Tape<float>& tape, Tensor<float>& batch, Index rows) {
    RecordedStep step;
    step.rows = std::min<Index>(rows, x.train.rows());
    std::vector<Index> first(static_cast<std::size_t>(step.rows));
    for (Index i = 0; i < step.rows; ++i) first[static_cast<std::size_t>(i)] = i;
    gather_rows(x.train.features, first, batch);
    Target<float> target;  // the loss copies what it needs onto the tape
    gather_rows(x.target(x.train), first, target);

    tape.clear();
    step.batch = tape.input(batch);
    step.logits = x.model->forward(tape, step.batch);
    step.loss = (*x.loss)(step.logits, target);
    tape.backward(step.loss);
    step.names.name(step.batch.id(), "batch").name(step.logits.id(), "logits").name(step.loss.id(), "loss");
    if (const Node<float>& L = step.loss.node(); L.inputs.size() > 1) step.names.name(L.inputs[1], "target");
    return step;
}

}  // namespace tapegrad
