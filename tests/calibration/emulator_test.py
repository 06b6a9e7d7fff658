"""The kriging emulator of `quasim calibrate --method bayes` (scripts/calibration/emulator.py,
OpenTURNS) and the history-matching and MCMC steps of bayes.py, on functions known in closed
form: no quasim runs.

  /usr/bin/python3 tests/calibration/emulator_test.py
"""
import os
import sys
import unittest

import numpy as np
from scipy.stats import qmc

SOURCE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(SOURCE, "scripts", "calibration"))
import bayes  # noqa: E402
from emulator import Emulator  # noqa: E402


def smooth(u):  # a smooth, non-linear response over the unit square, in "model units"
    return 10 + 3 * np.sin(3 * u[:, 0]) + 2 * u[:, 1] ** 2


DESIGN = qmc.LatinHypercube(d=2, seed=11).random(30)
TEST = qmc.LatinHypercube(d=2, seed=12).random(300)


class Kriging(unittest.TestCase):
    def test_predicts_a_smooth_function_between_the_design_points(self):
        em = Emulator(DESIGN, smooth(DESIGN), np.full(30, 1e-6))
        mean, var = em.predict(TEST)
        err = mean - smooth(TEST)
        spread = np.ptp(smooth(TEST))
        self.assertLess(np.sqrt(np.mean(err ** 2)), 0.02 * spread)
        # its variance is honest: most errors within 2 predicted standard deviations
        self.assertGreater(np.mean(np.abs(err) <= 2 * np.sqrt(var) + 1e-9), 0.85)
        # at a design point it gives the value, with almost no variance (tiny noise)
        m0, v0 = em.predict(DESIGN[:3])
        np.testing.assert_allclose(m0, smooth(DESIGN[:3]), atol=1e-3 * spread)
        self.assertTrue(np.all(v0 < 1e-3))

    def test_leave_one_out_is_computed_as_documented(self):
        em = Emulator(DESIGN, smooth(DESIGN), np.full(30, 1e-6))
        c = em.leave_one_out()
        y = smooth(DESIGN)
        q2 = 1 - np.sum((y - c.mean) ** 2) / np.sum((y - y.mean()) ** 2)
        self.assertAlmostEqual(c.q2, q2)
        self.assertGreater(c.q2, 0.95)
        np.testing.assert_allclose(c.standardised, (y - c.mean) / c.sd)
        # a point left out is predicted from the others: not exactly its own value
        self.assertTrue(np.all(np.abs(y - c.mean) > 0))

    def test_noise_alone_fails_leave_one_out_and_a_constant_is_flagged(self):
        rng = np.random.default_rng(5)
        noise = 4 + 0.3 * rng.standard_normal(12)
        em = Emulator(DESIGN[:12], noise, np.full(12, 0.09 * np.pi / 2 / 4))
        self.assertLess(em.leave_one_out().q2, 0.5)
        flat = Emulator(DESIGN[:12], np.full(12, 2.5))
        self.assertTrue(flat.constant)
        m, v = flat.predict(TEST[:5])
        np.testing.assert_array_equal(m, 2.5)
        self.assertTrue(np.all(v == 0))

    def test_units_are_kept(self):
        # the same function in other units: predictions scale with it
        em1 = Emulator(DESIGN, smooth(DESIGN))
        em2 = Emulator(DESIGN, 1000 * smooth(DESIGN))
        np.testing.assert_allclose(1000 * em1.predict(TEST[:20])[0], em2.predict(TEST[:20])[0],
                                   rtol=1e-4)  # the optimiser stops at its tolerance


class HistoryMatchingAndMcmc(unittest.TestCase):
    """Two outputs, f1 = 10 + 3 sin(3 u0) + 2 u1^2 and f2 = 5 u0 - 2 u1, observed at u* with
    known sd: the implausibility is the formula's, the non-implausible set holds u*, and the
    posterior's 90% intervals hold u* and are narrow."""

    def setUp(self):
        self.ems = [Emulator(DESIGN, smooth(DESIGN), np.full(30, 1e-6)),
                    Emulator(DESIGN, 5 * DESIGN[:, 0] - 2 * DESIGN[:, 1], np.full(30, 1e-6))]
        self.truth = np.array([[0.3, 0.7]])
        self.z = np.array([smooth(self.truth)[0], 5 * 0.3 - 2 * 0.7])
        self.sd = np.array([0.05, 0.05])
        self.rep = np.array([0.0004, 0.0004])

    def test_implausibility_is_the_formula(self):
        u = TEST[:50]
        m1, v1 = self.ems[0].predict(u)
        m2, v2 = self.ems[1].predict(u)
        direct = np.maximum(np.abs(self.z[0] - m1) / np.sqrt(0.05 ** 2 + v1 + 0.0004),
                            np.abs(self.z[1] - m2) / np.sqrt(0.05 ** 2 + v2 + 0.0004))
        np.testing.assert_allclose(bayes.implausibility(self.ems, self.z, self.sd, self.rep, u), direct)
        self.assertLess(bayes.implausibility(self.ems, self.z, self.sd, self.rep, self.truth)[0], 1)

    def test_posterior_holds_the_truth_and_is_narrow(self):
        sample = qmc.Sobol(d=2, scramble=True, seed=3).random(4096)
        keep = bayes.implausibility(self.ems, self.z, self.sd, self.rep, sample) < bayes.CUTOFF
        self.assertLess(keep.mean(), 0.2)
        chain, acceptance, tau = bayes.mcmc(self.ems, self.z, self.sd, self.rep, sample[keep], seed=1)
        lo, hi = np.percentile(chain, [5, 95], axis=0)
        self.assertTrue(np.all((lo <= self.truth[0]) & (self.truth[0] <= hi)), (lo, hi))
        self.assertTrue(np.all(hi - lo < 0.15), (lo, hi))
        self.assertTrue(0.2 < acceptance < 0.9)
        self.assertTrue(np.all((chain >= 0) & (chain <= 1)))  # the uniform prior's box
        again, _, _ = bayes.mcmc(self.ems, self.z, self.sd, self.rep, sample[keep], seed=1)
        np.testing.assert_array_equal(chain, again)  # seeded


if __name__ == "__main__":
    unittest.main()
