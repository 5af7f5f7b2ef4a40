// The two ways a registered loss reads a target: as rows (dense) or as one class per row.
#include "loss.hpp"

#include "../ops/shape.hpp"
#include "validate.hpp"

namespace tapegrad {

const char* to_string(Link link) {
    switch (link) {
        case Link::identity: return "identity";
        case Link::softmax: return "softmax";
        case Link::sigmoid: return "sigmoid";
    }
    return "?";
}

const char* to_string(LossFamily family) {
    switch (family) {
        case LossFamily::cross_entropy: return "cross_entropy";
        case LossFamily::squared_error: return "squared_error";
        case LossFamily::other: return "other";
    }
    return "?";
}

template <class T>
Var<T> dense_target(Var<T> logits, const Target<T>& target, Link link, const char* loss) {
    Tape<T>& tape = logits.tape();
    if (target.dense.size() > 0 || target.classes.empty()) {
        check_same_shape(loss, "logits", logits.value(), "target", target.dense);
        return tape.constant(target.dense);
    }
    const Index C = logits.cols();
    if (link == Link::sigmoid && C == 1) {  // binary: the labels 0 and 1 are the target column
        check_classes(loss, target.classes, logits.rows(), 2);
        Tensor<T> column(logits.rows(), 1);
        for (Index i = 0; i < column.rows(); ++i) column(i, 0) = static_cast<T>(target.classes[static_cast<std::size_t>(i)]);
        return tape.constant(column);
    }
    check_classes(loss, target.classes, logits.rows(), C);
    return one_hot(tape, std::span<const Index>(target.classes), C);
}

template <class T>
std::span<const Index> class_target(const Target<T>& target, const char* loss) {
    if (target.classes.empty() && target.dense.size() > 0)
        throw ShapeError(std::string(loss) + ": needs one class index per row (Target::classes), but the target "
                         "has only dense rows (" + shape_of(target.dense) + "); it suits single-label tasks");
    return target.classes;
}

#define TAPEGRAD_INSTANTIATE(T)                                                     \
    template Var<T> dense_target(Var<T>, const Target<T>&, Link, const char*);      \
    template std::span<const Index> class_target(const Target<T>&, const char*);
TAPEGRAD_INSTANTIATE(float)
TAPEGRAD_INSTANTIATE(double)

}  // namespace tapegrad
