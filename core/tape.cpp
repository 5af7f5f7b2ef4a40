// The tape is a template (float for training, double for gradient checks); it is compiled once
// here for both, so files that include tape.hpp do not each compile it again.
#include "tape.hpp"

namespace tapegrad {
template class Tape<float>;
template class Tape<double>;
}  // namespace tapegrad
