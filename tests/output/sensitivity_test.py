#!/usr/bin/python3
"""`quasim sensitivity` (output/sensitivity.py) against functions whose answers are known.

Design indexes are fabricated in the layout `quasim batch` writes for a [design] (/points
external links to one result file per point, /sweep, /design; point files laid out as
make_fixture writes them) with a series whose value is a known function of the point's
parameter values, then run through the binary:

- Saltelli on the Ishigami function (a=7, b=0.1, uniform on [-pi, pi]^3) plus a parameter it
  ignores: the Sobol' indices S1=0.314, S2=0.442, S3=0, ST1=0.558, ST2=0.442, ST3=0.244 lie
  within their bootstrap intervals and within 0.1; the ignored parameter's total is near 0.
- Morris on a linear function: mu* = |coefficient| per parameter range exactly, sigma 0, the
  ranking by |coefficient|.
- LHS with noise of known variance added to each run: the noise share is the known share
  (+-0.05), the SRCs those of the linear function.
- Bad inputs: one line, exit 2, no file.
- The charts: `quasim plot` of the sensitivity file draws one chart per output, `quasim report`
  of the index or the file has the sensitivity section.

Run by ctest as: /usr/bin/python3 sensitivity_test.py QUASIM MAKE_FIXTURE TMPDIR
"""
import os
import shutil
import sys
import unittest

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from output_test_util import (QUASIM, SOURCE, assert_one_line_error,  # noqa: E402
                              batch_index, fixture, run, scratch)

SERIES = "unmet_need"   # the series the fabricated points carry the function's value in
YEARS = 3               # make_fixture's years 2010..2012


def saltelli_unit(n, d):
    """[A; B; E_1..E_d] from a 2d-dimensional Sobol' sequence without its origin."""
    from scipy.stats import qmc
    u = qmc.Sobol(2 * d, scramble=False).random(n + 1)[1:]
    a, b = u[:, :d], u[:, d:]
    rows = [a, b]
    for i in range(d):
        e = a.copy()
        e[:, i] = b[:, i]
        rows.append(e)
    return np.vstack(rows)


def morris_unit(r, d, levels=4, seed=3):
    """r trajectories of d+1 rows on the level grid, each step moving one parameter by
    +-Delta (Morris 1991)."""
    rng = np.random.default_rng(seed)
    delta = levels / (2 * (levels - 1))
    grid = np.arange(levels) / (levels - 1)
    rows = []
    for _ in range(r):
        x = rng.choice(grid[grid + delta <= 1 + 1e-12], size=d)
        up = rng.random(d) < 0.5
        x = np.where(up, x, x + delta)  # a step down from x + delta lands on the grid
        rows.append(x.copy())
        for i in rng.permutation(d):
            x[i] += delta if up[i] else -delta
            rows.append(x.copy())
    return np.array(rows)


def lhs_unit(n, d, seed=5):
    from scipy.stats import qmc
    return qmc.LatinHypercube(d, seed=seed).random(n)


class Fabricated:
    """Writes a design index: point k's /series/SERIES holds values[k, replicate] in every year."""

    def __init__(self, folder, replicates=1):
        self.folder = folder
        self.template = fixture(os.path.join(folder, "template.h5"), "--replicates", replicates,
                                "--years", YEARS)
        with h5py.File(self.template, "r") as f:
            self.prov = dict(f["provenance"].attrs)
            self.series_attrs = dict((k, v) for k, v in f[f"series/{SERIES}"].attrs.items()
                                     if k in ("units", "description", "label", "kind", "better"))
            self.years = f["year"][...]
            self.replicates = f["replicate"][...]

    def point(self, path, values, full):
        """A point's result file: make_fixture's whole file (full) or its provenance, axes and
        the one series."""
        if full:
            shutil.copy(self.template, path)
            with h5py.File(path, "a") as f:
                ds = f[f"series/{SERIES}"]
                ds[...] = np.repeat(values[:, None], ds.shape[1], axis=1)
            return
        with h5py.File(path, "w") as f:
            pv = f.create_group("provenance")
            pv.attrs.update(self.prov)
            for name, data in (("replicate", self.replicates), ("year", self.years)):
                ds = f.create_dataset(name, data=data)
                ds.attrs["units"] = "replicate number" if name == "replicate" else \
                    "calendar year"
                ds.make_scale(name)
            ds = f.create_dataset(f"series/{SERIES}",
                                  data=np.repeat(values[:, None], len(self.years), axis=1))
            ds.attrs.update(self.series_attrs)

    def index(self, name, method, params, unit, values, y, sizes, full=False):
        """params [(key, lower, upper)], unit and values [point, parameter], y [point,
        replicate]; sizes: /design's size attributes (base_points, trajectories, ...)."""
        path = os.path.join(self.folder, name + ".h5")
        keys = [k for k, _, _ in params]
        with h5py.File(path, "w") as f:
            pv = f.create_group("provenance")
            pv.attrs.update({"kind": "batch index", "quasim_version": "test", "partial": 0,
                             "points": len(unit), "scenario_name": "fabricated", "seed": 1})
            g = f.create_group("points")
            sweep = f.create_group("sweep")
            sweep.attrs["parameters"] = ", ".join(keys)
            axis = sweep.create_dataset("point", data=np.arange(len(unit), dtype=np.int32))
            axis.attrs.update({"units": "point number", "description": "The sweep point"})
            axis.make_scale("point")
            for j, key in enumerate(keys):
                ds = sweep.create_dataset(key, data=values[:, j])
                ds.attrs.update({"units": "1", "description": f"test parameter {key}"})
                ds.dims[0].attach_scale(axis)
            for k in range(len(unit)):
                target = f"{name}.p{k:03d}.h5"
                self.point(os.path.join(self.folder, target), y[k], full)
                g[f"p{k:03d}"] = h5py.ExternalLink(target, "/")
                g.attrs[f"label_p{k:03d}"] = ", ".join(f"{key}={v:.17g}"
                                                       for key, v in zip(keys, values[k]))
            d = f.create_group("design")
            d.attrs.update({"method": method, "parameters": ", ".join(keys), "seed": 7,
                            "points": len(unit), **sizes})
            for dname, data in (("unit", unit), ("lower", [p[1] for p in params]),
                                ("upper", [p[2] for p in params])):
                d.create_dataset(dname, data=np.asarray(data, dtype=float)).attrs["units"] = "1"
            d.create_dataset("distribution", data=[f"uniform({p[1]}, {p[2]})" for p in params],
                             dtype=h5py.string_dtype())
        return path


def ishigami(x, a=7.0, b=0.1):
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def sensitivity(index, *args, out=None):
    out = out or index[:-3] + "_sensitivity.h5"
    r = run(QUASIM, "sensitivity", index, "-o", out, *args)
    return r, out


def group(path, key):
    with h5py.File(path, "r") as f:
        g = f[f"sensitivity/{key}"]
        out = {k: g[k][...] for k in g}
        out["parameter"] = [v.decode() if isinstance(v, bytes) else v for v in out["parameter"]]
        out["attrs"] = dict(g.attrs)
        out["units"] = {k: g[k].attrs.get("units") for k in g}
        out["description"] = {k: g[k].attrs.get("description") for k in g}
        return out


class Ishigami(unittest.TestCase):
    """Saltelli design: Sobol' indices of the Ishigami function and of a parameter it ignores."""

    @classmethod
    def setUpClass(cls):
        cls.dir = scratch("sens-ishigami")
        fab = Fabricated(cls.dir)
        d, n = 4, 256
        unit = saltelli_unit(n, d)
        values = -np.pi + 2 * np.pi * unit
        y = ishigami(values)[:, None]  # parameter x4 does nothing
        params = [(f"test.x{i + 1}", -np.pi, np.pi) for i in range(d)]
        cls.index = fab.index("ishigami", "saltelli", params, unit, values, y,
                              {"base_points": n})
        cls.r, cls.out = sensitivity(cls.index, "--series", SERIES)

    def test_indices_within_their_intervals_and_within_0_1(self):
        self.assertEqual(self.r.returncode, 0, self.r.stderr)
        g = group(self.out, SERIES)
        self.assertEqual(g["parameter"], ["test.x1", "test.x2", "test.x3", "test.x4"])
        for name, truth in (("first_order", [0.314, 0.442, 0.0, 0.0]),
                            ("total", [0.558, 0.442, 0.244, 0.0])):
            est, lo, hi = g[name], g[name + "_low"], g[name + "_high"]
            for i, t in enumerate(truth):
                self.assertLessEqual(lo[i], t, f"{name}[{i}]")
                self.assertGreaterEqual(hi[i], t, f"{name}[{i}]")
                self.assertLess(abs(est[i] - t), 0.1, f"{name}[{i}] = {est[i]}, expected {t}")
                self.assertLess(hi[i] - lo[i], 0.5, f"{name}[{i}] interval too wide to tell")

    def test_parameter_without_effect_has_total_near_zero_and_ranks_last(self):
        g = group(self.out, SERIES)
        self.assertLess(abs(g["total"][3]), 0.01)
        self.assertLess(g["total_high"][3], 0.05)
        self.assertEqual(list(g["rank"]), [1, 2, 3, 4])  # by total: 0.558, 0.442, 0.244, 0

    def test_every_dataset_has_units_and_description_and_provenance(self):
        g = group(self.out, SERIES)
        for k in g["units"]:
            self.assertTrue(g["units"][k], k)
            self.assertTrue(g["description"][k], k)
        with h5py.File(self.out, "r") as f:
            pv = f["provenance"].attrs
            self.assertEqual(pv["kind"], "sensitivity")
            self.assertEqual(pv["index_scenario_name"], "fabricated")
            self.assertEqual(pv["design_method"], "saltelli")
            self.assertIn("sensitivity", pv["command_line"])

    def test_table_ranks_and_says_which_matters_most(self):
        out = self.r.stdout
        self.assertIn("test.x1 matters most", out)
        self.assertIn("1  test.x1", out)
        self.assertIn("One run per point", out)

    def test_same_index_gives_the_same_numbers(self):
        r, again = sensitivity(self.index, "--series", SERIES,
                               out=os.path.join(self.dir, "again.h5"))
        self.assertEqual(r.returncode, 0, r.stderr)
        a, b = group(self.out, SERIES), group(again, SERIES)
        for k in ("first_order", "total_low", "total_high"):
            np.testing.assert_array_equal(a[k], b[k])


class Morris(unittest.TestCase):
    """Morris design of a linear function: mu* = |coefficient| exactly, ranked by it."""

    COEF = [2.0, -5.0, 0.5]
    PARAMS = [("test.a", 0.0, 0.3), ("test.b", 1.0, 11.0), ("test.c", -0.06, 0.0)]

    @classmethod
    def setUpClass(cls):
        cls.dir = scratch("sens-morris")
        fab = Fabricated(cls.dir, replicates=2)
        unit = morris_unit(6, 3)
        lo, hi = np.array([p[1] for p in cls.PARAMS]), np.array([p[2] for p in cls.PARAMS])
        values = lo + unit * (hi - lo)
        f = ((values - lo) / (hi - lo)) @ np.array(cls.COEF) + 100.0
        y = np.column_stack([f, f])
        cls.index = fab.index("morris", "morris", cls.PARAMS, unit, values, y,
                              {"trajectories": 6, "levels": 4})
        cls.r, cls.out = sensitivity(cls.index, "--series", SERIES)

    def test_mu_star_is_the_coefficient_and_ranks(self):
        self.assertEqual(self.r.returncode, 0, self.r.stderr)
        g = group(self.out, SERIES)
        np.testing.assert_allclose(g["mu_star"], np.abs(self.COEF), rtol=1e-9)
        np.testing.assert_allclose(g["mu"], self.COEF, rtol=1e-9)
        np.testing.assert_allclose(g["sigma"], 0, atol=1e-9)
        np.testing.assert_allclose(g["mu_star_low"], np.abs(self.COEF), rtol=1e-9)
        self.assertEqual(list(g["rank"]), [2, 1, 3])
        self.assertIn("test.b matters most", self.r.stdout)

    def test_plot_draws_the_chart_of_the_file(self):
        out = os.path.join(self.dir, "plots")
        r = run(QUASIM, "plot", self.out, "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        png = os.path.join(out, f"sensitivity_{SERIES}.png")
        self.assertIn(png, r.stdout.split())
        with open(png, "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")



class Charts(unittest.TestCase):
    """`quasim plot` of a design index and `quasim report` of a sensitivity file (whole result
    files at each point: both read the runs too)."""

    @classmethod
    def setUpClass(cls):
        cls.dir = scratch("sens-charts")
        fab = Fabricated(cls.dir, replicates=2)
        unit = morris_unit(2, 2)
        f = 3 * unit[:, 0] + unit[:, 1]
        cls.index = fab.index("small", "morris", [("test.a", 0, 1), ("test.b", 0, 1)], unit,
                              unit, np.column_stack([f, f]), {"trajectories": 2, "levels": 4},
                              full=True)

    def test_plot_of_a_design_index_draws_its_sensitivity(self):
        out = os.path.join(self.dir, "plots")
        r = run(QUASIM, "plot", self.index, "-o", out, timeout=600)
        self.assertEqual(r.returncode, 0, r.stderr)
        png = os.path.join(out, f"sensitivity_{SERIES}.png")  # computed in memory
        self.assertIn(png, r.stdout.split())
        self.assertFalse(os.path.exists(self.index[:-3] + "_sensitivity.h5"))

    def test_report_of_a_sensitivity_file_has_the_section(self):
        r, out = sensitivity(self.index, "--series", SERIES,
                             out=os.path.join(self.dir, "s_sensitivity.h5"))
        self.assertEqual(r.returncode, 0, r.stderr)
        html = os.path.join(self.dir, "report.html")
        r = run(QUASIM, "report", out, "-o", html, timeout=600)  # brings its index's runs
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(html, encoding="utf-8") as f:
            page = f.read()
        section = page[page.index('<section id="sensitivity">'):]
        self.assertIn("test.a", section)
        self.assertIn('alt="Unmet need in 2012: parameters from the most important: test.a '
                      '(mu* 3); test.b (mu* 1)."', section)
        self.assertIn("data:image/png;base64,", section)


class OneAtATime(unittest.TestCase):
    """OAT design of a linear function: each swing is |coefficient| x range, ranked by it."""

    def test_swings(self):
        d = scratch("sens-oat")
        fab = Fabricated(d)
        steps, coef = 3, np.array([1.0, -4.0])
        lo, hi = np.array([0.0, 2.0]), np.array([0.5, 3.0])
        unit = [[0.5, 0.5]] + [[k / (steps - 1), 0.5] for k in range(steps)] + \
            [[0.5, k / (steps - 1)] for k in range(steps)]
        unit = np.array(unit)
        values = lo + unit * (hi - lo)
        y = (values @ coef)[:, None]
        index = fab.index("oat", "oat", [("test.a", 0.0, 0.5), ("test.b", 2.0, 3.0)], unit,
                          values, y, {"steps": steps})
        r, out = sensitivity(index, "--series", SERIES)
        self.assertEqual(r.returncode, 0, r.stderr)
        g = group(out, SERIES)
        np.testing.assert_allclose(g["swing"], np.abs(coef) * (hi - lo), rtol=1e-12)
        np.testing.assert_allclose(g["at_lower"], [0.0 + (-4.0 * 2.5), 0.25 - 8.0], rtol=1e-12)
        np.testing.assert_allclose(g["at_upper"], [0.5 - 10.0, 0.25 - 12.0], rtol=1e-12)
        self.assertEqual(list(g["rank"]), [2, 1])
        self.assertIn("test.b moves the output most", r.stdout)


class Degenerate(unittest.TestCase):
    """Outputs a small design cannot resolve: intervals are n/a or refused, never certain."""

    def test_a_count_that_is_almost_always_zero_gets_no_false_interval(self):
        d = scratch("sens-degenerate")
        fab = Fabricated(d)
        n, k = 8, 2
        unit = saltelli_unit(n, k)
        y = np.where(unit[:, 0] > 0.9, 1.0, 0.0)[:, None]  # a failure in one corner only
        index = fab.index("count", "saltelli", [("test.a", 0.0, 1.0), ("test.b", 0.0, 1.0)],
                          unit, unit.copy(), y, {"base_points": n})
        r, out = sensitivity(index, "--series", SERIES)
        self.assertEqual(r.returncode, 0, r.stderr)
        g = group(out, SERIES)
        for name in ("first_order", "total"):
            est, lo, hi = g[name], g[name + "_low"], g[name + "_high"]
            for i in range(k):  # an interval holds its estimate and is bounded, or is n/a
                if np.isfinite(lo[i]) or np.isfinite(hi[i]):
                    self.assertTrue(lo[i] <= est[i] + 1e-9 <= hi[i] + 2e-9, f"{name}[{i}]")
                    self.assertLess(max(abs(lo[i]), abs(hi[i])), 10.0, f"{name}[{i}]")
        self.assertNotIn("clearly more than", r.stdout)
        self.assertNotIn("matters most: it alone explains about n/a", r.stdout)

    def test_regression_with_too_few_points_is_refused(self):
        d = scratch("sens-fewpoints")
        fab = Fabricated(d)
        unit = lhs_unit(3, 2)
        index = fab.index("few", "lhs", [("test.a", 0.0, 1.0), ("test.b", 0.0, 1.0)], unit,
                          unit.copy(), (unit @ np.array([1.0, 2.0]))[:, None], {})
        r, out = sensitivity(index, "--series", SERIES)
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn("needs at least 4 points", r.stderr)
        self.assertFalse(os.path.exists(out))


class Noise(unittest.TestCase):
    """LHS with noise of known variance in each run: the noise share and the SRCs."""

    def test_noise_share_and_src(self):
        d = scratch("sens-noise")
        reps, n, sd = 5, 200, 1.0
        fab = Fabricated(d, replicates=reps)
        unit = lhs_unit(n, 3)
        values = unit.copy()
        coef = np.array([3.0, 1.0, 0.0])
        f = values @ coef
        rng = np.random.default_rng(11)
        y = f[:, None] + rng.normal(0, sd, size=(n, reps))
        index = fab.index("lhs", "lhs", [(f"test.x{i}", 0.0, 1.0) for i in range(3)], unit,
                          values, y, {})
        r, out = sensitivity(index, "--series", SERIES)
        self.assertEqual(r.returncode, 0, r.stderr)
        g = group(out, SERIES)
        expected = sd ** 2 / (sd ** 2 + np.var(f, ddof=1))  # about 0.55
        self.assertAlmostEqual(float(g["noise_share"]), expected, delta=0.05)
        self.assertAlmostEqual(float(g["parameters_share"]), 1 - expected, delta=0.05)
        # SRC of the point means, by least squares: b_i x sd(parameter i) / sd(mean output)
        mean = y.mean(axis=1)
        b = np.linalg.lstsq(np.column_stack([np.ones(n), values]), mean, rcond=None)[0][1:]
        src = b * values.std(axis=0) / mean.std()
        np.testing.assert_allclose(g["src"], src, rtol=1e-6, atol=1e-9)
        # ... near the linear function's own (coefficient x sd / sd of f plus the mean noise)
        own = coef * np.sqrt(1 / 12) / np.sqrt(np.var(f) + sd ** 2 / reps)
        np.testing.assert_allclose(g["src"], own, atol=0.05)
        for i in range(3):
            self.assertLessEqual(g["src_low"][i], own[i])
            self.assertGreaterEqual(g["src_high"][i], own[i])
        self.assertEqual(list(g["rank"]), [1, 2, 3])
        self.assertIn(f"run-to-run noise {round(100 * float(g['noise_share']))}%", r.stdout)


class RealModel(unittest.TestCase):
    """On a small quasim scenario (tiny.toml, 3 years, 2 runs a point), a Saltelli design of
    16 base points over a budget change, which drives spending, and the cost of a prevention
    scheme no domain runs (prevention_share is 0), which cannot move anything: the budget ranks
    first, the other's indices are exactly 0 (its points' runs are the same runs)."""

    def test_driver_ranks_first_and_no_effect_parameter_gets_zero(self):
        d = scratch("sens-real")
        scenario = os.path.join(d, "design.toml")
        with open(scenario, "w", encoding="utf-8") as f:
            f.write(f"""name = "sensitivity-test"
extends = "{os.path.join(SOURCE, 'scenarios', 'tiny.toml')}"

[run]
years = 3
replicates = 2

[design]
method = "saltelli"
base_points = 16

[design.parameters]
"budget.change_early" = {{ lower = -0.06, upper = 0.0 }}
"domain.offender_rehabilitation.prevention_cost" = {{ lower = 5000.0, upper = 20000.0 }}
""")
        index = os.path.join(d, "design.h5")
        r = run(QUASIM, "batch", scenario, "-o", index, "-q", timeout=600)
        self.assertEqual(r.returncode, 0, r.stderr)
        r, out = sensitivity(index, "--series", "spending_total,unmet_need")
        self.assertEqual(r.returncode, 0, r.stderr)
        for key in ("spending_total", "unmet_need"):
            g = group(out, key)
            self.assertEqual(g["parameter"], ["budget.change_early",
                                              "domain.offender_rehabilitation.prevention_cost"])
            self.assertEqual(list(g["rank"]), [1, 2], key)
            self.assertGreater(g["total_low"][0], 0.5, key)
            for name in ("first_order", "total", "total_low", "total_high"):
                self.assertAlmostEqual(float(g[name][1]), 0.0, delta=1e-9, msg=f"{key} {name}")
            self.assertTrue(0 <= float(g["noise_share"]) <= 1, key)
        self.assertIn("budget.change_early matters most", r.stdout)


class BadInput(unittest.TestCase):
    """One line `error: ...`, exit 2, and no file."""

    @classmethod
    def setUpClass(cls):
        cls.dir = scratch("sens-bad")
        fab = Fabricated(cls.dir)
        unit = morris_unit(2, 2)
        y = unit.sum(axis=1)[:, None]
        cls.index = fab.index("small", "morris", [("test.a", 0, 1), ("test.b", 0, 1)], unit,
                              unit, y, {"trajectories": 2, "levels": 4})

    def refused(self, args, names):
        out = os.path.join(self.dir, "out.h5")
        r = run(QUASIM, "sensitivity", *args, "-o", out)
        assert_one_line_error(self, r, names)
        self.assertFalse(os.path.exists(out))
        self.assertEqual([x for x in os.listdir(self.dir) if ".tmp-" in x], [])

    def test_plain_result_file(self):
        self.refused([fixture(os.path.join(self.dir, "plain.h5"))], ["plain.h5", "result file"])

    def test_sweep_index_without_design(self):
        self.refused([batch_index(self.dir)], ["sweep.h5", "without /design"])

    def test_series_that_does_not_exist(self):
        self.refused([self.index, "--series", "unmet_needs"],
                     ["--series unmet_needs", "did you mean unmet_need"])

    def test_year_outside_the_run(self):
        self.refused([self.index, "--series", SERIES, "--year", "2040"],
                     ["--year 2040", "outside the run", "2010-2012"])
        self.refused([self.index, "--series", SERIES, "--years", "2011:2030"],
                     ["--years 2011:2030", "outside the run"])

    def test_entity_that_does_not_exist(self):
        self.refused([self.index, "--series", "by_domain/unmet_need"], ["by_domain/unmet_need"])

    def test_incomplete_design(self):
        with h5py.File(self.index, "r") as f:
            n = len(f["design/unit"])
        broken = os.path.join(self.dir, "broken.h5")
        shutil.copy(self.index, broken)
        with h5py.File(broken, "a") as f:
            f["design"].attrs["points"] = n + 3
        self.refused([broken, "--series", SERIES], ["broken.h5", "needs every point"])

    def test_year_range_is_averaged(self):
        out = os.path.join(self.dir, "years.h5")
        r = run(QUASIM, "sensitivity", self.index, "--series", SERIES, "--years", "2010:2012",
                "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(group(out, SERIES)["attrs"]["years"], "2010-2012")
        self.assertIn("averaged over 2010-2012", r.stdout)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v", *sys.argv[4:]])  # then test names, if any
