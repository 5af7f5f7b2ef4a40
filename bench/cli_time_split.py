#!/usr/bin/env python3
"""Where `tapegrad train`'s wall time goes, on the ready-made digits configs.

Runs the real command several times per config (interleaved, so a change in the machine's load
hits every config alike), times the whole command from outside (process start, reading the
bundled data, training, every file written, exit), and reads the split the command records in
metrics.json's "timings" (train/trainer.hpp). Prints one JSON line per config with the medians
and the share of the whole command's wall time that is training (the optimizer steps).

    /usr/bin/python3 bench/cli_time_split.py build/app/tapegrad [--runs 7] [--set key=value ...]
"""
import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CONFIGS = ["digits_mlp", "digits_softmax"]
PARTS = ["setup_s", "training_s", "evaluation_s", "hooks_s", "end_s"]


def cpu_model():
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def one_run(binary, config, out, overrides):
    shutil.rmtree(out, ignore_errors=True)  # a fresh run each time, as a first run is (no --overwrite)
    command = [binary, "train", "--config", config, "--out", out]
    for o in overrides:
        command += ["--set", o]
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start  # the whole command, as a user waits for it
    with open(os.path.join(out, "metrics.json")) as f:
        timings = json.load(f)["timings"]
    timings["command_s"] = wall
    return timings


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary", help="the tapegrad program (build/app/tapegrad)")
    parser.add_argument("--runs", type=int, default=7, help="runs per config (the median is printed)")
    parser.add_argument("--set", action="append", default=[], help="a config override passed to every run")
    args = parser.parse_args()
    configs = {name: os.path.join(HERE, "..", "examples", "configs", name + ".json") for name in CONFIGS}
    runs = {name: [] for name in CONFIGS}
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(args.runs):
            for name, config in configs.items():
                runs[name].append(one_run(args.binary, config, os.path.join(scratch, name), args.set))
    for name in CONFIGS:
        median = {k: statistics.median(r[k] for r in runs[name]) for k in PARTS + ["command_s"]}
        # The share per run, then its median and range: the share of one run is what a user sees.
        shares = sorted(r["training_s"] / r["command_s"] for r in runs[name])
        line = {"config": name, "runs": args.runs, "overrides": args.set}
        line.update({k: round(v, 4) for k, v in median.items()})
        line["unaccounted_s"] = round(median["command_s"] - sum(median[k] for k in PARTS), 4)  # exec, exit
        line["training_share"] = round(statistics.median(shares), 3)
        line["training_share_range"] = [round(shares[0], 3), round(shares[-1], 3)]
        line["cpu"] = cpu_model()
        line["load_average"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
        print(json.dumps(line))


if __name__ == "__main__":
    main()
