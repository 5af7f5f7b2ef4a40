// Errors tapegrad throws. Each message names the op (or file, or key), what it received, the rule
// that failed and, where one helps, a hint:
//   matmul: a (4x3) times b (2x5): a.cols() (3) must equal b.rows() (2)
#pragma once

#include <stdexcept>
#include <string>

namespace tapegrad {

/// Base of every tapegrad error; catch this to catch them all.
struct Error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// Operand shapes that do not fit the op's rule.
struct ShapeError : Error {
    using Error::Error;
};

/// Values the op cannot accept: a class index out of range, a probability outside [0, 1], ...
struct ValueError : Error {
    using Error::Error;
};

/// The tape was used in a way its rules forbid: backward twice, a Var from another tape, ...
struct TapeError : Error {
    using Error::Error;
};

}  // namespace tapegrad
