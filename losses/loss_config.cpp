// A loss's options through the strict options reader: see loss_config.hpp.
#include "loss_config.hpp"

namespace tapegrad {

LossConfig::LossConfig(std::string name, const nlohmann::json& options, std::string path)
    : Options(options, std::move(path)), name_(std::move(name)) {
    if (has("name")) string("name");  // the loss's name is not one of its options
}

Reduction LossConfig::reduction(Reduction fallback) {
    // No "none": a registered loss returns one number, the thing training makes smaller.
    const std::string r = choice("reduction", to_string(fallback), {"mean", "sum", "batch_mean"});
    return reduction_from_string(r);
}

}  // namespace tapegrad
