#!/usr/bin/env python3
"""Batches: MPI ranks, Slurm shards + merge, kill-and-resume and reproduce all give results
identical, dataset for dataset, to one process. Usage: batch_test.py QUASIM SOURCE_DIR TMP"""
import os, shutil, signal, subprocess, sys, time
import h5py

quasim, source, tmp = sys.argv[1], sys.argv[2], sys.argv[3]
work = os.path.join(tmp, "batch")
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
scenario = os.path.join(source, "scenarios", "tiny.toml")
failures = []


def run(*args, check=True, **kw):
    r = subprocess.run([quasim, *args], capture_output=True, text=True, **kw)
    if check and r.returncode != 0:
        raise SystemExit(f"quasim {' '.join(args)} failed ({r.returncode}):\n{r.stdout}{r.stderr}")
    return r


def datasets(path):
    out = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda n, o: out.__setitem__(n, o[...].tobytes()) if isinstance(o, h5py.Dataset) and o.dtype.kind == "f" else None)
    return out


def same(name, a, b):
    da, db = datasets(a), datasets(b)
    if da.keys() != db.keys() or any(da[k] != db[k] for k in da):
        bad = [k for k in da if da.get(k) != db.get(k)]
        failures.append(f"{name}: {len(bad)} datasets differ, e.g. {bad[:3]}")
    else:
        print(f"ok: {name} ({len(da)} datasets identical)")


# The reference: one process, one thread.
ref = os.path.join(work, "ref.h5")
run("run", scenario, "-o", ref, "--replicates", "6", "--threads", "1", "-q")

# One process, batch, two threads.
one = os.path.join(work, "one.h5")
run("batch", scenario, "-o", one, "--replicates", "6", "--threads", "2", "-q")
same("batch vs run", ref, one)

# MPI: three ranks.
mpirun = shutil.which("mpirun")
if mpirun:
    mpi = os.path.join(work, "mpi.h5")
    r = subprocess.run([mpirun, "--oversubscribe", "--allow-run-as-root", "-np", "3", quasim, "batch", scenario,
                        "-o", mpi, "--replicates", "6", "--threads", "1", "-q"], capture_output=True, text=True)
    if r.returncode != 0:
        failures.append(f"mpirun failed: {r.stdout}{r.stderr}")
    else:
        same("mpirun -np 3 vs one process", ref, mpi)
else:
    failures.append("mpirun not found: scripts/test installs openmpi-bin")

# Slurm-style shards, then merge.
sharded = os.path.join(work, "sharded.h5")
for k in range(4):
    run("batch", scenario, "-o", sharded, "--replicates", "6", "--shard", f"{k}/4", "-q")
if os.path.exists(sharded):
    failures.append("a shard wrote the final file")
run("merge", sharded + ".parts", "-o", sharded)
same("4 shards + merge vs one process", ref, sharded)

# Kill and resume: a long batch is stopped once some work items are done.
long_ref = os.path.join(work, "long_ref.h5")
sets = ["--set", "run.years=15", "--set", "population.citizens=200000", "--replicates", "8"]
run("run", scenario, "-o", long_ref, "--threads", "2", "-q", *sets)
killed = os.path.join(work, "killed.h5")
proc = subprocess.Popen([quasim, "batch", scenario, "-o", killed, "--threads", "1", "-q", *sets],
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
parts = killed + ".parts"
deadline = time.time() + 120
while time.time() < deadline and not (os.path.isdir(parts) and len(os.listdir(parts)) >= 2):
    time.sleep(0.05)
proc.send_signal(signal.SIGTERM)
out, err = proc.communicate(timeout=120)
kept = len([p for p in os.listdir(parts) if p.endswith(".h5")])
if proc.returncode == 0 and kept == 8:
    print("note: the batch finished before it could be stopped")
elif proc.returncode != 130 or "run the same command again" not in err:
    failures.append(f"interrupted batch: exit {proc.returncode}, stderr {err!r}")
if os.path.exists(killed) and proc.returncode != 0:
    failures.append("an interrupted batch wrote its final file")
print(f"interrupted with {kept} of 8 work items kept")
r = run("batch", scenario, "-o", killed, "--threads", "2", *sets)
if kept < 8 and "resuming" not in r.stdout:
    failures.append(f"re-run did not resume: {r.stdout!r}")
same("killed + resumed vs uninterrupted", long_ref, killed)

# Reproduce a result file from its own provenance.
r = run("reproduce", ref, check=False)
if r.returncode != 0 or "reproduced exactly" not in r.stdout:
    failures.append(f"reproduce failed: {r.stdout}{r.stderr}")
else:
    print("ok: reproduce")

# A tampered file is reported as not reproduced.
tampered = os.path.join(work, "tampered.h5")
shutil.copy(ref, tampered)
with h5py.File(tampered, "r+") as f:
    f["series/unmet_need"][0, 0] += 0.5
r = run("reproduce", tampered, check=False)
if r.returncode == 0 or "NOT reproduced" not in r.stdout or "/series/unmet_need: its values do not match" not in r.stdout:
    failures.append(f"reproduce missed a tampered dataset: {r.stdout}")
else:
    print("ok: reproduce detects a changed dataset")

if failures:
    print("\n".join("FAIL: " + f for f in failures))
    sys.exit(1)
print("all batch checks passed")
