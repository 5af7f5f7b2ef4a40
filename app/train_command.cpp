// `tapegrad train --config run.json [--out DIR] [--set key=value]...`: trains the model a config
// describes and writes DIR/model.ckpt (after every epoch, atomically) and DIR/metrics.json.
#include "commands.hpp"
#include "model_file.hpp"
#include "optimizer_factory.hpp"
#include "progress.hpp"

#include <chrono>
#include <iostream>

namespace tapegrad {

int run_train(const TrainArgs& args) {
    RunConfig config = load_config(args.config, args.overrides);
    config.anomaly = config.anomaly || args.anomaly;
    auto x = make_experiment(config);  // reads and checks the data, loss and optimizer first
    const std::filesystem::path out = args.out;
    ensure_writable_directory(out);    // before training, so a bad --out costs nothing
    const nlohmann::json resolved = resolved_config(*x);
    const nlohmann::json metadata = model_metadata(*x, resolved);
    const std::filesystem::path checkpoint = out / "model.ckpt";
    std::cerr << "training on " << x->train.rows() << " examples (" << x->train.num_features() << " features), testing on "
              << x->test.rows() << "; writing " << out.string() << "/\n";

    nlohmann::json epochs = nlohmann::json::array();
    Progress progress(config.epochs);
    const bool multilabel = config.task == Task::multilabel;
    const auto start = std::chrono::steady_clock::now();
    std::optional<AnomalyGuard> anomaly;
    if (config.anomaly) anomaly.emplace();
    Scores scores;
    double train_loss = 0;
    for (long e = 1; e <= config.epochs; ++e) {
        const auto epoch_start = std::chrono::steady_clock::now();
        try {
            train_loss = x->train_epoch();
            if (!std::isfinite(train_loss))
                throw ValueError("the training loss became " + std::to_string(train_loss) + " in epoch " +
                                 std::to_string(e) + "; lower the learning rate, or run with --anomaly to find the op");
        } catch (const Error& err) {
            progress.interrupt();
            std::cerr << "tapegrad train: stopped in epoch " << e << ": " << err.what() << "\n";
            if (e > 1) std::cerr << "the last good checkpoint (epoch " << e - 1 << ") is " << checkpoint.string() << "\n";
            return 1;
        }
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - epoch_start).count();
        scores = x->evaluate(x->test);
        nlohmann::json record = {{"epoch", e}, {"train_loss", train_loss}};
        record.update(scores.to_json(config.task, "test_"));
        epochs.push_back(record);
        progress.epoch(e, train_loss, scores.loss, multilabel ? "micro_f1" : "accuracy",
                       multilabel ? scores.micro_f1 : scores.accuracy, static_cast<double>(x->train.rows()) / seconds);
        TrainingState<float> state{x->model->parameters(), x->optimizer.get(), &x->shuffle_rng,
                                   {e, x->optimizer->steps()}, metadata.dump()};
        save_checkpoint(checkpoint, state);
    }
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    nlohmann::json final_record = scores.to_json(config.task, "test_");
    final_record["train_loss"] = train_loss;
    const nlohmann::json metrics = {{"config", resolved},
                                    {"train_examples", x->train.rows()},
                                    {"test_examples", x->test.rows()},
                                    {"epochs", epochs},
                                    {"final", final_record},
                                    {"wall_time_s", wall}};
    write_text_atomically(out / "metrics.json", metrics.dump(2) + "\n");
    std::cout << final_record.dump() << "\n";
    std::cerr << "wrote " << (out / "metrics.json").string() << " and " << checkpoint.string() << "\n";
    return 0;
}

}  // namespace tapegrad
