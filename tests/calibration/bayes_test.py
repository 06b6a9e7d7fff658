"""`quasim calibrate --method bayes` on a small scenario, through the quasim binary.

  /usr/bin/python3 tests/calibration/bayes_test.py QUASIM SCRATCH_DIR [TEST_NAME ...]

- Synthetic targets made by the model itself at known parameter values (the tiny scenario:
  20,000 persons, 5 years; two budget parameters, the initial coverage and the yearly change,
  that drive the funding gap in the first and last years and satisfaction): the posterior's 90% interval holds the known values and is clearly narrower
  than the prior range; the posterior-predictive band holds each target; every output is
  written (HDF5 with units and a description on every dataset, JSON, charts) and agrees.
- A useless emulator is refused in one line, exit 2, nothing written: a target the parameter
  cannot move at all, and a "parameter" (run.seed) that only changes the random numbers, so the
  target varies over the design as pure noise and leave-one-out Q2 is near or below zero.
- Bad input (bayes-only keys and options) is one line naming the option or key, exit 2.
"""
import json
import os
import subprocess
import sys
import time
import unittest

import h5py
import numpy as np

QUASIM = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "build/release/bin/quasim"
SCRATCH = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else "/tmp/bayes_test"
SOURCE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SCENARIO = "scenarios/tiny.toml"
SETS = ["run.years=5"]
TRUTH = {"budget.initial_coverage": 0.92, "budget.change_early": 0.01}  # off-centre
BOUNDS = {"budget.initial_coverage": (0.85, 1.15), "budget.change_early": (-0.08, 0.04)}
# (series, first year, last year): the budget's level shows in the first year, its yearly change
# in the last, so the two parameters are told apart.
TARGETS = [("funding_gap_share", 2011, 2011), ("funding_gap_share", 2014, 2014),
           ("satisfaction_mean", 2012, 2014)]
LABELS = [f"{s} {a}" if a == b else f"{s} {a}-{b}" for s, a, b in TARGETS]
YEARS = (2011, 2014)


def run(*args, timeout=300):
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=timeout,
                          cwd=SOURCE)


def calibrate(*args):
    return run(QUASIM, "calibrate", *args, "--method", "bayes", "--jobs", 1, "--threads", 1)


def synthetic_targets(folder):
    """Each series' mean over 2011-2014, median over 8 replicates, at the known values,
    computed here from the result file (not through the calibration code)."""
    out = os.path.join(folder, "truth.h5")
    sets = [f"--set={s}" for s in SETS] + [f"--set={k}={v}" for k, v in TRUTH.items()]
    r = run(QUASIM, "run", os.path.join(SOURCE, SCENARIO), "-o", out, "-q", "--replicates", 8,
            "--seed", 99, *sets)
    assert r.returncode == 0, r.stderr
    with h5py.File(out) as f:
        years = list(f["series/year"][:]) if "series/year" in f else list(f["year"][:])
        return [(s, a, b, float(np.median(np.nanmean(
            f["series"][s][:, years.index(a):years.index(b) + 1], axis=1)))) for s, a, b in TARGETS]


def fit_file(folder, name, targets, params=BOUNDS, extra=""):
    lines = [f'scenario = "{SCENARIO}"', "replicates = 4", "design_points = 16",
             "posterior_runs = 4", "seed = 5", f"set = {json.dumps(SETS)}", extra]
    for k, (lo, hi) in params.items():
        lines += ["[[parameter]]", f'name = "{k}"', f"lower = {lo}", f"upper = {hi}"]
        if isinstance(lo, int):
            lines.append("integer = true")
    for series, a, b, value in targets:
        lines += ["[[target]]", f'series = "{series}"',
                  f"year = {a}" if a == b else f"years = [{a}, {b}]",
                  f"value = {value!r}", f"sd = {max(0.01 * abs(value), 0.002)!r}"]
    path = os.path.join(folder, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return path


def one_line_error(test, r, *needles):
    test.assertEqual(r.returncode, 2, r.stdout + r.stderr)
    lines = r.stderr.strip().splitlines()
    test.assertTrue(lines and lines[-1].startswith("error: "), r.stderr)
    test.assertNotIn("Traceback", r.stderr)
    for n in needles:
        test.assertIn(n, lines[-1])


class Recovery(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = os.path.join(SCRATCH, "recovery")
        os.makedirs(cls.dir, exist_ok=True)
        cls.targets = synthetic_targets(cls.dir)
        cls.fit = fit_file(cls.dir, "fit.toml", cls.targets)
        cls.h5, cls.json = os.path.join(cls.dir, "post.h5"), os.path.join(cls.dir, "post.json")
        cls.charts, cls.variant = os.path.join(cls.dir, "charts"), os.path.join(cls.dir, "variant.toml")
        for p in (cls.h5, cls.json, cls.variant):
            if os.path.exists(p):
                os.unlink(p)
        start = time.monotonic()
        cls.r = calibrate(cls.fit, "--posterior", cls.h5, "--json", cls.json, "--charts", cls.charts,
                          "--write-variant", cls.variant)
        cls.seconds = time.monotonic() - start
        print(f"bayes calibration: {cls.seconds:.0f} s", file=sys.stderr)

    def test_known_values_lie_inside_a_narrowed_90_percent_interval(self):
        self.assertEqual(self.r.returncode, 0, self.r.stderr)
        with h5py.File(self.h5) as f:
            names = [n.decode() if isinstance(n, bytes) else n for n in f["parameter"][:]]
            samples = f["posterior/samples"][:]
            for i, name in enumerate(names):
                lo, hi = np.percentile(samples[:, i], [5, 95])
                self.assertAlmostEqual(f["posterior/p05"][i], lo)
                self.assertAlmostEqual(f["posterior/p95"][i], hi)
                with self.subTest(name):
                    self.assertTrue(lo <= TRUTH[name] <= hi, (name, lo, hi, TRUTH[name]))
                    self.assertTrue(np.all((samples[:, i] >= BOUNDS[name][0]) &
                                           (samples[:, i] <= BOUNDS[name][1])))
                    # it learned something: the interval is well inside the prior's range
                    self.assertLess(hi - lo, 0.6 * (BOUNDS[name][1] - BOUNDS[name][0]), (lo, hi))
            # Both parameters lower the funding gap, so the joint posterior leans along a ridge;
            # on a 10 x 10 grid of the box, 90% of the samples lie in under half of the cells (a
            # posterior as flat as the prior needs about 90 of them).
            # The known values lie in that narrow joint region too: their cell is among the
            # cells holding 95% of the samples.
            u = [(samples[:, i] - BOUNDS[n][0]) / (BOUNDS[n][1] - BOUNDS[n][0])
                 for i, n in enumerate(names)]
            cells, _, _ = np.histogram2d(u[0], u[1], bins=10, range=[[0, 1], [0, 1]])
            order = np.argsort(cells.ravel())[::-1]
            mass = np.cumsum(cells.ravel()[order]) / cells.sum()
            self.assertLess(np.searchsorted(mass, 0.9) + 1, 50)
            truth = [min(9, int(10 * (TRUTH[n] - BOUNDS[n][0]) / (BOUNDS[n][1] - BOUNDS[n][0])))
                     for n in names]
            region = set(order[:np.searchsorted(mass, 0.95) + 1])
            self.assertIn(truth[0] * 10 + truth[1], region, cells)

    def test_posterior_predictive_bands_hold_the_targets(self):
        self.assertEqual(self.r.returncode, 0, self.r.stderr)
        with h5py.File(self.h5) as f:
            values = f["predictive/replicate_values"][:]  # [draw, target, replicate]
            self.assertEqual(values.shape, (4, 3, 4))
            for j, (s, a, b, value) in enumerate(self.targets):
                lo, hi = np.percentile(values[:, j, :].ravel(), [5, 95])
                self.assertAlmostEqual(f["predictive/p05"][j], lo)
                with self.subTest(LABELS[j]):
                    self.assertTrue(lo <= value <= hi, (LABELS[j], lo, hi, value))
        table = self.r.stdout.split("Posterior-predictive check")[1].splitlines()
        verdicts = [line.split()[-1] for line in table if any(line.startswith(f"  {x} ") for x in LABELS)]
        self.assertEqual(verdicts, ["inside"] * 3, self.r.stdout)

    def test_emulators_pass_their_leave_one_out_check(self):
        with h5py.File(self.h5) as f:
            q2 = f["emulator/q2"][:]
            z = f["emulator/loo_standardised_error"][:]
        self.assertTrue(np.all(q2 > 0.8), q2)
        self.assertGreater(np.mean(np.abs(z) <= 2), 0.8)
        self.assertIn("Q2", self.r.stdout)

    def test_every_output_written_and_consistent(self):
        self.assertEqual(self.r.returncode, 0, self.r.stderr)
        with h5py.File(self.h5) as f:
            prov = dict(f["provenance"].attrs)
            self.assertEqual(prov["method"], "bayes")
            self.assertEqual(int(prov["seed"]), 5)
            self.assertEqual(int(prov["runs"]), 20)  # 16 design + 4 predictive
            missing = []
            f.visititems(lambda n, o: missing.append(n) if isinstance(o, h5py.Dataset) and not (
                "units" in o.attrs and "description" in o.attrs) else None)
            self.assertEqual(missing, [])
            med = f["posterior/median"][:]
            share = float(f["history_matching/non_implausible_share"][()])
        with open(self.json, encoding="utf-8") as fh:
            js = json.load(fh)
        self.assertAlmostEqual(js["posterior"]["budget.initial_coverage"]["median"], med[0])
        self.assertAlmostEqual(js["history_matching"]["non_implausible_share"], share)
        self.assertTrue(0 < share < 1)
        self.assertEqual(len(js["runs"]), 20)
        for png in ("posterior.png", "predictive.png"):
            with open(os.path.join(self.charts, png), "rb") as fh:
                self.assertEqual(fh.read(8), b"\x89PNG\r\n\x1a\n")
        with open(self.variant, encoding="utf-8") as fh:
            self.assertIn(f"initial_coverage = {med[0]:.6g}", fh.read())
        for word in ("History matching", "Posterior (", "Posterior-predictive check"):
            self.assertIn(word, self.r.stdout)

    def test_same_seed_same_posterior_on_more_jobs(self):
        again = os.path.join(self.dir, "again.h5")
        if os.path.exists(again):
            os.unlink(again)
        r = run(QUASIM, "calibrate", self.fit, "--method", "bayes", "--jobs", 2, "--posterior",
                again, "--posterior-runs", 0)
        self.assertEqual(r.returncode, 0, r.stderr)
        with h5py.File(self.h5) as a, h5py.File(again) as b:
            np.testing.assert_array_equal(a["posterior/samples"][:], b["posterior/samples"][:])
            np.testing.assert_array_equal(a["design/median"][:], b["design/median"][:])
            self.assertNotIn("predictive", b)


class SecondWave(unittest.TestCase):
    def test_a_second_wave_adds_points_inside_the_non_implausible_region(self):
        folder = os.path.join(SCRATCH, "waves")
        os.makedirs(folder, exist_ok=True)
        fit = fit_file(folder, "fit.toml", [("funding_gap_share", 2011, 2011, 0.12),
                                            ("funding_gap_share", 2014, 2014, 0.2)])
        out = os.path.join(folder, "post.h5")
        if os.path.exists(out):
            os.unlink(out)
        r = calibrate(fit, "--waves", 2, "--design-points", 10, "--posterior-runs", 0,
                      "--posterior", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("wave 1", r.stdout)
        with h5py.File(out) as f:
            wave = f["design/wave"][:]
            self.assertEqual(list(wave), [1] * 10 + [2] * 5)
            first, second = f["history_matching/wave_share"][:]
            self.assertLessEqual(second, first)
            self.assertLess(first, 0.9)  # the targets rule out part of the box
            # wave 2's points sit where wave 1's emulators found the targets plausible, a part
            # of the box that some of wave 1's points fall outside
            imp = f["design/wave1_implausibility"][:]
            self.assertTrue(np.all(imp[wave == 2] < 3), imp)
            self.assertTrue(np.any(imp[wave == 1] >= 3), imp)


class UselessEmulator(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = os.path.join(SCRATCH, "useless")
        os.makedirs(cls.dir, exist_ok=True)

    def check_refused(self, fit, *needles):
        out, js = fit[:-5] + ".h5", fit[:-5] + ".json"
        for path in (out, js):
            if os.path.exists(path):
                os.unlink(path)
        r = calibrate(fit, "--posterior", out, "--json", js, "--design-points", 8)
        one_line_error(self, r, *needles)
        self.assertIn("Q2", r.stdout)  # the leave-one-out table is printed before refusing
        self.assertFalse(os.path.exists(out))
        self.assertFalse(os.path.exists(js))
        return r

    def test_a_target_the_parameter_cannot_move(self):
        # tiny's budget switches in its last year: change_late moves nothing in 2011-2014.
        fit = fit_file(self.dir, "late.toml", [("funding_gap_share", 2011, 2014, 0.02)],
                       {"budget.change_late": (-0.2, 0.2)})
        self.check_refused(fit, "target funding_gap_share 2011-2014", "do not move it")

    def test_a_target_that_varies_only_as_noise(self):
        # run.seed changes only the random numbers: over a design the target is pure noise.
        fit = fit_file(self.dir, "seed.toml", [("unmet_need", 2011, 2014, 0.05)], {"run.seed": (1, 100000)})
        r = self.check_refused(fit, "target unmet_need 2011-2014", "leave-one-out",
                               "add design points (--design-points 16)")
        q2 = float(r.stderr.split("Q2 = ")[1].split()[0])
        self.assertLess(q2, 0.5)


class BadInput(unittest.TestCase):
    def test_one_line_naming_the_option(self):
        folder = os.path.join(SCRATCH, "bad")
        os.makedirs(folder, exist_ok=True)
        good = fit_file(folder, "good.toml", [("funding_gap_share", 2011, 2014, 0.1)])
        zero = fit_file(folder, "zero.toml", [("funding_gap_share", 2011, 2014, 0.0)])
        with open(zero, encoding="utf-8") as f:
            text = f.read().replace("sd = 0.002\n", "")
        with open(zero, "w", encoding="utf-8") as f:
            f.write(text)
        cases = [
            ([good, "--design-points", "0"], ["--design-points: expected a positive integer"]),
            ([good, "--max-runs", "10"], ["--max-runs: max_runs 10 is fewer than the design's 16"]),
            ([good, "--waves", "3"], ["--waves: waves: expected 1 or 2"]),
            ([good, "--min-q2", "1.5"], ["--min-q2: expected a number below 1"]),
            ([good, "--time-limit", "1"], ["only 0 of 16 design runs succeeded (stopped at the time limit)"]),
            ([good, "--posterior", folder], [f"--posterior {folder}: exists"]),
            ([good, "--charts", good], [f"--charts {good}: exists and is not a folder"]),
            ([zero], ["target funding_gap_share 2011-2014: a value of 0 needs sd, scale or lower/upper"]),
        ]
        for args, needles in cases:
            with self.subTest(args[1:]):
                one_line_error(self, calibrate(*args), *needles)
        r = run(QUASIM, "calibrate", good, "--method", "grid", "--charts", os.path.join(folder, "c"))
        one_line_error(self, r, "--charts: only with --method bayes")
        bad = os.path.join(folder, "typo.toml")
        with open(good, encoding="utf-8") as f, open(bad, "w", encoding="utf-8") as g:
            g.write(f.read().replace("design_points", "design_point"))
        one_line_error(self, calibrate(bad), "unknown key 'design_point' (did you mean 'design_points'?)")


if __name__ == "__main__":
    os.makedirs(SCRATCH, exist_ok=True)
    unittest.main(argv=[sys.argv[0], *sys.argv[3:]])  # optionally test names
