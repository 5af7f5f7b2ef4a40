// Optimizer and schedule from JSON: see optimizer_factory.hpp. The defaults are PyTorch's.
#include "optimizer_factory.hpp"

namespace tapegrad {

namespace {

// The default learning rate of each optimizer, as in PyTorch (SGD has none there; 0.1 here).
double default_lr(const std::string& name) {
    if (name == "adam" || name == "adamw") return 1e-3;
    if (name == "sgd") return 0.1;
    return 1e-2;
}

Schedule make_schedule(const JsonReader& r, std::int64_t total_steps) {
    const std::string name = r.string("name");
    if (name == "constant") {
        r.reject_unknown_keys({"name"});
        return constant_lr();
    }
    if (name == "step") {
        r.reject_unknown_keys({"name", "step_size", "gamma"});
        return step_lr(r.integer("step_size", 100, 1, 1L << 40), r.number("gamma", 0.1));
    }
    if (name == "exponential") {
        r.reject_unknown_keys({"name", "gamma"});
        return exponential_lr(r.number("gamma", 0.99));
    }
    if (name == "cosine") {
        r.reject_unknown_keys({"name", "t_max", "min_factor", "warmup_steps"});
        const std::int64_t warmup = r.integer("warmup_steps", 0, 0, 1L << 40);
        const std::int64_t t_max = r.integer("t_max", std::max<std::int64_t>(1, total_steps - warmup), 1, 1L << 40);
        Schedule cosine = cosine_annealing(t_max, r.number("min_factor", 0.0));
        return warmup > 0 ? linear_warmup(warmup, 0.01).then(warmup, cosine) : cosine;
    }
    if (name == "warmup") {
        r.reject_unknown_keys({"name", "steps", "start_factor"});
        return linear_warmup(r.integer("steps", 100, 1, 1L << 40), r.number("start_factor", 1.0 / 3.0));
    }
    throw ConfigError(r.path_of("name") + ": \"" + name +
                      "\" is not a schedule (known: constant, step, exponential, cosine, warmup)");
}

}  // namespace

std::unique_ptr<Optimizer<float>> make_optimizer(const nlohmann::json& section, std::vector<Parameter<float>*> params,
                                                 std::int64_t total_steps) {
    const JsonReader r(section, "optimizer");
    const std::string name = r.string("name");
    const double lr = r.number("lr", default_lr(name));
    std::unique_ptr<Optimizer<float>> optimizer;
    try {
        if (name == "sgd") {
            r.reject_unknown_keys({"name", "lr", "momentum", "dampening", "nesterov", "weight_decay", "schedule"});
            optimizer = std::make_unique<SGD<float>>(params, SGDOptions(lr)
                                                                 .momentum(r.number("momentum", 0))
                                                                 .dampening(r.number("dampening", 0))
                                                                 .nesterov(r.boolean("nesterov", false))
                                                                 .weight_decay(r.number("weight_decay", 0)));
        } else if (name == "adam" || name == "adamw") {
            r.reject_unknown_keys({"name", "lr", "beta1", "beta2", "eps", "weight_decay", "schedule"});
            const double decay = r.number("weight_decay", name == "adam" ? 0.0 : 0.01);
            const double beta1 = r.number("beta1", 0.9), beta2 = r.number("beta2", 0.999), eps = r.number("eps", 1e-8);
            if (name == "adam")
                optimizer = std::make_unique<Adam<float>>(params, AdamOptions(lr).betas(beta1, beta2).eps(eps).weight_decay(decay));
            else
                optimizer = std::make_unique<AdamW<float>>(
                    params, AdamWOptions(lr).betas(beta1, beta2).eps(eps).weight_decay(decay));
        } else if (name == "rmsprop") {
            r.reject_unknown_keys({"name", "lr", "alpha", "eps", "weight_decay", "momentum", "centered", "schedule"});
            optimizer = std::make_unique<RMSprop<float>>(params, RMSpropOptions(lr)
                                                                     .alpha(r.number("alpha", 0.99))
                                                                     .eps(r.number("eps", 1e-8))
                                                                     .weight_decay(r.number("weight_decay", 0))
                                                                     .momentum(r.number("momentum", 0))
                                                                     .centered(r.boolean("centered", false)));
        } else if (name == "adagrad") {
            r.reject_unknown_keys({"name", "lr", "lr_decay", "eps", "weight_decay", "initial_accumulator_value", "schedule"});
            optimizer = std::make_unique<Adagrad<float>>(
                params, AdagradOptions(lr)
                            .lr_decay(r.number("lr_decay", 0))
                            .eps(r.number("eps", 1e-10))
                            .weight_decay(r.number("weight_decay", 0))
                            .initial_accumulator_value(r.number("initial_accumulator_value", 0)));
        } else {
            throw ConfigError("optimizer.name: \"" + name + "\" is not an optimizer (known: sgd, adam, adamw, rmsprop, adagrad)");
        }
    } catch (const ValueError& e) {
        throw ConfigError(std::string("optimizer: ") + e.what());  // a value out of range, e.g. lr < 0
    }
    if (r.has("schedule")) optimizer->set_schedule(make_schedule(r.object("schedule"), total_steps));
    return optimizer;
}

nlohmann::json resolved_optimizer(const nlohmann::json& section) {
    nlohmann::json out = section;
    const std::string name = section.at("name").get<std::string>();
    if (!out.contains("lr")) out["lr"] = default_lr(name);
    return out;
}

}  // namespace tapegrad
