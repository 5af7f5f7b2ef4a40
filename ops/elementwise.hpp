// Arithmetic, entry by entry: +, -, *, / between two Vars (with broadcasting, see broadcast.hpp)
// and with a plain number, and where (pick from a or b by a mask). `*` is the entry-wise product, as in PyTorch; matmul is in matmul.hpp.
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
/// y = s / x for a number s                 dy/dx = -s / x^2 = -y / x     (what `2.0 / x` records)
template <class T> Var<T> scalar_div(T s, Var<T> x);
/// y = a where mask != 0, else b (torch.where). mask: (m,n), no gradient flows into it; a and b
/// broadcast to (m,n).   dL/da = dL/dy where mask != 0, else 0     dL/db = dL/dy where mask == 0
template <class T> Var<T> where(Var<T> mask, Var<T> a, Var<T> b);

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
template <class T> Var<T> operator/(std::type_identity_t<T> s, Var<T> x) { return scalar_div(T(s), x); }

}  // namespace tapegrad
