#!/usr/bin/python3
"""Fits a few named scenario parameters to your own target figures, within a bounded number of
quasim runs and a wall-clock limit, and reports the best fit.

  /usr/bin/python3 scripts/calibration/fit.py FIT.toml [--max-runs N] [--time-limit S]
  /usr/bin/python3 scripts/calibration/fit.py --scenario scenarios/x.toml --targets t.csv \\
      --param budget.change_late=-0.06:0 --param budget.initial_coverage=0.9:1.2

FIT.toml (see scripts/calibration/example_fit.toml):
  scenario = "scenarios/austerity_ageing.toml"   # repository-relative or absolute
  replicates = 4           # per run; the objective uses the median over replicates
  max_runs = 30            # hard cap on quasim runs
  time_limit = 300         # seconds, wall clock, for the whole search
  method = "auto"          # grid | nelder-mead | auto (coarse grid, then Nelder-Mead from the best)
  set = ["population.citizens=500000"]            # fixed overrides for every run
  [[parameter]]  name = "budget.change_late"  lower = -0.06  upper = 0.0
  [[target]]     series = "funding_gap_share"  year = 2019  value = 0.29
                 # or years = [2026, 2029] for a mean over years (NaN years skipped);
                 # series may be "NAME" (/series), "by_provider_type/NAME:TYPE",
                 # "by_domain/NAME:DOMAIN", "by_difficulty_group/NAME:GROUP",
                 # "by_commissioner/NAME" (summed);
                 # or statistic = "<expression>" as in targets.toml;
                 # scale (default |value|, or 1 when value is 0) and weight (default 1).
A CSV of targets has the header series,year,value[,weight,scale] (year may be "2026-2029").

The error of a target is (model median - value) / scale; the objective is the weighted sum of
squared errors. Runs use the scenario's seed, so the objective is deterministic and a fit is
reproducible. Exit status 0 when a fit was found, 2 on bad input or when no run succeeded (one
line `error: FILE: ...` on stderr: the fit and targets files must be regular files of at most
16 MiB, and every key, bound and series is checked before the first run), 1 on anything
unexpected, 130 on Ctrl-C.
"""
from __future__ import annotations

import argparse
import csv
import difflib
import io
import itertools
import json
import math
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

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


def _number(row: dict, key: str, where: str, default=None) -> float:
    v = row.get(key)
    if v is None or v == "":
        if default is None:
            raise CalibrationError(f"{where}: a target needs a numeric '{key}'")
        return default
    try:
        x = float(v)
    except (TypeError, ValueError):
        raise CalibrationError(f"{where}: {key}: expected a number, got {v!r}") from None
    if not math.isfinite(x):
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


TARGET_KEYS = {"series", "year", "years", "value", "scale", "weight", "statistic", "label"}


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
    scale = _number(row, "scale", where, abs(value) if value != 0 else 1.0)
    if scale <= 0:
        raise CalibrationError(f"{where}: scale must be positive, got {scale:g}")
    weight = _number(row, "weight", where, 1.0)
    if weight < 0:
        raise CalibrationError(f"{where}: weight must not be negative, got {weight:g}")
    return Target(label, expr, value, scale, weight)


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


def read_targets(path: str, known: dict | None) -> list[Target]:
    """--targets: a CSV (series,year,value[,weight,scale]) or a TOML file of [[target]]."""
    if path.endswith(".toml"):
        rows = read_toml(Path(path), "a targets file (TOML with [[target]] tables)").get("target", [])
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise CalibrationError(f"{path}: target: expected [[target]] tables")
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
               "target"}
PARAM_KEYS = {"name", "lower", "upper", "integer"}
METHODS = ("grid", "nelder-mead", "auto")


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
    for key in ("replicates", "max_runs", "time_limit", "method"):
        if getattr(args, key) is not None:
            cfg[key] = getattr(args, key)
    if not isinstance(cfg.get("scenario", ""), str):
        raise CalibrationError(f"{src}: scenario: expected a scenario file path")
    def where(key):  # the option that set it, else the fit file
        return f"--{key.replace('_', '-')}" if getattr(args, key) is not None else src
    for key in ("replicates", "max_runs", "time_limit"):
        if key in cfg:
            cfg[key] = _count(cfg, key, where(key), positive_float=key == "time_limit")
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
    if len(params) > 4:
        raise CalibrationError(f"{src}: {len(params)} parameters: this helper searches at most 4")
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
    if args.targets:
        cfg["targets"] += read_targets(args.targets, known)
    if not cfg["targets"]:
        raise CalibrationError(f"{src}: no targets ([[target]] or --targets FILE.csv)")
    cfg["source"] = src
    return cfg


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
        sets = list(self.cfg["set"]) + [f"{p.name}={_fmt(v, p)}" for p, v in zip(self.params, values)]
        spec = RunSpec(self.cfg["scenario"], tuple(sets), self.replicates)
        out = self.work / f"fit{len(self.history):03d}.h5"
        entry = {"run": len(self.history) + 1, "params": dict(zip([p.name for p in self.params], values))}
        try:
            self.last_run_s = run_quasim(self.quasim, spec, out, timeout=left, threads=self.threads)
        except CalibrationError as e:  # this point failed (e.g. a value quasim refuses): go on
            if "ran past" in str(e):
                raise _Budget("time limit") from e
            entry.update(loss=math.inf, error=str(e))
            loss = math.inf
        else:
            # A target that cannot be evaluated fails the same way at every point: a mistake
            # in the fit file, so it stops the search (reader.InputError) instead of scoring inf.
            first = Path(str(out)[:-3] + ".p000.h5")  # a sweep scenario: its first point
            res = Result(first if first.exists() else out)
            try:
                errs, models = [], []
                for t in self.targets:
                    where = f"{self.cfg['source']}: target {t.label}"
                    try:
                        vals = evaluate(t.expr, res, where)
                    except reader.InputError as e:  # name the fit file, not the temp result
                        msg = str(e).replace(f"{res.path}: ", "")
                        raise CalibrationError(msg if msg.startswith(where) else f"{where}: {msg}") from None
                    ok = vals[~np.isnan(vals)]
                    m = float(np.median(ok)) if len(ok) else math.nan
                    models.append(m)
                    errs.append((m - t.value) / t.scale)
            finally:
                res.close()
            for f in self.work.glob(out.stem + "*.h5"):
                f.unlink()
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


def grid_points(k: int, n: int) -> list[np.ndarray]:
    axis = [0.5] if n == 1 else list(np.linspace(0, 1, n))
    return [np.array(x) for x in itertools.product(axis, repeat=k)]


def nelder_mead(f, x0: np.ndarray, step: float = 0.15, iterations: int = 200) -> None:
    """Bounded Nelder-Mead on [0, 1]^k (points are clipped); stops when f raises _Budget or the
    simplex has shrunk below 1% of the range."""
    k = len(x0)
    simplex = [np.clip(x0, 0, 1)]
    for i in range(k):
        x = x0.copy()
        x[i] = x[i] + step if x[i] + step <= 1 else x[i] - step
        simplex.append(np.clip(x, 0, 1))
    values = [f(x) for x in simplex]
    for _ in range(iterations):
        order = np.argsort(values)
        simplex = [simplex[i] for i in order]
        values = [values[i] for i in order]
        if max(np.max(np.abs(s - simplex[0])) for s in simplex[1:]) < 0.01:
            return
        centroid = np.mean(simplex[:-1], axis=0)
        worst = simplex[-1]
        xr = np.clip(centroid + (centroid - worst), 0, 1)
        fr = f(xr)
        if fr < values[0]:
            xe = np.clip(centroid + 2 * (centroid - worst), 0, 1)
            fe = f(xe)
            simplex[-1], values[-1] = (xe, fe) if fe < fr else (xr, fr)
        elif fr < values[-2]:
            simplex[-1], values[-1] = xr, fr
        else:
            xc = np.clip(centroid + 0.5 * (worst - centroid), 0, 1)
            fc = f(xc)
            if fc < values[-1]:
                simplex[-1], values[-1] = xc, fc
            else:
                for i in range(1, len(simplex)):
                    simplex[i] = simplex[0] + 0.5 * (simplex[i] - simplex[0])
                    values[i] = f(simplex[i])


def search(s: Search, method: str) -> str:
    k = len(s.params)
    try:
        if method in ("grid", "auto"):
            budget = s.max_runs if method == "grid" else max(1, s.max_runs // 2)
            n = max(1, int(math.floor(budget ** (1.0 / k) + 1e-9)))
            for x in grid_points(k, n):
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
    args = ap.parse_args(argv)
    # Outputs are checked before the search, not found unwritable after it.
    for option, path in (("--json", args.json), ("--write-variant", args.write_variant)):
        if path is not None:
            reader.check_output_file(str(path), option)
    cfg = load_config(args)
    try:
        reader.check_regular(str(args.quasim), "the quasim binary (build it, or pass --quasim)")
    except reader.InputError as e:
        raise CalibrationError(f"--quasim {e}") from None
    with tempfile.TemporaryDirectory(prefix="quasim-fit-") as tmp:
        s = Search(cfg, args.quasim, Path(tmp), args.threads)
        stop = search(s, cfg.get("method", "auto"))
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
