"""tapegrad export --format pytorch: the generated model.py, loaded in PyTorch, gives the same
probabilities as `tapegrad predict` on the test rows (to 1e-6), for each of the fixture's models.
   usage: check_pytorch.py path/to/tapegrad WORK_DIR (the fixture's, from train_digits.sh)"""
import shutil
import sys
from pathlib import Path

from common import MODELS, Checks, load_module, max_abs_diff, read_features, read_probabilities, skip_unless, tapegrad

skip_unless("torch")
binary, work = sys.argv[1], Path(sys.argv[2])
out = work / "pytorch"
shutil.rmtree(out, ignore_errors=True)  # run again, the check starts afresh
out.mkdir()
checks = Checks("export_pytorch")

for name, suffix in MODELS.items():
    folder = out / name
    tapegrad(binary, "export", "--model", work / f"run{suffix}" / "model.ckpt", "--format", "pytorch", "--out", folder / "model.safetensors")
    model = load_module(folder / "model.py").load()
    rows = read_features(work / f"test{suffix}.csv", model.feature_names)
    torch_p = model.predict_proba(rows).tolist()
    tapegrad_p = read_probabilities(work / f"predict{suffix}.csv", model.class_names, len(torch_p[0]))
    diff = max_abs_diff(torch_p, tapegrad_p)
    print(f"{name}: max |p_pytorch - p_tapegrad| = {diff:.3g} over {len(rows)} rows x {len(torch_p[0])} outputs")
    checks.check(diff <= 1e-6, f"{name}: PyTorch's probabilities match tapegrad predict's to 1e-6 ({diff:.3g})")
    if name != "digits":
        continue
    checks.check((folder / "model.safetensors").exists(), "model.py written beside model.safetensors")
    source = (folder / "model.py").read_text()
    checks.check(source.startswith("# A tapegrad model as a PyTorch module, written by `tapegrad export --format pytorch`"),
                 "model.py says how it was made")
    checks.check("To continue training in PyTorch" in source, "model.py says how to continue training")
    checks.check(list(model.state_dict()) == ["0.weight", "0.bias", "2.weight", "2.bias"], "state_dict names are nn.Sequential's")
    checks.check(tuple(model[0].weight.shape) == (32, 64), "0.weight is out x in (32, 64)")
checks.finish()
