"""tapegrad export --format onnx: the file passes onnx.checker's full check (with shape inference),
and evaluated by the few lines of numpy below, one per operator it uses, gives the same
probabilities as `tapegrad predict` on the test rows (to 1e-6).
   usage: check_onnx.py path/to/tapegrad WORK_DIR (the fixture's, from train_digits.sh)"""
import json
import sys
from pathlib import Path

from common import Checks, max_abs_diff, read_features, read_probabilities, skip_unless, tapegrad

skip_unless("numpy", "onnx")
import numpy as np
import onnx
from onnx import numpy_helper

binary, work = sys.argv[1], Path(sys.argv[2])
path = work / "model.onnx"
code, _, err = tapegrad(binary, "export", "--model", work / "run" / "model.ckpt", "--format", "onnx", "--out", path, expect_ok=False)
if code != 0 and "--format onnx is unavailable" in err:
    print("skipped: this tapegrad was built without ONNX (libonnx-dev and libprotobuf-dev)")
    sys.exit(0)
if code != 0:
    sys.exit(f"FAIL: tapegrad export --format onnx: {err.strip()}")
checks = Checks("export_onnx")

model = onnx.load(str(path))
try:
    onnx.checker.check_model(model, full_check=True)
    checks.check(True, "onnx.checker.check_model(full_check=True) passes")
except onnx.checker.ValidationError as e:
    checks.check(False, f"onnx.checker: {e}")
checks.check([(o.domain, o.version) for o in model.opset_import] == [("", 13)], "opset 13")
graph = model.graph
checks.check([i.name for i in graph.input] == ["features"] and [o.name for o in graph.output] == ["probabilities"],
             "one input, features [N, F]; one output, probabilities [N, C]")
meta = {p.key: p.value for p in model.metadata_props}
feature_names, class_names = json.loads(meta["feature_names"]), json.loads(meta["class_names"])


def attribute(node, name, default):
    for a in node.attribute:
        if a.name == name:
            return onnx.helper.get_attribute_value(a)
    return default


# One line of numpy per operator, in float32 as ONNX Runtime computes.
def softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


OPS = {
    "Sub": lambda n, a, b: a - b,
    "Div": lambda n, a, b: a / b,
    "Gemm": lambda n, a, b, c: attribute(n, "alpha", 1.0) * ((a.T if attribute(n, "transA", 0) else a)
                                                            @ (b.T if attribute(n, "transB", 0) else b)) + attribute(n, "beta", 1.0) * c,
    "Relu": lambda n, x: np.maximum(x, 0),
    "LeakyRelu": lambda n, x: np.where(x >= 0, x, np.float32(attribute(n, "alpha", 0.01)) * x),
    "Tanh": lambda n, x: np.tanh(x),
    "Sigmoid": lambda n, x: 1 / (1 + np.exp(-x)),
    "Softmax": lambda n, x: softmax(x, attribute(n, "axis", -1)),
    "Identity": lambda n, x: x,
}

values = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
values["features"] = np.array(read_features(work / "test.csv", feature_names), dtype=np.float32)
for node in graph.node:  # a graph's nodes are in an order that computes every input first
    if node.op_type not in OPS:
        sys.exit(f"FAIL: the graph uses {node.op_type}, which this evaluator does not know")
    values[node.output[0]] = OPS[node.op_type](node, *(values[i] for i in node.input)).astype(np.float32)
onnx_p = values["probabilities"].tolist()
tapegrad_p = read_probabilities(work / "predict.csv", class_names)
diff = max_abs_diff(onnx_p, tapegrad_p)
print(f"ops used: {sorted({n.op_type for n in graph.node})}")
print(f"max |p_onnx_numpy - p_tapegrad| = {diff:.3g} over {len(onnx_p)} rows x {len(class_names)} classes")
checks.check(diff <= 1e-6, f"the ONNX graph's probabilities match tapegrad predict's to 1e-6 ({diff:.3g})")
checks.finish()
