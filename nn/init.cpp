// Initialisation schemes. Each draws from the project's Rng (uniform and Box-Muller normal written
// in core/rng.hpp), never from std:: distributions, so a seed means the same weights everywhere.
#include "init.hpp"

#include "activations.hpp"

#include "../core/error.hpp"
#include "../core/options.hpp"

#include <cmath>

namespace tapegrad {

const std::vector<std::string>& init_names() {
    static const std::vector<std::string> names = {"zeros", "xavier_uniform", "xavier_normal", "kaiming_uniform",
                                                   "kaiming_normal", "kaiming_uniform_fan_out", "kaiming_normal_fan_out",
                                                   "truncated_normal", "orthogonal", "torch_default"};
    return names;
}

Init init_from_name(std::string_view name) {
    std::string n(name);
    if (n.starts_with("glorot_")) n = "xavier_" + n.substr(7);
    if (n.starts_with("he_")) n = "kaiming_" + n.substr(3);
    const auto& names = init_names();
    for (std::size_t i = 0; i < names.size(); ++i)
        if (n == names[i]) return static_cast<Init>(i);
    std::string list;
    for (const auto& k : names) list += (list.empty() ? "" : ", ") + k;
    const auto hint = did_you_mean(std::string(name), names);
    throw ValueError("init: unknown scheme '" + std::string(name) + "'" + (hint ? "; did you mean '" + *hint + "'?" : "") +
                     " (known: " + list + ")");
}

std::string init_name(Init init) {
    const auto i = static_cast<std::size_t>(init);
    return i < init_names().size() ? init_names()[i] : "?";
}

double recommended_gain(std::string_view activation, double leaky_slope) {
    if (activation == "none" || activation == "linear") return 1.0;
    return find_activation(activation, "recommended_gain").gain(leaky_slope);  // nn/activations.cpp
}

double default_gain(Init init) {
    const bool kaiming = init == Init::kaiming_uniform || init == Init::kaiming_normal ||
                         init == Init::kaiming_uniform_fan_out || init == Init::kaiming_normal_fan_out ||
                         init == Init::truncated_normal;
    return kaiming ? std::sqrt(2.0) : 1.0;
}

namespace {

// N(0, s^2) truncated to [-2s, 2s], by rejection: a draw outside is thrown away and drawn again
// (95.4% are kept). The truncated distribution's variance is s^2 (1 - 2 b phi(b) / (2 Phi(b) - 1))
// at b = 2: 0.7737 s^2.
template <class T>
Tensor<T> truncated_normal_tensor(Index rows, Index cols, double s, Rng& rng) {
    Tensor<T> t(rows, cols);
    for (Index i = 0; i < t.size(); ++i) {
        double z = rng.normal();
        while (std::abs(z) > 2) z = rng.normal();
        t.data()[i] = static_cast<T>(s * z);
    }
    return t;
}

// gain Q with orthonormal columns (rows >= cols) or rows (rows < cols): the QR decomposition of a
// normal matrix, with each column of Q multiplied by the sign of R's diagonal so that Q is
// uniformly distributed over orthogonal matrices (as PyTorch's orthogonal_). Computed in double.
template <class T>
Tensor<T> orthogonal_tensor(Index rows, Index cols, double gain, Rng& rng) {
    const bool tall = rows >= cols;
    Tensor<double> a = rng.normal_tensor<double>(tall ? rows : cols, tall ? cols : rows);  // tall: (big, small)
    Eigen::HouseholderQR<Tensor<double>> qr(a);
    Tensor<double> q = qr.householderQ() * Tensor<double>::Identity(a.rows(), a.cols());  // thin Q: (big, small)
    const Tensor<double> r = qr.matrixQR().topRows(a.cols()).template triangularView<Eigen::Upper>();
    for (Index j = 0; j < q.cols(); ++j)
        if (r(j, j) < 0) q.col(j) = -q.col(j);
    if (!tall) q.transposeInPlace();
    return (gain * q).template cast<T>();
}

}  // namespace

template <class T>
Tensor<T> initial_weights(Init init, Index fan_in, Index fan_out, Rng& rng, double gain, double stddev) {
    if (fan_in <= 0 || fan_out <= 0)
        throw ShapeError("initial_weights: fan_in (" + std::to_string(fan_in) + ") and fan_out (" +
                         std::to_string(fan_out) + ") must be positive");
    if (gain <= 0) gain = default_gain(init);
    const double fan_avg = 0.5 * static_cast<double>(fan_in + fan_out);
    const double in = static_cast<double>(fan_in), out = static_cast<double>(fan_out);
    // A uniform U(-a, a) has variance a^2 / 3, so a = sqrt(3) * (the standard deviation we want).
    switch (init) {
        case Init::zeros: return Tensor<T>::Zero(fan_in, fan_out);
        case Init::xavier_uniform: {
            const double a = gain * std::sqrt(3.0 / fan_avg);  // = gain sqrt(6 / (fan_in + fan_out))
            return rng.uniform_tensor<T>(fan_in, fan_out, -a, a);
        }
        case Init::xavier_normal: return rng.normal_tensor<T>(fan_in, fan_out, 0, gain / std::sqrt(fan_avg));
        case Init::kaiming_uniform:
        case Init::kaiming_uniform_fan_out: {
            const double a = gain * std::sqrt(3.0 / (init == Init::kaiming_uniform ? in : out));
            return rng.uniform_tensor<T>(fan_in, fan_out, -a, a);
        }
        case Init::kaiming_normal: return rng.normal_tensor<T>(fan_in, fan_out, 0, gain / std::sqrt(in));
        case Init::kaiming_normal_fan_out: return rng.normal_tensor<T>(fan_in, fan_out, 0, gain / std::sqrt(out));
        case Init::truncated_normal:
            return truncated_normal_tensor<T>(fan_in, fan_out, stddev > 0 ? stddev : gain / std::sqrt(in), rng);
        case Init::orthogonal: return orthogonal_tensor<T>(fan_in, fan_out, gain, rng);
        case Init::torch_default: {
            const double a = 1 / std::sqrt(in);  // kaiming_uniform(a = sqrt(5)): sqrt(1/3) sqrt(3 / fan_in)
            return rng.uniform_tensor<T>(fan_in, fan_out, -a, a);
        }
    }
    return Tensor<T>::Zero(fan_in, fan_out);
}

template <class T>
Tensor<T> initial_bias(Init init, Index fan_in, Index fan_out, Rng& rng) {
    if (init != Init::torch_default) return Tensor<T>::Zero(1, fan_out);
    const double a = 1 / std::sqrt(static_cast<double>(fan_in));  // U(-1/sqrt(fan_in), 1/sqrt(fan_in))
    return rng.uniform_tensor<T>(1, fan_out, -a, a);
}

template Tensor<float> initial_weights<float>(Init, Index, Index, Rng&, double, double);
template Tensor<double> initial_weights<double>(Init, Index, Index, Rng&, double, double);
template Tensor<float> initial_bias<float>(Init, Index, Index, Rng&);
template Tensor<double> initial_bias<double>(Init, Index, Index, Rng&);

}  // namespace tapegrad
