"""What the export checks share: running tapegrad, reading the fixture's CSV files, skipping."""
import csv
import importlib.util
import subprocess
import sys
from pathlib import Path


def skip_unless(*modules):
    """Exits 0 with "skipped: ..." (ctest reports it as skipped) if a module cannot be imported."""
    missing = []
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    if missing:
        packages = ", ".join("python3-" + m for m in missing)
        print(f"skipped: {' and '.join(missing)} not importable by {sys.executable} (install Debian's {packages})")
        sys.exit(0)


def tapegrad(binary, *args, expect_ok=True):
    """Runs tapegrad; returns (exit code, stdout, stderr). A failure it did not expect ends the check."""
    r = subprocess.run([binary, *map(str, args)], capture_output=True, text=True)
    if expect_ok and r.returncode != 0:
        sys.exit(f"FAIL: tapegrad {' '.join(map(str, args))}: exit {r.returncode}: {r.stderr.strip()}")
    return r.returncode, r.stdout, r.stderr


def read_features(path, feature_names):
    """The rows of a CSV file as float32-rounded values, columns in feature_names order."""
    import struct

    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    as_float32 = lambda v: struct.unpack("f", struct.pack("f", float(v)))[0]  # tapegrad reads floats
    return [[as_float32(row[name]) for name in feature_names] for row in rows]


# The fixture's models (train_digits.sh): name -> the suffix of its run-, test- and predict- files.
MODELS = {"digits": "", "odd": "-odd", "odd_big": "-odd_big"}


def read_probabilities(path, class_names, outputs):
    """The p_<class> columns of `tapegrad predict`'s output, by name (other columns may come and go);
    p_1 alone for a binary model's one sigmoid output."""
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    columns = ["1"] if outputs == 1 else class_names
    return [[float(row["p_" + c]) for c in columns] for row in rows]


def load_module(path):
    """Imports a generated model.py from its own folder."""
    spec = importlib.util.spec_from_file_location("exported_model_" + Path(path).parent.name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def max_abs_diff(a, b):
    assert len(a) == len(b) and all(len(x) == len(y) for x, y in zip(a, b)), "different shapes"
    return max(abs(x - y) for ra, rb in zip(a, b) for x, y in zip(ra, rb))


class Checks:
    """Counts checks and prints the closing line ctest's output shows."""

    def __init__(self, name):
        self.name, self.passed, self.failed = name, 0, 0

    def check(self, ok, what):
        if ok:
            self.passed += 1
            print("ok:", what)
        else:
            self.failed += 1
            print("FAIL:", what)

    def finish(self):
        print(f"{self.name}: {self.passed} passed, {self.failed} failed")
        sys.exit(1 if self.failed else 0)
