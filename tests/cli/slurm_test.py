#!/usr/bin/env python3
"""`quasim slurm` without a cluster: the memory each task asks for (against the memory model,
computed here), the CPU checks, bad options, folders made, and the two scripts run by bash
with a hostile results path (shards, merge, a missing shard named with a rerun line that
works, --resubmit-missing and --submit through a fake sbatch that records its arguments).
The real Slurm run is scripts/test-slurm (ctest -L slurm).
Usage: slurm_test.py QUASIM SOURCE_DIR TMP"""
import math, os, shutil, signal, subprocess, sys, time
import h5py

quasim, source, tmp = sys.argv[1], sys.argv[2], sys.argv[3]
work = os.path.abspath(os.path.join(tmp, "slurm"))
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
tiny = os.path.join(source, "scenarios", "tiny.toml")
failures = []


def check(ok, what):
    if ok:
        print("ok:", what)
    else:
        failures.append(what)


def run(*args, env=None):
    return subprocess.run([quasim, *args], capture_output=True, text=True, env=env)


def sbatch_line(script, option):
    lines = [l for l in open(script).read().splitlines() if l.startswith(f"#SBATCH --{option}")]
    return lines[0].split("=", 1)[1] if lines else None


# A fake Slurm: sbatch records its arguments (NUL-separated, one file per call) and prints a
# job id; sinfo says the nodes have 2 CPUs.
bin_dir = os.path.join(work, "fakebin")
os.makedirs(bin_dir)
calls = os.path.join(work, "sbatch-calls")
os.makedirs(calls)
with open(os.path.join(bin_dir, "sbatch"), "w") as f:
    f.write(f"""#!/bin/bash
n=$(ls {calls} | wc -l); id=$((500 + n))
printf '%s\\0' "$@" > {calls}/$n
if [ "$1" = --parsable ]; then echo "$id"; else echo "Submitted batch job $id"; fi
""")
with open(os.path.join(bin_dir, "sinfo"), "w") as f:
    f.write("#!/bin/bash\necho 2\n")
for name in ("sbatch", "sinfo"):
    os.chmod(os.path.join(bin_dir, name), 0o755)
fake_env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ["PATH"])


def sbatch_calls():
    out = []
    for name in sorted(os.listdir(calls), key=int):
        out.append(open(os.path.join(calls, name), "rb").read().decode().split("\0")[:-1])
    return out


# --- memory from the model: citizens x 16 bytes x replicates side by side + 100 MB, x 1.5 -----
big = ["--set", "population.citizens=40_000_000", "--set", "population.agent_weight=1"]


def expected_mem(agents, side_by_side):
    mib = math.ceil(1.5 * (agents * 16 * side_by_side + 100e6) / 2**20)
    return f"{mib // 1024}G" if mib % 1024 == 0 else f"{mib}M"


for cpus, shards, side in ((1, 2, 1), (4, 2, 1), (4, 1, 2)):  # tiny: 2 work items
    out = os.path.join(work, f"mem{cpus}{shards}", "m.h5")
    r = run("slurm", tiny, "-o", out, "--shards", str(shards), "--cpus", str(cpus), *big)
    got = sbatch_line(out + ".slurm/array.sbatch", "mem") if r.returncode == 0 else r.stderr
    check(got == expected_mem(40_000_000, side),
          f"--cpus {cpus} --shards {shards}: --mem={got}, model says {expected_mem(40e6, side)}")
r = run("slurm", tiny, "-o", os.path.join(work, "memset", "m.h5"), "--mem", "3G")
check(r.returncode == 0 and sbatch_line(os.path.join(work, "memset", "m.h5.slurm", "array.sbatch"),
                                        "mem") == "3G", "--mem 3G overrides the model")
# The merge job holds one point's results: replicates x years x (16 kB + 0.5 kB per commissioner).
out = os.path.join(work, "mergemem", "m.h5")
r = run("slurm", tiny, "-o", out, "--replicates", "2000", "--set", "run.years=30")
merge_mem = sbatch_line(out + ".slurm/merge.sbatch", "mem") if r.returncode == 0 else r.stderr
want = f"{math.ceil(1.5 * (2000 * 30 * (16e3 + 0.5e3 * 3) + 100e6) / 2**20)}M"
check(merge_mem == want, f"merge job memory {merge_mem}, model says {want}")
r = run("slurm", tiny, "-o", out, "--merge-mem", "5G")
check(sbatch_line(out + ".slurm/merge.sbatch", "mem") == "5G", "--merge-mem 5G overrides the model")

# --- CPUs: more than a task has work items, more than a node has (fake sinfo: 2) --------------
r = run("slurm", tiny, "-o", os.path.join(work, "cpu", "c.h5"), "--shards", "2", "--cpus", "8",
        env=fake_env)
check(r.returncode == 0 and "warning: --cpus 8: each task has at most 1 work item" in r.stderr,
      f"warns when a task has fewer work items than CPUs: {r.stderr!r}")
check("warning: --cpus 8 is more than the 2 CPUs of the largest node" in r.stderr,
      f"warns when no node has the CPUs (sinfo): {r.stderr!r}")
check(sbatch_line(os.path.join(work, "cpu", "c.h5.slurm", "array.sbatch"), "cpus-per-task") == "8",
      "--cpus-per-task is what was asked")
r = run("slurm", tiny, "-o", os.path.join(work, "cpu2", "c.h5"), "--shards", "1", "--cpus", "2",
        env=fake_env)
check(r.returncode == 0 and "warning" not in r.stderr, f"no warning when it fits: {r.stderr!r}")

# --- bad options: one line, exit 2, nothing written ----------------------------------------
for args, needle in ((["--mem", "lots"], "error: --mem lots"),
                     (["--time", "four hours"], "error: --time four hours"),
                     (["--signal", "TERM"], "error: --signal TERM"),
                     (["--cpus", "0"], "--cpus"),
                     (["--shards", "x"], "--shards"),
                     (["--set", "run.yeers=3"], "run.yeers")):
    out = os.path.join(work, "bad", "b.h5")
    r = run("slurm", tiny, "-o", out, *args)
    lines = r.stderr.strip().splitlines()
    check(r.returncode == 2 and len(lines) == 1 and lines[0].startswith("error:") and needle in lines[0]
          and not os.path.exists(os.path.join(work, "bad")),
          f"{args}: exit {r.returncode}, {r.stderr!r}")

# --- old option names still work; the scripts and folders are made ---------------------------
hostile = os.path.join(work, "res ult's \"q\" $x")
out = os.path.join(hostile, "deep", "t.h5")
r = run("slurm", tiny, "-o", out, "--shards", "2", "--cpus", "1", "--time", "00:30:00",
        "--replicates", "2", "--set", "run.years=3", "--partition", "short", "--qos", "low")
check(r.returncode == 0, f"quasim slurm with the old options: {r.stderr}")
array, merge = out + ".slurm/array.sbatch", out + ".slurm/merge.sbatch"
check(os.path.isdir(os.path.join(hostile, "deep")) and os.path.isdir(out + ".slurm/logs"),
      "the results and log folders exist before any job starts")
check(os.access(array, os.X_OK) and os.access(merge, os.X_OK), "both scripts are written")
text = open(array).read()
for needle in ("#SBATCH --array=0-1", "#SBATCH --time=00:30:00", "#SBATCH --partition=\"short\"",
               "#SBATCH --qos=\"low\"", "#SBATCH --signal=B:TERM@120", "#SBATCH --requeue",
               "--set run.replicates=2", "--set run.years=3"):
    check(needle in text, f"array script has {needle!r}")
check("--account" not in text and "--quiet" not in text, "no --account unless given, no --quiet")
check("--dependency=afterany:" in r.stdout, f"prints how to submit: {r.stdout}")

# The scripts under bash, as Slurm would run them (no Slurm: the environment it sets).
def slurm_env(task):
    return dict(fake_env, SLURM_ARRAY_TASK_ID=str(task), SLURM_CPUS_PER_TASK="1",
                SLURM_ARRAY_JOB_ID="77", QUASIM_ARRAY_JOB="77")


r = subprocess.run(["bash", array], capture_output=True, text=True, env=slurm_env(0))
check(r.returncode == 0, f"shard 0 runs: {r.stdout}{r.stderr}")
r = subprocess.run(["bash", merge], capture_output=True, text=True, env=slurm_env(0))
check(r.returncode == 1 and "error: shards 1 of array job 77 did not finish" in r.stderr
      and not os.path.exists(out), f"the merge names the missing shard: {r.stderr}")
rerun = [l.strip() for l in r.stderr.splitlines() if l.startswith("  jid=$(sbatch --parsable --array=1 ")]
check(len(rerun) == 1, f"one rerun line: {r.stderr}")
if rerun:
    shutil.rmtree(calls)
    os.makedirs(calls)
    r = subprocess.run(["bash", "-c", rerun[0]], capture_output=True, text=True, env=fake_env)
    c = sbatch_calls()
    check(r.returncode == 0 and c == [["--parsable", "--array=1", array],
                                      ["--dependency=afterany:500", "--export=ALL,QUASIM_ARRAY_JOB=500", merge]],
          f"the rerun line submits shard 1 and a merge after it: {c} {r.stderr}")
r = subprocess.run([quasim, "slurm", tiny, "-o", out, "--shards", "2", "--replicates", "2",
                    "--set", "run.years=3", "--missing-shards"], capture_output=True, text=True)
check(r.stdout == "1\n", f"--missing-shards says 1: {r.stdout!r} {r.stderr!r}")

# --resubmit-missing: the merge job resubmits shard 1 once, with a merge after it.
r = run("slurm", tiny, "-o", out, "--shards", "2", "--cpus", "1", "--time", "00:30:00",
        "--replicates", "2", "--set", "run.years=3", "--resubmit-missing")
shutil.rmtree(calls)
os.makedirs(calls)
r = subprocess.run(["bash", merge], capture_output=True, text=True, env=slurm_env(0))
c = sbatch_calls()
check(r.returncode == 0 and "resubmitted shards 1 as array job 500; merge job 501" in r.stderr
      and c == [["--parsable", "--array=1", array],
                ["--parsable", "--dependency=afterany:500",
                 "--export=ALL,QUASIM_ARRAY_JOB=500,QUASIM_RESUBMITTED=1", merge]],
      f"--resubmit-missing resubmits once: {c} {r.stderr}")
shutil.rmtree(calls)
os.makedirs(calls)
r = subprocess.run(["bash", merge], capture_output=True, text=True,
                   env=dict(slurm_env(0), QUASIM_RESUBMITTED="1"))
check(r.returncode == 1 and sbatch_calls() == [], "the resubmitted merge does not resubmit again")

# Shard 1, then the merge: the result equals a local batch.
r = subprocess.run(["bash", array], capture_output=True, text=True, env=slurm_env(1))
check(r.returncode == 0, f"shard 1 runs: {r.stderr}")
r = subprocess.run(["bash", merge], capture_output=True, text=True, env=slurm_env(0))
check(r.returncode == 0 and os.path.exists(out), f"the merge job merges: {r.stdout}{r.stderr}")
local = os.path.join(work, "local.h5")
subprocess.run([quasim, "batch", tiny, "-o", local, "--replicates", "2", "--set", "run.years=3",
                "-q"], check=True)



def datasets(path):
    d = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda n, o: d.__setitem__(n, o[...].tobytes())
                     if isinstance(o, h5py.Dataset) and o.dtype.kind == "f" else None)
    return d


if os.path.exists(out):
    check(datasets(out) == datasets(local), "merged shards equal a local batch bit for bit")

# SIGTERM to the script alone (what --signal=B:TERM@120 does before the time limit): the script
# passes it on, quasim stops cleanly (exit 130, "interrupted", parts kept) and so does the task.
slow = os.path.join(work, "slow", "s.h5")
run("slurm", tiny, "-o", slow, "--shards", "1", "--cpus", "1", "--replicates", "1",
    "--set", "run.years=15", "--set", "population.citizens=10_000_000")
proc = subprocess.Popen(["bash", slow + ".slurm/array.sbatch"], stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE, text=True, env=slurm_env(0))
deadline = time.time() + 60
while time.time() < deadline and not os.path.exists(slow + ".parts/.lock"):
    time.sleep(0.05)
time.sleep(0.5)  # the batch is computing its one work item
proc.send_signal(signal.SIGTERM)  # the shell only, not its child
so, se = proc.communicate(timeout=120)
check(proc.returncode == 130 and "interrupted: finished work items are kept" in se,
      f"SIGTERM to the script stops quasim cleanly: exit {proc.returncode}, {se!r}")

# --submit: both jobs, the merge after the array (afterany), the ids printed.
shutil.rmtree(calls)
os.makedirs(calls)
r = run("slurm", tiny, "-o", out, "--shards", "2", "--cpus", "1", "--submit", env=fake_env)
c = sbatch_calls()
check(r.returncode == 0 and "array job: 500" in r.stdout and "merge job: 501" in r.stdout
      and c == [["--parsable", array],
                ["--parsable", "--dependency=afterany:500", "--export=ALL,QUASIM_ARRAY_JOB=500", merge]],
      f"--submit: {c} {r.stdout}{r.stderr}")

if failures:
    print("\n".join("FAIL: " + f for f in failures))
    sys.exit(1)
print("all slurm script checks passed")
