#!/usr/bin/env python3
"""Experiment designs run as batches: a design's points are byte-identical on one thread, two,
shards + merge and `mpirun -np 2`; the index's /design holds the method, the unit coordinates
[point, parameter] and each distribution, and /sweep the values each point ran with (the
inverse CDF of /design/unit, checked here against the formulas); a partial merge keeps the
rows of the points it has; a Saltelli index has its [A; B; E_1..E_d] blocks.
Usage: design_batch_test.py QUASIM SOURCE_DIR TMP"""
import math
import os
import shutil
import subprocess
import sys

import h5py
import numpy as np

quasim, source, tmp = sys.argv[1], sys.argv[2], sys.argv[3]
work = os.path.join(tmp, "design_batch")
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
tiny = os.path.join(source, "scenarios", "tiny.toml")
failures = []

LHS = f"""name = "lhs_design"
extends = "{tiny}"
[run]
years = 3
replicates = 2
[design]
method = "lhs"
points = 5
seed = 11
[design.parameters]
"outsourcing.entry_rate" = {{ lower = 0.0, upper = 0.3 }}
"budget.change_late" = {{ distribution = "normal", mean = -0.02, sd = 0.01, lower = -0.06, upper = 0.0 }}
"outsourcing.contract_years" = {{ distribution = "integer", lower = 3, upper = 7 }}
"""

SALTELLI = f"""name = "saltelli_design"
extends = "{tiny}"
[run]
years = 2
replicates = 1
[population]
citizens = 5000
[design]
method = "saltelli"
base_points = 8
[design.parameters]
"outsourcing.entry_rate" = {{ lower = 0.0, upper = 0.3 }}
"provider.sme.markup" = {{ distribution = "log-uniform", lower = 0.01, upper = 0.2 }}
"""


def write(name, text):
    path = os.path.join(work, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def run(*args, check=True):
    r = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=300)
    if check and r.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, args))} failed ({r.returncode}):\n{r.stdout}{r.stderr}")
    return r


def floats(path):
    out = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda n, o: out.__setitem__(n, o[...].tobytes())
                     if isinstance(o, h5py.Dataset) and o.dtype.kind == "f" else None)
    return out


def group(path, name):
    """A group's attributes and datasets (bytes of numbers, text as str), for comparing."""
    with h5py.File(path, "r") as f:
        g = f[name]
        attrs = {k: (v.decode() if isinstance(v, bytes) else v.item() if hasattr(v, "item") else v)
                 for k, v in g.attrs.items()}
        data = {}
        for k, ds in g.items():
            v = ds[...]
            data[k] = (v.shape, v.tobytes() if v.dtype.kind in "fi" else
                       [x.decode() if isinstance(x, bytes) else x for x in v.tolist()])
        return attrs, data


def check(cond, what):
    if cond:
        print("ok:", what)
    else:
        failures.append(what)


# ---- layouts: one thread, two, shards + merge, MPI ---------------------------------------------
lhs = write("lhs.toml", LHS)
r = run(quasim, "validate", lhs, "-q")
check("design: lhs, points 5 -> 5 points, seed 11" in r.stdout and
      "budget.change_late: normal(mean=-0.02, sd=0.01) in [-0.06, 0]" in r.stdout and
      "outsourcing.contract_years: integer(3, 7)" in r.stdout, "validate prints the design")

ref = os.path.join(work, "one", "d.h5")
run(quasim, "batch", lhs, "-o", ref, "--threads", 1, "-q")
layouts = {}
two = os.path.join(work, "two", "d.h5")
run(quasim, "batch", lhs, "-o", two, "--threads", 2, "-q")
layouts["--threads 2"] = two
sharded = os.path.join(work, "shards", "d.h5")
for k in range(3):
    run(quasim, "batch", lhs, "-o", sharded, "--shard", f"{k}/3", "-q", "--keep-parts")
run(quasim, "merge", sharded + ".parts", "-o", sharded)
layouts["3 shards + merge"] = sharded
mpirun = shutil.which("mpirun")
if mpirun:
    mpi = os.path.join(work, "mpi", "d.h5")
    os.makedirs(os.path.dirname(mpi))
    r = run(mpirun, "--oversubscribe", "--allow-run-as-root", "-np", 2, quasim, "batch", lhs,
            "-o", mpi, "--threads", 1, "-q", check=False)
    if r.returncode == 0:
        layouts["mpirun -np 2"] = mpi
    else:
        failures.append(f"mpirun -np 2 failed: {r.stdout}{r.stderr}")
else:
    failures.append("mpirun not found: scripts/setup-deps installs openmpi-bin")

for name, index in layouts.items():
    same_points = all(floats(ref.replace(".h5", f".p{k:03d}.h5")) ==
                      floats(index.replace(".h5", f".p{k:03d}.h5")) for k in range(5))
    check(same_points, f"{name}: every point's datasets byte-identical to one thread")
    check(group(index, "design") == group(ref, "design") and
          group(index, "sweep") == group(ref, "sweep"), f"{name}: /design and /sweep identical")

# ---- the index's /design and /sweep ------------------------------------------------------------
with h5py.File(ref, "r") as f:
    d, s = f["design"], f["sweep"]
    keys = ["outsourcing.entry_rate", "budget.change_late", "outsourcing.contract_years"]
    check(d.attrs["method"] == "lhs" and d.attrs["parameters"] == ", ".join(keys) and
          d.attrs["seed"] == 11 and d.attrs["points"] == 5, "/design attributes")
    unit = d["unit"][...]
    check(unit.shape == (5, 3) and d["lower"].shape == (3,) and d["upper"].shape == (3,) and
          d["distribution"].shape == (3,), "/design shapes: unit [5, 3], one row per parameter")
    check([x.decode() for x in d["distribution"][...]] ==
          ["uniform(0, 0.3)", "normal(mean=-0.02, sd=0.01) in [-0.06, 0]", "integer(3, 7)"],
          "/design/distribution")
    check(list(d["lower"][...]) == [0.0, -0.06, 3.0] and list(d["upper"][...]) == [0.3, 0.0, 7.0],
          "/design/lower and /design/upper")
    check(all(ds.attrs.get("units") is not None and ds.attrs.get("description")
              for ds in d.values()), "every /design dataset has units and description")
    # One point per stratum in every parameter (Latin hypercube).
    check(all(sorted(np.floor(unit[:, j] * 5).astype(int)) == list(range(5)) for j in range(3)),
          "LHS: one point in each of the 5 strata of every parameter")
    # /sweep holds the values run: the inverse CDF of each unit coordinate, at full precision.
    rate, late, years = (s[k][...] for k in keys)
    check(list(rate) == [0.0 + u * (0.3 - 0.0) for u in unit[:, 0]],
          "/sweep uniform values = lower + u*(upper-lower), bit for bit")
    check(list(years) == [3 + min(math.floor(u * 5), 4) for u in unit[:, 2]],
          "/sweep integer values = lower + floor(u*n)")
    phi = lambda z: 0.5 * math.erfc(-z / math.sqrt(2))  # noqa: E731
    a, b = phi((-0.06 + 0.02) / 0.01), phi((0.0 + 0.02) / 0.01)
    check(all(abs(phi((x + 0.02) / 0.01) - (a + u * (b - a))) < 1e-12
              for x, u in zip(late, unit[:, 1])), "/sweep truncated-normal values: Phi matches")
    for k in range(5):
        with h5py.File(ref.replace(".h5", f".p{k:03d}.h5"), "r") as p:
            if "[design]" not in p["provenance"].attrs["design"]:
                failures.append(f"point {k} lacks /provenance@design")

# ---- a partial merge keeps the rows of the points it has ----------------------------------------
parts = sharded + ".parts"
partial_parts = os.path.join(work, "partial_parts")
shutil.copytree(parts, partial_parts)
for name in os.listdir(partial_parts):
    if name.startswith("p001-"):  # point 1's parts (pNNN-rNNNNN.h5)
        os.remove(os.path.join(partial_parts, name))
removed = len(os.listdir(parts)) - len(os.listdir(partial_parts))
partial = os.path.join(work, "partial", "d.h5")
os.makedirs(os.path.dirname(partial))
r = run(quasim, "merge", partial_parts, "-o", partial, "--allow-partial", check=False)
if removed == 0:
    failures.append(f"could not find point 1's parts to remove among {sorted(os.listdir(parts))[:4]}")
elif r.returncode != 0:
    failures.append(f"partial merge failed: {r.stderr}")
else:
    with h5py.File(partial, "r") as f, h5py.File(ref, "r") as g:
        pts = list(f["sweep/point"][...])
        check(pts == [0, 2, 3, 4] and f["design/unit"].shape == (4, 3) and
              (f["design/unit"][...] == g["design/unit"][...][pts]).all() and
              f["design"].attrs["points"] == 5, "partial merge: /design/unit rows of the points present")

# ---- Saltelli: N(d+2) points in [A; B; E_1; E_2] ------------------------------------------------
sal = write("saltelli.toml", SALTELLI)
sidx = os.path.join(work, "saltelli", "s.h5")
run(quasim, "batch", sal, "-o", sidx, "--threads", 2, "-q")
with h5py.File(sidx, "r") as f:
    d = f["design"]
    u = d["unit"][...]
    n = 8
    check(d.attrs["method"] == "saltelli" and d.attrs["base_points"] == 8 and
          d.attrs["points"] == 32 and u.shape == (32, 2) and f["sweep/point"].shape == (32,),
          "saltelli: 8 x (2 + 2) = 32 points, /design/unit [32, 2]")
    A, B = u[:n], u[n:2 * n]
    ok = True
    for i in range(2):
        E = u[(2 + i) * n:(3 + i) * n]
        for c in range(2):
            ok = ok and (E[:, c] == (B[:, c] if c == i else A[:, c])).all()
    check(ok, "saltelli: E_i is A with column i from B")
    markup = f["sweep/provider.sme.markup"][...]
    check(np.allclose(markup, 0.01 * (0.2 / 0.01) ** u[:, 1], rtol=1e-14, atol=0),
          "saltelli: log-uniform values = lower * (upper/lower)^u")

# ---- a design's parameters cannot be --set; a point extracted runs the design and is found ------
r = run(quasim, "batch", lhs, "-o", os.path.join(work, "set", "d.h5"), "-q",
        "--set", "outsourcing.entry_rate=0.1", check=False)
check(r.returncode == 2 and "outsourcing.entry_rate: the scenario's [design] varies it" in r.stderr
      and not os.path.exists(os.path.join(work, "set", "d.p000.h5")),
      "--set of a design parameter: one line, exit 2, nothing written")
extracted = os.path.join(work, "extracted")
run(quasim, "info", ref.replace(".h5", ".p003.h5"), "--extract", extracted)
with open(os.path.join(extracted, "README.md")) as f:
    readme = f.read()
check("it is point 3 of an experiment design" in readme and "quasim batch" in readme
      and "Checked when extracted" in readme,
      "extract of a design point: the command runs the design and the point is found in it")

if failures:
    print("\n".join("FAIL: " + f for f in failures))
    sys.exit(1)
print("all design batch checks passed")
