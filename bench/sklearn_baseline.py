#!/usr/bin/python3
"""tapegrad's softmax regression against scikit-learn's LogisticRegression on the same split.

Usage: bench/sklearn_baseline.py path/to/tapegrad [config ...]
For each config, `tapegrad export-data` writes the exact training and test sets tapegrad uses
(seeded stratified split, standardised on the training part); scikit-learn fits a multinomial
LogisticRegression (its default L2 penalty, C = 1) on the same rows, and tapegrad trains from the
config. Prints one JSON line per config with both test accuracies. Needs Debian's python3-sklearn.
"""
import json
import subprocess
import sys
import tempfile

import numpy as np
from sklearn.linear_model import LogisticRegression


def load(path):
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    return data[:, :-1], data[:, -1].astype(int)


def main():
    binary = sys.argv[1]
    configs = sys.argv[2:] or ["examples/configs/iris.json", "examples/configs/digits_softmax.json"]
    for config in configs:
        with tempfile.TemporaryDirectory() as work:
            subprocess.run([binary, "export-data", "--config", config, "--out", work], check=True, capture_output=True)
            x_train, y_train = load(f"{work}/train.csv")
            x_test, y_test = load(f"{work}/test.csv")
            sk = LogisticRegression(max_iter=5000).fit(x_train, y_train)
            sk_accuracy = float((sk.predict(x_test) == y_test).mean())
            run = subprocess.run([binary, "train", "--config", config, "--out", f"{work}/run"], check=True,
                                 capture_output=True, text=True)
            tg_accuracy = json.loads(run.stdout)["test_accuracy"]
        print(json.dumps({"config": config, "test_examples": len(y_test), "sklearn_test_accuracy": round(sk_accuracy, 4),
                          "tapegrad_test_accuracy": round(tg_accuracy, 4),
                          "difference_points": round(100 * (tg_accuracy - sk_accuracy), 2)}))


if __name__ == "__main__":
    main()
