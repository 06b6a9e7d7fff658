#!/usr/bin/python3
"""Which parameters of an experiment design matter for an output, and how sure that is.

Usage: /usr/bin/python3 output/sensitivity.py INDEX.h5 [--series NAME ...] [--year Y |
       --years Y0:Y1] [--domain D | --commissioner C | --provider-type T] [-o OUT.h5]
       [--bootstrap B]   (or `quasim sensitivity ...`)

INDEX.h5 is the batch index of a `[design]` batch (docs/DESIGNS.md): /design says the method,
the parameters and each point's unit coordinates, /sweep the values each point ran with, and
/points links to each point's result file. For every output asked for (a series of /series, or
of a /by_* group for one domain, commissioner or provider type; in one year, the mean over a
range of years, or by default the final year) the value of every run is read: Y[point,
replicate]. The indices are computed on the mean over a point's runs; how much of the
variance of single runs is run-to-run noise is said beside them:

    noise share = mean over points of the variance between a point's runs
                  / variance of all single runs (every point, every run)

and the parameters' share is the rest. By method:

- saltelli: Sobol' first-order and total indices with bootstrap confidence intervals, from
  OpenTURNS' MauntzKucherenkoSensitivityAlgorithm on the [A; B; E_1 .. E_d] rows (Sobol' 2007,
  the first-order form Saltelli et al. 2010 recommend). Its sums are of differences y(E_i) -
  y(A), so a parameter with no effect gets first-order and total indices of exactly 0, with an
  interval of exactly 0; OpenTURNS centres the output first, so quasim's large levels (spending
  in GBP million) lose no precision. On the Ishigami function its bootstrap intervals held
  the known indices at every design size tried (64 to 512 base points), where the Martinez and
  Jansen estimators missed S_T3 at 256 and Saltelli (2002) missed at every size; OpenTURNS'
  bootstrap intervals for Martinez also spanned -18% to 24% for a parameter with no effect.
- morris: elementary effects from the trajectories' consecutive rows (numpy; OpenTURNS has no
  Morris): the change in the output over the change in the parameter's unit coordinate, i.e.
  the change for a move across the parameter's whole range (in probability). mu (mean), mu*
  (mean absolute: the ranking), sigma (standard deviation: non-linearity and interactions),
  with a bootstrap interval on mu* over the trajectories.
- lhs, sobol: standardised regression coefficients (OpenTURNS CorrelationAnalysis SRC and, on
  ranks, SRRC) with bootstrap intervals over the points, and the linear model's R^2 (how far a
  straight-line reading of the parameters explains the output).
- oat: each parameter's swing: the output at the lowest and highest value run, and the largest
  minus the smallest over its steps (the others at their centre).

Writes OUT.h5 (default INDEX_sensitivity.h5) atomically: /sensitivity/<output>/ with one
dataset per statistic along /sensitivity/<output>/parameter (every dataset with units and
description), and /provenance with the index's provenance copied in (as index_*). Prints a table
per output. Any problem is one line `error: ...` on stderr, exit 2 for bad input (a plain result
file, a sweep's index without /design, a series that does not exist, a year outside the run, an
incomplete design), and nothing is written.
"""
import argparse
import datetime
import difflib
import os
import sys
import warnings
from dataclasses import dataclass, field

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import quasim_reader as reader  # noqa: E402

InputError = reader.InputError
METHODS = ("saltelli", "morris", "lhs", "sobol", "oat")
CONFIDENCE = 0.95
BOOTSTRAP = 500          # resamples for every interval (--bootstrap)
BOOTSTRAP_SEED = 20100401  # the bootstrap is seeded: the same index gives the same file
# --domain / --commissioner / --provider-type: the group a bare series name is read from.
ENTITY_OPTIONS = {"domain": "by_domain", "commissioner": "by_commissioner",
                  "provider_type": "by_provider_type"}
# Default outputs: the key indicators of the end-of-run summary (plot.KEY_SERIES).
DEFAULT_SERIES = ["spending_total", "funding_gap", "unmet_need", "outcome_mean"]
SHARE_UNITS = "share of variance (0-1)"


# --- the design ----------------------------------------------------------------------------

@dataclass
class Design:
    """A design index, read: the method and its parameters, the points in design-row order."""
    path: str
    method: str
    parameters: list
    unit: np.ndarray            # [point, parameter] unit coordinates
    values: np.ndarray          # [point, parameter] the values run (/sweep)
    lower: np.ndarray
    upper: np.ndarray
    distributions: list
    attrs: dict                 # /design attributes
    provenance: dict            # the index's /provenance
    points: list                # [(label, target, pNNN)] in design-row order
    partial: str = None
    units: dict = field(default_factory=dict)   # parameter -> units (from /sweep)


def _design_array(f, path, name, shape, kind="f"):
    ds = reader.hard(f, path, f"design/{name}", "dataset")
    if ds is None:
        raise InputError(f"{path}: /design/{name} is missing; expected a dataset of shape "
                         f"{shape}")
    if ds.shape != shape or ds.dtype.kind not in (kind if kind != "f" else "f"):
        raise InputError(f"{path}: /design/{name} has shape {ds.shape} and type {ds.dtype}; "
                         f"expected {shape}")
    return reader._read(ds, path)


def read_design(path):
    """The design of a batch index; InputError for a result file, a sweep's index (no /design)
    or a /design that does not match /points and /sweep."""
    f = reader.open_hdf5(path)
    with f:
        prov = reader.provenance(f, path)
        reader.refuse_comparison(path, prov, "the batch index of a [design] batch")
        if prov.get("kind") == "sensitivity":
            raise InputError(f"{path}: is a sensitivity file written by quasim sensitivity; "
                             "expected the batch index of a [design] batch")
        if not reader.is_batch_index(f, prov):
            raise InputError(f"{path}: is a result file, not a batch index; quasim sensitivity "
                             "needs the index of a [design] batch (quasim batch of a scenario "
                             "with a [design] table, docs/DESIGNS.md)")
        g = reader.hard(f, path, "design", "group")
        if g is None:
            raise InputError(f"{path}: is a batch index without /design (a [sweep] or plain "
                             "batch); quasim sensitivity needs the index of a [design] batch "
                             "(docs/DESIGNS.md)")
        attrs = {k: reader.text(v) for k, v in g.attrs.items()}
        method = str(attrs.get("method", ""))
        if method not in METHODS:
            raise InputError(f"{path}: /design@method is '{method}'; expected one of "
                             f"{', '.join(METHODS)}")
        parameters = [p for p in str(attrs.get("parameters", "")).split(", ") if p]
        if not parameters:
            raise InputError(f"{path}: /design@parameters is empty; expected the design's "
                             "parameter keys")
        d = len(parameters)
        unit_ds = reader.hard(f, path, "design/unit", "dataset")
        if unit_ds is None or unit_ds.ndim != 2 or unit_ds.shape[1] != d:
            raise InputError(f"{path}: /design/unit is missing or not [point, {d}]; expected "
                             "each point's unit coordinates")
        unit = reader._read(unit_ds, path).astype(float)
        lower = _design_array(f, path, "lower", (d,)).astype(float)
        upper = _design_array(f, path, "upper", (d,)).astype(float)
        dist_ds = reader.hard(f, path, "design/distribution", "dataset")
        distributions = [str(reader.text(v)) for v in reader._read(dist_ds, path)] \
            if dist_ds is not None and dist_ds.shape == (d,) else [""] * d
    sweep = reader.sweep_coordinates(path)
    points, partial = reader.index_points(path)
    if unit.shape[0] != len(points):
        raise InputError(f"{path}: /design/unit has {unit.shape[0]} rows but /points "
                         f"{len(points)} links; expected one row per point")
    values = np.empty((len(points), d))
    units = {}
    for j, key in enumerate(parameters):
        if key not in sweep or not sweep.numeric(key):
            raise InputError(f"{path}: /sweep/{key} is missing or not numbers; expected the "
                             "value each point ran with for every parameter of /design")
        values[:, j] = sweep[key]
        units[key] = sweep.units.get(key, "")
    # Design rows are point numbers: order by them (the index lists pNNN in that order).
    order = np.argsort(sweep.numbers, kind="stable")
    return Design(path, method, parameters, unit[order], values[order], lower, upper,
                  distributions, attrs, prov, [points[i] for i in order], partial, units), \
        [sweep.numbers[i] for i in order]


def check_complete(design, numbers):
    """Saltelli, Morris and OAT need every row of the design, in order."""
    want = design.attrs.get("points")
    n = len(design.points)
    if design.method in ("saltelli", "morris", "oat") and (
            numbers != list(range(n)) or (isinstance(want, int) and want != n)):
        raise InputError(f"{design.path}: holds {n} of the design's "
                         f"{want if isinstance(want, int) else '?'} points"
                         + (f" ({design.partial})" if design.partial else "")
                         + f"; a {design.method} design needs every point: finish the batch "
                         "(quasim batch resumes) and merge it")
    d = len(design.parameters)
    if design.method == "saltelli":
        base = design.attrs.get("base_points")
        if n % (d + 2) or (isinstance(base, int) and base * (d + 2) != n):
            raise InputError(f"{design.path}: a saltelli design of {d} parameters has "
                             f"N*(d+2) points; this one has {n}")
    if design.method == "morris" and n % (d + 1):
        raise InputError(f"{design.path}: a morris design of {d} parameters has r*(d+1) "
                         f"points; this one has {n}")


# --- the outputs ---------------------------------------------------------------------------

@dataclass
class Output:
    """One output asked for: /GROUP/NAME (for one entity of a /by_* group), in years y0..y1."""
    group: str
    name: str
    entity: str = None
    years: tuple = None      # (first, last) asked for; None: the final year
    key: str = ""            # its group's name under /sensitivity
    entry: dict = None

    def words(self):
        axis = reader.GROUP_AXIS[self.group]
        where = f" for {axis.replace('_', ' ')} {self.entity}" if axis else ""
        return f"{self.entry['label']} ({self.group}/{self.name}{where})"


def _near(name, names):
    near = difflib.get_close_matches(name, sorted(names), n=3)
    return f"; did you mean {' or '.join(near)}?" if near else \
        " (see quasim info --catalogue)"


def parse_outputs(a):
    """[Output] from --series (NAME, or GROUP/NAME:ENTITY), --domain/--commissioner/
    --provider-type and --year/--years; InputError for a series quasim does not write."""
    entity_opts = [(k, getattr(a, k)) for k in ENTITY_OPTIONS if getattr(a, k)]
    if len(entity_opts) > 1:
        raise InputError("--domain, --commissioner and --provider-type: give at most one")
    wanted = []
    for item in a.series or []:
        wanted += [s.strip() for s in item.split(",") if s.strip()]
    if not wanted:
        wanted = list(DEFAULT_SERIES)
        if entity_opts:
            group = ENTITY_OPTIONS[entity_opts[0][0]]
            wanted = [n for n in wanted if (group, n) in reader.catalogue()] or \
                [n for (g, n) in reader.catalogue() if g == group][:3]
    years = parse_years(a)
    outputs = []
    for spec in wanted:
        group, name, entity = "series", spec, None
        if "/" in spec:
            group, _, rest = spec.partition("/")
            name, _, entity = rest.partition(":")
            if group not in reader.GROUP_AXIS:
                raise InputError(f"--series {spec}: no group '{group}'; expected one of "
                                 f"{', '.join(reader.GROUP_AXIS)}")
            if reader.GROUP_AXIS[group] and not entity:
                raise InputError(f"--series {spec}: name the {reader.GROUP_AXIS[group]} after "
                                 f"a colon ({group}/{name}:NAME)")
            if not reader.GROUP_AXIS[group]:
                entity = None
        elif entity_opts:
            option, entity = entity_opts[0]
            group = ENTITY_OPTIONS[option]
        entry = reader.catalogue().get((group, name))
        if entry is None:
            names = [n for (g, n) in reader.catalogue() if g == group]
            raise InputError(f"--series {spec}: not a series of /{group}{_near(name, names)}")
        key = name if entity is None else f"{name}.{reader.GROUP_AXIS[group]}.{entity}"
        key = key.replace("/", "_")
        if key not in [o.key for o in outputs]:
            outputs.append(Output(group, name, entity, years, key, entry))
    return outputs


def parse_years(a):
    if a.year is not None and a.years:
        raise InputError("--year and --years: give one (a year, or a range Y0:Y1 to average)")
    if a.year is not None:
        return (a.year, a.year)
    if a.years:
        first, sep, last = a.years.partition(":")
        try:
            y0, y1 = int(first), int(last)
        except ValueError:
            raise InputError(f"--years {a.years}: expected a range of calendar years Y0:Y1, "
                             "e.g. 2015:2019") from None
        if not sep or y1 < y0:
            raise InputError(f"--years {a.years}: expected Y0:Y1 with Y0 <= Y1")
        return (y0, y1)
    return None


def _entity_column(o, axes, where):
    axis = reader.GROUP_AXIS[o.group]
    names = axes[axis]
    if o.entity not in names:
        raise InputError(f"{where}: no {axis.replace('_', ' ')} '{o.entity}' in "
                         f"/{o.group}/{o.name} (it has {', '.join(map(str, names))})")
    return names.index(o.entity)


def _year_columns(o, years, where):
    if o.years is None:
        return [len(years) - 1]
    y0, y1 = o.years
    span = f"{years[0]}-{years[-1]}"
    for y in (y0, y1):
        if y not in years:
            option = f"--year {y}" if y0 == y1 else f"--years {y0}:{y1}"
            raise InputError(f"{option}: {y} is outside the run ({where} covers {span})")
    return [i for i, y in enumerate(years) if y0 <= y <= y1]


def read_outputs(design, outputs):
    """{key: Y [point, replicate]}, each run's value (a year's, or its mean over the years
    asked for); the years of each output are noted on it (.first, .last)."""
    Y = {o.key: [] for o in outputs}
    reps = None
    for label, target, name in design.points:
        f, prov, axes = reader.open_point(design.path, name, target)
        with f:
            where = f"{target}"
            if reps is None:
                reps = list(axes["replicate"])
            elif list(axes["replicate"]) != reps:
                raise InputError(f"{target}: replicates {list(axes['replicate'])} differ from "
                                 f"the first point's {reps}; expected every point of the design "
                                 "run with the same replicates")
            years = [int(y) for y in axes["year"]]
            for o in outputs:
                if not reader.has_series(f, o.group, o.name):
                    raise InputError(f"{target}: /{o.group}/{o.name} is not in this file (an "
                                     "older result-file format)")
                data = reader.read_series(f, target, o.group, o.name, axes)
                if o.entity is not None:
                    data = data[:, :, _entity_column(o, axes, where)]
                cols = _year_columns(o, years, where)
                o.first, o.last = years[cols[0]], years[cols[-1]]
                with warnings.catch_warnings():  # a run with no value in any year: NaN
                    warnings.simplefilter("ignore", RuntimeWarning)
                    Y[o.key].append(np.nanmean(data[:, cols], axis=1))
    out = {}
    for o in outputs:
        y = np.array(Y[o.key])
        bad = ~np.isfinite(y).all(axis=1)
        if bad.any():
            when = f"in {o.first}" if o.first == o.last else f"in any year {o.first}-{o.last}"
            raise InputError(f"--series {o.group}/{o.name}: no value {when} at {int(bad.sum())} "
                             f"of {len(y)} points (e.g. {design.points[int(np.argmax(bad))][2]}); "
                             "choose another year or a range of years (--years)")
        out[o.key] = y
    return out, reps


# --- the statistics ------------------------------------------------------------------------

def noise_shares(y):
    """(parameters' share, noise share) of the variance of single runs, y [point, replicate];
    (NaN, NaN) with one run per point (noise cannot be told apart) or no variance at all."""
    if y.shape[1] < 2:
        return np.nan, np.nan
    total = np.var(y, ddof=1)
    if not total > 0:
        return np.nan, np.nan
    noise = float(np.mean(np.var(y, axis=1, ddof=1)) / total)
    noise = min(max(noise, 0.0), 1.0)
    return 1.0 - noise, noise


# Bootstrap bounds of a Sobol' index beyond this (1000%) are the estimator dividing by nearly
# nothing, not information.
MAX_INDEX = 10.0


def _interval(samples, axis=0):
    alpha = (1 - CONFIDENCE) / 2
    return (np.quantile(samples, alpha, axis=axis), np.quantile(samples, 1 - alpha, axis=axis))


def sobol(design, y, bootstrap):
    """Sobol' first-order and total indices with bootstrap intervals, from the replicate means
    y [point] in [A; B; E_1 .. E_d] order: OpenTURNS' MauntzKucherenkoSensitivityAlgorithm,
    its own bootstrap (setBootstrapSize, seeded here) and its interval getters."""
    import openturns as ot
    d = len(design.parameters)
    n = len(y) // (d + 2)
    if not np.var(y) > 0:
        nan = np.full(d, np.nan)
        return {**{k: nan for k in ("first_order", "first_order_low", "first_order_high",
                                    "total", "total_low", "total_high")},
                "rank": np.arange(1, d + 1, dtype=np.int32)}
    ot.RandomGenerator.SetSeed(BOOTSTRAP_SEED)  # the same index gives the same intervals
    nan = np.full(d, np.nan)
    try:
        algo = ot.MauntzKucherenkoSensitivityAlgorithm(ot.Sample(design.unit),
                                                       ot.Sample(y.reshape(-1, 1)), n)
        algo.setBootstrapSize(bootstrap)
        algo.setConfidenceLevel(CONFIDENCE)
        out = {"first_order": np.array(algo.getFirstOrderIndices()),
               "total": np.array(algo.getTotalOrderIndices())}
    except Exception as x:  # OpenTURNS: a block of the design whose outputs do not vary
        if "variance" not in str(x).lower():
            raise
        return {**{k: nan for k in ("first_order", "first_order_low", "first_order_high",
                                    "total", "total_low", "total_high")},
                "rank": np.arange(1, d + 1, dtype=np.int32)}
    for k, get in (("first_order", algo.getFirstOrderIndicesInterval),
                   ("total", algo.getTotalOrderIndicesInterval)):
        try:
            interval = get()
            out[f"{k}_low"] = np.array(interval.getLowerBound())
            out[f"{k}_high"] = np.array(interval.getUpperBound())
        except Exception as x:  # a resample whose outputs do not vary: no interval
            if "variance" not in str(x).lower():
                raise
            out[f"{k}_low"], out[f"{k}_high"] = nan.copy(), nan.copy()
        # A resample whose outputs barely vary (a count that is mostly 0) divides by almost
        # nothing: its bounds run to 1e200 or leave the estimate outside. Such an interval is
        # not an interval: n/a, and the table says why.
        est, lo, hi = out[k], out[f"{k}_low"], out[f"{k}_high"]
        bad = ~(np.isfinite(lo) & np.isfinite(hi)) | (lo > est + 1e-9) | (hi < est - 1e-9) \
            | (np.abs(lo) > MAX_INDEX) | (np.abs(hi) > MAX_INDEX)
        out[f"{k}_low"] = np.where(bad, np.nan, lo)
        out[f"{k}_high"] = np.where(bad, np.nan, hi)
    out["rank"] = _rank(out["total"])
    return out


def morris(design, y, bootstrap):
    """Elementary effects of each trajectory's steps: (y after - y before) / (u after - u
    before) of the one parameter the step moves; mu, mu*, sigma over the trajectories and a
    bootstrap interval on mu* (trajectories resampled)."""
    d = len(design.parameters)
    r = len(y) // (d + 1)
    effects = np.full((r, d), np.nan)
    for t in range(r):
        for s in range(d):
            k = t * (d + 1) + s
            du = design.unit[k + 1] - design.unit[k]
            moved = np.flatnonzero(np.abs(du) > 1e-12)
            if len(moved) != 1:
                raise InputError(f"{design.path}: morris trajectory {t}, step {s} (points {k} "
                                 f"and {k + 1}) moves {len(moved)} parameters; expected one")
            i = moved[0]
            if np.isfinite(effects[t, i]):
                raise InputError(f"{design.path}: morris trajectory {t} moves "
                                 f"{design.parameters[i]} twice; expected each parameter once")
            effects[t, i] = (y[k + 1] - y[k]) / du[i]
    out = {"mu": effects.mean(axis=0), "mu_star": np.abs(effects).mean(axis=0),
           "sigma": effects.std(axis=0, ddof=1) if r > 1 else np.full(d, np.nan)}
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    draws = rng.integers(0, r, size=(bootstrap, r))
    stars = np.abs(effects)[draws].mean(axis=1)  # [bootstrap, parameter]
    out["mu_star_low"], out["mu_star_high"] = _interval(stars)
    out["rank"] = _rank(out["mu_star"])
    out["effects"] = effects
    return out


def _r2(x, y):
    design = np.column_stack([np.ones(len(y)), x])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    resid = y - design @ coef
    total = np.sum((y - y.mean()) ** 2)
    return float(1 - np.sum(resid ** 2) / total) if total > 0 else np.nan


def regression(design, y, bootstrap):
    """Standardised regression coefficients (OpenTURNS CorrelationAnalysis: SRC on the values
    run, SRRC on their ranks) with bootstrap intervals over the points, and R^2."""
    import openturns as ot
    x = design.values
    d = x.shape[1]
    if not np.var(y) > 0:
        nan = np.full(d, np.nan)
        return {"src": nan, "src_low": nan, "src_high": nan, "srrc": nan, "srrc_low": nan,
                "srrc_high": nan, "r2": np.nan, "rank": np.arange(1, d + 1)}

    def both(rows):
        ca = ot.CorrelationAnalysis(ot.Sample(x[rows]), ot.Sample(y[rows].reshape(-1, 1)))
        return np.array(ca.computeSRC()), np.array(ca.computeSRRC())

    n = len(y)
    out = {}
    out["src"], out["srrc"] = both(np.arange(n))
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    src, srrc = [], []
    for _ in range(bootstrap):
        rows = rng.integers(0, n, size=n)
        if np.var(y[rows]) > 0 and all(np.var(x[rows, j]) > 0 for j in range(d)):
            a, b = both(rows)
            src.append(a)
            srrc.append(b)
    for k, samples in (("src", src), ("srrc", srrc)):
        if samples:
            out[f"{k}_low"], out[f"{k}_high"] = _interval(np.array(samples))
        else:
            out[f"{k}_low"] = out[f"{k}_high"] = np.full(d, np.nan)
    out["r2"] = _r2(x, y)
    out["rank"] = _rank(np.abs(out["src"]))
    return out


def oat(design, y):
    """Each parameter's swing: the output over the rows that move only that parameter away from
    the centre (row 0), with the centre itself."""
    d = len(design.parameters)
    centre = design.unit[0]
    out = {k: np.full(d, np.nan) for k in ("swing", "at_lower", "at_upper", "lowest_value",
                                           "highest_value")}
    for i in range(d):
        others = [j for j in range(d) if j != i]
        rows = [k for k in range(1, len(y)) if
                np.allclose(design.unit[k, others], centre[others])
                and not np.isclose(design.unit[k, i], centre[i])]
        if not rows:
            raise InputError(f"{design.path}: the oat design has no point that moves "
                             f"{design.parameters[i]} alone from the centre (point 0)")
        rows = [0] + rows
        values = design.values[rows, i]
        out["swing"][i] = np.max(y[rows]) - np.min(y[rows])
        out["at_lower"][i] = y[rows][np.argmin(values)]
        out["at_upper"][i] = y[rows][np.argmax(values)]
        out["lowest_value"][i], out["highest_value"][i] = values.min(), values.max()
    out["centre"] = float(y[0])
    out["rank"] = _rank(out["swing"])
    return out


def _rank(importance):
    """1 for the most important parameter (NaN last), ties in design order."""
    key = np.where(np.isfinite(importance), -np.asarray(importance, dtype=float), np.inf)
    order = np.argsort(key, kind="stable")
    rank = np.empty(len(order), dtype=np.int32)
    rank[order] = np.arange(1, len(order) + 1)
    return rank


@dataclass
class Analysis:
    """One output's sensitivity: the statistics by parameter, and the noise shares."""
    output: Output
    stats: dict
    parameters_share: float
    noise_share: float
    replicates: int
    spread: float            # standard deviation of the replicate means across the design


def analyse(design, outputs, Y, bootstrap):
    results = []
    for o in outputs:
        y = Y[o.key]
        mean = y.mean(axis=1)
        if design.method == "saltelli":
            stats = sobol(design, mean, bootstrap)
        elif design.method == "morris":
            stats = morris(design, mean, bootstrap)
        elif design.method == "oat":
            stats = oat(design, mean)
        else:
            d = len(design.parameters)
            if len(mean) < d + 2:
                raise InputError(f"{design.path}: a {design.method} design of {len(mean)} points "
                                 f"cannot estimate regression coefficients of {d} parameters: it "
                                 f"needs at least {d + 2} points (ten per parameter for useful "
                                 "intervals)")
            stats = regression(design, mean, bootstrap)
        p, n = noise_shares(y)
        results.append(Analysis(o, stats, p, n, y.shape[1], float(np.std(mean))))
    return results


def run(index, outputs, bootstrap=BOOTSTRAP):
    """(design, [Analysis]) of a design index: the API the charts use for an index."""
    design, numbers = read_design(index)
    check_complete(design, numbers)
    Y, _ = read_outputs(design, outputs)
    return design, analyse(design, outputs, Y, bootstrap)


# --- the file ------------------------------------------------------------------------------

def _words_of(a, design):
    o = a.output
    e = o.entry
    years = f"in {o.first}" if o.first == o.last else f"averaged over {o.first}-{o.last}"
    return (f"Output: {o.words()}, {years}, the mean over each point's "
            f"{a.replicates} runs ({e['units']}): {e['description']}")


def _datasets(a, design):
    """{name: (data, units, description)} of one output's group."""
    s, e = a.stats, a.output.entry
    units = e["units"]
    ci = f"{int(CONFIDENCE * 100)}%"
    per_range = (f"{units} per parameter range (the change in the output when the parameter "
                 "moves across its whole range, in probability: unit coordinate 0 to 1)")
    table = {}
    if design.method == "saltelli":
        table.update({
            "first_order": (s["first_order"], SHARE_UNITS,
                            "Sobol' first-order index: the share of the output's variance "
                            "explained by the parameter alone (OpenTURNS Mauntz-Kucherenko estimator)"),
            "first_order_low": (s["first_order_low"], SHARE_UNITS,
                                f"Lower end of the {ci} bootstrap interval of first_order"),
            "first_order_high": (s["first_order_high"], SHARE_UNITS,
                                 f"Upper end of the {ci} bootstrap interval of first_order"),
            "total": (s["total"], SHARE_UNITS,
                      "Sobol' total index: the share of the output's variance that involves "
                      "the parameter, alone or with others (0: the parameter does not matter)"),
            "total_low": (s["total_low"], SHARE_UNITS,
                          f"Lower end of the {ci} bootstrap interval of total"),
            "total_high": (s["total_high"], SHARE_UNITS,
                           f"Upper end of the {ci} bootstrap interval of total")})
    elif design.method == "morris":
        table.update({
            "mu": (s["mu"], per_range, "Morris mu: mean elementary effect over the trajectories "
                   "(signed: effects of opposite sign cancel)"),
            "mu_star": (s["mu_star"], per_range, "Morris mu*: mean absolute elementary effect "
                        "over the trajectories (the parameter's importance; the ranking)"),
            "mu_star_low": (s["mu_star_low"], per_range,
                            f"Lower end of the {ci} bootstrap interval of mu* (trajectories "
                            "resampled)"),
            "mu_star_high": (s["mu_star_high"], per_range,
                             f"Upper end of the {ci} bootstrap interval of mu* (trajectories "
                             "resampled)"),
            "sigma": (s["sigma"], per_range, "Morris sigma: standard deviation of the elementary "
                      "effects (large: the effect depends on where the others are, a "
                      "non-linear effect or an interaction)")})
    elif design.method == "oat":
        table.update({
            "swing": (s["swing"], units, "Largest minus smallest output over the points that "
                      "move this parameter alone (the others at their centre), centre included"),
            "at_lower": (s["at_lower"], units, "The output at the parameter's lowest value run"),
            "at_upper": (s["at_upper"], units,
                         "The output at the parameter's highest value run"),
            "lowest_value": (s["lowest_value"], "parameter's own",
                             "The parameter's lowest value run (its units: /sweep/<parameter>)"),
            "highest_value": (s["highest_value"], "parameter's own",
                              "The parameter's highest value run (its units: "
                              "/sweep/<parameter>)"),
            "centre": (np.float64(s["centre"]), units,
                       "The output at the centre point (every parameter at its median)")})
    else:
        src = "standardised regression coefficient (-1 to 1)"
        table.update({
            "src": (s["src"], src, "Standardised regression coefficient (OpenTURNS "
                    "CorrelationAnalysis SRC): the change in the output, in its standard "
                    "deviations, per standard deviation of the parameter, in a linear fit of "
                    "all parameters; its square is the share of variance the parameter explains "
                    "linearly"),
            "src_low": (s["src_low"], src, f"Lower end of the {ci} bootstrap interval of src "
                        "(points resampled)"),
            "src_high": (s["src_high"], src, f"Upper end of the {ci} bootstrap interval of src "
                         "(points resampled)"),
            "srrc": (s["srrc"], src, "Standardised rank regression coefficient (SRRC): src on "
                     "the ranks of the values, for monotone but non-linear effects"),
            "srrc_low": (s["srrc_low"], src, f"Lower end of the {ci} bootstrap interval of srrc"),
            "srrc_high": (s["srrc_high"], src,
                          f"Upper end of the {ci} bootstrap interval of srrc"),
            "r2": (np.float64(s["r2"]), SHARE_UNITS, "R^2 of the linear fit of the output on "
                   "the parameters: the share of variance a straight-line reading explains "
                   "(low: the SRCs tell little)")})
    table["rank"] = (np.asarray(s["rank"], dtype=np.int32), "rank (1 = most important)",
                     "The parameter's rank, 1 the most important (by " +
                     {"saltelli": "total index", "morris": "mu*", "oat": "swing"}.get(
                         design.method, "|src|") + ")")
    table["noise_share"] = (np.float64(a.noise_share), SHARE_UNITS,
                            "Share of the variance of single runs due to run-to-run noise "
                            "(replicates): mean over points of the variance between a point's "
                            "runs / variance of all runs; NaN with one run per point. The "
                            "indices are of the mean over each point's runs")
    table["parameters_share"] = (np.float64(a.parameters_share), SHARE_UNITS,
                                 "Share of the variance of single runs due to the parameters "
                                 "(1 - noise_share)")
    return table


def write_file(path, design, results, command_line, version, commit, bootstrap):
    import h5py
    with reader.atomic_file(path, "-o") as tmp:
        with h5py.File(tmp, "x") as h5:
            top = h5.create_group("sensitivity")
            top.attrs["description"] = (f"Sensitivity of each output to the parameters of a "
                                        f"{design.method} design (output/sensitivity.py)")
            for a in results:
                o, e = a.output, a.output.entry
                g = top.create_group(o.key)
                years = f"{o.first}" if o.first == o.last else f"{o.first}-{o.last}"
                g.attrs.update({"group": o.group, "series": o.name, "label": e["label"],
                                "entity": o.entity or "", "years": years, "units": e["units"],
                                "kind": e["kind"], "method": design.method,
                                "estimator": ("OpenTURNS MauntzKucherenkoSensitivityAlgorithm"
                                              if design.method == "saltelli" else
                                              "OpenTURNS CorrelationAnalysis"
                                              if design.method in ("lhs", "sobol") else
                                              "numpy (quasim output/sensitivity.py)"),
                                "replicates": np.int64(a.replicates),
                                "points": np.int64(len(design.points)),
                                "bootstrap": np.int64(bootstrap if design.method != "oat" else 0),
                                "confidence_level": CONFIDENCE,
                                "description": _words_of(a, design)})
                scale = g.create_dataset("parameter", data=np.array(design.parameters,
                                                                    dtype=object),
                                         dtype=h5py.string_dtype())
                scale.attrs["units"] = "name"
                scale.attrs["description"] = ("The design's parameters (keys as in `quasim "
                                              "explain`), in /design@parameters order")
                scale.make_scale("parameter")
                for name, (data, units, text) in _datasets(a, design).items():
                    ds = g.create_dataset(name, data=data)
                    ds.attrs["units"], ds.attrs["description"] = units, text
                    if ds.ndim == 1 and ds.shape[0] == len(design.parameters):
                        ds.dims[0].attach_scale(scale)
                        ds.dims[0].label = "parameter"
            pv = h5.create_group("provenance")
            pv.attrs.update({
                "kind": "sensitivity", "quasim_version": version, "git_commit": commit,
                "command_line": command_line,
                "created": datetime.datetime.now(datetime.timezone.utc).strftime(
                    "%Y-%m-%dT%H:%M:%SZ"),
                "index_path": design.path, "index_abspath": os.path.abspath(design.path),
                "method": design.method, "parameters": ", ".join(design.parameters),
                "outputs": ", ".join(a.output.key for a in results),
                "bootstrap": np.int64(bootstrap), "bootstrap_seed": np.int64(BOOTSTRAP_SEED),
                "confidence_level": CONFIDENCE})
            for k, v in design.provenance.items():
                pv.attrs["index_" + k] = v
            for k, v in design.attrs.items():
                pv.attrs["design_" + k] = v


def check_output(path, index):
    """-o: a new file or an earlier sensitivity file; never the index or another quasim file."""
    reader.check_output_file(path, "-o")
    try:
        same = os.path.exists(path) and os.path.samefile(path, index)
    except OSError:
        same = False
    if same or os.path.abspath(path) == os.path.abspath(index):
        raise InputError(f"-o {path}: is the input index; expected a new file")
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return
    if kind_of(path) != "sensitivity":
        raise InputError(f"-o {path}: exists and is not a file written by quasim sensitivity; "
                         "expected a new file or an earlier sensitivity file to replace")


def kind_of(path):
    """/provenance@kind of an HDF5 file, or None; never raises."""
    try:
        f = reader.open_hdf5(path)
    except InputError:
        return None
    try:
        return reader.provenance(f, path).get("kind")
    except InputError:
        return None
    finally:
        f.close()


def default_output(index):
    stem = index[:-3] if index.endswith(".h5") else index
    return stem + "_sensitivity.h5"


# --- the table -----------------------------------------------------------------------------

def pct(v):
    if not np.isfinite(v):
        return "n/a"
    if 0 < v < 0.005 or 0.995 < v < 1:
        return "under 1%" if v < 0.5 else "over 99%"
    return f"{100 * v:.0f}%"


def num(v):
    if not np.isfinite(v):
        return "n/a"
    return f"{v:.3g}" if abs(v) < 1000 else f"{v:,.0f}"


def _interval_text(v, lo, hi, f):
    return f"{f(v)} [{f(lo)}, {f(hi)}]"


def table(design, a):
    o, s = a.output, a.stats
    d = len(design.parameters)
    years = f"in {o.first}" if o.first == o.last else f"averaged over {o.first}-{o.last}"
    size = {"saltelli": f"{design.attrs.get('base_points', len(design.points) // (d + 2))} base "
                        "points",
            "morris": f"{len(design.points) // (d + 1)} trajectories"}.get(design.method, "")
    lines = [f"{o.words()} {years}",
             f"{design.method} design of {d} parameters ({size + ', ' if size else ''}"
             f"{len(design.points)} points, {a.replicates} run{'s' if a.replicates > 1 else ''} "
             "each)"]
    if np.isfinite(a.noise_share):
        lines.append(f"Parameters explain {pct(a.parameters_share)} of the variance of single "
                     f"runs, run-to-run noise {pct(a.noise_share)}" +
                     (f"; the indices below are of the mean of each point's {a.replicates} runs."
                      if a.spread > 0 else "."))
    elif a.replicates < 2:
        lines.append("One run per point: run-to-run noise is not separated from the "
                     "parameters (run the batch with --replicates 2 or more).")
    if not a.spread > 0:
        lines.append("The output is the same at every point of the design: no parameter moves "
                     "it.")
        return "\n".join(lines)
    ci = f"{int(CONFIDENCE * 100)}%"
    if design.method == "saltelli":
        head = ["Rank", "Parameter", f"First-order [{ci}]", f"Total [{ci}]"]
        cell = lambda i: [_interval_text(s["first_order"][i], s["first_order_low"][i],  # noqa
                                         s["first_order_high"][i], pct),
                          _interval_text(s["total"][i], s["total_low"][i], s["total_high"][i],
                                         pct)]
    elif design.method == "morris":
        head = ["Rank", "Parameter", f"mu* [{ci}]", "mu", "sigma"]
        cell = lambda i: [_interval_text(s["mu_star"][i], s["mu_star_low"][i],  # noqa: E731
                                         s["mu_star_high"][i], num),
                          num(s["mu"][i]), num(s["sigma"][i])]
    elif design.method == "oat":
        head = ["Rank", "Parameter", "Swing", "At lowest", "At highest"]
        cell = lambda i: [num(s["swing"][i]), num(s["at_lower"][i]),  # noqa: E731
                          num(s["at_upper"][i])]
    else:
        head = ["Rank", "Parameter", f"SRC [{ci}]", f"SRRC [{ci}]"]
        f2 = lambda v: "n/a" if not np.isfinite(v) else f"{v:+.2f}"  # noqa: E731
        cell = lambda i: [_interval_text(s["src"][i], s["src_low"][i], s["src_high"][i],  # noqa
                                         f2),
                          _interval_text(s["srrc"][i], s["srrc_low"][i], s["srrc_high"][i], f2)]
    order = np.argsort(s["rank"], kind="stable")
    rows = [[str(s["rank"][i]), design.parameters[i], *cell(i)] for i in order]
    width = [max(len(r[c]) for r in [head] + rows) for c in range(len(head))]
    fmt_row = lambda r: "  ".join(c.ljust(width[k]) if k == 1 else c.rjust(width[k])  # noqa
                                  for k, c in enumerate(r)).rstrip()
    lines += ["", fmt_row(head), fmt_row(["-" * w for w in width])] + [fmt_row(r) for r in rows]
    lines += ["", verdict(design, a, order)]
    if design.method == "saltelli" and np.any((s["first_order"] < -0.05) | (s["total"] > 1.05)
                                              | (s["first_order"] > 1.05)):
        lines.append("Estimates below 0% or above 100% are the estimator's error: the design is "
                     "too small for precise indices (more base points narrow the intervals).")
    if design.method == "saltelli" and not np.all(np.isfinite(s["first_order_low"])
                                                 & np.isfinite(s["total_low"])):
        lines.append("n/a intervals: the bootstrap could not estimate them, because the output "
                     "barely varies across resampled points (e.g. a count that is mostly 0); "
                     "more base points, or a mean over years (--years), help.")
    if design.method in ("lhs", "sobol"):
        lines.append(f"A linear fit on the parameters explains {pct(s['r2'])} of the variance "
                     "of the point means (R^2)" + ("; below 70% the coefficients tell only part "
                                                   "of the story." if s["r2"] < 0.7 else "."))
    if design.method == "morris":
        lines.append(f"mu, mu* and sigma are in {o.entry['units']} per parameter range (the "
                     "change in the output for a move across the parameter's whole range).")
    return "\n".join(lines)


def verdict(design, a, order):
    """A sentence: which parameter matters most, and how sure that is."""
    s = a.stats
    first = order[0]
    name = design.parameters[first]
    second = order[1] if len(order) > 1 else None
    if design.method == "saltelli" and not np.isfinite(s["total"][first]):
        return ("No index could be estimated: the output does not vary within a block of the "
                "design (e.g. a count that is 0 in every run of the A or B points), so the "
                "design says nothing about which parameter matters; use more base points or "
                "another output.")
    if design.method == "saltelli":
        text = (f"{name} matters most: it alone explains about {pct(s['first_order'][first])} "
                f"of the variance, {pct(s['total'][first])} with its interactions "
                f"({int(CONFIDENCE * 100)}% interval {pct(s['total_low'][first])} to "
                f"{pct(s['total_high'][first])})")
        lo, hi_next = s["total_low"][first], s["total_high"][second] if second is not None \
            else -np.inf
        what = "total index"
    elif design.method == "morris":
        text = (f"{name} matters most: mu* {num(s['mu_star'][first])} "
                f"({int(CONFIDENCE * 100)}% interval {num(s['mu_star_low'][first])} to "
                f"{num(s['mu_star_high'][first])})")
        lo, hi_next = s["mu_star_low"][first], s["mu_star_high"][second] if second is not None \
            else -np.inf
        what = "mu*"
    elif design.method == "oat":
        return (f"{name} moves the output most, by {num(s['swing'][first])} over its range "
                "with the others at their centre (no interval: an OAT design has one point per "
                "value, and it misses interactions).")
    else:
        text = (f"{name} matters most: SRC {s['src'][first]:+.2f} "
                f"({int(CONFIDENCE * 100)}% interval {s['src_low'][first]:+.2f} to "
                f"{s['src_high'][first]:+.2f})")
        low = np.minimum(np.abs(s["src_low"]), np.abs(s["src_high"]))
        low = np.where(np.sign(s["src_low"]) != np.sign(s["src_high"]), 0, low)
        lo = low[first]
        hi_next = np.maximum(np.abs(s["src_low"]), np.abs(s["src_high"]))[second] \
            if second is not None else -np.inf
        what = "|SRC|"
    if not np.isfinite(lo):
        return text + ("; its interval could not be estimated (the bootstrap's resamples barely "
                       "vary), so how sure this is is not known: use a larger design.")
    if second is None:
        return text + "."
    other = design.parameters[second]
    if lo > hi_next:
        return text + (f"; clearly more than the next, {other} (their {what} intervals do not "
                       "overlap).")
    return text + (f"; but its interval overlaps that of {other}: which of the two matters more "
                   "is not certain (a larger design would tell).")


# --- main ----------------------------------------------------------------------------------

def main(argv=None):
    ap = reader.parser(prog="quasim sensitivity", description="Which parameters of an experiment "
                       "design matter for an output (Sobol', Morris, regression, one at a time).")
    ap.add_argument("index", help="batch index (.h5) of a [design] batch")
    ap.add_argument("--series", action="append", help="output series: NAME of /series, or "
                    "GROUP/NAME:ENTITY (e.g. by_domain/unmet_need:adult_social_care); may be "
                    "repeated or comma-separated (default: " + ", ".join(DEFAULT_SERIES) + ")")
    ap.add_argument("--year", type=int, help="calendar year of the output (default: the final "
                    "year)")
    ap.add_argument("--years", help="Y0:Y1, the mean over these years")
    ap.add_argument("--domain", help="read the series of /by_domain for this domain")
    ap.add_argument("--commissioner", help="read the series of /by_commissioner for this one")
    ap.add_argument("--provider-type", dest="provider_type",
                    help="read the series of /by_provider_type for this provider type")
    ap.add_argument("-o", "--output", help="HDF5 file to write (default INDEX_sensitivity.h5)")
    ap.add_argument("--bootstrap", type=int, default=BOOTSTRAP,
                    help=f"bootstrap resamples for the intervals (default {BOOTSTRAP})")
    ap.add_argument("--command-line", help=argparse.SUPPRESS)
    ap.add_argument("--quasim-version", default="", help=argparse.SUPPRESS)
    ap.add_argument("--git-commit", default="", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.bootstrap < 10 or a.bootstrap > 100000:
        raise InputError(f"--bootstrap {a.bootstrap}: expected 10 to 100000 resamples")
    out = a.output or default_output(a.index)
    check_output(out, a.index)
    outputs = parse_outputs(a)
    design, numbers = read_design(a.index)
    check_complete(design, numbers)
    if out in [t for _, t, _ in design.points]:
        raise InputError(f"-o {out}: is a point of the index; expected a new file")
    Y, _ = read_outputs(design, outputs)
    results = analyse(design, outputs, Y, a.bootstrap)
    command = a.command_line or " ".join(["sensitivity.py"] + sys.argv[1:])
    write_file(out, design, results, command,
               a.quasim_version or "unknown (output/sensitivity.py run directly)",
               a.git_commit, a.bootstrap)
    print("\n\n".join(table(design, r) for r in results))
    print(f"\nWrote {out}: /sensitivity/<output> for {', '.join(o.key for o in outputs)} "
          "(docs/DESIGNS.md, \"Sensitivity analysis\").")
    return 0


if __name__ == "__main__":
    sys.exit(reader.run_main(main))
