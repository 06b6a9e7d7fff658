#!/usr/bin/env python3
"""Interrupted and failed runs: Ctrl-C keeps every finished replicate in a valid file and says
how to go on; a result file that existed before is never left corrupted (it is either the old
file, byte for byte, or a new valid one); no *.tmp-* files are left behind.
Usage: interrupt_test.py QUASIM SOURCE_DIR TMP  (run by ctest with /usr/bin/python3, for h5py)"""
import glob
import hashlib
import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import time
import unittest

import h5py
import numpy as np

QUASIM, SOURCE, TMP = sys.argv[1:4]
WORK = os.path.join(TMP, "robustness-interrupt")
TINY = os.path.join(SOURCE, "scenarios", "tiny.toml")
# A replicate of tiny takes tens of milliseconds (seconds under the sanitizers); this one takes
# seconds even in a release build, so a signal sent at "0 done" lands before any finishes.
SLOW = ["--set", "population.citizens=1000000", "--set", "population.agent_weight=1", "--years", "200"]


def run(*args, timeout=600):
    return subprocess.run([QUASIM, *map(str, args)], capture_output=True, text=True, timeout=timeout)


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def stray_temporaries(directory):
    return glob.glob(os.path.join(directory, "*.tmp-*"))


class Progress:
    """Starts quasim with stderr on a pseudo-terminal, so that it draws its progress bar
    ("label [###...] DONE/TOTAL ..."), and lets a test wait until DONE reaches a count."""

    def __init__(self, *args):
        master, slave = pty.openpty()
        self.proc = subprocess.Popen([QUASIM, *map(str, args)], stdout=subprocess.PIPE, stderr=slave,
                                     stdin=subprocess.DEVNULL)
        os.close(slave)
        self.master = master
        self.text = ""

    def _read(self, seconds):
        """Reads what the terminal has within `seconds`; False once the child has closed it."""
        if not select.select([self.master], [], [], seconds)[0]:
            return True
        try:
            data = os.read(self.master, 65536)
        except OSError:  # EIO: every writer has gone
            return False
        self.text += data.decode(errors="replace")
        return bool(data)

    def done(self):
        """The last count the progress bar showed, or -1 before it is drawn."""
        for part in reversed(self.text.split("\r")[-3:]):
            count = part.split("]")[-1].split("/")[0].strip()
            if "/" in part and count.isdigit():
                return int(count)
        return -1

    def wait_for(self, count, timeout=300):
        deadline = time.monotonic() + timeout
        while self.done() < count:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"progress never reached {count}: {self.text[-500:]!r}")
            self._read(0.05)

    def finish(self, sig):
        """Sends `sig`; returns the exit code, stdout and everything written to the terminal."""
        self.proc.send_signal(sig)
        out, _ = self.proc.communicate(timeout=300)
        while self._read(0.1) and select.select([self.master], [], [], 0)[0]:
            pass
        os.close(self.master)
        return self.proc.returncode, out.decode(), self.text


class Interruption(unittest.TestCase):
    def setUp(self):
        self.dir = os.path.join(WORK, self.id().split(".")[-1])
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.dir)

    def old_result(self, name="old.h5"):
        """A valid result file written by an earlier, finished run."""
        path = os.path.join(self.dir, name)
        r = run("run", TINY, "-o", path, "-q")
        self.assertEqual(r.returncode, 0, r.stderr)
        return path, digest(path)

    def test_ctrl_c_keeps_finished_replicates_in_a_valid_file_and_says_how_to_go_on(self):
        out, _ = self.old_result()
        p = Progress("run", TINY, "-o", out, "--replicates", "5000", "--threads", "1")
        p.wait_for(3)
        code, stdout, stderr = p.finish(signal.SIGINT)
        self.assertEqual(code, 130, stderr)
        self.assertIn("interrupted:", stderr)
        self.assertIn(out, stderr)
        self.assertRegex(stderr, r"(run|command) again|resume", "says how to go on")
        self.assertIn("of 5000 replicates", stdout)
        with h5py.File(out, "r") as f:
            prov = f["provenance"].attrs
            completed = int(prov["replicates_completed"])
            self.assertEqual(int(prov["replicates"]), 5000)
            self.assertGreaterEqual(completed, 3)
            self.assertLess(completed, 5000)
            replicates = f["replicate"][...]
            self.assertEqual(len(replicates), completed)
            self.assertTrue(np.all(np.diff(replicates) > 0), "replicate axis sorted and unique")
            for name in ("spending_total", "unmet_need", "outcome_mean", "trust_mean"):
                series = f["series"][name][...]
                self.assertEqual(series.shape, (completed, 5), name)
                self.assertTrue(np.all(np.isfinite(series)), f"{name} has non-finite values")
        self.assertEqual(run("info", out).returncode, 0)
        self.assertEqual(stray_temporaries(self.dir), [])

    def test_sigterm_before_any_replicate_finishes_leaves_the_old_file_untouched(self):
        out, before = self.old_result()
        p = Progress("run", TINY, "-o", out, "--replicates", "2", "--threads", "1", *SLOW)
        p.wait_for(0)
        code, _, stderr = p.finish(signal.SIGTERM)
        self.assertEqual(code, 130, stderr)
        self.assertIn("interrupted before any replicate finished; nothing written", stderr)
        self.assertEqual(digest(out), before)
        self.assertEqual(stray_temporaries(self.dir), [])

    def test_killed_run_leaves_the_old_file_untouched(self):
        out, before = self.old_result()
        p = Progress("run", TINY, "-o", out, "--replicates", "2", "--threads", "1", *SLOW)
        p.wait_for(0)
        p.finish(signal.SIGKILL)
        self.assertEqual(digest(out), before)

    def test_failed_runs_leave_the_old_file_untouched(self):
        out, before = self.old_result()
        for args in (["--set", "run.years=0"], ["--set", "budget.change_early=nan"],
                     ["--set", "no_such.key=1"], ["--set", "population.citizens=1e9",
                                                  "--set", "population.agent_weight=0"]):
            r = run("run", TINY, "-o", out, "-q", *args)
            self.assertEqual(r.returncode, 2, f"{args}: {r.stderr}")
            self.assertTrue(r.stderr.startswith("error: --set: "), f"{args}: {r.stderr}")
            self.assertEqual(digest(out), before, args)
        r = run("run", os.path.join(self.dir, "missing.toml"), "-o", out, "-q")
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("missing.toml: cannot open scenario file", r.stderr)
        self.assertEqual(digest(out), before)
        self.assertEqual(stray_temporaries(self.dir), [])

    def test_unwritable_result_path_is_one_line_error(self):
        blocker = os.path.join(self.dir, "a-file")
        open(blocker, "w").close()
        r = run("run", TINY, "-o", os.path.join(blocker, "out.h5"), "-q")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("is a regular file, not a directory", r.stderr)
        self.assertEqual(r.stderr.count("\n"), 1, r.stderr)

    def test_interrupted_batch_keeps_parts_says_how_to_resume_and_leaves_old_result(self):
        out, before = self.old_result()
        p = Progress("batch", TINY, "-o", out, "--replicates", "3000", "--threads", "1")
        p.wait_for(2)
        code, _, stderr = p.finish(signal.SIGINT)
        self.assertEqual(code, 130, stderr)
        self.assertIn("run the same command again to resume", stderr)
        self.assertEqual(digest(out), before, "an interrupted batch must not touch OUT.h5")
        parts = glob.glob(os.path.join(out + ".parts", "*.h5"))
        self.assertGreaterEqual(len(parts), 2)
        for part in parts:
            with h5py.File(part, "r") as f:
                self.assertEqual(int(f["provenance"].attrs["replicates_completed"]), 1, part)
        self.assertEqual(stray_temporaries(out + ".parts"), [])


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
