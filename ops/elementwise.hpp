// Arithmetic, entry by entry: +, -, *, / between two Vars (with broadcasting, see broadcast.hpp)
// and with a plain number. `*` is the entry-wise product, as in PyTorch; matmul is in matmul.hpp.
#pragma once

#include "../core/tape.hpp"

namespace tapegrad {

/// y = a + b, broadcasting a 1x1, 1xn or mx1 operand against an mxn one.
template <class T> Var<T> add(Var<T> a, Var<T> b);
/// y = a - b, broadcasting.
template <class T> Var<T> sub(Var<T> a, Var<T> b);
/// y = a * b entry by entry, broadcasting.
template <class T> Var<T> mul(Var<T> a, Var<T> b);
/// y = a / b entry by entry, broadcasting.
template <class T> Var<T> div(Var<T> a, Var<T> b);
/// y = -x
template <class T> Var<T> neg(Var<T> x);
/// y = x + s for a number s
template <class T> Var<T> add_scalar(Var<T> x, T s);
/// y = s * x for a number s
template <class T> Var<T> mul_scalar(Var<T> x, T s);

template <class T> Var<T> operator+(Var<T> a, Var<T> b) { return add(a, b); }
template <class T> Var<T> operator-(Var<T> a, Var<T> b) { return sub(a, b); }
template <class T> Var<T> operator*(Var<T> a, Var<T> b) { return mul(a, b); }
template <class T> Var<T> operator/(Var<T> a, Var<T> b) { return div(a, b); }
template <class T> Var<T> operator-(Var<T> x) { return neg(x); }
template <class T> Var<T> operator+(Var<T> x, std::type_identity_t<T> s) { return add_scalar(x, s); }
template <class T> Var<T> operator+(std::type_identity_t<T> s, Var<T> x) { return add_scalar(x, s); }
template <class T> Var<T> operator-(Var<T> x, std::type_identity_t<T> s) { return add_scalar(x, -s); }
template <class T> Var<T> operator-(std::type_identity_t<T> s, Var<T> x) { return add_scalar(neg(x), s); }
template <class T> Var<T> operator*(Var<T> x, std::type_identity_t<T> s) { return mul_scalar(x, s); }
template <class T> Var<T> operator*(std::type_identity_t<T> s, Var<T> x) { return mul_scalar(x, s); }
template <class T> Var<T> operator/(Var<T> x, std::type_identity_t<T> s) { return mul_scalar(x, T(1) / s); }

}  // namespace tapegrad
