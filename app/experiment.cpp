// Building and running an experiment: see experiment.hpp.
#include "experiment.hpp"

#include "optimizer_factory.hpp"

#include "../metrics/metrics.hpp"

namespace tapegrad {

nlohmann::json Scores::to_json(Task task, const char* prefix) const {
    const std::string p = prefix;
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

namespace {

// Adds "data." to a data-layer error so it names the config key path.
[[noreturn]] void rethrow_as_config(const std::exception& e, const std::string& where) {
    throw ConfigError(where + ": " + e.what());
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
            all = generate_dataset(d.generator, options);
        } else {
            source = d.train;
            CsvOptions csv;
            csv.labels = d.labels;
            csv.multilabel = config.task == Task::multilabel;
            all = read_csv(d.train, csv);
            if (!d.test.empty()) {
                check_task_fits(config, all, source);
                csv.class_names = all.class_names;
                x.train = std::move(all);
                x.test = read_csv(d.test, csv);
            }
        }
    } catch (const ConfigError&) {
        throw;
    } catch (const ValueError& e) {
        rethrow_as_config(e, "data");
    }
    if (x.train.rows() == 0) {
        check_task_fits(config, all, source);
        Split split = train_test_split(all, d.test_fraction, static_cast<std::uint64_t>(config.seed));
        x.train = std::move(split.train);
        x.test = std::move(split.test);
    }
    if (d.standardize) {
        x.standardizer.fit(x.train.features);
        x.standardizer.transform_in_place(x.train.features);
        x.standardizer.transform_in_place(x.test.features);
    }
}

Index output_size(Task task, Link link, Index classes) {
    if (task == Task::binary && link != Link::softmax) return 1;
    return classes;
}

std::unique_ptr<MLP<float>> make_model(const ModelConfig& m, Index inputs, Index outputs, std::uint64_t seed) {
    Rng init_rng(seed);
    MLPOptions options;
    try {
        options.activation(m.activation);
    } catch (const ValueError& e) {
        throw ConfigError(std::string("model.activation: ") + e.what());
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
    try {
        x->loss = loss_from_config(config.loss, "loss");
    } catch (const ValueError& e) {
        throw ConfigError(e.what());
    }
    const Index outputs = output_size(config.task, x->loss->link(), x->train.num_classes());
    x->model = make_model(config.model, x->train.num_features(), outputs, static_cast<std::uint64_t>(config.seed));
    x->steps_per_epoch = (x->train.rows() + config.batch_size - 1) / config.batch_size;
    x->optimizer = make_optimizer(config.optimizer, x->model->parameters(), x->steps_per_epoch * config.epochs);
    x->shuffle_rng = Rng(static_cast<std::uint64_t>(config.seed) + 1);
    return x;
}

nlohmann::json resolved_config(const Experiment& x) {
    const RunConfig& c = x.config;
    nlohmann::json data = c.source.at("data");
    data["test_fraction"] = c.data.test_fraction;
    data["standardize"] = c.data.standardize;
    nlohmann::json loss = x.loss->options();
    loss["name"] = x.loss->name();
    return {{"task", task_name(c.task)},
            {"data", data},
            {"model", {{"hidden", c.model.hidden}, {"activation", c.model.activation}, {"init_scale", c.model.init_scale}}},
            {"loss", loss},
            {"optimizer", resolved_optimizer(c.optimizer)},
            {"epochs", c.epochs},
            {"batch_size", c.batch_size},
            {"seed", c.seed},
            {"anomaly", c.anomaly}};
}

Target<float> Experiment::target(const Dataset& data, std::span<const Index> rows) const {
    Target<float> t;
    if (rows.empty()) {
        t.classes = data.labels;
        t.dense = data.targets;
    } else if (data.is_multilabel()) {
        gather_rows(data.targets, rows, t.dense);
    } else {
        gather_rows(data.labels, rows, t.classes);
    }
    return t;
}

double Experiment::train_epoch() {
    const Index n = train.rows();
    const std::vector<Index> order = permutation(n, shuffle_rng);
    double total = 0;
    for (Index start = 0; start < n; start += config.batch_size) {
        const Index count = std::min<Index>(config.batch_size, n - start);
        const std::span<const Index> rows(order.data() + start, static_cast<std::size_t>(count));
        gather_rows(train.features, rows, batch_x_);
        if (train.is_multilabel()) gather_rows(train.targets, rows, batch_y_.dense);
        else gather_rows(train.labels, rows, batch_y_.classes);

        tape_.clear();
        Var<float> logits = model->forward(tape_, tape_.input(batch_x_));
        Var<float> L = (*loss)(logits, batch_y_);
        optimizer->zero_grad();
        tape_.backward(L);
        optimizer->step();
        total += static_cast<double>(L.item()) * static_cast<double>(count);
    }
    tape_.clear();
    return total / static_cast<double>(n);
}

Tensor<float> Experiment::logits(const Dataset& data) const {
    NoGradGuard no_grad;
    Tape<float> tape;
    return model->forward(tape, tape.input(data.features)).value();
}

Tensor<float> Experiment::probabilities(const Dataset& data) const {
    NoGradGuard no_grad;
    Tape<float> tape;
    Var<float> z = model->forward(tape, tape.input(data.features));
    if (loss->link() == Link::softmax) return softmax(z).value();
    if (loss->link() == Link::sigmoid) return sigmoid(z).value();
    return z.value();
}

Scores Experiment::evaluate(const Dataset& data) const {
    NoGradGuard no_grad;
    Tape<float> tape;
    Var<float> z = model->forward(tape, tape.input(data.features));
    Scores s;
    s.loss = (*loss)(z, target(data)).item();
    const Tensor<float> p = probabilities(data);
    if (config.task == Task::multilabel) {
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
