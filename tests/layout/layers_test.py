#!/usr/bin/env python3
"""layout.layers: the source tree keeps its layers (scripts/check-layers), and the checker
itself catches a lower layer including a higher one, naming the file and line."""
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(sys.argv[1])
CHECK = ROOT / "scripts" / "check-layers"


def run(root):
    return subprocess.run([sys.executable, str(CHECK), str(root)], capture_output=True, text=True)


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


# 1. The real tree is clean.
r = run(ROOT)
if r.returncode != 0:
    fail("the source tree breaks its layers:\n" + r.stdout + r.stderr)

# 2. A planted offence in a copy of the layer folders is found, with file and line.
with tempfile.TemporaryDirectory() as tmp:
    t = pathlib.Path(tmp)
    for layer in ("model", "agents", "sim", "output", "cli"):
        (t / layer).mkdir()
    (t / "agents" / "rule.hpp").write_text('#include "model/world.hpp"\n')  # allowed
    (t / "cli" / "main.cpp").write_text('#include "output/result_file.hpp"\n#include "sim/step.hpp"\n')
    if run(t).returncode != 0:
        fail("a tree that keeps its layers was refused:\n" + run(t).stdout)
    (t / "model" / "world.hpp").write_text('#pragma once\n\n#include "agents/citizens.hpp"\n')
    (t / "output" / "table.cpp").write_text('#include "cli/commands.hpp"\n')
    r = run(t)
    if r.returncode != 1:
        fail(f"planted offences not refused (exit {r.returncode})")
    if "model/world.hpp:3: model includes agents/citizens.hpp" not in r.stdout:
        fail("the model offence is not named with its line:\n" + r.stdout)
    if "output/table.cpp:1: output includes cli/commands.hpp" not in r.stdout:
        fail("the output offence is not named:\n" + r.stdout)
    if len(r.stdout.strip().splitlines()) != 2:
        fail("expected exactly two offences:\n" + r.stdout)
print("layers ok")
