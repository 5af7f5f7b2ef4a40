// One measuring forward and backward pass: see full_gradient.hpp.
#include "full_gradient.hpp"

namespace tapegrad {

namespace {

// Lends the parameters' gradient buffers to a measuring backward pass: zeroed while it lasts, and
// the training step's own values back afterwards (also when the pass throws).
class BorrowedGradients {
public:
    explicit BorrowedGradients(std::vector<Parameter<float>*> params) : params_(std::move(params)) {
        for (Parameter<float>* p : params_) {
            kept_.push_back(std::move(p->grad));
            p->zero_grad();
        }
    }
    ~BorrowedGradients() {
        for (std::size_t i = 0; i < params_.size(); ++i) params_[i]->grad = std::move(kept_[i]);
    }
    BorrowedGradients(const BorrowedGradients&) = delete;
    BorrowedGradients& operator=(const BorrowedGradients&) = delete;

    // What the pass wrote, taken before the training step's values go back.
    std::vector<Tensor<float>> measured() const {
        std::vector<Tensor<float>> out;
        for (const Parameter<float>* p : params_) out.push_back(p->grad);
        return out;
    }

private:
    std::vector<Parameter<float>*> params_;
    std::vector<Tensor<float>> kept_;
};

}  // namespace

FullGradient full_gradient(Experiment& x, const Dataset& data) {
    BorrowedGradients borrowed(x.model->parameters());
    Tape<float> tape;
    Var<float> z = x.model->forward(tape, tape.input(data.features));
    Var<float> L = (*x.loss)(z, x.target(data));
    tape.backward(L);
    return {z.value(), z.grad(), borrowed.measured()};
}

}  // namespace tapegrad
