"""The grid | nelder-mead | auto searches of scripts/calibration/fit.py (scipy's Nelder-Mead and
a seeded Latin hypercube) on synthetic objectives with a known optimum: no quasim runs.

  /usr/bin/python3 tests/calibration/search_test.py
"""
import math
import os
import sys
import unittest

import numpy as np

SOURCE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(SOURCE, "scripts", "calibration"))
import fit  # noqa: E402


class Synthetic:
    """Stands in for fit.Search: the same budget rules, an objective computed directly."""

    def __init__(self, f, params, max_runs=200, seed=1):
        self.f, self.params, self.max_runs, self.seed = f, params, max_runs, seed
        self.history, self.best, self.cache = [], None, {}

    def objective(self, u):
        values = tuple(p.value(x) for p, x in zip(self.params, u))
        if values in self.cache:
            return self.cache[values]
        if len(self.history) >= self.max_runs:
            raise fit._Budget("run limit")
        loss = self.f(np.array(values))
        entry = {"run": len(self.history) + 1, "loss": loss,
                 "params": dict(zip([p.name for p in self.params], values))}
        self.history.append(entry)
        self.cache[values] = loss
        if self.best is None or loss < self.best["loss"]:
            self.best = entry
        return loss


PARAMS = [fit.Param("a", -2.0, 2.0), fit.Param("b", 0.0, 10.0)]
OPTIMUM = np.array([0.7, 3.0])


def bowl(x):  # a smooth objective with its minimum 0 at OPTIMUM, scaled like the box
    return float(((x[0] - 0.7) / 4) ** 2 + 3 * ((x[1] - 3.0) / 10) ** 2)


def rosenbrock(x):  # a curved valley; minimum 0 at (0.7, 3.0) after the shift
    a, b = (x[0] - 0.7), (x[1] - 3.0) / 2.5
    return float((1 - (a + 1)) ** 2 + 100 * (b - a * a) ** 2) / 100


class NelderMead(unittest.TestCase):
    def test_reaches_the_known_optimum_of_a_bowl(self):
        s = Synthetic(bowl, PARAMS)
        stop = fit.search(s, "nelder-mead")
        self.assertEqual(stop, "converged")
        best = np.array([s.best["params"]["a"], s.best["params"]["b"]])
        # xatol is 1% of the range: within 2% of each range of the optimum
        self.assertLess(abs(best[0] - OPTIMUM[0]), 0.02 * 4, best)
        self.assertLess(abs(best[1] - OPTIMUM[1]), 0.02 * 10, best)
        self.assertLess(s.best["loss"], 1e-3)

    def test_reaches_a_curved_valley_and_an_optimum_at_a_bound(self):
        s = Synthetic(rosenbrock, PARAMS, max_runs=400)
        fit.search(s, "nelder-mead")
        self.assertLess(abs(s.best["params"]["a"] - 0.7), 0.15, s.best)
        at_bound = Synthetic(lambda x: float((x[0] - 5) ** 2 + (x[1] - 3) ** 2), PARAMS)
        fit.search(at_bound, "nelder-mead")  # optimum a = 5 lies outside [-2, 2]: ends at 2
        self.assertAlmostEqual(at_bound.best["params"]["a"], 2.0, delta=0.05)
        self.assertTrue(all(-2 <= h["params"]["a"] <= 2 for h in at_bound.history))

    def test_stops_at_the_run_limit(self):
        s = Synthetic(rosenbrock, PARAMS, max_runs=7)
        self.assertEqual(fit.search(s, "nelder-mead"), "run limit")
        self.assertEqual(len(s.history), 7)


class SpaceFilling(unittest.TestCase):
    def test_grid_is_a_latin_hypercube_and_seeded(self):
        u = fit.space_filling(2, 10, seed=3)
        self.assertEqual(u.shape, (10, 2))
        for col in u.T:  # one point in each tenth of each range
            self.assertEqual(sorted(np.floor(col * 10).astype(int)), list(range(10)))
        np.testing.assert_array_equal(u, fit.space_filling(2, 10, seed=3))
        self.assertFalse(np.array_equal(u, fit.space_filling(2, 10, seed=4)))

    def test_grid_uses_every_run_and_auto_refines_the_best(self):
        g = Synthetic(bowl, PARAMS, max_runs=16)
        self.assertEqual(fit.search(g, "grid"), "grid done")
        self.assertEqual(len(g.history), 16)
        a = Synthetic(bowl, PARAMS, max_runs=60)
        fit.search(a, "auto")
        self.assertLess(a.best["loss"], g.best["loss"])
        self.assertLess(a.best["loss"], 1e-3)


class TargetUncertainty(unittest.TestCase):
    def sd(self, **row):
        t = fit.make_target({"statistic": "s('x')", **row}, "t", None)
        return t.sd, t.sd_rule

    def test_the_rule_in_order(self):
        self.assertEqual(self.sd(value=2.0, sd=0.3, lower=1, upper=3, scale=1), (0.3, "sd"))
        self.assertEqual(self.sd(value=2.0, lower=1, upper=3, scale=1), (0.5, "(upper - lower) / 4"))
        self.assertEqual(self.sd(value=2.0, scale=0.7), (0.7, "scale"))
        sd, rule = self.sd(value=-2.0)
        self.assertTrue(math.isclose(sd, 0.2) and rule == "10% of |value|")
        self.assertIsNone(self.sd(value=0.0)[0])

    def test_a_range_sets_the_default_scale(self):
        t = fit.make_target({"statistic": "s('x')", "value": 2.0, "lower": 1, "upper": 3}, "t", None)
        self.assertEqual(t.scale, 0.5)
        t = fit.make_target({"statistic": "s('x')", "value": 2.0}, "t", None)
        self.assertEqual(t.scale, 2.0)

    def test_bad_uncertainties_are_errors(self):
        for row, what in (({"sd": -1}, "sd must be positive"), ({"lower": 3, "upper": 1}, "lower must be below upper"),
                          ({"lower": 1}, "needs a numeric 'upper'")):
            with self.subTest(row), self.assertRaisesRegex(fit.CalibrationError, what):
                fit.make_target({"statistic": "s('x')", "value": 2.0, **row}, "t", None)


if __name__ == "__main__":
    unittest.main()
