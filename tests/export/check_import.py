"""The way back: export, load in PyTorch through model.py, change one weight, save the state dict as
safetensors (with the safetensors package if installed, otherwise the few lines of struct and json
below), `tapegrad import` it, and `tapegrad predict` shows the change; eval and train --resume accept
the imported run; files that do not fit are refused with a clear message.
   usage: check_import.py path/to/tapegrad WORK_DIR (the fixture's, from train_digits.sh)"""
import json
import struct
import shutil
import sys
from pathlib import Path

from common import Checks, load_module, max_abs_diff, read_features, read_probabilities, skip_unless, tapegrad

skip_unless("torch")
import torch

binary, work = sys.argv[1], Path(sys.argv[2])
out = work / "import"
shutil.rmtree(out, ignore_errors=True)  # run again, the check starts afresh
out.mkdir()
checks = Checks("export_import")


def save_state_dict(tensors, path, dtype="F32"):
    """A state dict as safetensors: 8-byte little-endian header length, JSON header, raw data."""
    try:
        from safetensors.torch import save_file

        if dtype == "F32":
            return save_file({k: v.contiguous() for k, v in tensors.items()}, str(path))
    except ImportError:
        pass
    torch_dtype, header, data = {"F32": torch.float32, "F64": torch.float64}[dtype], {}, b""
    for name, t in tensors.items():
        values = t.detach().to(torch_dtype).contiguous().numpy()
        raw = values.astype(values.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header).encode()
    Path(path).write_bytes(struct.pack("<Q", len(text)) + text + data)


tapegrad(binary, "export", "--model", work / "run" / "model.ckpt", "--format", "pytorch", "--out", out / "model.safetensors")
module = load_module(out / "model.py")
model = module.load()
rows = read_features(work / "test.csv", model.feature_names)
before = model.predict_proba(rows).tolist()

with torch.no_grad():
    model[2].weight[3, 5] += 0.5  # one weight: output class 3's weight from hidden unit 5
after = model.predict_proba(rows).tolist()
save_state_dict(model.state_dict(), out / "changed.safetensors")

code, stdout, _ = tapegrad(binary, "import", "--weights", out / "changed.safetensors", "--config", work / "config.json",
                           "--out", out / "run", "--quiet")
checks.check("test_accuracy" in json.loads(stdout), "import prints the imported model's test figures")
tapegrad(binary, "predict", "--model", out / "run" / "model.ckpt", "--data", work / "test.csv", "--out", out / "predict.csv")
imported = read_probabilities(out / "predict.csv", model.class_names, len(after[0]))
moved = max_abs_diff(after, before)
diff = max_abs_diff(imported, after)
print(f"the changed weight moves PyTorch's probabilities by up to {moved:.3g}")
print(f"max |p_tapegrad_imported - p_pytorch_changed| = {diff:.3g} over {len(rows)} rows")
checks.check(moved > 1e-3, "the change is visible in PyTorch's probabilities")
checks.check(diff <= 1e-6, f"tapegrad predict on the imported model matches the changed PyTorch model to 1e-6 ({diff:.3g})")

# And exactly: exported again, the imported run holds the changed PyTorch weights bit for bit.
tapegrad(binary, "export", "--model", out / "run" / "model.ckpt", "--format", "pytorch", "--out", out / "again" / "model.safetensors")
again = load_module(out / "again" / "model.py").load().state_dict()
exact = all(torch.equal(again[k], v) for k, v in model.state_dict().items()) and set(again) == set(model.state_dict())
checks.check(exact, "exported again, the imported weights equal the changed PyTorch weights bit for bit")

# model.py's own save() keeps the exported description, which import checks against the config.
module.save(model, out / "saved_by_model_py.safetensors")
tapegrad(binary, "import", "--weights", out / "saved_by_model_py.safetensors", "--config", work / "config.json", "--out", out / "run2", "--quiet")
tapegrad(binary, "predict", "--model", out / "run2" / "model.ckpt", "--data", work / "test.csv", "--out", out / "predict2.csv")
checks.check(read_probabilities(out / "predict2.csv", model.class_names, 10) == imported, "model.py's save() imports the same model")
code, _, err = tapegrad(binary, "import", "--weights", out / "saved_by_model_py.safetensors", "--config", work / "config-odd_big.json",
                        "--out", out / "bad", expect_ok=False)
checks.check(code == 1 and "differ from the classes of the config's data" in err, f"another config's data is refused ({err.strip()})")

# The imported run is a run: eval reads it, tape records a step of it, train --resume trains it on.
_, stdout, _ = tapegrad(binary, "eval", "--model", out / "run" / "model.ckpt")
checks.check("test_accuracy" in json.loads(stdout), "eval reads the imported model")
_, stdout, _ = tapegrad(binary, "tape", "--model", out / "run" / "model.ckpt", "--batch", "2", "--format", "json")
taped = json.loads(stdout)
weight = next((n for n in taped["nodes"] if n.get("name") == "0.weight"), None)
checks.check(weight is not None and weight["shape"] == [64, 32], "tape records a step of the imported model, its weights by name")
tapegrad(binary, "train", "--resume", out / "run", "--quiet")
metrics = json.loads((out / "run" / "metrics.json").read_text())
checks.check(len(metrics["epochs"]) == metrics["config"]["epochs"], "train --resume trains the imported weights for the config's epochs")

# Files that do not fit: one clear line on stderr each, exit 1, no run directory left.
state = {k: v.clone() for k, v in model.state_dict().items()}
bad = {
    "wrong shape": ({**state, "0.weight": state["0.weight"].T.contiguous()}, "F32",
                    "'0.weight' is [64, 32] but the config's layer 0, Linear(64, 32), needs [32, 64]"),
    "missing tensor": ({k: v for k, v in state.items() if k != "2.bias"}, "F32", "has no tensor '2.bias'"),
    "wrong dtype": (state, "F64", "'0.weight' is F64; tapegrad reads float32 weights"),
}
for what, (tensors, dtype, expected) in bad.items():
    path = out / (what.replace(" ", "_") + ".safetensors")
    save_state_dict(tensors, path, dtype)
    code, _, err = tapegrad(binary, "import", "--weights", path, "--config", work / "config.json", "--out", out / "bad", expect_ok=False)
    checks.check(code == 1 and expected in err and err.count("\n") == 1 and not (out / "bad").exists(),
                 f"{what}: refused ({err.strip()})")
whole = (out / "changed.safetensors").read_bytes()
for what, data, expected in [
    ("truncated data", whole[:-10], "lie outside the data"),
    ("truncated header", whole[:40], "runs past the end of the file"),
    ("header length past the end", struct.pack("<Q", 1 << 40) + whole[8:], "the header length (1099511627776 bytes) runs past the end"),
]:
    path = out / (what.replace(" ", "_") + ".safetensors")
    path.write_bytes(data)
    code, _, err = tapegrad(binary, "import", "--weights", path, "--config", work / "config.json", "--out", out / "bad", expect_ok=False)
    checks.check(code == 1 and expected in err and not (out / "bad").exists(), f"{what}: refused ({err.strip()})")
checks.finish()
