"""tapegrad export --format pytorch: the generated model.py, loaded in PyTorch, gives the same
probabilities as `tapegrad predict` on the test rows (to 1e-6).
   usage: check_pytorch.py path/to/tapegrad WORK_DIR (the fixture's, from train_digits.sh)"""
import shutil
import sys
from pathlib import Path

from common import Checks, load_module, max_abs_diff, read_features, read_probabilities, skip_unless, tapegrad

skip_unless("torch")
binary, work = sys.argv[1], Path(sys.argv[2])
out = work / "pytorch"
shutil.rmtree(out, ignore_errors=True)  # run again, the check starts afresh
out.mkdir()
checks = Checks("export_pytorch")

tapegrad(binary, "export", "--model", work / "run" / "model.ckpt", "--format", "pytorch", "--out", out / "model.safetensors")
checks.check((out / "model.py").exists() and (out / "model.safetensors").exists(), "model.py written beside model.safetensors")
source = (out / "model.py").read_text()
checks.check(source.startswith("# A tapegrad model as a PyTorch module, written by `tapegrad export --format pytorch`"),
             "model.py says how it was made")
checks.check("To continue training in PyTorch" in source, "model.py says how to continue training")

model = load_module(out / "model.py").load()
checks.check(list(model.state_dict()) == ["0.weight", "0.bias", "2.weight", "2.bias"], "state_dict names are nn.Sequential's")
checks.check(tuple(model[0].weight.shape) == (32, 64), "0.weight is out x in (32, 64)")
rows = read_features(work / "test.csv", model.feature_names)
torch_p = model.predict_proba(rows).tolist()
tapegrad_p = read_probabilities(work / "predict.csv", model.class_names)
diff = max_abs_diff(torch_p, tapegrad_p)
print(f"max |p_pytorch - p_tapegrad| = {diff:.3g} over {len(rows)} rows x {len(model.class_names)} classes")
checks.check(diff <= 1e-6, f"PyTorch's probabilities match tapegrad predict's to 1e-6 ({diff:.3g})")
checks.finish()
