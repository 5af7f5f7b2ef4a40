// Printing the tape, one node a line, so a learner can follow the chain rule by eye:
//   id  op        inputs   shape   value summary                     grad summary
//    2  matmul    (0, 1)   4x3     min -1.2 mean 0.031 max 2.5       min -0.1 mean 0 max 0.2
#pragma once

#include "tape.hpp"

#include <ostream>
#include <string>

namespace tapegrad {

/// "min -1.2 mean 0.031 max 2.5", or the single number for a 1x1 tensor, or "-" when empty.
template <class T>
std::string summary(const Tensor<T>& x);

/// The mean of x, written as 0 when it is only rounding noise: entries that cancel (a gradient of
/// softmax - y sums to 0 over a row) leave about n * epsilon * max|x|, whose digits differ between
/// compilers. Printing 0 instead keeps printed tapes and exported files the same everywhere.
template <class T>
double stable_mean(const Tensor<T>& x);

template <class T>
std::ostream& operator<<(std::ostream& out, const Tape<T>& tape);

extern template std::string summary(const Tensor<float>&);
extern template std::string summary(const Tensor<double>&);
extern template double stable_mean(const Tensor<float>&);
extern template double stable_mean(const Tensor<double>&);
extern template std::ostream& operator<<(std::ostream&, const Tape<float>&);
extern template std::ostream& operator<<(std::ostream&, const Tape<double>&);

}  // namespace tapegrad
