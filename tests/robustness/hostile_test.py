#!/usr/bin/env python3
"""The hostile-input corpus: the cases a careful and a careless user found (issue "Never silently
wrong"), each made by this script, each checked for the one right outcome. A wrong result with
exit 0 is the worst failure; then crashes, hangs, tracebacks and messages of more than one line.

Usage: hostile_test.py QUASIM SOURCE_DIR TMP   (run by ctest as robustness.hostile_test)
"""
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import time
import unittest
import zlib

import h5py
import numpy as np

QUASIM, SOURCE, TMP = sys.argv[1], sys.argv[2], sys.argv[3]
TINY = os.path.join(SOURCE, "scenarios", "tiny.toml")
SMALL = ["--set", "run.years=3"]
PANELS = ["--set", "output.provider_panel=true", "--set", "output.citizen_sample=100"]
SWEEP = ["--set", "sweep.budget.change_late=[-0.02, 0.0, 0.01]"]


def run(*args, timeout=120, limit_bytes=None, cwd=None):
    """Runs quasim; a hang fails the test (timeout) instead of blocking the suite."""
    def full_disk():
        # A file-size limit makes writes fail as on a full disk (EFBIG instead of ENOSPC).
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))
    return subprocess.run([QUASIM, *map(str, args)], capture_output=True, text=True, timeout=timeout, cwd=cwd,
                          preexec_fn=full_disk if limit_bytes else None, stdin=subprocess.DEVNULL)


def contents(path):
    """Every dataset of a result file (an index: of every point) by name: dtype, shape, values.
    Strings are compared as text; the provenance's timestamps and command lines are not data."""
    out = {}

    def visit(prefix, f):
        def one(name, obj):
            if isinstance(obj, h5py.Dataset):
                v = obj[...]
                if v.dtype.kind == "O":
                    v = np.array([x.decode() if isinstance(x, bytes) else x for x in v.ravel()])
                out[prefix + name] = (str(obj.dtype), v.shape, v.tobytes() if v.dtype.kind != "U" else "|".join(v))
        f.visititems(one)

    with h5py.File(path, "r") as f:
        if "points" in f:
            for p in sorted(f["points"].attrs.keys() if False else f["points"].keys()):
                with h5py.File(os.path.join(os.path.dirname(path), f["points"].get(p, getlink=True).filename)) as g:
                    visit(p + "/", g)
        else:
            visit("", f)
    return out


PROVIDER_COLUMNS = ["replicate", "year", "provider_id", "type", "reserves", "unit_cost", "quality", "engagement",
                    "turnover", "contracts", "alive"]
CITIZEN_COLUMNS = ["replicate", "year", "citizen", "area", "age", "outcome", "satisfaction", "trust", "needs"]


def catalogue():
    """Dataset paths of every series in catalogue order (quasim info --catalogue)."""
    out, group = [], None
    for line in subprocess.run([QUASIM, "info", "--catalogue"], capture_output=True, text=True).stdout.splitlines():
        if line.startswith("### /"):
            group = line[4:].strip()
        elif line.startswith("| `"):
            out.append(group + "/" + line.split("`")[1])
    return out


def forge(path):
    """Recomputes every checksum of a file after an edit, as quasim's writer would: what a
    nondeterministic or changed binary would produce under the same plan."""
    def crc(name, v):
        v = np.ascontiguousarray(v, dtype="<f8")
        c = zlib.crc32(name.encode())
        c = zlib.crc32(np.array(v.shape, dtype="<u8").tobytes(), c)
        return zlib.crc32(v.tobytes(), c)
    crcs = []
    with h5py.File(path, "r+") as f:
        names = catalogue()
        for panel, cols in (("providers", PROVIDER_COLUMNS), ("citizens", CITIZEN_COLUMNS)):
            if f"panels/{panel}" in f:
                names += [f"/panels/{panel}/{c}" for c in cols]
        for n in names:
            c = crc(n, f[n][...])
            f[n].attrs["checksum"] = "crc32:%08x" % c
            crcs.append(c)
        f["provenance"].attrs["content_checksum"] = "crc32:%08x" % zlib.crc32(np.array(crcs, "<u4").tobytes())


def one_line(test, r, *needles, code=None):
    """A failure: non-zero (or `code`), exactly one line on stderr, no traceback, naming things."""
    test.assertNotEqual(r.returncode, 0, r.stdout + r.stderr)
    test.assertGreater(r.returncode, 0, f"killed by signal {-r.returncode}: {r.stderr}")
    if code is not None:
        test.assertEqual(r.returncode, code, r.stderr)
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    test.assertEqual(len(lines), 1, r.stderr)
    test.assertNotIn("Traceback", r.stderr)
    for n in needles:
        test.assertIn(n, r.stderr)


class Hostile(unittest.TestCase):
    def setUp(self):
        self.dir = os.path.join(TMP, "hostile", self._testMethodName)
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.dir)

    def path(self, name):
        return os.path.join(self.dir, name)

    def clean(self, name, *extra, replicates=3):
        """A clean `run` to compare against."""
        out = self.path(name)
        r = run("run", TINY, "-o", out, "--replicates", replicates, *SMALL, *extra, "-q", "--threads", 1)
        self.assertEqual(r.returncode, 0, r.stderr)
        return out

    def assertSameResult(self, a, b):
        ca, cb = contents(a), contents(b)
        self.assertEqual(sorted(ca), sorted(cb))
        bad = [k for k in ca if ca[k] != cb[k]]
        self.assertEqual(bad, [], f"{len(bad)} datasets differ")

    def shards(self, out, *extra, replicates=3, n=2, only=None):
        """Runs shards of a batch (without merging): their parts are in OUT.parts."""
        if n == 1:  # every part: a whole batch that keeps its parts (a 0/1 shard merges)
            r = run("batch", TINY, "-o", out, "--replicates", replicates, *SMALL, *extra, "--keep-parts", "-q")
            self.assertEqual(r.returncode, 0, r.stderr)
            os.remove(out)
            for p in os.listdir(os.path.dirname(out)):
                if p.startswith(os.path.basename(out)[:-3] + ".p") and p.endswith(".h5"):
                    os.remove(os.path.join(os.path.dirname(out), p))
            return out + ".parts"
        for k in range(n) if only is None else only:
            r = run("batch", TINY, "-o", out, "--replicates", replicates, *SMALL, *extra, "--shard", f"{k}/{n}", "-q")
            self.assertEqual(r.returncode, 0, r.stderr)
        return out + ".parts"

    # ---- silent wrong output -------------------------------------------------------------------

    def test_batch_writes_what_run_writes_for_every_output_option(self):
        for name, extra in [("plain", []), ("providers", ["--set", "output.provider_panel=true"]),
                            ("citizens", ["--set", "output.citizen_sample=100"]), ("both", PANELS)]:
            with self.subTest(name):
                ref = self.clean(f"{name}-run.h5", *extra, replicates=2)
                out = self.path(f"{name}-batch.h5")
                r = run("batch", TINY, "-o", out, "--replicates", 2, *SMALL, *extra, "--threads", 2, "-q")
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertSameResult(ref, out)
                if extra:
                    with h5py.File(out) as f:
                        self.assertIn("panels", f)
                r = run("reproduce", out)
                self.assertEqual(r.returncode, 0, r.stdout)
                self.assertIn("panels included", r.stdout)

    def test_resume_with_other_parameters_or_seed_is_refused_then_redone_on_request(self):
        out = self.path("b.h5")
        self.shards(out, only=[0])  # half the parts, made with run.years=3
        for extra, needle in [(["--set", "run.years=4"], "run.years = 3 in the part, 4 in this batch"),
                              (["--set", "run.seed=7"], "run.seed = 20100401 in the part, 7 in this batch")]:
            with self.subTest(needle):
                r = run("batch", TINY, "-o", out, "--replicates", 3, "--set", "run.years=3", *extra, "-q")
                one_line(self, r, "p000-r0000", needle, "--redo-mismatched", code=2)
                self.assertFalse(os.path.exists(out))
        r = run("batch", TINY, "-o", out, "--replicates", 3, "--set", "run.years=4", "--redo-mismatched", "-q")
        self.assertEqual(r.returncode, 0, r.stderr)
        ref = self.path("ref.h5")
        self.assertEqual(run("run", TINY, "-o", ref, "--replicates", 3, "--set", "run.years=4", "-q").returncode, 0)
        self.assertSameResult(ref, out)

    def test_foreign_parts_are_refused_or_redone(self):
        ref = self.clean("ref.h5")
        # A part from another seed, a part whose name says replicate 0 but holds replicate 1.
        out = self.path("b.h5")
        parts = self.shards(out, n=1, only=[0])  # every part, no merge (one shard of one)
        other = self.path("other.h5")
        other_parts = self.shards(other, "--set", "run.seed=99", n=1, only=[0])
        shutil.copy(os.path.join(other_parts, "p000-r00002.h5"), os.path.join(parts, "p000-r00002.h5"))
        r = run("batch", TINY, "-o", out, "--replicates", 3, *SMALL, "-q")
        one_line(self, r, "p000-r00002.h5", "run.seed = 99 in the part", code=2)
        os.remove(os.path.join(parts, "p000-r00002.h5"))
        shutil.copy(os.path.join(parts, "p000-r00001.h5"), os.path.join(parts, "p000-r00000.h5"))
        r = run("batch", TINY, "-o", out, "--replicates", 3, *SMALL, "-q")
        one_line(self, r, "p000-r00000.h5", "holds point 0 replicate 1, its name says point 0 replicate 0", code=2)
        # Torn, NaN-poisoned or reshaped parts cannot be verified: they are redone, and said so.
        os.remove(os.path.join(parts, "p000-r00000.h5"))
        r = run("batch", TINY, "-o", out, "--replicates", 3, *SMALL, "--keep-parts", "-q")
        self.assertEqual(r.returncode, 0, r.stderr)
        with h5py.File(os.path.join(parts, "p000-r00001.h5"), "r+") as f:
            f["series/unmet_need"][0, 1] = np.nan
        with h5py.File(os.path.join(parts, "p000-r00002.h5"), "a") as f:
            del f["series/outcome_mean"]
            f["series/outcome_mean"] = 0.5  # shape ()
        r = run("batch", TINY, "-o", out, "--replicates", 3, *SMALL, "-q")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("redoing", r.stderr)
        self.assertIn("p000-r00001.h5: /series/unmet_need: its values do not match its checksum", r.stderr)
        self.assertIn("/series/outcome_mean: has shape ()", r.stderr)
        self.assertSameResult(ref, out)

    def test_full_disk_during_a_parallel_batch_leaves_only_sound_parts(self):
        ref = self.clean("ref.h5", replicates=6)
        out = self.path("b.h5")
        for limit in (30000, 60000, 90000):
            r = run("batch", TINY, "-o", out, "--replicates", 6, *SMALL, "--threads", 2, "-q", limit_bytes=limit)
            one_line(self, r, "File too large", "finished work items are kept", code=1)
            for part in os.listdir(out + ".parts"):
                if part.endswith(".h5"):
                    i = run("info", os.path.join(out + ".parts", part))
                    self.assertEqual(i.returncode, 0, f"{part} was renamed into place but is broken: {i.stderr}")
            self.assertEqual([p for p in os.listdir(out + ".parts") if ".tmp-" in p], [])
        r = run("batch", TINY, "-o", out, "--replicates", 6, *SMALL, "--threads", 2, "-q")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertSameResult(ref, out)

    def test_full_disk_is_one_line_and_no_crash_for_run_and_merge(self):
        r = run("run", TINY, "-o", self.path("r.h5"), *SMALL, "-q", limit_bytes=20000)
        one_line(self, r, "r.h5", "File too large", code=1)
        self.assertFalse(os.path.exists(self.path("r.h5")))
        parts = self.shards(self.path("b.h5"), n=1, only=[0])
        r = run("merge", parts, "-o", self.path("m.h5"), limit_bytes=20000)
        one_line(self, r, "m.h5", "File too large", code=1)
        self.assertFalse(os.path.exists(self.path("m.h5")))

    def test_merge_refuses_damaged_duplicate_mixed_or_incomplete_parts(self):
        out = self.path("b.h5")
        parts = self.shards(out, *SWEEP, n=1, only=[0])  # 3 points x 3 replicates
        m = self.path("m.h5")
        # a wrong-shaped dataset in one part
        bad = self.path("bad")
        shutil.copytree(parts, bad)
        with h5py.File(os.path.join(bad, "p001-r00001.h5"), "a") as f:
            del f["by_domain/spending"]
            f["by_domain/spending"] = np.zeros((1, 2))
        one_line(self, run("merge", bad, "-o", m), "p001-r00001.h5", "/by_domain/spending: has shape (1, 2)")
        self.assertFalse(os.path.exists(m))
        # parts of one point whose axes differ (a difficulty group renamed in one)
        renamed = self.path("renamed")
        shutil.copytree(parts, renamed)
        with h5py.File(os.path.join(renamed, "p000-r00001.h5"), "a") as f:
            names = [n.decode() for n in f["difficulty_group"][:]]
            del f["difficulty_group"]
            f["difficulty_group"] = np.array([n.encode() for n in names[:-1]] + [b"other"],
                                             dtype=h5py.string_dtype())
        one_line(self, run("merge", renamed, "-o", m), "p000-r00001.h5",
                 f"its /difficulty_group axis [{', '.join(names[:-1] + ['other'])}] differs from "
                 f"{os.path.join(renamed, 'p000-r00000.h5')}'s [{', '.join(names)}]; merge joins "
                 "parts with the same axes")
        self.assertFalse(os.path.exists(m))
        # duplicates: agreeing ones are fine, disagreeing ones are refused
        dup = self.path("dup")
        os.makedirs(dup)
        shutil.copy(os.path.join(parts, "p000-r00000.h5"), os.path.join(dup, "copy-of-p000-r00000.h5"))
        r = run("merge", parts, dup, "-o", m)
        self.assertEqual(r.returncode, 0, r.stderr)
        os.remove(m)
        for p in os.listdir(self.dir):
            if p.startswith("m.p"):
                os.remove(self.path(p))
        with h5py.File(os.path.join(dup, "copy-of-p000-r00000.h5"), "r+") as f:
            f["series/unmet_need"][0, 0] += 0.01
        forge(os.path.join(dup, "copy-of-p000-r00000.h5"))
        one_line(self, run("merge", parts, dup, "-o", m), "both hold point 0 replicate 0 but their numbers differ")
        self.assertFalse(os.path.exists(m))
        other = self.shards(self.path("o.h5"), *SWEEP, "--set", "run.seed=5", n=1, only=[0])
        one_line(self, run("merge", parts, os.path.join(other, "p000-r00000.h5"), "-o", m),
                 "from another batch", "seed 5")
        # missing replicates and points: refused, or written marked partial with numbering kept
        os.remove(os.path.join(parts, "p000-r00002.h5"))
        for r_ in range(3):
            os.remove(os.path.join(parts, f"p001-r0000{r_}.h5"))
        one_line(self, run("merge", parts, "-o", m), "point 0: replicate 2", "point 1: all 3 replicates",
                 "--allow-partial")
        self.assertFalse(os.path.exists(m))
        r = run("merge", parts, "-o", m, "--allow-partial")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("PARTIAL", r.stdout)
        self.assertTrue(os.path.exists(self.path("m.p000.h5")))
        self.assertFalse(os.path.exists(self.path("m.p001.h5")))
        self.assertTrue(os.path.exists(self.path("m.p002.h5")))
        with h5py.File(m) as f:
            self.assertEqual(int(f["provenance"].attrs["partial"]), 1)
            self.assertEqual(sorted(f["points"].keys()), ["p000", "p002"])
        with h5py.File(self.path("m.p000.h5")) as f:
            self.assertEqual(int(f["provenance"].attrs["partial"]), 1)
            self.assertEqual(list(f["replicate"][...]), [0, 1])
        i = run("info", m)
        self.assertEqual(i.returncode, 0, i.stderr)
        self.assertIn("PARTIAL", i.stdout)

    def test_forged_checksums_are_what_the_checks_rest_on(self):
        # The forge() helper must reproduce quasim's checksums exactly, or the duplicate test
        # above proves nothing: an untouched part forged again must still verify.
        parts = self.shards(self.path("b.h5"), *PANELS, n=1, only=[0])
        part = os.path.join(parts, "p000-r00001.h5")
        with h5py.File(part) as f:
            before = f["provenance"].attrs["content_checksum"]
        forge(part)
        with h5py.File(part) as f:
            self.assertEqual(f["provenance"].attrs["content_checksum"], before)
        self.assertEqual(run("info", part).returncode, 0)

    def test_readers_name_what_is_wrong(self):
        ref = self.clean("ref.h5", *PANELS, replicates=2)
        cases = {
            "missing": (lambda f: f.__delitem__("series/unmet_need"), "/series/unmet_need: missing"),
            "shape": (lambda f: (f.__delitem__("series/unmet_need"), f.create_dataset("series/unmet_need", data=np.zeros(3))),
                      "/series/unmet_need: has shape (3,), expected (2, 3)"),
            "type": (lambda f: (f.__delitem__("series/unmet_need"), f.create_dataset("series/unmet_need", data=np.zeros((2, 3), "i4"))),
                     "/series/unmet_need: is int32, expected float64"),
            "panel": (lambda f: f["panels/citizens/trust"].__setitem__(0, 9.0), "/panels/citizens/trust: its values do not match"),
            "start_year": (lambda f: f["provenance"].attrs.__setitem__("start_year", "twenty ten"),
                           "/provenance@start_year: expected an integer"),
        }
        for name, (damage, needle) in cases.items():
            with self.subTest(name):
                p = self.path(f"{name}.h5")
                shutil.copy(ref, p)
                with h5py.File(p, "r+") as f:
                    damage(f)
                one_line(self, run("info", p), p, needle)
                if name != "start_year":
                    r = run("reproduce", p)
                    self.assertEqual(r.returncode, 1, r.stdout)
                    self.assertIn("NOT reproduced", r.stdout)
                    self.assertIn(needle.split(":")[0], r.stdout)
                    self.assertNotIn("reproduced exactly", r.stdout)
                    one_line(self, run("merge", p, "-o", self.path(f"{name}-m.h5")), p)

    def test_reproduce_says_when_the_binary_differs(self):
        ref = self.clean("ref.h5", replicates=1)
        with h5py.File(ref, "r+") as f:
            f["provenance"].attrs["git_commit"] = "0123456789ab"
        r = run("reproduce", ref)
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertIn("was made by quasim", r.stdout)
        self.assertIn("commit 0123456789ab", r.stdout)

    def test_huge_shapes_do_not_exhaust_memory(self):
        ref = self.clean("ref.h5", replicates=1)
        with h5py.File(ref, "r+") as f:
            del f["replicate"]
            f.create_dataset("replicate", shape=(10**11,), dtype="i4", chunks=(1 << 16,))
        one_line(self, run("info", ref), ref, "/replicate")

    # ---- writes that never touch what they must not --------------------------------------------

    def test_devices_fifos_and_directories_are_refused_as_outputs(self):
        fifo = self.path("fifo")
        os.mkfifo(fifo)
        parts = self.shards(self.path("b.h5"), n=1, only=[0])
        for target in ["/dev/null", "/dev/full", fifo, self.dir]:
            for cmd in (["run", TINY, *SMALL, "-q"], ["batch", TINY, *SMALL, "-q"], ["merge", parts]):
                with self.subTest(f"{cmd[0]} -o {target}"):
                    before = os.stat(target)
                    one_line(self, run(*cmd, "-o", target, timeout=30), target, "quasim writes results only to regular files")
                    after = os.stat(target)
                    self.assertEqual(stat.S_IFMT(before.st_mode), stat.S_IFMT(after.st_mode))
                    self.assertEqual(before.st_ino, after.st_ino)
        one_line(self, run("merge", parts, "-o", "/dev/zero"), "/dev/zero", "a character device")
        self.assertTrue(stat.S_ISCHR(os.stat("/dev/zero").st_mode))

    def test_scenario_name_cannot_escape_results(self):
        scen = self.path("escape.toml")
        with open(scen, "w") as f:
            f.write(f'extends = "{TINY}"\nname = "../../escaped"\n')
        work = self.path("work")
        os.makedirs(work)
        r = run("run", scen, *SMALL, "-q", cwd=work)
        self.assertEqual(r.returncode, 0, r.stderr)
        written = [os.path.relpath(os.path.join(d, f), work) for d, _, fs in os.walk(self.dir) for f in fs
                   if f.endswith(".h5")]
        self.assertEqual(written, ["results/_.._escaped.h5"])

    # ---- inputs that cannot hang or crash ------------------------------------------------------

    def test_fifos_and_devices_as_inputs_never_hang(self):
        fifo = self.path("fifo.h5")
        os.mkfifo(fifo)
        for args in (["info", fifo], ["reproduce", fifo], ["merge", fifo, "-o", self.path("m.h5")],
                     ["info", "/dev/zero"], ["merge", "/dev/zero", "-o", self.path("m.h5")]):
            with self.subTest(" ".join(args[:2])):
                one_line(self, run(*args, timeout=30), args[1], "not a regular file")
        # a FIFO where batch finds a part: not a part; the batch says so rather than hanging
        out = self.path("b.h5")
        os.makedirs(out + ".parts")
        os.mkfifo(os.path.join(out + ".parts", "p000-r00000.h5"))
        r = run("batch", TINY, "-o", out, "--replicates", 2, *SMALL, "-q", timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("not a regular file", r.stderr)

    def test_index_whose_links_loop_is_refused(self):
        out = self.path("s.h5")
        r = run("batch", TINY, "-o", out, "--replicates", 1, *SMALL, *SWEEP, "-q")
        self.assertEqual(r.returncode, 0, r.stderr)
        with h5py.File(out, "r+") as f:
            del f["points/p001"]
            f["points/p001"] = h5py.ExternalLink("s.h5", "/")
        one_line(self, run("info", out, timeout=30), "s.h5", "batch index, not a point's result")
        one_line(self, run("reproduce", out, timeout=30), "s.h5", "batch index")

    # ---- one error path ------------------------------------------------------------------------

    def test_two_batches_on_one_parts_folder(self):
        out = self.path("b.h5")
        slow = ["--set", "run.years=30", "--set", "population.citizens=500000", "--set", "population.agent_weight=1"]
        first = subprocess.Popen([QUASIM, *map(str, ["batch", TINY, "-o", out, "--replicates", 4, *slow, "-q", "--threads", 1])],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 30
        while not os.path.exists(os.path.join(out + ".parts", ".lock")) and time.time() < deadline:
            time.sleep(0.01)
        time.sleep(0.2)
        second = run("batch", TINY, "-o", out, "--replicates", 4, *slow, "-q")
        _, err = first.communicate(timeout=300)
        self.assertEqual(first.returncode, 0, err)
        one_line(self, second, "in use by another quasim batch", code=1)
        self.assertTrue(os.path.exists(out))
        self.assertFalse(os.path.exists(out + ".parts"))

    def test_interrupt_during_merge_is_honoured(self):
        many = ["--set", "sweep.budget.change_late=" + str([round(-0.05 + 0.0005 * i, 4) for i in range(200)])]
        # The signal must land while the merge runs. On a loaded machine it can land just before
        # the merge starts (the last part is in place but the batch has not begun merging: an
        # ordinary interrupt, parts kept) or after it has finished (exit 0). Either is a miss of
        # the test, not of quasim: try again in a fresh folder, a little later each time.
        for attempt in range(6):
            out = self.path(f"b{attempt}.h5")
            proc = subprocess.Popen([QUASIM, *map(str, ["batch", TINY, "-o", out, "--replicates", 1, "--set",
                                                       "run.years=1", *many, "-q", "--threads", 2])],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            parts = out + ".parts"
            deadline = time.time() + 120
            while time.time() < deadline and proc.poll() is None:
                if os.path.isdir(parts) and sum(p.endswith(".h5") for p in os.listdir(parts)) == 200:
                    break
                time.sleep(0.002)
            time.sleep(0.005 * attempt)
            proc.send_signal(signal.SIGINT)
            _, err = proc.communicate(timeout=120)
            if proc.returncode == 0 and "interrupted" not in err:
                continue  # the merge won the race
            if proc.returncode == 130 and "interrupted while merging" not in err:
                continue  # the signal came before the merge began
            break
        self.assertEqual(proc.returncode, 130, err)
        self.assertIn("interrupted while merging", err)
        self.assertTrue(os.path.isdir(parts))
        r = run("batch", TINY, "-o", out, "--replicates", 1, "--set", "run.years=1", *many)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("resuming: 200 of 200", r.stdout)

if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
