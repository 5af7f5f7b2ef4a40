// The loss registry. Each loss's file defines its constructor, make_<name>(LossConfig&); the list
// below names them, one line per loss, and is the only place a new loss has to be mentioned.
#include "registry.hpp"

#include <algorithm>

namespace tapegrad {

// One line per loss: X(name) registers the loss `name`, built by make_name, which is defined in
// the loss's own file (losses/<name>.cpp). Add yours at the end.
#define TAPEGRAD_REGISTERED_LOSSES(X)  \
    X(softmax_cross_entropy)           \
    X(sigmoid_binary_cross_entropy)    \
    X(mse)                             \
    X(mse_softmax)                     \
    X(mse_sigmoid)                     \
    X(nll)                             \
    X(binary_cross_entropy)            \
    X(kl_divergence)                   \
    X(focal)

// What the list expands to: a declaration of each constructor, then a table of (name, constructor).
#define TAPEGRAD_DECLARE(name) std::unique_ptr<Loss> make_##name(LossConfig& config);
TAPEGRAD_REGISTERED_LOSSES(TAPEGRAD_DECLARE)
#undef TAPEGRAD_DECLARE

namespace {

struct Entry {
    const char* name;
    std::unique_ptr<Loss> (*make)(LossConfig& config);
};

#define TAPEGRAD_ENTRY(name) Entry{#name, make_##name},
const Entry registry[] = {TAPEGRAD_REGISTERED_LOSSES(TAPEGRAD_ENTRY)};
#undef TAPEGRAD_ENTRY

std::string known_names() {
    std::string text;
    for (const Entry& e : registry) text += (text.empty() ? "" : ", ") + std::string(e.name);
    return text;
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
        throw ValueError(path + ".name: unknown loss \"" + std::string(name) + "\" (known losses: " + known_names() + ")");
    LossConfig config(it->name, options, path);
    std::unique_ptr<Loss> loss = it->make(config);
    config.reject_unread();  // a misspelt option is an error, not a silent default
    return loss;
}

std::unique_ptr<Loss> loss_from_config(const nlohmann::json& section, const std::string& path) {
    if (!section.is_object())
        throw ValueError(path + ": expected an object such as {\"name\": \"softmax_cross_entropy\"}, got " + section.dump());
    auto name = section.find("name");
    if (name == section.end())
        throw ValueError(path + ".name: missing (known losses: " + known_names() + ")");
    if (!name->is_string()) throw ValueError(path + ".name: expected a string, got " + name->dump());
    return make_loss(name->get<std::string>(), section, path);
}

}  // namespace tapegrad
