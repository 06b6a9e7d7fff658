#!/usr/bin/env python3
"""Progress a machine can read (--progress jsonl, automatic when stderr is a pipe), what --quiet
keeps, `quasim status` on complete, missing, failed and running parts folders, batch's --years
and --seed, and one point label format whichever way a batch ran.
Usage: progress_test.py QUASIM SOURCE_DIR TMP"""
import json, os, resource, shutil, signal, subprocess, sys, unittest
import h5py

QUASIM, SOURCE, TMP = sys.argv[1], sys.argv[2], sys.argv[3]
TINY = os.path.abspath(os.path.join(SOURCE, "scenarios", "tiny.toml"))
SMALL = ["--set", "run.years=2", "--set", "population.citizens=4000"]
SWEEP = ["--set", "sweep.budget.change_late=[-0.02, 0.0]"]


def run(*args, **kw):
    return subprocess.run([QUASIM, *map(str, args)], capture_output=True, text=True, timeout=300, **kw)


def events(stderr):
    """Every JSON event on stderr (each must parse); other lines are messages for people."""
    out = []
    for line in stderr.splitlines():
        if line.startswith("{"):
            out.append(json.loads(line))
    return out


def numbers(path):
    """Every float dataset of a result file (and of the point files an index links to)."""
    out = {}
    with h5py.File(path, "r") as f:
        def visit(name, o):
            if isinstance(o, h5py.Dataset) and o.dtype.kind == "f":
                out[name] = o[...].tobytes()
        f.visititems(visit)
    return out


class Base(unittest.TestCase):
    def setUp(self):
        self.dir = os.path.join(TMP, "progress", self._testMethodName)
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.dir)

    def path(self, name):
        return os.path.join(self.dir, name)

    def ok(self, r):
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        return r


class Progress(Base):
    def test_jsonl_one_event_per_item_and_per_phase(self):
        out = self.path("b.h5")
        r = self.ok(run("batch", TINY, "-o", out, "--replicates", 3, *SMALL, *SWEEP, "--threads", 2,
                        "--progress", "jsonl"))
        ev = events(r.stderr)
        items = [e for e in ev if e["event"] == "item"]
        phases = [e["phase"] for e in ev if e["event"] == "phase"]
        self.assertEqual(len(items), 6)  # 2 points x 3 replicates
        self.assertEqual(sorted((e["point"], e["replicate"]) for e in items),
                         [(p, q) for p in range(2) for q in range(3)])
        self.assertEqual(sorted(e["item"] for e in items), list(range(6)))
        for e in items:
            self.assertEqual(e["item"], e["point"] * 3 + e["replicate"])
            self.assertEqual(e["total"], 6)
            self.assertGreaterEqual(e["remaining_s"], 0)
            self.assertGreaterEqual(e["elapsed_s"], 0)
        self.assertEqual([e["done"] for e in items], list(range(1, 7)))
        self.assertEqual(items[-1]["remaining_s"], 0)
        self.assertEqual(phases, ["start", "merge", "written"])
        start = ev[0]
        self.assertEqual((start["total"], start["resumed"], start["points"], start["replicates"]), (6, 0, 2, 3))
        self.assertEqual(ev[-1]["output"], out)
        self.assertEqual([l for l in r.stderr.splitlines() if not l.startswith("{")], [])

    def test_jsonl_automatically_when_stderr_is_a_pipe_and_quiet_keeps_the_log_lines(self):
        out = self.path("b.h5")
        r = self.ok(run("batch", TINY, "-o", out, "--replicates", 2, *SMALL, "--keep-parts"))
        self.assertEqual(len([e for e in events(r.stderr) if e["event"] == "item"]), 2)
        self.assertIn("wrote " + out, r.stdout)
        r = self.ok(run("run", TINY, "-o", self.path("r.h5"), "--replicates", 2, *SMALL))
        self.assertEqual(len([e for e in events(r.stderr) if e["event"] == "item"]), 2)
        # --quiet: no progress, no summary; the lines a job log needs stay, on stdout.
        os.remove(os.path.join(out + ".parts", "p000-r00001.h5"))
        r = self.ok(run("batch", TINY, "-o", out, "--replicates", 2, *SMALL, "-q"))
        self.assertEqual(r.stderr, "")
        self.assertEqual(r.stdout.splitlines(),
                         [f"resuming: 1 of 2 work items already done and verified in {out}.parts",
                          f"wrote {out} (1 point x 2 replicates)"])
        r = self.ok(run("run", TINY, "-o", self.path("r.h5"), "--replicates", 2, *SMALL, "-q"))
        self.assertEqual(r.stderr, "")
        self.assertEqual(r.stdout, f"wrote {self.path('r.h5')} (2 of 2 replicates)\n")
        # An explicit --progress wins over --quiet; none silences the events.
        r = self.ok(run("run", TINY, "-o", self.path("r.h5"), "--replicates", 2, *SMALL, "-q", "--progress", "jsonl"))
        self.assertEqual(len([e for e in events(r.stderr) if e["event"] == "item"]), 2)
        r = self.ok(run("run", TINY, "-o", self.path("r.h5"), "--replicates", 2, *SMALL, "--progress", "none"))
        self.assertEqual(r.stderr, "")

    def test_resume_reports_the_resumed_count(self):
        out = self.path("b.h5")
        self.ok(run("batch", TINY, "-o", out, "--replicates", 4, *SMALL, "--keep-parts", "-q"))
        for rep in (1, 3):
            os.remove(os.path.join(out + ".parts", f"p000-r{rep:05d}.h5"))
        r = self.ok(run("batch", TINY, "-o", out, "--replicates", 4, *SMALL, "--progress", "jsonl"))
        ev = events(r.stderr)
        self.assertEqual((ev[0]["phase"], ev[0]["total"], ev[0]["resumed"]), ("start", 4, 2))
        items = [e for e in ev if e["event"] == "item"]
        self.assertEqual(sorted(e["replicate"] for e in items), [1, 3])
        self.assertEqual([e["done"] for e in items], [3, 4])
        self.assertIn("resuming: 2 of 4", r.stdout)

    def test_mpi_ranks_each_report_their_share(self):
        mpirun = shutil.which("mpirun")
        if not mpirun:
            self.skipTest("mpirun not found: scripts/test installs openmpi-bin")
        r = subprocess.run([mpirun, "--oversubscribe", "--allow-run-as-root", "-np", "2", QUASIM, "batch", TINY,
                            "-o", self.path("m.h5"), "--replicates", "5", *SMALL, "--progress", "jsonl"],
                           capture_output=True, text=True, timeout=300)
        self.ok(r)
        items = [e for e in events(r.stderr) if e["event"] == "item"]
        self.assertEqual(sorted(e["replicate"] for e in items), list(range(5)))
        for rank, share in ((0, [0, 2, 4]), (1, [1, 3])):  # round robin
            mine = [e for e in items if e["rank"] == rank]
            self.assertEqual(sorted(e["replicate"] for e in mine), share)
            self.assertEqual({e["total"] for e in mine}, {len(share)})
        self.assertEqual(r.stdout.count("wrote "), 1)

    def test_run_events_cover_every_point(self):
        r = self.ok(run("run", TINY, "-o", self.path("r.h5"), "--replicates", 2, *SMALL, *SWEEP, "--progress", "jsonl"))
        ev = events(r.stderr)
        items = [e for e in ev if e["event"] == "item"]
        self.assertEqual(sorted((e["item"], e["point"], e["replicate"]) for e in items),
                         [(0, 0, 0), (1, 0, 1), (2, 1, 0), (3, 1, 1)])
        self.assertEqual([e["done"] for e in items], [1, 2, 3, 4])
        self.assertEqual([e.get("phase") for e in ev if e["event"] == "phase"], ["start", "written", "written"])

    def test_failed_and_interrupted_batches_say_why_in_an_event(self):
        def full_disk():  # writes fail as on a full disk (EFBIG)
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (30000, 30000))
        out = self.path("b.h5")
        r = subprocess.run([QUASIM, "batch", TINY, "-o", out, "--replicates", "2", *SMALL, "--progress", "jsonl"],
                           capture_output=True, text=True, timeout=300, preexec_fn=full_disk)
        self.assertEqual(r.returncode, 1, r.stderr)
        failed = [e for e in events(r.stderr) if e.get("phase") == "failed"]
        self.assertEqual(len(failed), 1, r.stderr)
        self.assertIn("File too large", failed[0]["reason"])
        # Interrupted: a slow batch stopped by SIGTERM once it has started.
        slow = ["--set", "run.years=30", "--set", "population.citizens=300000", "--set", "population.agent_weight=1"]
        proc = subprocess.Popen([QUASIM, "batch", TINY, "-o", self.path("i.h5"), "--replicates", "2", *slow,
                                 "--threads", "1", "--progress", "jsonl"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        first = proc.stderr.readline()  # the start event, flushed at once
        self.assertEqual(json.loads(first)["phase"], "start")
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=300)
        self.assertEqual(proc.returncode, 130, err)
        stops = [e for e in events(err) if e.get("phase") == "interrupted"]
        self.assertEqual([e["reason"] for e in stops], ["signal"], err)


class Status(Base):
    def shards(self, out, only, n=2, extra=()):
        for k in only:
            self.ok(run("batch", TINY, "-o", out, "--replicates", 3, *SMALL, *SWEEP, "--shard", f"{k}/{n}", "-q", *extra))
        return out + ".parts"

    def status(self, parts, code):
        r = run("status", parts, "--json")
        self.assertEqual(r.returncode, code, r.stdout + r.stderr)
        return json.loads(r.stdout)

    def test_complete_missing_and_finishing_with_the_printed_command(self):
        out = self.path("s.h5")
        parts = self.shards(out, [0])
        s = self.status(parts, 3)
        self.assertEqual((s["total"], s["done"], s["missing"], s["running"], s["failed"]), (6, 3, 3, 0, 0))
        self.assertEqual([sh["missing_items"] for sh in s["shards"]], [[], [1, 3, 5]])
        text = run("status", parts)
        self.assertEqual(text.returncode, 3)
        self.assertIn("shard 1/2: 0 of 3 done; missing point 0: replicate 1; point 1: replicates 0, 2", text.stdout)
        # The command it prints finishes the batch (the folder alone: no scenario needed).
        command = s["next"][0]
        self.assertIn("--shard 1/2", command)
        self.ok(subprocess.run(command, shell=True, capture_output=True, text=True, timeout=300))
        s = self.status(parts, 0)
        self.assertTrue(s["complete"])
        self.assertEqual(s["next"], [f"quasim merge {parts} -o {out}"])
        self.ok(run("merge", parts, "-o", out))
        ref = self.path("ref.h5")
        self.ok(run("batch", TINY, "-o", ref, "--replicates", 3, *SMALL, *SWEEP, "-q"))
        for k in range(2):
            self.assertEqual(numbers(self.path(f"s.p00{k}.h5")), numbers(self.path(f"ref.p00{k}.h5")))

    def test_failed_parts_and_leftover_temporary_files(self):
        parts = self.shards(self.path("s.h5"), [0, 1])
        with h5py.File(os.path.join(parts, "p001-r00002.h5"), "r+") as f:
            f["series/unmet_need"][0, 0] += 0.5
        open(os.path.join(parts, "p000-r00001.h5.tmp-999999"), "w").close()
        s = self.status(parts, 3)
        self.assertEqual((s["done"], s["failed"], s["missing"]), (5, 1, 0))
        self.assertEqual(s["shards"][1]["failed_items"], [5])
        reasons = {f["file"]: f["reason"] for f in s["failed_files"]}
        self.assertIn("its values do not match its checksum", reasons["p001-r00002.h5"])
        self.assertIn("temporary file", reasons["p000-r00001.h5.tmp-999999"])
        self.assertTrue(any(n.startswith("rm ") for n in s["next"]))
        self.assertTrue(any("--shard 1/2" in n for n in s["next"]))

    def test_running_shard_is_the_one_whose_lock_is_held(self):
        parts = self.shards(self.path("s.h5"), [0])
        holder = subprocess.Popen([sys.executable, "-c",
                                   "import fcntl, os, sys, time\n"
                                   "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)\n"
                                   "fcntl.flock(fd, fcntl.LOCK_EX)\n"
                                   "print('held', flush=True)\n"
                                   "time.sleep(60)\n",
                                   os.path.join(parts, ".lock-shard-1-of-2")], stdout=subprocess.PIPE, text=True)
        try:
            self.assertEqual(holder.stdout.readline().strip(), "held")
            s = self.status(parts, 3)
            self.assertEqual((s["running"], s["missing"]), (3, 0))
            self.assertEqual([sh["running"] for sh in s["shards"]], [False, True])
            self.assertEqual(s["shards"][1]["pid"], holder.pid)
            self.assertIn(f"wait for shard 1 (pid {holder.pid}) to finish", s["next"])
        finally:
            holder.kill()
            holder.wait()
            holder.stdout.close()
        s = self.status(parts, 3)
        self.assertEqual((s["running"], s["missing"]), (0, 3))
        # status never takes a lock a batch needs: the shard runs now.
        self.shards(self.path("s.h5"), [1])
        self.status(parts, 0)

    def test_bad_input_is_exit_2(self):
        empty = self.path("empty.parts")
        os.makedirs(empty)
        for target in (self.path("nothing"), empty, TINY):
            r = run("status", target)
            self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
            self.assertEqual(len(r.stderr.splitlines()), 1, r.stderr)
            self.assertTrue(r.stderr.startswith("error: "), r.stderr)


class BatchOptions(Base):
    def test_years_and_seed_reach_the_result_and_a_resume_with_another_seed_is_refused(self):
        out, ref = self.path("b.h5"), self.path("r.h5")
        self.ok(run("batch", TINY, "-o", out, "--replicates", 2, "--years", 3, "--seed", 7,
                    "--set", "population.citizens=4000", "--keep-parts", "-q"))
        self.ok(run("run", TINY, "-o", ref, "--replicates", 2, "--years", 3, "--seed", 7,
                    "--set", "population.citizens=4000", "-q"))
        self.assertEqual(numbers(out), numbers(ref))
        with h5py.File(out) as f:
            self.assertEqual(int(f["provenance"].attrs["seed"]), 7)
            self.assertEqual(len(f["year"]), 3)
            self.assertIn("run.seed=7", str(f["provenance"].attrs["overrides"]))
        os.remove(os.path.join(out + ".parts", "p000-r00001.h5"))
        r = run("batch", TINY, "-o", out, "--replicates", 2, "--years", 3, "--seed", 8,
                "--set", "population.citizens=4000")
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertEqual(len(r.stderr.splitlines()), 1, r.stderr)
        self.assertIn("run.seed = 7 in the part, 8 in this batch", r.stderr)
        r = run("batch", TINY, "-o", out, "--replicates", 2, "--years", 4, "--seed", 7,
                "--set", "population.citizens=4000", "-q")
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("run.years = 3 in the part, 4 in this batch", r.stderr)


class Labels(Base):
    def index(self, path):
        with h5py.File(path) as f:
            labels = {k: v for k, v in f["points"].attrs.items() if k.startswith("label_")}
            return (labels, {k: f["sweep"][k][...].tolist() for k in f["sweep"]},
                    str(f["provenance"].attrs["scenario_name"]))

    def test_batch_shards_merge_and_mpi_write_the_same_labels_and_index(self):
        # A scenario name with brackets of its own and a list value in the label: the label is
        # recovered from the point's name exactly.
        scen = self.path("named.toml")
        with open(scen, "w") as f:
            f.write(f'name = "tiny [v2]"\nextends = "{TINY}"\n\n[sweep]\n'
                    '"difficulty.share" = [[0.3, 0.5, 0.2], [0.2, 0.5, 0.3]]\n')
        one = self.path("one.h5")
        self.ok(run("batch", scen, "-o", one, "--replicates", 2, *SMALL, "-q"))
        labels, sweep, name = self.index(one)
        self.assertEqual(labels, {"label_p000": "difficulty.share=[0.3, 0.5, 0.2]",
                                  "label_p001": "difficulty.share=[0.2, 0.5, 0.3]"})
        self.assertEqual(name, "tiny [v2]")
        sharded = self.path("sharded.h5")
        for k in range(3):
            self.ok(run("batch", scen, "-o", sharded, "--replicates", 2, *SMALL, "--shard", f"{k}/3", "-q"))
        self.ok(run("merge", sharded + ".parts", "-o", sharded))
        layouts = {"3 shards + merge": sharded}
        mpirun = shutil.which("mpirun")
        if mpirun:
            mpi = self.path("mpi.h5")
            r = subprocess.run([mpirun, "--oversubscribe", "--allow-run-as-root", "-np", "2", QUASIM, "batch", scen,
                                "-o", mpi, "--replicates", "2", *SMALL, "-q"], capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stderr)
            layouts["mpirun -np 2"] = mpi
        for what, path in layouts.items():
            with self.subTest(what):
                self.assertEqual(self.index(path), (labels, sweep, name))
        with h5py.File(self.path("one.p000.h5")) as f:
            self.assertEqual(str(f["provenance"].attrs["scenario_name"]), "tiny [v2] [difficulty.share=[0.3, 0.5, 0.2]]")


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
