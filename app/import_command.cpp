// `tapegrad import --weights model.safetensors --config run.json --out DIR`: weights trained
// elsewhere (a PyTorch nn.Sequential's state dict saved as safetensors) become a run directory that
// eval, predict and train --resume accept; prints the imported model's test figures as JSON.
#include "commands.hpp"

#include "../train/model_import.hpp"

#include <iostream>

namespace tapegrad {

int run_import(const ImportArgs& args) {
    const RunConfig config = load_config(args.config, args.overrides);
    const ImportResult result = import_weights(args.weights, config, args.out, args.overwrite);
    std::cout << result.scores.dump() << "\n";
    if (!args.quiet) std::cerr << "wrote " << args.out << "/ (run " << result.run_id << ": model.ckpt, last.ckpt, metrics.json)\n";
    return 0;
}

}  // namespace tapegrad
