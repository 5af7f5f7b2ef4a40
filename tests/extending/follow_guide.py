#!/usr/bin/env python3
"""Follows docs/extending.md to the letter in a scratch copy, and runs the unchanged walk tests.

    follow_guide.py SOURCE_DIR BUILD_DIR WORK_DIR NATIVE(ON|OFF)

Every code block on that page whose fence says what to do with it is applied to a copy of the
library's sources:  ```cpp create FILE   ```cpp append FILE   ```cpp insert FILE after "TEXT"
Then the sources the blocks touched, the walk tests (copied unchanged) and a check that the new
names are registered are built against the already-built libtapegrad.a: the scratch objects take
the place of the library's own (a static library's member is only linked when nothing before it
defined its symbols), so the project is not rebuilt. The walks must pass with the additions in.
"""
import pathlib
import re
import shutil
import subprocess
import sys
import time

source, build, work, native = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3]), sys.argv[4]
LIB_DIRS = ["core", "ops", "losses", "optim", "nn", "data", "metrics", "train"]
WALK_TESTS = ["test_main.cpp", "ops/test_op_table.cpp", "ops/op_checks.hpp", "losses/test_registry.cpp",
              "losses/loss_test_helpers.hpp", "nn/test_activations.cpp", "nn/test_mlp.cpp", "nn/model_gradcheck.hpp"]
FENCE = re.compile(r'^```cpp (create|append|insert) (\S+)(?: after "(.*)")?\s*$')

started = time.monotonic()
shutil.rmtree(work, ignore_errors=True)
tree = work / "include" / "tapegrad"  # <tapegrad/...> resolves here, as in an installed copy
for d in LIB_DIRS:
    shutil.copytree(source / d, tree / d, ignore=shutil.ignore_patterns("bundled"))
shutil.copy(source / "tapegrad.hpp", tree / "tapegrad.hpp")
for t in WALK_TESTS:
    (work / "tests" / t).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "tests" / t, work / "tests" / t)

# The blocks, in page order.
blocks, current = [], None
for line in (source / "docs" / "extending.md").read_text().splitlines(keepends=True):
    if current is None:
        m = FENCE.match(line)
        if m:
            current = {"action": m[1], "file": m[2], "after": m[3], "text": ""}
    elif line.rstrip() == "```":
        blocks.append(current)
        current = None
    else:
        current["text"] += line
if not blocks:
    sys.exit("docs/extending.md: no block says what to do with it (```cpp create|append|insert FILE)")

touched = []
for b in blocks:
    path = tree / b["file"]
    where = f'docs/extending.md: block for {b["file"]} ({b["action"]})'
    if b["action"] == "create":
        if path.exists():
            sys.exit(f"{where}: the file exists already")
        path.write_text(b["text"])
    elif b["action"] == "append":
        path.write_text(path.read_text() + "\n" + b["text"])
    else:
        lines = path.read_text().splitlines(keepends=True)
        at = next((i for i, l in enumerate(lines) if b["after"] in l), None)
        if at is None:
            sys.exit(f'{where}: no line contains "{b["after"]}"')
        lines.insert(at + 1, b["text"])
        path.write_text("".join(lines))
    print(f'{b["action"]:>6} {b["file"]}')
    if b["file"].endswith(".cpp") and b["file"] not in touched:
        touched.append(b["file"])

lib_sources = ";".join(str(tree / f) for f in touched)
tests = ";".join(str(work / "tests" / t) for t in WALK_TESTS if t.endswith(".cpp"))
shutil.copy(source / "tests" / "extending" / "scratch" / "CMakeLists.txt", work / "CMakeLists.txt")
shutil.copy(source / "tests" / "extending" / "scratch" / "guide_registered.cpp", work / "guide_registered.cpp")

def run(*cmd, **kw):
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kw)

run("cmake", "-S", work, "-B", work / "build", f"-DGUIDE_SOURCES={lib_sources}", f"-DGUIDE_TESTS={tests}",
    f"-DTAPEGRAD_LIBRARY={build / 'libtapegrad.a'}", f"-DGUIDE_INCLUDE={work / 'include'}", f"-DNATIVE={native}",
    "-DCMAKE_BUILD_TYPE=", stdout=subprocess.DEVNULL)
run("cmake", "--build", work / "build", "-j2")
built = time.monotonic()
# The walks (unchanged tests) with the additions in; then the check that they were there to walk.
run(work / "build" / "guide_tests", "--test-case-exclude=the registry knows the names the guide added")
run(work / "build" / "guide_tests", "--test-case=the registry knows the names the guide added")
print(f"extending guide followed: {len(blocks)} blocks applied, {len(touched)} sources rebuilt, "
      f"{built - started:.0f} s to build, {time.monotonic() - built:.0f} s to run")
