"""tapegrad export --format onnx: the file passes onnx.checker's full check (with shape inference),
and evaluated by the few lines of numpy below, one per operator it uses, gives the same
probabilities as `tapegrad predict` on the test rows (to 1e-6), for each of the fixture's models.
   usage: check_onnx.py path/to/tapegrad WORK_DIR (the fixture's, from train_digits.sh)"""
import json
import sys
from pathlib import Path

from common import MODELS, Checks, max_abs_diff, read_features, read_probabilities, skip_unless, tapegrad

skip_unless("numpy", "onnx")
import numpy as np
import onnx
from onnx import numpy_helper


def attribute(node, name, default):
    for a in node.attribute:
        if a.name == name:
            return onnx.helper.get_attribute_value(a)
    return default


def softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def gemm(n, a, b, c):  # alpha * A' B' + beta * C, A' and B' transposed when the node says so
    a = a.T if attribute(n, "transA", 0) else a
    b = b.T if attribute(n, "transB", 0) else b
    return np.float32(attribute(n, "alpha", 1.0)) * (a @ b) + np.float32(attribute(n, "beta", 1.0)) * c


# One line of numpy per operator, in float32 as ONNX Runtime computes.
OPS = {
    "Sub": lambda n, a, b: a - b,
    "Div": lambda n, a, b: a / b,
    "Gemm": gemm,
    "Relu": lambda n, x: np.maximum(x, 0),
    "LeakyRelu": lambda n, x: np.where(x >= 0, x, np.float32(attribute(n, "alpha", 0.01)) * x),
    "Tanh": lambda n, x: np.tanh(x),
    "Sigmoid": lambda n, x: 1 / (1 + np.exp(-x)),
    "Softmax": lambda n, x: softmax(x, attribute(n, "axis", -1)),
    "Identity": lambda n, x: x,
}


def evaluate(graph, features):
    """Runs the graph's nodes in order (an ONNX graph lists every node after its inputs' nodes)."""
    values = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    values[graph.input[0].name] = features
    for node in graph.node:
        if node.op_type not in OPS:
            sys.exit(f"FAIL: the graph uses {node.op_type}, which this evaluator does not know")
        values[node.output[0]] = OPS[node.op_type](node, *(values[i] for i in node.input)).astype(np.float32)
    return values[graph.output[0].name]


binary, work = sys.argv[1], Path(sys.argv[2])
checks = Checks("export_onnx")
for name, suffix in MODELS.items():
    path = work / f"model{suffix}.onnx"
    code, _, err = tapegrad(binary, "export", "--model", work / f"run{suffix}" / "model.ckpt", "--format", "onnx", "--out", path,
                            expect_ok=False)
    if code != 0 and "--format onnx is unavailable" in err:
        print("skipped: this tapegrad was built without ONNX (libonnx-dev and libprotobuf-dev)")
        sys.exit(0)
    if code != 0:
        sys.exit(f"FAIL: tapegrad export --format onnx: {err.strip()}")

    model = onnx.load(str(path))
    try:
        onnx.checker.check_model(model, full_check=True)
        checks.check(True, f"{name}: onnx.checker.check_model(full_check=True) passes")
    except onnx.checker.ValidationError as e:
        checks.check(False, f"{name}: onnx.checker: {e}")
    graph = model.graph
    checks.check([(o.domain, o.version) for o in model.opset_import] == [("", 13)], f"{name}: opset 13")
    checks.check([i.name for i in graph.input] == ["features"] and [o.name for o in graph.output] == ["probabilities"],
                 f"{name}: one input, features [N, F]; one output, probabilities [N, C]")
    meta = {p.key: p.value for p in model.metadata_props}
    feature_names, class_names = json.loads(meta["feature_names"]), json.loads(meta["class_names"])

    features = np.array(read_features(work / f"test{suffix}.csv", feature_names), dtype=np.float32)
    onnx_p = evaluate(graph, features).tolist()
    tapegrad_p = read_probabilities(work / f"predict{suffix}.csv", class_names, len(onnx_p[0]))
    diff = max_abs_diff(onnx_p, tapegrad_p)
    print(f"{name}: ops {sorted({n.op_type for n in graph.node})}; "
          f"max |p_onnx_numpy - p_tapegrad| = {diff:.3g} over {len(onnx_p)} rows x {len(onnx_p[0])} outputs")
    checks.check(diff <= 1e-6, f"{name}: the ONNX graph's probabilities match tapegrad predict's to 1e-6 ({diff:.3g})")
checks.finish()
