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
                 # "by_domain/NAME:DOMAIN", "by_commissioner/NAME" (summed);
                 # or statistic = "<expression>" as in targets.toml;
                 # scale (default |value|, or 1 when value is 0) and weight (default 1).
A CSV of targets has the header series,year,value[,weight,scale] (year may be "2026-2029").

The error of a target is (model median - value) / scale; the objective is the weighted sum of
squared errors. Runs use the scenario's seed, so the objective is deterministic and a fit is
reproducible. Exit status 0 when a fit was found, 2 on bad input or when no run succeeded.
"""
from __future__ import annotations

import argparse
import csv
import itertools
import json
import math
import os
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quasim_results import (DEFAULT_QUASIM, REPO, CalibrationError, Result, RunSpec,  # noqa: E402
                            evaluate, progress, run_quasim)


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


def make_target(row: dict, where: str) -> Target:
    try:
        value = float(row["value"])
    except (KeyError, ValueError) as e:
        raise CalibrationError(f"{where}: a target needs a numeric 'value'") from e
    if "statistic" in row:
        expr, label = row["statistic"], row.get("label", row["statistic"])
    else:
        if "series" not in row or not ("year" in row or "years" in row):
            raise CalibrationError(f"{where}: a target needs series and year (or years), or statistic")
        years = row.get("years", row.get("year"))
        if isinstance(years, str) and "-" in years:
            years = [int(y) for y in years.split("-")]
        elif isinstance(years, str):
            years = int(years)
        expr = series_expr(row["series"], years)
        label = f"{row['series']} {years if not isinstance(years, list) else f'{years[0]}-{years[1]}'}"
    scale = float(row.get("scale") or (abs(value) if value != 0 else 1.0))
    if scale <= 0:
        raise CalibrationError(f"{where}: scale must be positive")
    return Target(label, expr, value, scale, float(row.get("weight") or 1.0))


def load_config(args) -> dict:
    cfg: dict = {}
    if args.config:
        try:
            cfg = tomllib.loads(Path(args.config).read_text())
        except (OSError, tomllib.TOMLDecodeError) as e:
            raise CalibrationError(f"{args.config}: {e}") from e
    if args.scenario:
        cfg["scenario"] = args.scenario
    for key in ("replicates", "max_runs", "time_limit", "method"):
        if getattr(args, key) is not None:
            cfg[key] = getattr(args, key)
    cfg["set"] = list(cfg.get("set", [])) + list(args.set or [])
    params = [dict(p) for p in cfg.get("parameter", [])]
    for spec in args.param or []:
        name, _, rng = spec.partition("=")
        lo, _, hi = rng.partition(":")
        try:
            params.append({"name": name, "lower": float(lo), "upper": float(hi)})
        except ValueError as e:
            raise CalibrationError(f"--param {spec}: expected NAME=LOWER:UPPER") from e
    rows = [dict(t) for t in cfg.get("target", [])]
    if args.targets:
        with open(args.targets, newline="") as fh:
            rows += [dict(r) for r in csv.DictReader(fh)]
    if "scenario" not in cfg:
        raise CalibrationError("no scenario (give one in the fit file or with --scenario)")
    if not params:
        raise CalibrationError("no parameters to fit ([[parameter]] or --param NAME=LOWER:UPPER)")
    if len(params) > 4:
        raise CalibrationError(f"{len(params)} parameters: this helper searches at most 4")
    if not rows:
        raise CalibrationError("no targets ([[target]] or --targets FILE.csv)")
    cfg["params"] = []
    for p in params:
        if not {"name", "lower", "upper"} <= p.keys() or float(p["lower"]) >= float(p["upper"]):
            raise CalibrationError(f"parameter {p.get('name', p)}: needs name and lower < upper")
        cfg["params"].append(Param(p["name"], float(p["lower"]), float(p["upper"]), bool(p.get("integer", False))))
    cfg["targets"] = [make_target(r, f"target {i + 1}") for i, r in enumerate(rows)]
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
            path = out if out.exists() else Path(str(out)[:-3] + ".p000.h5")
            res = Result(path)
            try:
                errs, models = [], []
                for t in self.targets:
                    vals = evaluate(t.expr, res, f"target {t.label}")
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
        except CalibrationError as e:
            if "ran past" in str(e):
                raise _Budget("time limit") from e
            entry.update(loss=math.inf, error=str(e))
            loss = math.inf
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
    path.write_text("\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("config", nargs="?", help="fit file (TOML)")
    ap.add_argument("--scenario", help="scenario to fit (overrides the fit file)")
    ap.add_argument("--targets", help="CSV of targets: series,year,value[,weight,scale]")
    ap.add_argument("--param", action="append", metavar="NAME=LOWER:UPPER", help="a parameter to fit (repeatable)")
    ap.add_argument("--set", action="append", metavar="KEY=VALUE", help="fixed override for every run (repeatable)")
    ap.add_argument("--replicates", type=int, help="replicates per run (default 4)")
    ap.add_argument("--max-runs", dest="max_runs", type=int, help="most quasim runs (default 30)")
    ap.add_argument("--time-limit", dest="time_limit", type=float, help="seconds for the whole search (default 600)")
    ap.add_argument("--method", choices=["grid", "nelder-mead", "auto"], help="search (default auto)")
    ap.add_argument("--quasim", type=Path, default=DEFAULT_QUASIM, help="quasim binary")
    ap.add_argument("--threads", type=int, default=1, help="threads per quasim run (default 1)")
    ap.add_argument("--json", type=Path, help="write every run and the best fit as JSON")
    ap.add_argument("--write-variant", type=Path, help="write a scenario extending the fitted one with the best values")
    args = ap.parse_args(argv)
    try:
        cfg = load_config(args)
        if not args.quasim.exists():
            raise CalibrationError(f"{args.quasim}: quasim binary not found (build it, or pass --quasim)")
        with tempfile.TemporaryDirectory(prefix="quasim-fit-") as tmp:
            s = Search(cfg, args.quasim, Path(tmp), args.threads)
            stop = search(s, cfg.get("method", "auto"))
        if sys.stderr.isatty():
            sys.stderr.write("\n")
    except CalibrationError as e:
        sys.stderr.write(f"fit: {e}\n")
        return 2
    print(report(s, stop))
    if args.json:
        args.json.write_text(json.dumps({
            "scenario": cfg["scenario"], "replicates": s.replicates, "stopped": stop,
            "parameters": [vars(p) for p in s.params],
            "targets": [vars(t) for t in s.targets], "best": s.best, "runs": s.history,
        }, indent=1, allow_nan=True) + "\n")
    ok = s.best is not None and math.isfinite(s.best["loss"])
    if ok and args.write_variant:
        write_variant(s, args.write_variant)
        print(f"variant written to {args.write_variant}")
    return 0 if ok else 2


if __name__ == "__main__":
    sys.exit(main())
