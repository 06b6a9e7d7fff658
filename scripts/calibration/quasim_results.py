"""Shared helpers of the calibration scripts: run quasim, read a result file, and the small
vocabulary that targets.toml and fit files use to turn a result file into one number per
replicate.

Run with Debian's /usr/bin/python3 (it has h5py and numpy). Nothing here parses scenarios: the
scenario's resolved parameters are read back from the result file's provenance.
"""
from __future__ import annotations

import math
import os
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
DEFAULT_QUASIM = REPO / "build" / "release" / "bin" / "quasim"

sys.path.insert(0, str(REPO / "output"))
import quasim_reader as reader  # noqa: E402  (the checked reader plot.py and report.py use)

_AXES = {g: a for g, a in reader.GROUP_AXIS.items() if a}


class CalibrationError(reader.InputError):
    """A problem with a targets or fit file, or a run that failed; the message says which."""


def read_toml(path: Path, expected: str) -> dict:
    """A TOML file, checked first (regular, at most 16 MiB: never /dev/zero or a FIFO)."""
    try:
        return tomllib.loads(reader.read_text(str(path), expected))
    except tomllib.TOMLDecodeError as e:
        raise CalibrationError(f"{path}: TOML syntax error: {e}") from None


def catalogue(quasim: Path) -> dict[str, set[str]] | None:
    """{group: series names} from `quasim info --catalogue`; None if quasim cannot say."""
    try:
        r = subprocess.run([str(quasim), "info", "--catalogue"], capture_output=True, text=True,
                           timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    groups: dict[str, set[str]] = {}
    group = None
    for line in r.stdout.splitlines():
        if line.startswith("### /"):
            group = groups.setdefault(line[5:].strip(), set())
        elif group is not None and line.startswith("| `"):
            group.add(line.split("`")[1])
    return groups if r.returncode == 0 and groups else None


# --- running quasim ------------------------------------------------------------------------


@dataclass
class RunSpec:
    """One quasim run: a scenario, its --set overrides and a replicate count."""

    scenario: str  # path relative to the repository root, or absolute
    sets: tuple[str, ...] = ()
    replicates: int = 10
    years: int | None = None

    def key(self) -> str:
        return "|".join([self.scenario, *self.sets, f"r{self.replicates}", f"y{self.years}"])


def result_paths(out: Path, n_points: int | None) -> list[Path]:
    """The files quasim writes for OUT: OUT itself, or OUT.p000.h5 ... for a sweep."""
    if n_points is None:
        return [out]
    stem = str(out)[:-3] if str(out).endswith(".h5") else str(out)
    return [Path(f"{stem}.p{i:03d}.h5") for i in range(n_points)]


def run_quasim(quasim: Path, spec: RunSpec, out: Path, timeout: float | None = None,
               threads: int = 1, nice: bool = True) -> float:
    """Runs `quasim run` for spec into out (sweep points become out.pNNN.h5); returns seconds.

    Raises CalibrationError with quasim's own message when it fails or runs past timeout.
    """
    scenario = Path(spec.scenario)
    if not scenario.is_absolute():
        scenario = REPO / scenario
    out.parent.mkdir(parents=True, exist_ok=True)
    cmd = [str(quasim), "run", str(scenario), "-o", str(out), "--threads", str(threads), "-q",
           "--replicates", str(spec.replicates)]
    if spec.years is not None:
        cmd += ["--years", str(spec.years)]
    for s in spec.sets:
        cmd += ["--set", s]
    if nice and hasattr(os, "nice"):
        cmd = ["nice", "-n", "10", *cmd]
    start = time.monotonic()
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=REPO)
    except subprocess.TimeoutExpired as e:
        raise CalibrationError(f"{spec.scenario}: quasim ran past {timeout:.0f} s") from e
    if r.returncode != 0:
        msg = (r.stderr or r.stdout).strip().splitlines()
        raise CalibrationError(f"{spec.scenario}: quasim failed: {msg[-1] if msg else r.returncode}")
    return time.monotonic() - start


# --- reading a result file -----------------------------------------------------------------


class Result:
    """One result file, with the helpers a statistic expression may call.

    Every helper returns a numpy array whose first axis is the replicate, so that a statistic
    evaluates to one number per replicate.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        # Checked before use: regular file, HDF5, quasim provenance, integer axes.
        self._f, prov, self._axes = reader.open_result(str(self.path))
        self.years = self._axes["year"]
        try:
            self.params = tomllib.loads(str(prov.get("resolved_parameters", "")))
        except tomllib.TOMLDecodeError as e:
            self._f.close()
            raise CalibrationError(f"{self.path}: /provenance@resolved_parameters is not valid "
                                   f"TOML ({e})") from None

    def close(self) -> None:
        self._f.close()

    # Series ---------------------------------------------------------------------------------
    def s(self, name: str) -> np.ndarray:
        """/series/NAME as [replicate, year]."""
        return self._dataset(f"series/{name}")

    def t(self, name: str, provider_type: str) -> np.ndarray:
        """/by_provider_type/NAME for one provider type, as [replicate, year]."""
        return self._slice("by_provider_type", name, provider_type)

    def d(self, name: str, domains) -> np.ndarray:
        """/by_domain/NAME for one domain, or summed over a list of domains."""
        if isinstance(domains, str):
            return self._slice("by_domain", name, domains)
        return sum(self._slice("by_domain", name, x) for x in domains)

    def g(self, name: str, group: str) -> np.ndarray:
        """/by_difficulty_group/NAME for one difficulty group, as [replicate, year]."""
        return self._slice("by_difficulty_group", name, group)

    def c(self, name: str) -> np.ndarray:
        """/by_commissioner/NAME summed over commissioners, as [replicate, year]."""
        return np.nansum(self._dataset(f"by_commissioner/{name}"), axis=2)

    def _labels(self, axis: str) -> list[str]:
        if axis not in self._axes:
            self._axes[axis] = reader.axis(self._f, str(self.path), axis)
        return self._axes[axis]

    def domains(self, statutory: bool | None = None) -> list[str]:
        """The scenario's domains, optionally only those (not) marked statutory."""
        names = self._labels("domain")
        if statutory is None:
            return names
        return [n for n in names if bool(self.params["domain"][n]["statutory"]) == statutory]

    def param(self, key: str):
        """A resolved parameter by its dotted key, e.g. 'outsourcing.volume_forecast'."""
        node = self.params
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                raise CalibrationError(f"{self.path}: no parameter {key} in the provenance")
            node = node[part]
        return node

    # Years ----------------------------------------------------------------------------------
    def _col(self, year: int) -> int:
        hits = np.nonzero(self.years == year)[0]
        if len(hits) == 0:
            raise CalibrationError(f"{self.path}: year {year} not in {self.years[0]}-{self.years[-1]}")
        return int(hits[0])

    def at(self, x: np.ndarray, year: int) -> np.ndarray:
        """Values in one calendar year: [replicate]."""
        return x[:, self._col(year)]

    def mean(self, x: np.ndarray, first: int, last: int) -> np.ndarray:
        """Mean over calendar years first..last inclusive, skipping NaN (years without tenders)."""
        part = x[:, self._col(first):self._col(last) + 1]
        with np.errstate(all="ignore"), _quiet():
            return np.nanmean(part, axis=1)

    def ratio(self, num: np.ndarray, den: np.ndarray) -> np.ndarray:
        """num / den per replicate; NaN where den is 0 (nothing to take a share of)."""
        with np.errstate(all="ignore"):
            return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)

    def total(self, x: np.ndarray, first: int, last: int) -> np.ndarray:
        """Sum over calendar years first..last inclusive, skipping NaN."""
        return np.nansum(x[:, self._col(first):self._col(last) + 1], axis=1)

    def payback(self, x: np.ndarray, first: int, last: int | None = None) -> np.ndarray:
        """Years from the start of calendar year first until the running sum of x from first
        turns positive (1 = positive by the end of the first year); inf when it never does by
        last (default: the final year)."""
        last = int(self.years[-1]) if last is None else last
        part = np.nan_to_num(x[:, self._col(first):self._col(last) + 1])
        run = np.cumsum(part, axis=1)
        out = np.full(part.shape[0], np.inf)
        for i, row in enumerate(run):
            hits = np.nonzero(row > 0)[0]
            if len(hits):
                out[i] = hits[0] + 1
        return out

    def weighted(self, value: str, weight: str, types: list[str]) -> np.ndarray:
        """By-provider-type VALUE averaged over TYPES weighted by WEIGHT: [replicate, year].

        For example weighted('quality_mean', 'market_share', ['large_private', 'sme']) is the
        spending-weighted quality of external providers. NaN where no type has weight.
        """
        num = np.zeros_like(self.t(value, types[0]))
        den = np.zeros_like(num)
        for ty in types:
            v, w = self.t(value, ty), self.t(weight, ty)
            ok = np.isfinite(v) & np.isfinite(w) & (w > 0)
            num += np.where(ok, v * w, 0.0)
            den += np.where(ok, w, 0.0)
        with np.errstate(all="ignore"):
            return np.where(den > 0, num / den, np.nan)

    # Provider panel (needs --set output.provider_panel=true) --------------------------------
    def _panel(self) -> dict[str, np.ndarray]:
        g = reader.hard(self._f, str(self.path), "panels/providers", "group")
        if g is None:
            raise CalibrationError(f"{self.path}: no provider panel; run with output.provider_panel=true")
        cols = {}
        for k in ("replicate", "year", "provider_id", "type", "reserves", "contracts", "alive"):
            ds = reader.hard(self._f, str(self.path), f"panels/providers/{k}", "dataset")
            if ds is None or ds.ndim != 1:
                raise CalibrationError(f"{self.path}: /panels/providers/{k} is missing or not 1-D")
            cols[k] = ds[:]
        if len({len(c) for c in cols.values()}) != 1:
            raise CalibrationError(f"{self.path}: /panels/providers columns differ in length")
        return cols

    def _replicate_ids(self) -> np.ndarray:
        return self._axes["replicate"]

    def losing_share(self, provider_type: str, award_year: int, last_year: int) -> np.ndarray:
        """Share of the providers of a type holding contracts at the end of award_year whose
        reserves at the end of last_year are below their reserves then (failed ones count as
        losing): owners that lost money over the contract. NaN in a replicate with none."""
        p = self._panel()
        ty = self._type_index(provider_type)
        out = []
        for rep in self._replicate_ids():
            m = (p["replicate"] == rep) & (p["type"] == ty)
            start = m & (p["year"] == award_year) & (p["contracts"] > 0)
            ids = p["provider_id"][start]
            if len(ids) == 0:
                out.append(np.nan)
                continue
            losing = 0
            for pid in ids:
                mine = m & (p["provider_id"] == pid)
                r0 = p["reserves"][mine & (p["year"] == award_year)][0]
                end = mine & (p["year"] == last_year)
                alive = bool(p["alive"][end][0]) if end.any() else False
                r1 = p["reserves"][end][0] if end.any() else -np.inf
                losing += (not alive) or r1 < r0
            out.append(losing / len(ids))
        return np.array(out, dtype=float)

    def in_surplus_share(self, provider_type: str, year: int) -> np.ndarray:
        """Share of the providers of a type trading (holding a contract) at the end of year whose
        reserves rose in that year (a surplus after distribution): the model's 'profitable'.
        NaN in a replicate with none trading."""
        p = self._panel()
        ty = self._type_index(provider_type)
        out = []
        for rep in self._replicate_ids():
            m = (p["replicate"] == rep) & (p["type"] == ty)
            now = m & (p["year"] == year) & (p["alive"] == 1) & (p["contracts"] > 0)
            ids = p["provider_id"][now]
            if len(ids) == 0:
                out.append(np.nan)
                continue
            up = 0
            for pid in ids:
                mine = m & (p["provider_id"] == pid)
                r1 = p["reserves"][mine & (p["year"] == year)][0]
                before = mine & (p["year"] == year - 1)
                r0 = p["reserves"][before][0] if before.any() else np.nan
                up += bool(np.isfinite(r0) and r1 > r0)
            out.append(up / len(ids))
        return np.array(out, dtype=float)

    # Internals ------------------------------------------------------------------------------
    def _dataset(self, name: str) -> np.ndarray:
        """A series, checked: present, float, shaped by the file's axes."""
        group, _, series = name.partition("/")
        return reader.read_series(self._f, str(self.path), group, series, self._axes)

    def _type_index(self, provider_type: str) -> int:
        types = self._labels("provider_type")
        if provider_type not in types:
            raise CalibrationError(f"{self.path}: no provider_type '{provider_type}' "
                                   f"(have {', '.join(types)})")
        return types.index(provider_type)

    def _slice(self, group: str, name: str, label: str) -> np.ndarray:
        labels = self._labels(_AXES[group])
        if label not in labels:
            raise CalibrationError(f"{self.path}: /{group}/{name}: no {_AXES[group]} '{label}' "
                                   f"(have {', '.join(labels)})")
        return self._dataset(f"{group}/{name}")[:, :, labels.index(label)]


class _quiet:
    """Silences numpy's 'Mean of empty slice' warnings inside a with block."""

    def __enter__(self):
        import warnings
        self._w = warnings.catch_warnings()
        self._w.__enter__()
        warnings.simplefilter("ignore", category=RuntimeWarning)

    def __exit__(self, *exc):
        self._w.__exit__(*exc)


def evaluate(expr: str, result: Result, where: str, compare: Result | None = None) -> np.ndarray:
    """Evaluates a statistic expression against a result file: one value per replicate.

    Names available: the Result helpers (s, t, d, g, c, at, mean, total, payback, ratio, weighted, param,
    domains, losing_share, in_surplus_share), np, and the builtins abs, min, max, sum, len; with
    a target's `compare_set`, `f` is the comparison run (the same scenario and seeds with those
    settings added), e.g. `f.s('resolution_rate')`: paired replicate by replicate.
    """
    names = {n: getattr(result, n) for n in (
        "s", "t", "d", "g", "c", "at", "mean", "total", "payback", "ratio", "weighted", "param", "domains",
        "losing_share", "in_surplus_share")}
    if compare is not None:
        names["f"] = compare
    names.update(np=np, abs=abs, min=min, max=max, sum=sum, len=len, nan=math.nan, inf=math.inf)
    try:
        with np.errstate(all="ignore"), _quiet():
            value = eval(expr, {"__builtins__": {}}, names)  # noqa: S307 — our own files
    except reader.InputError:
        raise
    except Exception as e:  # a typo in a targets file: name the target and the expression
        raise CalibrationError(f"{where}: statistic '{expr}': {type(e).__name__}: {e}") from e
    value = np.asarray(value, dtype=float)
    if value.ndim == 0:
        value = np.full(1, float(value))
    if value.ndim != 1:
        raise CalibrationError(f"{where}: statistic '{expr}' gives shape {value.shape}, "
                               "expected one value per replicate")
    return value


@dataclass
class Summary:
    """A statistic across replicates: median and the 90% band (5th-95th percentile)."""

    median: float
    lo: float
    hi: float
    n: int  # replicates with a finite value
    values: list[float] = field(default_factory=list)


def summarise(values: np.ndarray) -> Summary:
    """Median and 5th-95th percentiles over replicates, ignoring NaN (inf counts: 'never')."""
    ok = values[~np.isnan(values)]
    if len(ok) == 0:
        return Summary(math.nan, math.nan, math.nan, 0, [float(v) for v in values])
    method = "linear" if np.isfinite(ok).all() else "nearest"
    lo, med, hi = np.percentile(ok, [5, 50, 95], method=method)
    return Summary(float(med), float(lo), float(hi), int(len(ok)), [float(v) for v in values])


def progress(done: int, total: int, elapsed: float, note: str = "", width: int = 30,
             stream=sys.stderr) -> None:
    """Draws a progress bar: redrawn in place on a terminal, one line per call in a log."""
    frac = 0.0 if total <= 0 else min(1.0, done / total)
    bar = "#" * int(round(frac * width))
    line = f"[{bar:<{width}}] {done}/{total} {elapsed:5.0f}s {note}"[:150]
    if stream.isatty():
        stream.write("\r" + line.ljust(100))
    else:
        stream.write(line + "\n")
    stream.flush()
