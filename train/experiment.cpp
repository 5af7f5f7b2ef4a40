// Building an experiment from a config, and scoring its model: see experiment.hpp.
#include "experiment.hpp"
#include "evaluate_logits.hpp"

#include "../metrics/metrics.hpp"
#include "../ops/activation.hpp"
#include "../ops/softmax.hpp"

#include <algorithm>

namespace tapegrad {

nlohmann::json Scores::to_json(Task task, const std::string& p) const {
    nlohmann::json j = {{p + "loss", loss}};
    if (task == Task::multilabel) {
        j[p + "hamming_loss"] = hamming_loss;
        j[p + "subset_accuracy"] = subset_accuracy;
        j[p + "micro_f1"] = micro_f1;
        j[p + "macro_f1"] = macro_f1;
    } else {
        j[p + "accuracy"] = accuracy;
    }
    return j;
}

void check_task_fits(const RunConfig& config, const Dataset& data, const std::string& source) {
    if (config.task == Task::multilabel && !data.is_multilabel())
        throw ConfigError("task: multilabel, but " + source + " has a single label column; name several 0/1 columns");
    if (config.task != Task::multilabel && data.is_multilabel())
        throw ConfigError(std::string("task: ") + task_name(config.task) + ", but " + source +
                          " is multi-label; use \"task\": \"multilabel\"");
    if (config.task == Task::binary && data.num_classes() > 2)
        throw ConfigError("task: binary, but " + source + " has " + std::to_string(data.num_classes()) +
                          " classes; use \"task\": \"multiclass\"");
}

std::vector<std::string> bundled_label_columns(const std::string& dataset, const Dataset& data) {
    if (dataset == "iris") return {"species"};
    if (dataset == "digits") return {"digit"};
    if (data.is_multilabel()) return data.class_names;
    return {"label"};
}

namespace {
// "Standardizer::fit: column "x", row 2 is ..." -> "column "x", row 2 is ...": the CLI names the
// config key and the split instead of the library's class.
std::string without_class_name(const std::string& message) {
    const auto colon = message.find(": ");
    return message.starts_with("Standardizer") && colon != std::string::npos ? message.substr(colon + 2) : message;
}
}  // namespace

void load_data(const RunConfig& config, Experiment& x) {
    const DataConfig& d = config.data;
    Dataset all;
    std::string source;
    try {
        if (!d.dataset.empty()) {
            source = "dataset \"" + d.dataset + "\"";
            all = load_dataset(d.dataset);
        } else if (!d.generator.empty()) {
            source = "generator \"" + d.generator + "\"";
            nlohmann::json options = d.generator_options;
            if (!options.contains("seed")) options["seed"] = config.seed;
            all = generate_dataset(d.generator, options, config.origin.empty() ? "data" : config.origin + ": data");
        } else {
            load_csv_data(config, x);  // split, validation and encoder included
        }
    } catch (const ConfigError&) {
        throw;
    } catch (const ValueError& e) {
        // A CSV file's errors start with its name (file:line:col); the others get the config key.
        const std::string what = e.what();
        const bool names_file = (!d.train.empty() && what.starts_with(d.train)) || (!d.test.empty() && what.starts_with(d.test));
        throw ConfigError(names_file ? what : "data: " + what);
    }
    if (d.train.empty()) {
        check_task_fits(config, all, source);
        x.data_description.encoder = FeatureEncoder::numeric(all.feature_names);
        x.data_description.label_columns = bundled_label_columns(d.dataset, all);
        Split split = train_test_split(all, d.test_fraction, static_cast<std::uint64_t>(config.seed));
        x.train = std::move(split.train);
        x.test = std::move(split.test);
        if (d.validation_fraction > 0) {
            // Carved from the training part with its own seed, so the test split is the same with
            // or without validation.
            Split carved = train_test_split(x.train, d.validation_fraction, static_cast<std::uint64_t>(config.seed) + 7919);
            x.train = std::move(carved.train);
            x.validation = std::move(carved.test);
        }
    }
    if (d.standardize) {
        const std::string where = (config.origin.empty() ? "" : config.origin + ": ") + "data.standardize: ";
        auto standardize = [&](Dataset& part, const char* name) {
            try {
                x.standardizer.transform_in_place(part.features);
            } catch (const ValueError& e) {  // "Standardizer: column ..., row ...: ..." told as the part it is in
                throw ConfigError(where + "the " + name + " split's " + without_class_name(e.what()));
            }
        };
        try {
            x.standardizer.fit(x.train.features, x.train.feature_names);
        } catch (const ValueError& e) {
            throw ConfigError(where + "the training split's " + without_class_name(e.what()));
        }
        standardize(x.train, "training");
        if (x.validation.rows() > 0) standardize(x.validation, "validation");
        standardize(x.test, "test");
    }
}

Index output_size(Task task, Link link, Index classes) {
    if (task == Task::binary && link != Link::softmax) return 1;
    return classes;
}

long double count_parameters(Index inputs, const std::vector<Index>& hidden, Index outputs) {
    long double total = 0;
    Index fan_in = inputs;
    for (Index h : hidden) {
        total += static_cast<long double>(fan_in) * h + h;
        fan_in = h;
    }
    return total + static_cast<long double>(fan_in) * outputs + outputs;
}

std::unique_ptr<MLP<float>> make_model(const ModelConfig& m, Index inputs, Index outputs, std::uint64_t seed) {
    const long double parameters = count_parameters(inputs, m.hidden, outputs);
    if (parameters > static_cast<long double>(max_parameters))
        throw ConfigError("model.hidden: the model would have " + std::to_string(static_cast<long long>(parameters)) +
                          " parameters, more than the limit of " + std::to_string(max_parameters) +
                          "; use smaller layers");
    Rng init_rng(seed);
    MLPOptions options;
    try {
        options.activation(find_activation(m.activation, "model.activation").name);
        if (m.init != "auto") options.init(init_from_name(m.init));
    } catch (const ValueError& e) {
        throw ConfigError(e.what());  // "model.activation: unknown activation ...", from nn/activations.cpp
    }
    auto model = std::make_unique<MLP<float>>(inputs, m.hidden, outputs, init_rng, options);
    if (m.init_scale != 1.0)
        for (Parameter<float>* p : model->parameters()) p->value *= static_cast<float>(m.init_scale);
    return model;
}

std::unique_ptr<Experiment> make_experiment(const RunConfig& config) {
    auto x = std::make_unique<Experiment>();
    x->config = config;
    load_data(config, *x);
    x->loss = loss_from_config(config.loss, "loss");
    const Index outputs = output_size(config.task, x->loss->link(), x->train.num_classes());
    x->model = make_model(config.model, x->train.num_features(), outputs, static_cast<std::uint64_t>(config.seed));
    x->steps_per_epoch = (x->train.rows() + config.batch_size - 1) / config.batch_size;
    const OptimizerRecipe recipe = read_optimizer(config.optimizer, x->steps_per_epoch * config.epochs);
    x->optimizer = recipe.build(x->model->parameters());
    if (recipe.plateau) {
        // The metric must be one the epoch records carry: train_loss, or the monitored split's.
        const std::string prefix = x->validation.rows() > 0 ? "val_" : "test_";
        std::vector<std::string> known = {"train_loss"};
        for (const char* m : config.task == Task::multilabel
                                 ? std::vector<const char*>{"loss", "micro_f1", "macro_f1", "hamming_loss", "subset_accuracy"}
                                 : std::vector<const char*>{"loss", "accuracy"})
            known.push_back(prefix + m);
        if (std::find(known.begin(), known.end(), recipe.plateau->metric) == known.end()) {
            std::string list;
            for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
            throw ConfigError(recipe.plateau->path + ".metric: \"" + recipe.plateau->metric + "\" is not in the epoch records; "
                              "choose one of " + list + (prefix == "test_" ? " (val_* needs data.validation_fraction > 0)" : ""));
        }
        x->plateau.emplace(recipe.plateau->options);
        x->plateau_metric = recipe.plateau->metric;
    }
    x->shuffle_rng = Rng(static_cast<std::uint64_t>(config.seed) + 1);
    return x;
}

Index count_rows(const Target<float>& y) {
    return y.classes.empty() ? y.dense.rows() : static_cast<Index>(y.classes.size());
}

void gather_rows(const Target<float>& y, std::span<const Index> rows, Target<float>& out) {
    if (!y.classes.empty()) gather_rows(y.classes, rows, out.classes);
    if (y.dense.size() > 0) gather_rows(y.dense, rows, out.dense);
}

Target<float> Experiment::target(const Dataset& data) const {
    Target<float> t;
    const float eps = static_cast<float>(config.data.label_smoothing);
    if (data.is_multilabel()) {
        t.dense = data.targets;
        if (eps > 0) t.dense = (1 - eps) * data.targets.array() + eps / 2;  // each 0/1 output is its own pair of outcomes
        return t;
    }
    if (eps == 0) {
        t.classes = data.labels;
        return t;
    }
    // Soft targets, the only form given, so every loss trains on them: (1 - eps) one_hot(y) + eps / K.
    const Index outputs = output_size(config.task, loss->link(), data.num_classes());
    if (outputs == 1) {
        t.dense.resize(data.rows(), 1);
        for (Index i = 0; i < data.rows(); ++i)
            t.dense(i, 0) = (1 - eps) * static_cast<float>(data.labels[static_cast<std::size_t>(i)]) + eps / 2;
    } else {
        t.dense = (1 - eps) * one_hot(data.labels, outputs).array() + eps / static_cast<float>(outputs);
    }
    return t;
}

Tensor<float> Experiment::logits(const Dataset& data) const {
    NoGradGuard no_grad;
    constexpr Index batch = evaluation_batch;
    Tensor<float> out(data.rows(), 0);
    Tape<float> tape;
    Tensor<float> xb;
    std::vector<Index> rows;
    for (Index start = 0; start < data.rows(); start += batch) {
        const Index count = std::min(batch, data.rows() - start);
        rows.resize(static_cast<std::size_t>(count));
        for (Index i = 0; i < count; ++i) rows[static_cast<std::size_t>(i)] = start + i;
        tape.clear();
        const Tensor<float>* input = &data.features;
        if (count != data.rows()) {
            gather_rows(data.features, rows, xb);
            input = &xb;
        }
        const Tensor<float>& z = model->forward(tape, tape.input(*input)).value();
        if (out.cols() != z.cols()) out.resize(data.rows(), z.cols());
        out.middleRows(start, count) = z;
    }
    return out;
}

Tensor<float> Experiment::to_probabilities(const Tensor<float>& z) const {
    NoGradGuard no_grad;
    Tape<float> tape;
    if (loss->link() == Link::softmax) return softmax(tape.input(z)).value();
    if (loss->link() == Link::sigmoid) return sigmoid(tape.input(z)).value();
    return z;
}

Tensor<float> Experiment::probabilities(const Dataset& data) const { return to_probabilities(logits(data)); }

Scores Experiment::evaluate(const Dataset& data) const {
    if (data.rows() > evaluation_batch) return evaluate_logits(*this, logits(data), data);  // in batches
    NoGradGuard no_grad;
    Tape<float>& tape = evaluation_tape;
    tape.clear();  // keeps the memory of the last evaluation's nodes
    return evaluate_logits(*this, model->forward(tape, tape.input(data.features)).value(), data);  // the one forward pass
}

Scores evaluate_logits(const Experiment& x, const Tensor<float>& z, const Dataset& data) {
    Scores s;
    {
        NoGradGuard no_grad;
        Tape<float> tape;
        s.loss = (*x.loss)(tape.input(z), x.target(data)).item();
    }
    const Tensor<float> p = x.to_probabilities(z);
    if (x.config.task == Task::multilabel) {
        const Tensor<float> predicted = threshold(p, 0.5);
        s.hamming_loss = hamming_loss(predicted, data.targets);
        s.subset_accuracy = subset_accuracy(predicted, data.targets);
        s.micro_f1 = micro_f1(predicted, data.targets);
        s.macro_f1 = macro_f1(predicted, data.targets);
    } else if (p.cols() == 1) {  // binary with one sigmoid output: class 1 when p > 0.5
        std::vector<Index> predicted(static_cast<std::size_t>(p.rows()));
        for (Index i = 0; i < p.rows(); ++i) predicted[static_cast<std::size_t>(i)] = p(i, 0) > 0.5f;
        s.accuracy = accuracy(predicted, data.labels);
    } else {
        s.accuracy = accuracy(argmax_rows(p), data.labels);
    }
    return s;
}

}  // namespace tapegrad
