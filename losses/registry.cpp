// The loss registry. Each loss's file defines its constructor, make_<name>(LossConfig&); the list
// below names them, one line per loss, and is the only place a new loss has to be mentioned.
#include "registry.hpp"

#include <algorithm>

namespace tapegrad {

// One line per loss: X(name, family) registers the loss `name`, built by make_name, which is
// defined in the loss's own file (losses/<name>.cpp); `family` is a LossFamily (cross_entropy,
// squared_error or other) and tells the lab what kind of loss it is. Add yours at the end.
#define TAPEGRAD_REGISTERED_LOSSES(X)                 \
    X(softmax_cross_entropy, cross_entropy)           \
    X(sigmoid_binary_cross_entropy, cross_entropy)    \
    X(mse, squared_error)                             \
    X(mse_softmax, squared_error)                     \
    X(mse_sigmoid, squared_error)                     \
    X(nll, cross_entropy)                             \
    X(binary_cross_entropy, cross_entropy)            \
    X(kl_divergence, cross_entropy)                   \
    X(focal, other)                                   \
    X(l1, other)                                      \
    X(huber, other)                                   \
    X(smooth_l1, other)                               \
    X(multi_margin, other)

// What the list expands to: a declaration of each constructor, then a table of (name, constructor).
#define TAPEGRAD_DECLARE(name, family) std::unique_ptr<Loss> make_##name(LossConfig& config);
TAPEGRAD_REGISTERED_LOSSES(TAPEGRAD_DECLARE)
#undef TAPEGRAD_DECLARE

namespace {

struct Entry {
    const char* name;
    std::unique_ptr<Loss> (*make)(LossConfig& config);
    LossFamily family;
};

#define TAPEGRAD_ENTRY(name, family) Entry{#name, make_##name, LossFamily::family},
const Entry registry[] = {TAPEGRAD_REGISTERED_LOSSES(TAPEGRAD_ENTRY)};
#undef TAPEGRAD_ENTRY

std::string known_names() {
    std::string text;
    for (const Entry& e : registry) text += (text.empty() ? "" : ", ") + std::string(e.name);
    return text;
}

// "; did you mean \"mse_softmax\"?" when the name is one typo away from a registered loss.
std::string hint_for(std::string_view name) {
    std::vector<std::string> names;
    for (const Entry& e : registry) names.emplace_back(e.name);
    const auto nearest = did_you_mean(std::string(name), names);
    return nearest ? "; did you mean \"" + *nearest + "\"?" : "";
}

}  // namespace

std::vector<std::string> loss_names() {
    std::vector<std::string> names;
    for (const Entry& e : registry) names.emplace_back(e.name);
    return names;
}

std::unique_ptr<Loss> make_loss(std::string_view name, const nlohmann::json& options, const std::string& path) {
    auto it = std::find_if(std::begin(registry), std::end(registry), [&](const Entry& e) { return name == e.name; });
    if (it == std::end(registry))
        throw ConfigError(path + ".name: unknown loss \"" + std::string(name) + "\"" + hint_for(name) +
                          " (known losses: " + known_names() + ")");
    LossConfig config(it->name, options, path);
    std::unique_ptr<Loss> loss = it->make(config);
    config.reject_unread();  // a misspelt option is an error, not a silent default
    loss->set_family(it->family);
    return loss;
}

std::unique_ptr<Loss> loss_from_config(const nlohmann::json& section, const std::string& path) {
    if (!section.is_object())
        throw ConfigError(path + ": expected an object such as {\"name\": \"softmax_cross_entropy\"}, got " +
                          Options::describe(section));
    auto name = section.find("name");
    if (name == section.end())
        throw ConfigError(path + ".name: missing (known losses: " + known_names() + ")");
    if (!name->is_string()) throw ConfigError(path + ".name: expected a string, got " + Options::describe(*name));
    return make_loss(name->get<std::string>(), section, path);
}

}  // namespace tapegrad
