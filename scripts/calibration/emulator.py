"""Kriging emulators of quasim outputs for `quasim calibrate --method bayes` (OpenTURNS).

An emulator stands in for the model at parameter values it has not run: a Gaussian-process
(kriging) fit of one target's replicate median over the design points, in unit coordinates
[0, 1]^d (each parameter's range mapped to [0, 1]). It gives a mean and a variance (its own
uncertainty) anywhere in the box. The replicate noise of each design point's median is given
to OpenTURNS as the observation noise (a nugget), so the emulator smooths through noise rather
than bending to it.

Validation is leave-one-out: each design point is left out in turn, the emulator refitted on the
others (same covariance parameters) and asked for the point: Q^2 = 1 - sum(error^2) / sum((y -
mean y)^2) (1 is perfect, 0 no better than the mean of the design), and each error divided by
its predicted standard deviation (about 95% should lie within +-2 when the variance is honest).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import openturns as ot

ot.Log.Show(ot.Log.NONE)  # OpenTURNS' warnings (bounds it adjusts) would break one-line output

COVARIANCES = ("matern52", "squared-exponential")
BASES = ("constant", "linear")


@dataclass
class Validation:
    q2: float
    mean: np.ndarray         # leave-one-out predictions at the design points
    sd: np.ndarray           # their standard deviations (emulator and noise)
    standardised: np.ndarray  # (y - mean) / sd

    def within_two(self) -> float:
        e = self.standardised[np.isfinite(self.standardised)]
        return float(np.mean(np.abs(e) <= 2)) if len(e) else float("nan")


class Emulator:
    """Kriging of y (one value per design point) over X (points in [0, 1]^d)."""

    def __init__(self, X: np.ndarray, y: np.ndarray, noise_var: np.ndarray | None = None,
                 covariance: str = "matern52", basis: str = "constant"):
        self.X = np.asarray(X, dtype=float)
        self.y = np.asarray(y, dtype=float)
        self.d = self.X.shape[1]
        self.basis_name, self.covariance_name = basis, covariance
        # Standardised outputs: the covariance amplitude starts near 1 whatever the units.
        self.centre = float(np.mean(self.y))
        spread = float(np.std(self.y))
        self.constant = not spread > 1e-12 * max(1.0, abs(self.centre))
        self.spread = spread if not self.constant else 1.0
        self.noise = (np.zeros(len(self.y)) if noise_var is None
                      else np.maximum(np.asarray(noise_var, dtype=float), 0.0))
        self.result = self.model = None
        if not self.constant:
            self.result = self._fit(self.X, self._z(self.y), self.noise / self.spread ** 2,
                                    self._covariance(), optimise=True)
            self.model = self.result.getCovarianceModel()

    def _z(self, y):
        return (y - self.centre) / self.spread

    def _covariance(self):
        scale = [0.3] * self.d
        if self.covariance_name == "squared-exponential":
            return ot.SquaredExponential(scale, [1.0])
        return ot.MaternModel(scale, [1.0], 2.5)

    def _basis(self):
        factory = ot.LinearBasisFactory if self.basis_name == "linear" else ot.ConstantBasisFactory
        return factory(self.d).build()

    def _fit(self, X, z, noise, covariance, optimise: bool):
        algo = ot.KrigingAlgorithm(ot.Sample(X), ot.Sample(z[:, None]), covariance, self._basis())
        if np.any(noise > 0):
            # a tiny floor keeps the covariance matrix positive definite
            algo.setNoise([float(v) for v in np.maximum(noise, 1e-10)])
        algo.setOptimizationBounds(ot.Interval([0.02] * self.d, [5.0] * self.d))
        algo.setOptimizeParameters(optimise)
        algo.run()
        return algo.getResult()

    @staticmethod
    def _predict(result, U):
        sample = ot.Sample(np.atleast_2d(U))
        mean = np.asarray(result.getConditionalMean(sample), dtype=float).ravel()
        var = np.asarray(result.getConditionalMarginalVariance(sample), dtype=float).ravel()
        return mean, np.maximum(var, 0.0)

    def predict(self, U: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Mean and variance of the emulated output at points U (rows in [0, 1]^d), in the
        output's own units. The variance is the emulator's uncertainty about the median."""
        U = np.atleast_2d(U)
        if self.constant:
            return np.full(len(U), self.centre), np.zeros(len(U))
        mean, var = self._predict(self.result, U)
        return self.centre + self.spread * mean, var * self.spread ** 2

    def leave_one_out(self) -> Validation:
        """Leave-one-out predictions with the fitted covariance parameters kept (n refits)."""
        n = len(self.y)
        mean, sd = np.zeros(n), np.zeros(n)
        if self.constant:
            return Validation(float("nan"), np.full(n, self.centre), np.zeros(n), np.zeros(n))
        z, noise = self._z(self.y), self.noise / self.spread ** 2
        for i in range(n):
            keep = np.arange(n) != i
            res = self._fit(self.X[keep], z[keep], noise[keep], self.model, optimise=False)
            m, v = self._predict(res, self.X[i])
            mean[i] = self.centre + self.spread * m[0]
            sd[i] = self.spread * np.sqrt(v[0] + noise[i])
        err = self.y - mean
        total = float(np.sum((self.y - np.mean(self.y)) ** 2))
        q2 = 1.0 - float(np.sum(err ** 2)) / total if total > 0 else float("nan")
        with np.errstate(all="ignore"):
            standardised = np.where(sd > 0, err / sd, 0.0)
        return Validation(q2, mean, sd, standardised)

    def describe(self) -> str:
        """The fitted kernel in words, e.g. 'Matern 5/2, length scales 0.41, 1.3 (unit box)'."""
        kind = "Matern 5/2" if self.covariance_name == "matern52" else "squared exponential"
        if self.constant:
            return "constant (the output does not change across the design)"
        scales = ", ".join(f"{s:.2g}" for s in self.model.getScale())
        return f"{kind} covariance, {self.basis_name} trend, length scales {scales} (unit box)"
