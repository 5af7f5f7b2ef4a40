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

const Range non_negative = Range::at_least(0), unit = Range::between(0, 1);
constexpr long long max_steps = 1LL << 40;

Schedule read_schedule(Options r, std::int64_t total_steps) {
    const std::string name = r.choice("name", "constant", {"constant", "step", "exponential", "cosine", "warmup"});
    Schedule s = constant_lr();
    if (name == "step") {
        const long long step_size = r.integer("step_size", 100, 1, max_steps);
        s = step_lr(step_size, r.number("gamma", 0.1, non_negative));
    } else if (name == "exponential") {
        s = exponential_lr(r.number("gamma", 0.99, non_negative));
    } else if (name == "cosine") {
        const long long warmup = r.integer("warmup_steps", 0, 0, max_steps);
        const long long t_max = r.integer("t_max", std::max<std::int64_t>(1, total_steps - warmup), 1, max_steps);
        const Schedule cosine = cosine_annealing(t_max, r.number("min_factor", 0.0, unit));
        s = warmup > 0 ? linear_warmup(warmup, 0.01).then(warmup, cosine) : cosine;
    } else if (name == "warmup") {
        const long long steps = r.integer("steps", 100, 1, max_steps);
        s = linear_warmup(steps, r.number("start_factor", 1.0 / 3.0, unit));
    }
    r.finish();
    return s;
}

}  // namespace

const std::vector<std::string>& optimizer_names() {
    static const std::vector<std::string> names = {"sgd", "adam", "adamw", "rmsprop", "adagrad"};
    return names;
}

OptimizerRecipe read_optimizer(const nlohmann::json& section, std::int64_t total_steps, const std::string& path) {
    Options r(section, path);
    OptimizerRecipe recipe;
    recipe.name = r.choice("name", "sgd", optimizer_names());
    const std::string& name = recipe.name;
    recipe.lr = r.number("lr", default_lr(name), non_negative);
    const double lr = recipe.lr;
    using Params = std::vector<Parameter<float>*>;
    if (name == "sgd") {
        const SGDOptions o = SGDOptions(lr)
                                 .momentum(r.number("momentum", 0, unit))
                                 .dampening(r.number("dampening", 0, unit))
                                 .nesterov(r.boolean("nesterov", false))
                                 .weight_decay(r.number("weight_decay", 0, non_negative));
        recipe.build = [o](Params p) { return std::make_unique<SGD<float>>(std::move(p), o); };
    } else if (name == "adam" || name == "adamw") {
        const double beta1 = r.number("beta1", 0.9, unit), beta2 = r.number("beta2", 0.999, unit);
        const double eps = r.number("eps", 1e-8, non_negative);
        const double decay = r.number("weight_decay", name == "adam" ? 0.0 : 0.01, non_negative);
        if (name == "adam") {
            const AdamOptions o = AdamOptions(lr).betas(beta1, beta2).eps(eps).weight_decay(decay);
            recipe.build = [o](Params p) { return std::make_unique<Adam<float>>(std::move(p), o); };
        } else {
            const AdamWOptions o = AdamWOptions(lr).betas(beta1, beta2).eps(eps).weight_decay(decay);
            recipe.build = [o](Params p) { return std::make_unique<AdamW<float>>(std::move(p), o); };
        }
    } else if (name == "rmsprop") {
        const RMSpropOptions o = RMSpropOptions(lr)
                                     .alpha(r.number("alpha", 0.99, unit))
                                     .eps(r.number("eps", 1e-8, non_negative))
                                     .weight_decay(r.number("weight_decay", 0, non_negative))
                                     .momentum(r.number("momentum", 0, non_negative))
                                     .centered(r.boolean("centered", false));
        recipe.build = [o](Params p) { return std::make_unique<RMSprop<float>>(std::move(p), o); };
    } else {  // adagrad
        const AdagradOptions o = AdagradOptions(lr)
                                     .lr_decay(r.number("lr_decay", 0, non_negative))
                                     .eps(r.number("eps", 1e-10, non_negative))
                                     .weight_decay(r.number("weight_decay", 0, non_negative))
                                     .initial_accumulator_value(r.number("initial_accumulator_value", 0, non_negative));
        recipe.build = [o](Params p) { return std::make_unique<Adagrad<float>>(std::move(p), o); };
    }
    std::optional<Schedule> schedule;
    if (r.has("schedule")) schedule = read_schedule(r.object("schedule"), total_steps);
    r.finish();
    // The build step checks once more what the options classes check (beta1 < 1, say), and says
    // which key; a rule broken there is still reported with the key path.
    auto build = recipe.build;
    recipe.build = [build, schedule, path](Params p) {
        std::unique_ptr<Optimizer<float>> optimizer;
        try {
            optimizer = build(std::move(p));
        } catch (const ConfigError&) {
            throw;
        } catch (const ValueError& e) {
            // "adam: beta1 must be in [0, 1), got 1" -> "optimizer.beta1: must be in [0, 1), got 1"
            std::string message = e.what();
            const auto colon = message.find(": ");
            const auto space = message.find(' ', colon + 2);
            if (colon != std::string::npos && space != std::string::npos)
                message = path + "." + message.substr(colon + 2, space - colon - 2) + ":" + message.substr(space);
            throw ConfigError(message);
        }
        if (schedule) optimizer->set_schedule(*schedule);
        return optimizer;
    };
    recipe.resolved = r.resolved();
    if (r.has("schedule")) recipe.resolved["schedule"] = section.at("schedule");
    return recipe;
}

std::unique_ptr<Optimizer<float>> make_optimizer(const nlohmann::json& section, std::vector<Parameter<float>*> params,
                                                 std::int64_t total_steps) {
    return read_optimizer(section, total_steps).build(std::move(params));
}

}  // namespace tapegrad
