#!/usr/bin/python3
"""Fits a few named scenario parameters to your own target figures, within a bounded number of
quasim runs and a wall-clock limit: the best point (grid | nelder-mead | auto), or a posterior
(bayes, in bayes.py). `quasim calibrate` runs this script.

  /usr/bin/python3 scripts/calibration/fit.py FIT.toml [--max-runs N] [--time-limit S]
  /usr/bin/python3 scripts/calibration/fit.py --scenario scenarios/x.toml --targets t.csv \\
      --param budget.change_late=-0.06:0 --param budget.initial_coverage=0.9:1.2
  /usr/bin/python3 scripts/calibration/fit.py FIT.toml --method bayes --posterior post.h5

FIT.toml (see scripts/calibration/example_fit.toml):
  scenario = "scenarios/austerity_ageing.toml"   # repository-relative or absolute
  replicates = 4           # per run; the objective uses the median over replicates
  max_runs = 30            # hard cap on quasim runs
  time_limit = 300         # seconds, wall clock, for the whole search
  method = "auto"          # grid | nelder-mead | auto | bayes
  seed = 1                 # the designs', samples' and MCMC's seed (not the runs': the scenario's)
  set = ["population.citizens=500000"]            # fixed overrides for every run
  # bayes only: design_points, posterior_runs, waves (1 or 2), jobs (runs at a time)
  [[parameter]]  name = "budget.change_late"  lower = -0.06  upper = 0.0   # integer = true
  [[target]]     series = "funding_gap_share"  year = 2019  value = 0.29
                 # or years = [2026, 2029] for a mean over years (NaN years skipped);
                 # series may be "NAME" (/series), "by_provider_type/NAME:TYPE",
                 # "by_domain/NAME:DOMAIN", "by_difficulty_group/NAME:GROUP",
                 # "by_commissioner/NAME" (summed);
                 # or statistic = "<expression>" as in targets.toml;
                 # scale (default (upper - lower) / 4 given a range, else |value|, or 1 when
                 # value is 0) and weight (default 1);
                 # the uncertainty (bayes): sd, else (upper - lower) / 4, else scale, else
                 # 10% of |value| (see target_sd).
A CSV of targets has the header series,year,value[,weight,scale,sd,lower,upper] (year may be
"2026-2029"); a TOML targets file is [[target]] tables as above, or targets.toml itself (its
rows for the fitted scenario).

grid: a Latin hypercube over the box (scipy.stats.qmc, seeded) using every run; nelder-mead:
scipy.optimize.minimize's bounded Nelder-Mead from the middle; auto: half the runs on the Latin
hypercube, then Nelder-Mead from the best. The error of a target is (model median - value) /
scale; the objective is the weighted sum of squared errors. Runs use the scenario's seed, so the
objective is deterministic and a fit is reproducible. Exit status 0 when a fit was found, 2 on
bad input, when no run succeeded or when bayes refuses a poor emulator (one line
`error: FILE: ...` on stderr: the fit and targets files must be regular files of at most
16 MiB, and every key, bound and series is checked before the first run), 1 on anything
unexpected, 130 on Ctrl-C.
"""
from __future__ import annotations

import argparse
import csv
import difflib
import io
import json
import math
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import minimize
from scipy.stats import qmc

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quasim_results import (DEFAULT_QUASIM, REPO, CalibrationError, Result, RunSpec,  # noqa: E402
                            catalogue, evaluate, progress, read_toml, reader, run_quasim)


@dataclass
class Param:
    name: str
    lower: float
    upper: float
    integer: bool = False

    def value(self, u: float) -> float:
        """Maps u in [0, 1] to the parameter's range (rounded for integer parameters)."""
        v = self.lower + min(1.0, max(0.0, u)) * (self.upper - self.lower)
        return float(round(v)) if self.integer else v


@dataclass
class Target:
    label: str
    expr: str
    value: float
    scale: float
    weight: float
    sd: float | None = None  # the figure's uncertainty (one standard deviation), see target_sd
    sd_rule: str = ""        # where sd came from, in words


def target_sd(row: dict, value: float, where: str) -> tuple[float | None, str]:
    """A target's standard deviation (the bayes method's observation uncertainty):
    its `sd` key; else (upper - lower) / 4 when it gives a tolerance range (a targets.toml
    [lower, upper] read as a 95% interval, +-2 sd); else its `scale`; else 10% of |value|.
    None (with the reason) when none applies: a value of 0 with none of those keys."""
    if row.get("sd") not in (None, ""):
        sd = _number(row, "sd", where)
        if sd <= 0:
            raise CalibrationError(f"{where}: sd must be positive, got {sd:g}")
        return sd, "sd"
    lo, hi = row.get("lower"), row.get("upper")
    if lo not in (None, "") or hi not in (None, ""):
        lo, hi = _number(row, "lower", where), _number(row, "upper", where)
        if not lo < hi:
            raise CalibrationError(f"{where}: lower must be below upper, got {lo:g} and {hi:g}")
        return (hi - lo) / 4, "(upper - lower) / 4"
    if row.get("scale") not in (None, ""):
        return _number(row, "scale", where), "scale"
    if value != 0:
        return 0.1 * abs(value), "10% of |value|"
    return None, "a value of 0 needs sd, scale or lower/upper"


def series_expr(series: str, years) -> str:
    """The statistic expression for a series name and a year or [first, last] range."""
    if "/" in series:
        group, rest = series.split("/", 1)
        name, _, label = rest.partition(":")
        if group == "by_provider_type":
            x = f"t({name!r}, {label!r})"
        elif group == "by_domain":
            x = f"d({name!r}, {label!r})"
        elif group == "by_difficulty_group":
            x = f"g({name!r}, {label!r})"
        elif group == "by_commissioner":
            x = f"c({name!r})"
        elif group == "series":
            x = f"s({rest!r})"
        else:
            raise CalibrationError(f"series '{series}': unknown group '{group}'")
    else:
        x = f"s({series!r})"
    if isinstance(years, (list, tuple)):
        if len(years) != 2:
            raise CalibrationError(f"series '{series}': years must be [first, last]")
        return f"mean({x}, {int(years[0])}, {int(years[1])})"
    return f"at({x}, {int(years)})"


def _number(row: dict, key: str, where: str, default=None, finite: bool = True) -> float:
    v = row.get(key)
    if v is None or v == "":
        if default is None:
            raise CalibrationError(f"{where}: a target needs a numeric '{key}'")
        return default
    try:
        x = float(v)
    except (TypeError, ValueError):
        raise CalibrationError(f"{where}: {key}: expected a number, got {v!r}") from None
    if finite and not math.isfinite(x):
        raise CalibrationError(f"{where}: {key}: expected a finite number, got {v!r}")
    return x


def _years(v, where: str):
    """A target's year: 2019, "2019", [2026, 2029] or "2026-2029"."""
    try:
        if isinstance(v, str):
            parts = [int(y) for y in v.split("-")] if "-" in v.strip("-") else [int(v)]
            v = parts if len(parts) > 1 else parts[0]
        if isinstance(v, list):
            if len(v) != 2:
                raise ValueError
            return [int(v[0]), int(v[1])]
        if isinstance(v, bool) or not float(v).is_integer():
            raise ValueError
        return int(v)
    except (TypeError, ValueError):
        raise CalibrationError(f"{where}: year: expected a calendar year like 2019 or a range "
                               f"like 2026-2029, got {v!r}") from None


TARGET_KEYS = {"series", "year", "years", "value", "scale", "weight", "statistic", "label", "sd",
               "lower", "upper"}
# targets.toml's own keys (scripts/calibration/targets.toml): `target` is the value, `id` the
# label; the documentation keys are read and ignored.
CATALOGUE_KEYS = {"id", "figure", "source", "scenario", "point", "set", "fast_set", "compare_set",
                  "statistic", "statistic_text", "target", "target_text", "lower", "upper",
                  "format", "from_data", "fitted", "enforced", "finding", "reason"}


def make_target(row: dict, where: str, known: dict | None = None) -> Target:
    """One target from a [[target]] table or a CSV row; known: the series catalogue."""
    unknown = sorted(k for k in row if k is not None and k not in TARGET_KEYS)
    if unknown or None in row:
        raise CalibrationError(f"{where}: unknown key {unknown[0]!r}" if unknown else
                               f"{where}: more fields than the header has")
    value = _number(row, "value", where)
    if row.get("statistic"):
        expr, label = str(row["statistic"]), str(row.get("label") or row["statistic"])
    else:
        if not row.get("series") or row.get("years", row.get("year")) in (None, ""):
            raise CalibrationError(f"{where}: a target needs series and year (or years), or statistic")
        series = str(row["series"])
        years = _years(row.get("years", row.get("year")), where)
        check_series(series, known, where)
        try:
            expr = series_expr(series, years)
        except CalibrationError as e:
            raise CalibrationError(f"{where}: {e}") from None
        label = str(row.get("label") or
                    f"{series} {years if not isinstance(years, list) else f'{years[0]}-{years[1]}'}")
    sd, rule = target_sd(row, value, where)
    # Without a scale, a tolerance range sets it (errors in sd units), else |value| (relative).
    default_scale = sd if rule == "(upper - lower) / 4" else (abs(value) if value != 0 else 1.0)
    scale = _number(row, "scale", where, default_scale)
    if scale <= 0:
        raise CalibrationError(f"{where}: scale must be positive, got {scale:g}")
    weight = _number(row, "weight", where, 1.0)
    if weight < 0:
        raise CalibrationError(f"{where}: weight must not be negative, got {weight:g}")
    return Target(label, expr, value, scale, weight, sd, rule)


def _same_scenario(a: str, b: str) -> bool:
    pa, pb = Path(a), Path(b)
    pa, pb = (p if p.is_absolute() else REPO / p for p in (pa, pb))
    return pa.resolve() == pb.resolve()


def catalogue_rows(rows: list[dict], path: str, scenario: str | None, notes: list[str]) -> list[dict]:
    """targets.toml-style rows as fit targets: those for the scenario being fitted, without
    extra settings (`set`, `compare_set`, `point`), with a finite tolerance range."""
    out = []
    for i, r in enumerate(rows):
        where = f"{path}: target {r.get('id', i + 1)}"
        _unknown(r, CATALOGUE_KEYS, where)
        if scenario is None or not _same_scenario(str(r.get("scenario", "")), scenario):
            continue
        if r.get("set") or r.get("compare_set") or r.get("point") is not None:
            notes.append(f"{where}: left out (it needs its own settings: set, compare_set or point)")
            continue
        lo = _number(r, "lower", where, finite=False)
        hi = _number(r, "upper", where, finite=False)
        if not (math.isfinite(lo) and math.isfinite(hi)):
            notes.append(f"{where}: left out (a one-sided tolerance gives no uncertainty)")
            continue
        if not r.get("statistic"):
            raise CalibrationError(f"{where}: a target needs a statistic")
        out.append({"statistic": r["statistic"], "label": str(r.get("id", r["statistic"])),
                    "value": r.get("target"), "lower": lo, "upper": hi})
    if not out:
        raise CalibrationError(f"{path}: no target for scenario {scenario} with a finite tolerance "
                               "and no settings of its own")
    return out


def check_series(series: str, known: dict | None, where: str) -> None:
    """A target's series must be in the catalogue (when quasim could list it)."""
    if known is None:
        return
    group, _, rest = series.rpartition("/") if "/" in series else ("series", "", series)
    name = rest.partition(":")[0]
    if group in known and name in known[group]:
        return
    names = [f"{g}/{n}" if g != "series" else n for g, ns in known.items() for n in ns]
    near = difflib.get_close_matches(series.partition(":")[0], names, n=1)
    hint = f" (did you mean '{near[0]}'?)" if near else ""
    raise CalibrationError(f"{where}: series '{series}' is not in the series catalogue{hint}; "
                           "see quasim info --catalogue")


def read_targets(path: str, known: dict | None, scenario: str | None = None,
                 notes: list[str] | None = None) -> list[Target]:
    """--targets: a CSV (series,year,value[,weight,scale,sd,lower,upper]) or a TOML file of
    [[target]] (a fit file's form, or targets.toml's: then the rows for `scenario`)."""
    if path.endswith(".toml"):
        rows = read_toml(Path(path), "a targets file (TOML with [[target]] tables)").get("target", [])
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise CalibrationError(f"{path}: target: expected [[target]] tables")
        if rows and all("target" in r and "value" not in r for r in rows):
            return [make_target(r, f"{path}: target {r['label']}", known)
                    for r in catalogue_rows(rows, path, scenario, notes if notes is not None else [])]
        return [make_target(r, f"{path}: target {i + 1}", known) for i, r in enumerate(rows)]
    text = reader.read_text(path, "a targets file (CSV: series,year,value[,weight,scale])")
    try:
        rd = csv.DictReader(io.StringIO(text, newline=""))
        fields = rd.fieldnames or []
        if "value" not in fields or not ({"series", "statistic"} & set(fields)):
            raise CalibrationError(f"{path}:1: header {','.join(fields) or '(empty)'}: expected "
                                   "series,year,value[,weight,scale] (or statistic,value)")
        out = []
        for row in rd:
            out.append(make_target({k.strip() if k else k: v for k, v in row.items()},
                                   f"{path}:{rd.line_num}", known))
        return out
    except csv.Error as e:
        raise CalibrationError(f"{path}:{rd.line_num}: not valid CSV ({e})") from None


CONFIG_KEYS = {"scenario", "replicates", "max_runs", "time_limit", "method", "set", "parameter",
               "target", "seed", "design_points", "posterior_runs", "waves", "jobs"}
PARAM_KEYS = {"name", "lower", "upper", "integer"}
METHODS = ("grid", "nelder-mead", "auto", "bayes")
COUNTS = ("replicates", "max_runs", "time_limit", "seed", "design_points", "posterior_runs",
          "waves", "jobs")


def _unknown(keys, allowed: set, where: str) -> None:
    for k in keys:
        if k not in allowed:
            near = difflib.get_close_matches(k, sorted(allowed), n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            raise CalibrationError(f"{where}: unknown key '{k}'{hint}")


def _count(cfg: dict, key: str, where: str, positive_float: bool = False):
    v = cfg[key]
    ok = (isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and v > 0
          and (positive_float or float(v).is_integer()))
    if not ok:
        kind = "a positive number of seconds" if positive_float else "a positive integer"
        raise CalibrationError(f"{where}: expected {kind}, got {v!r}" if where.startswith("--")
                               else f"{where}: {key}: expected {kind}, got {v!r}")
    return float(v) if positive_float else int(v)


def load_config(args) -> dict:
    """The fit file plus command-line options, every value checked; errors name the file."""
    cfg: dict = {}
    src = args.config or "command line"
    if args.config:
        cfg = read_toml(Path(args.config), "a fit file (TOML; see scripts/calibration/example_fit.toml)")
        _unknown(cfg, CONFIG_KEYS, args.config)
    if args.scenario:
        cfg["scenario"] = args.scenario
    for key in (*COUNTS, "method"):
        if getattr(args, key) is not None:
            cfg[key] = getattr(args, key)
    if not isinstance(cfg.get("scenario", ""), str):
        raise CalibrationError(f"{src}: scenario: expected a scenario file path")
    def where(key):  # the option that set it, else the fit file
        return f"--{key.replace('_', '-')}" if getattr(args, key) is not None else src
    for key in COUNTS:
        if key in cfg:
            if key == "posterior_runs" and cfg[key] == 0:
                continue  # no posterior-predictive runs
            cfg[key] = _count(cfg, key, where(key), positive_float=key == "time_limit")
    if cfg.get("waves", 1) > 2:
        raise CalibrationError(f"{where('waves')}: waves: expected 1 or 2, got {cfg['waves']}")
    if cfg.get("method", "auto") not in METHODS:
        raise CalibrationError(f"{src}: method: expected one of {', '.join(METHODS)}, "
                               f"got {cfg['method']!r}")
    sets = cfg.get("set", [])
    if not isinstance(sets, list) or not all(isinstance(x, str) and "=" in x for x in sets):
        raise CalibrationError(f"{src}: set: expected a list of \"key=value\" strings")
    cfg["set"] = list(sets) + list(args.set or [])
    params = cfg.get("parameter", [])
    if not isinstance(params, list) or not all(isinstance(p, dict) for p in params):
        raise CalibrationError(f"{src}: parameter: expected [[parameter]] tables")
    params = [(f"{src}: parameter {i + 1}", dict(p)) for i, p in enumerate(params)]
    for spec in args.param or []:
        name, _, rng = spec.partition("=")
        lo, _, hi = rng.partition(":")
        try:
            params.append((f"--param {spec}", {"name": name.strip(), "lower": float(lo),
                                               "upper": float(hi)}))
        except ValueError:
            raise CalibrationError(f"--param {spec}: expected NAME=LOWER:UPPER, e.g. "
                                   "budget.change_late=-0.06:0") from None
    if not cfg.get("scenario"):
        raise CalibrationError(f"{src}: no scenario (give one in the fit file or with --scenario)")
    scenario = Path(cfg["scenario"]) if Path(cfg["scenario"]).is_absolute() else REPO / cfg["scenario"]
    try:
        reader.check_regular(str(scenario), "a scenario file (TOML)")
    except reader.InputError as e:
        raise CalibrationError(f"{src}: scenario: {e}") from None
    if not params:
        raise CalibrationError(f"{src}: no parameters to fit ([[parameter]] or --param NAME=LOWER:UPPER)")
    most = 8 if cfg.get("method") == "bayes" else 4
    if len(params) > most:
        raise CalibrationError(f"{src}: {len(params)} parameters: method {cfg.get('method', 'auto')} "
                               f"fits at most {most}")
    cfg["params"] = []
    for where, p in params:
        _unknown(p, PARAM_KEYS, where)
        try:
            name, lo, hi = str(p["name"]), float(p["lower"]), float(p["upper"])
        except KeyError as e:
            raise CalibrationError(f"{where}: missing '{e.args[0]}' (needs name, lower, upper)") from None
        except (TypeError, ValueError):
            raise CalibrationError(f"{where}: lower and upper must be numbers") from None
        if not name or not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
            raise CalibrationError(f"{where}: needs a name and finite bounds lower < upper, got "
                                   f"{p.get('lower')!r} and {p.get('upper')!r}")
        cfg["params"].append(Param(name, lo, hi, bool(p.get("integer", False))))
    known = catalogue(args.quasim)
    rows = cfg.get("target", [])
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise CalibrationError(f"{src}: target: expected [[target]] tables")
    cfg["targets"] = [make_target(dict(r), f"{src}: target {i + 1}", known) for i, r in enumerate(rows)]
    cfg["notes"] = []
    if args.targets:
        cfg["targets"] += read_targets(args.targets, known, cfg["scenario"], cfg["notes"])
    if not cfg["targets"]:
        raise CalibrationError(f"{src}: no targets ([[target]] or --targets FILE.csv)")
    cfg["source"] = src
    return cfg


def run_point(cfg: dict, quasim: Path, out: Path, values: tuple, replicates: int,
              threads: int, timeout: float) -> tuple[list[np.ndarray], float]:
    """Runs quasim once at parameter values (cfg["params"] order) and evaluates every target:
    one array of per-replicate values per target, and the run's seconds. A run that fails
    (e.g. a value quasim refuses) raises CalibrationError; so does a target that cannot be
    evaluated, naming the fit file (a mistake there fails the same way at every point)."""
    params = cfg["params"]
    sets = list(cfg["set"]) + [f"{p.name}={_fmt(v, p)}" for p, v in zip(params, values)]
    spec = RunSpec(cfg["scenario"], tuple(sets), replicates)
    seconds = run_quasim(quasim, spec, out, timeout=timeout, threads=threads)
    first = Path(str(out)[:-3] + ".p000.h5")  # a sweep scenario: its first point
    res = Result(first if first.exists() else out)
    try:
        vals = []
        for t in cfg["targets"]:
            where = f"{cfg['source']}: target {t.label}"
            try:
                vals.append(evaluate(t.expr, res, where))
            except reader.InputError as e:  # name the fit file, not the temp result
                msg = str(e).replace(f"{res.path}: ", "")
                raise TargetError(msg if msg.startswith(where) else f"{where}: {msg}") from None
    finally:
        res.close()
        for f in out.parent.glob(out.stem + "*.h5"):
            f.unlink()
    return vals, seconds


class TargetError(CalibrationError):
    """A target that cannot be evaluated on a run's result: stops the fit."""


class Search:
    """Runs quasim at parameter points, caches results and keeps the best; stops at the run or
    time budget (raising _Budget)."""

    def __init__(self, cfg: dict, quasim: Path, work: Path, threads: int):
        self.cfg, self.quasim, self.work, self.threads = cfg, quasim, work, threads
        self.params: list[Param] = cfg["params"]
        self.targets: list[Target] = cfg["targets"]
        self.max_runs = int(cfg.get("max_runs", 30))
        self.time_limit = float(cfg.get("time_limit", 600))
        self.replicates = int(cfg.get("replicates", 4))
        self.seed = int(cfg.get("seed", 1))
        self.start = time.monotonic()
        self.history: list[dict] = []
        self.cache: dict[tuple, float] = {}
        self.best: dict | None = None
        self.last_run_s = 0.0

    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def objective(self, u: np.ndarray) -> float:
        values = tuple(p.value(x) for p, x in zip(self.params, u))
        if values in self.cache:
            return self.cache[values]
        if len(self.history) >= self.max_runs:
            raise _Budget("run limit")
        left = self.time_limit - self.elapsed()
        if left <= 1 or (self.last_run_s and left < 0.8 * self.last_run_s):
            raise _Budget("time limit")
        out = self.work / f"fit{len(self.history):03d}.h5"
        entry = {"run": len(self.history) + 1, "params": dict(zip([p.name for p in self.params], values))}
        try:
            vals, self.last_run_s = run_point(self.cfg, self.quasim, out, values, self.replicates,
                                              self.threads, left)
        except TargetError:
            raise
        except CalibrationError as e:  # this point failed (e.g. a value quasim refuses): go on
            if "ran past" in str(e):
                raise _Budget("time limit") from e
            entry.update(loss=math.inf, error=str(e))
            loss = math.inf
        else:
            models = []
            for v in vals:
                ok = v[~np.isnan(v)]
                models.append(float(np.median(ok)) if len(ok) else math.nan)
            errs = [(m - t.value) / t.scale for t, m in zip(self.targets, models)]
            loss = sum(t.weight * e * e for t, e in zip(self.targets, errs))
            if not math.isfinite(loss):
                loss = math.inf
            entry.update(loss=loss, model=models, errors=errs)
        self.history.append(entry)
        self.cache[values] = loss
        if self.best is None or loss < self.best["loss"]:
            self.best = entry
        best = self.best["loss"]
        progress(len(self.history), self.max_runs, self.elapsed(),
                 f"best error {best:.4g}" if math.isfinite(best) else "no fit yet")
        return loss


class _Budget(Exception):
    pass


def _fmt(v: float, p: Param) -> str:
    return str(int(v)) if p.integer else f"{v:.6g}"


def space_filling(k: int, n: int, seed: int) -> np.ndarray:
    """n points in [0, 1]^k: a Latin hypercube (scipy.stats.qmc, fixed seed; one point in each
    of n equal slices of every parameter's range) - the `grid` method's sample."""
    if n == 1:
        return np.full((1, k), 0.5)
    return qmc.LatinHypercube(d=k, seed=seed).random(n)


def nelder_mead(f, x0: np.ndarray, step: float = 0.15, iterations: int = 200):
    """scipy.optimize.minimize's Nelder-Mead on [0, 1]^k (bounds: points are clipped), from a
    simplex of x0 and x0 moved by `step` along each axis (inwards at an upper bound); stops when
    f raises _Budget (propagated) or the simplex has shrunk below 1% of the range."""
    k = len(x0)
    x0 = np.clip(np.asarray(x0, dtype=float), 0, 1)
    simplex = [x0]
    for i in range(k):
        x = x0.copy()
        x[i] = x[i] + step if x[i] + step <= 1 else x[i] - step
        simplex.append(np.clip(x, 0, 1))
    return minimize(f, x0, method="Nelder-Mead", bounds=[(0.0, 1.0)] * k,
                    options={"initial_simplex": np.array(simplex), "xatol": 0.01,
                             "fatol": math.inf, "maxiter": iterations})


def search(s, method: str) -> str:
    """The grid | nelder-mead | auto search on s (a Search: params, max_runs, seed, best,
    objective(u) over the unit box)."""
    k = len(s.params)
    try:
        if method in ("grid", "auto"):
            budget = s.max_runs if method == "grid" else max(1, s.max_runs // 2)
            for x in space_filling(k, budget, s.seed):
                s.objective(x)
        if method in ("nelder-mead", "auto"):
            if s.best is not None and math.isfinite(s.best["loss"]):
                x0 = np.array([(s.best["params"][p.name] - p.lower) / (p.upper - p.lower) for p in s.params])
            else:
                x0 = np.full(k, 0.5)
            nelder_mead(s.objective, x0, step=0.5 / max(1, int(round(s.max_runs ** (1 / k)))) if method == "auto" else 0.25)
        return "converged" if method != "grid" else "grid done"
    except _Budget as b:
        return str(b)


def report(s: Search, stop: str) -> str:
    lines = [f"{len(s.history)} runs in {s.elapsed():.0f} s ({stop}); scenario {s.cfg['scenario']}, "
             f"{s.replicates} replicates per run"]
    if s.best is None or not math.isfinite(s.best["loss"]):
        errors = [h.get("error") for h in s.history if h.get("error")]
        lines.append("no successful run" + (f": {errors[-1]}" if errors else ""))
        return "\n".join(lines)
    b = s.best
    lines.append(f"best fit (run {b['run']}, objective {b['loss']:.4g}):")
    for p in s.params:
        v = b["params"][p.name]
        edge = " (at a bound: widen it?)" if v in (p.lower, p.upper) else ""
        lines.append(f"  {p.name} = {_fmt(v, p)}   [{p.lower:g}, {p.upper:g}]{edge}")
    lines.append(f"  {'target':<44} {'value':>10} {'model':>10} {'error':>8}")
    for t, m, e in zip(s.targets, b["model"], b["errors"]):
        lines.append(f"  {t.label[:44]:<44} {t.value:>10.4g} {m:>10.4g} {e:>+8.3f}")
    sets = " ".join(f"--set {p.name}={_fmt(b['params'][p.name], p)}" for p in s.params)
    lines.append(f"run it: quasim run {s.cfg['scenario']} {sets}")
    return "\n".join(lines)


def write_variant(s: Search, path: Path) -> None:
    """A scenario file extending the fitted one with the best values (a starting point: edit
    its header to say where the targets came from)."""
    scen = Path(s.cfg["scenario"])
    scen = scen if scen.is_absolute() else REPO / scen
    rel = Path(os.path.relpath(scen.resolve(), path.resolve().parent))
    lines = [f"# {path.stem} - {scen.name} with parameters fitted by scripts/calibration/fit.py",
             "# to: " + "; ".join(f"{t.label} = {t.value:g}" for t in s.targets),
             f'name = "{path.stem}"', f'description = "{scen.stem} fitted to user targets"',
             f'extends = "{rel.as_posix()}"', ""]
    tables: dict[str, list[str]] = {}
    for p in s.params:
        table, _, key = p.name.rpartition(".")
        tables.setdefault(table, []).append(f"{key} = {_fmt(s.best['params'][p.name], p)}")
    for table, keys in tables.items():
        lines += [f"[{table}]", *keys, ""]
    reader.write_text_atomic(str(path), "\n".join(lines), "--write-variant")


def main(argv: list[str] | None = None) -> int:
    ap = reader.parser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("config", nargs="?", help="fit file (TOML)")
    ap.add_argument("--scenario", help="scenario to fit (overrides the fit file)")
    ap.add_argument("--targets", help="targets: CSV (series,year,value[,weight,scale]) or TOML [[target]]")
    ap.add_argument("--param", action="append", metavar="NAME=LOWER:UPPER", help="a parameter to fit (repeatable)")
    ap.add_argument("--set", action="append", metavar="KEY=VALUE", help="fixed override for every run (repeatable)")
    ap.add_argument("--replicates", type=int, help="replicates per run (default 4)")
    ap.add_argument("--max-runs", dest="max_runs", type=int, help="most quasim runs (default 30)")
    ap.add_argument("--time-limit", dest="time_limit", type=float, help="seconds for the whole search (default 600)")
    ap.add_argument("--method", choices=METHODS, help="search (default auto)")
    ap.add_argument("--quasim", type=Path, default=DEFAULT_QUASIM, help="quasim binary")
    ap.add_argument("--threads", type=int, default=1, help="threads per quasim run (default 1)")
    ap.add_argument("--json", type=Path, help="write every run and the best fit as JSON")
    ap.add_argument("--write-variant", type=Path, help="write a scenario extending the fitted one with the best values")
    ap.add_argument("--seed", type=int, help="seed of the designs, samples and MCMC (default 1)")
    b = ap.add_argument_group("method bayes (docs/CALIBRATION.md)")
    b.add_argument("--design-points", dest="design_points", type=int,
                   help="design runs for the emulators (default 10 per parameter, at least 10)")
    b.add_argument("--posterior-runs", dest="posterior_runs", type=int,
                   help="posterior-predictive runs of the real model (default 10; 0 for none)")
    b.add_argument("--waves", type=int, help="history-matching waves: 1, or 2 to add half as many "
                   "design points inside the non-implausible region (default 1)")
    b.add_argument("--jobs", type=int, help="quasim runs at a time (default: cores / --threads)")
    b.add_argument("--min-q2", dest="min_q2", type=float, default=0.5,
                   help="refuse when an emulator's leave-one-out Q2 is below this (default 0.5)")
    b.add_argument("--posterior", type=Path, help="write the posterior and every step to this HDF5 file")
    b.add_argument("--charts", type=Path, help="folder for posterior.png and predictive.png")
    args = ap.parse_args(argv)
    # Outputs are checked before the search, not found unwritable after it.
    for option, path in (("--json", args.json), ("--write-variant", args.write_variant),
                         ("--posterior", args.posterior)):
        if path is not None:
            reader.check_output_file(str(path), option)
    if args.charts is not None and args.charts.exists() and not args.charts.is_dir():
        raise CalibrationError(f"--charts {args.charts}: exists and is not a folder")
    cfg = load_config(args)
    try:
        reader.check_regular(str(args.quasim), "the quasim binary (build it, or pass --quasim)")
    except reader.InputError as e:
        raise CalibrationError(f"--quasim {e}") from None
    bayes_only = [o for o, v in (("--posterior", args.posterior), ("--charts", args.charts))
                  if v is not None]
    if cfg.get("method", "auto") == "bayes":
        import bayes
        with tempfile.TemporaryDirectory(prefix="quasim-fit-") as tmp:
            return bayes.main(cfg, args, args.quasim, Path(tmp))
    if bayes_only:
        raise CalibrationError(f"{bayes_only[0]}: only with --method bayes")
    with tempfile.TemporaryDirectory(prefix="quasim-fit-") as tmp:
        s = Search(cfg, args.quasim, Path(tmp), args.threads)
        stop = search(s, cfg.get("method", "auto"))
    for n in cfg.get("notes", []):
        reader.warn(n)
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    print(report(s, stop))
    if args.json:
        reader.write_text_atomic(str(args.json), json.dumps({
            "scenario": cfg["scenario"], "replicates": s.replicates, "stopped": stop,
            "parameters": [vars(p) for p in s.params],
            "targets": [vars(t) for t in s.targets], "best": s.best, "runs": s.history,
        }, indent=1, allow_nan=True) + "\n", "--json")
    if s.best is None or not math.isfinite(s.best["loss"]):
        errors = [h["error"] for h in s.history if h.get("error")]
        raise CalibrationError(f"{cfg['source']}: no successful run"
                               + (f": {errors[-1]}" if errors else " (no target had a value)"))
    if args.write_variant:
        write_variant(s, args.write_variant)
        print(f"variant written to {args.write_variant}")
    return 0


if __name__ == "__main__":
    sys.exit(reader.run_main(main))
