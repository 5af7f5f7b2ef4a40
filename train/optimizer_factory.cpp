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

// The schedule section. A plateau schedule is no function of the step: it is returned as a recipe
// for the trainer, with the optimizer's schedule left constant.
Schedule read_schedule(Options r, std::int64_t total_steps, std::optional<PlateauRecipe>& plateau) {
    const std::string name = r.choice("name", "constant", {"constant", "step", "multistep", "exponential", "cosine",
                                                           "cosine_restarts", "one_cycle", "warmup", "plateau"});
    Schedule s = constant_lr();
    if (name == "step") {
        const long long step_size = r.integer("step_size", 100, 1, max_steps);
        s = step_lr(step_size, r.number("gamma", 0.1, non_negative));
    } else if (name == "multistep") {
        const std::vector<long long> m = r.integers("milestones", {}, 0, max_steps);
        if (m.empty()) r.reject("milestones", "must list at least one step, such as [300, 600]");
        for (std::size_t i = 1; i < m.size(); ++i)
            if (m[i] <= m[i - 1]) r.reject("milestones", "must increase");
        s = multi_step_lr(std::vector<std::int64_t>(m.begin(), m.end()), r.number("gamma", 0.1, non_negative));
    } else if (name == "exponential") {
        s = exponential_lr(r.number("gamma", 0.99, non_negative));
    } else if (name == "cosine") {
        const long long warmup = r.integer("warmup_steps", 0, 0, max_steps);
        const long long t_max = r.integer("t_max", std::max<std::int64_t>(1, total_steps - warmup), 1, max_steps);
        const Schedule cosine = cosine_annealing(t_max, r.number("min_factor", 0.0, unit));
        s = warmup > 0 ? linear_warmup(warmup, 0.01).then(warmup, cosine) : cosine;
    } else if (name == "cosine_restarts") {
        const long long t_0 = r.integer("t_0", 100, 1, max_steps);
        const long long t_mult = r.integer("t_mult", 1, 1, 1000);
        s = cosine_warm_restarts(t_0, t_mult, r.number("min_factor", 0.0, unit));
    } else if (name == "one_cycle") {
        // total_steps defaults to the run's length. A config is first checked before the data is
        // read, with the length unknown (0); a stand-in of 100 steps checks the other options then.
        const long long total = r.integer("total_steps", total_steps > 0 ? total_steps : 100, 1, max_steps);
        const double pct_start = r.number("pct_start", 0.3, unit);
        const double div_factor = r.number("div_factor", 25.0, Range::between(1e-12, 1e12));
        const double final_div_factor = r.number("final_div_factor", 1e4, Range::between(1e-12, 1e12));
        try {
            s = one_cycle(total, pct_start, div_factor, final_div_factor);
        } catch (const ValueError& e) {
            r.reject("pct_start", std::string(e.what()).substr(sizeof("one_cycle: ") - 1));
        }
    } else if (name == "warmup") {
        const long long steps = r.integer("steps", 100, 1, max_steps);
        s = linear_warmup(steps, r.number("start_factor", 1.0 / 3.0, unit));
    } else if (name == "plateau") {
        PlateauRecipe p;
        p.path = r.path();
        p.metric = r.string("metric", "train_loss");
        const bool is_loss = p.metric.ends_with("loss");  // losses fall, accuracies and F1 rise
        p.options.maximize(r.choice("mode", is_loss ? "min" : "max", {"min", "max"}) == "max")
            .factor(r.number("factor", 0.1, Range::between(0, 1 - 1e-12)))
            .patience(static_cast<int>(r.integer("patience", 10, 0, 1'000'000)))
            .threshold(r.number("threshold", 1e-4, non_negative))
            .relative(r.choice("threshold_mode", "rel", {"rel", "abs"}) == "rel")
            .cooldown(static_cast<int>(r.integer("cooldown", 0, 0, 1'000'000)))
            .min_lr(r.number("min_lr", 0.0, non_negative))
            .eps(r.number("eps", 1e-8, non_negative));
        plateau = p;
    }
    r.finish();
    return s;
}

// "groups": [{"params": "*.bias", "weight_decay": 0}, {"params": ["0.weight"], "lr": 0.01}]
struct GroupRecipe {
    std::vector<std::string> patterns;
    GroupOptions options;
    std::string path;  // "optimizer.groups[0]"
};

std::vector<GroupRecipe> read_groups(const nlohmann::json& groups, const std::string& path) {
    if (!groups.is_array()) throw ConfigError(path + ": expected an array of groups such as "
                                              "[{\"params\": \"*.bias\", \"weight_decay\": 0}], got " + Options::describe(groups));
    std::vector<GroupRecipe> out;
    for (std::size_t i = 0; i < groups.size(); ++i) {
        GroupRecipe g;
        g.path = path + "[" + std::to_string(i) + "]";
        Options r(groups[i], g.path);
        g.patterns = r.strings("params");
        if (g.patterns.empty()) throw ConfigError(r.path_of("params") + ": missing (name the group's parameters, such as \"*.bias\")");
        // Absent: -1, the optimizer's own value (a given value must be >= 0).
        if (const double lr = r.number("lr", -1, non_negative); lr >= 0) g.options.lr(lr);
        if (const double wd = r.number("weight_decay", -1, non_negative); wd >= 0) g.options.weight_decay(wd);
        r.finish();
        out.push_back(g);
    }
    return out;
}

// Gives each group its parameters: every pattern must match one at least, and no parameter may
// be in two groups.
void apply_groups(Optimizer<float>& optimizer, const std::vector<GroupRecipe>& groups) {
    const std::vector<Parameter<float>*>& params = optimizer.parameters();
    std::vector<std::string> names;
    for (const Parameter<float>* p : params) names.push_back(p->name);
    std::vector<std::string> owner(params.size());
    for (const GroupRecipe& g : groups) {
        std::vector<Parameter<float>*> members;
        for (std::size_t k = 0; k < g.patterns.size(); ++k) {
            std::string at = g.path + ".params";
            if (g.patterns.size() > 1) at.append("[").append(std::to_string(k)).append("]");
            bool matched = false;
            for (std::size_t i = 0; i < params.size(); ++i) {
                if (!name_matches(g.patterns[k], names[i])) continue;
                matched = true;
                if (!owner[i].empty() && owner[i] != g.path)
                    throw ConfigError(at + ": parameter \"" + names[i] + "\" is already in " + owner[i] +
                                      "; a parameter belongs to one group at most");
                if (owner[i].empty()) members.push_back(params[i]);
                owner[i] = g.path;
            }
            if (!matched) {
                std::string list;
                for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
                const auto hint = did_you_mean(g.patterns[k], names);
                throw ConfigError(at + ": \"" + g.patterns[k] + "\" matches no parameter" +
                                  (hint ? "; did you mean \"" + *hint + "\"?" : "") + " (parameters: " + list + ")");
            }
        }
        optimizer.set_group(members, g.options);
    }
}

}  // namespace

bool name_matches(const std::string& pattern, const std::string& name) {
    // Greedy glob with one backtrack point, the classic wildcard match: * matches any run.
    std::size_t p = 0, n = 0, star = std::string::npos, resume = 0;
    while (n < name.size()) {
        if (p < pattern.size() && pattern[p] == '*') star = p++, resume = n;
        else if (p < pattern.size() && pattern[p] == name[n]) ++p, ++n;
        else if (star != std::string::npos) p = star + 1, n = ++resume;
        else return false;
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

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
        const bool amsgrad = r.boolean("amsgrad", false);
        if (name == "adam") {
            const AdamOptions o = AdamOptions(lr).betas(beta1, beta2).eps(eps).weight_decay(decay).amsgrad(amsgrad);
            recipe.build = [o](Params p) { return std::make_unique<Adam<float>>(std::move(p), o); };
        } else {
            const AdamWOptions o = AdamWOptions(lr).betas(beta1, beta2).eps(eps).weight_decay(decay).amsgrad(amsgrad);
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
    if (r.has("schedule")) schedule = read_schedule(r.object("schedule"), total_steps, recipe.plateau);
    std::vector<GroupRecipe> groups;
    if (r.has("groups")) groups = read_groups(r.raw("groups"), r.path_of("groups"));
    r.finish();
    // The build step checks once more what the options classes check (beta1 < 1, say), and says
    // which key; a rule broken there is still reported with the key path.
    auto build = recipe.build;
    recipe.build = [build, schedule, groups, path](Params p) {
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
        apply_groups(*optimizer, groups);
        return optimizer;
    };
    recipe.resolved = r.resolved();
    if (r.has("schedule")) recipe.resolved["schedule"] = section.at("schedule");
    if (r.has("groups")) recipe.resolved["groups"] = section.at("groups");
    return recipe;
}

std::unique_ptr<Optimizer<float>> make_optimizer(const nlohmann::json& section, std::vector<Parameter<float>*> params,
                                                 std::int64_t total_steps) {
    return read_optimizer(section, total_steps).build(std::move(params));
}

}  // namespace tapegrad
