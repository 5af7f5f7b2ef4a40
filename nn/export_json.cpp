// parameters_to_json: one object per parameter, its shape and its values row by row.
#include "export_json.hpp"

#include <charconv>

namespace tapegrad {

namespace {
// The double whose shortest decimal form is v's shortest decimal form (float32 -> "0.1" -> 0.1).
template <class T>
double shortest(T v) {
    if constexpr (sizeof(T) == sizeof(double)) {
        return static_cast<double>(v);
    } else {
        char text[32];
        const auto end = std::to_chars(text, text + sizeof text, v).ptr;
        double d = 0;
        std::from_chars(text, end, d);
        return d;
    }
}
}  // namespace

template <class T>
nlohmann::ordered_json parameters_to_json(const std::vector<Parameter<T>*>& params) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const Parameter<T>* p : params) {
        nlohmann::ordered_json rows = nlohmann::ordered_json::array();
        for (Index i = 0; i < p->value.rows(); ++i) {
            nlohmann::ordered_json row = nlohmann::ordered_json::array();
            for (Index j = 0; j < p->value.cols(); ++j) row.push_back(shortest(p->value(i, j)));
            rows.push_back(std::move(row));
        }
        out[p->name] = {{"shape", {p->value.rows(), p->value.cols()}}, {"values", std::move(rows)}};
    }
    return out;
}

template nlohmann::ordered_json parameters_to_json(const std::vector<Parameter<float>*>&);
template nlohmann::ordered_json parameters_to_json(const std::vector<Parameter<double>*>&);

}  // namespace tapegrad
