"""Paired differences between two sets of quasim runs: variant minus baseline.

Both `quasim compare` (output/compare.py) and the briefing (output/report.py) use this module,
so the terminal table, the diff file and the page give the same numbers.

Runs pair when the files share the seed and the replicate numbers: replicate r of each then
draws the same random numbers (common random numbers, docs/ODD.md), and the difference of the
two runs of replicate r is the policy's effect in that world, with most of the chance cancelled
out. Unpaired files (a different seed or other replicates) are refused unless asked for; then
every variant run is compared with every baseline run, which keeps the medians honest but
gives much wider intervals.

    p = pair(base_path, base_prov, base_axes, var_path, var_prov, var_axes)
    d = p.differences(base_values, var_values)    # [run pair, common year, (entity)]
    s = summarise(d, "lower")                      # median, bands, share better/worse, n
    m = match_names(base_domains, var_domains, "domain", ...)  # m.names, m.note, columns
"""
from dataclasses import dataclass, field
from typing import NamedTuple, Optional
import warnings

import numpy as np

from quasim_reader import InputError

# The quantiles every summary gives: a 90% and a 50% interval around the median.
QUANTILES = {"p05": 5, "p25": 25, "median": 50, "p75": 75, "p95": 95}


@dataclass
class Pairing:
    """How two files' runs are matched. Index arrays select rows (replicates) and columns
    (years) of each file's [replicate, year, ...] arrays."""
    paired: bool
    years: np.ndarray                 # calendar years both files cover
    base_years: np.ndarray            # their columns in the baseline
    var_years: np.ndarray             # and in the variant
    base_rows: np.ndarray             # replicate rows, in pairing order
    var_rows: np.ndarray
    replicates: np.ndarray            # replicate numbers (paired), else the baseline's
    notes: list = field(default_factory=list)  # warnings a user must see (unpaired, fewer years)
    # Per row of differences(): the baseline's and the variant's replicate number (the same
    # number in a paired comparison; every combination in an unpaired one).
    base_replicate: np.ndarray = None
    var_replicate: np.ndarray = None

    def differences(self, base, var):
        """variant - baseline: [pair, year(, entity)] for paired runs; for unpaired runs
        every variant run minus every baseline run, [n_var * n_base, year(, entity)]."""
        b = np.asarray(base, dtype=float)[:, self.base_years][self.base_rows]
        v = np.asarray(var, dtype=float)[:, self.var_years][self.var_rows]
        d = v - b if self.paired else (v[:, None] - b[None, :]).reshape((-1,) + v.shape[1:])
        return without_noise(d, b, v)

    def levels(self, base, var):
        """The two files' values on the common years and paired rows: (base, variant)."""
        b = np.asarray(base, dtype=float)[:, self.base_years][self.base_rows]
        v = np.asarray(var, dtype=float)[:, self.var_years][self.var_rows]
        return b, v

    def level_medians(self, base, var):
        """The median over runs of each file's values on the common years, ignoring NaN:
        (base [year(, entity)], variant [year(, entity)]); NaN where no run has a value."""
        b, v = self.levels(base, var)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN cells: NaN, not noise
            return np.nanmedian(b, axis=0), np.nanmedian(v, axis=0)


class Matched(NamedTuple):
    """match_names' answer; unpacks as (names, base_columns, var_columns, note)."""
    names: list                  # the names both files have, in the baseline's order
    base_columns: np.ndarray     # their positions on the baseline's axis
    var_columns: np.ndarray      # and on the variant's
    note: Optional[str]          # a warning when the files' names differ, else None


def match_names(base_names, var_names, what, base_path, var_path):
    """Entities (domains, commissioners, provider types, ...) are matched by name, not by
    position: a scenario may list its domains in another order or drop one. Returns a Matched
    (names, base_columns, var_columns, note): the common names in the baseline's order, their
    columns in the baseline, in the variant, and a note for the user when the two files' names
    differ, else None. Select a file's values [..., entity] with values[..., columns].
    base_path and var_path only name the files in the note and the error (a report may pass
    its scenarios' labels). Raises InputError when the files share no name at all."""
    base_names, var_names = [str(n) for n in base_names], [str(n) for n in var_names]
    common = [n for n in base_names if n in var_names]
    if not common:
        raise InputError(f"{var_path}: none of its {what} names ({list_names(var_names)}) is "
                         f"in {base_path} ({list_names(base_names)}); expected the same "
                         f"{what}s")
    note = None
    if len(common) < len(base_names) or len(common) < len(var_names):
        only_b = [n for n in base_names if n not in common]
        only_v = [n for n in var_names if n not in common]
        parts = ([f"only in {base_path}: {list_names(only_b)}"] if only_b else []) + \
                ([f"only in {var_path}: {list_names(only_v)}"] if only_v else [])
        note = (f"the files name different {what}s ({'; '.join(parts)}); compared on the "
                f"{len(common)} both have")
    return Matched(common, np.array([base_names.index(n) for n in common], dtype=int),
                   np.array([var_names.index(n) for n in common], dtype=int), note)


def list_names(names, most=6):
    """Names for a message: the first `most`, then how many more."""
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


def pair(base_path, base_prov, base_axes, var_path, var_prov, var_axes, allow_unpaired=False):
    """The Pairing of two opened result files (provenance dicts and root axes as
    quasim_reader.open_result returns them). Raises InputError when the runs do not pair and
    allow_unpaired is False, or when the files share no year."""
    by, vy = list(base_axes["year"]), list(var_axes["year"])
    common = [y for y in by if y in vy]
    if not common:
        raise InputError(f"{var_path}: covers {vy[0]}-{vy[-1]} and {base_path} covers "
                         f"{by[0]}-{by[-1]}; expected files with years in common")
    notes = []
    if len(common) < max(len(by), len(vy)):
        notes.append(f"the files cover different years; compared on the {len(common)} years "
                     f"both cover ({common[0]}-{common[-1]})")
    base_years = np.array([by.index(y) for y in common], dtype=int)
    var_years = np.array([vy.index(y) for y in common], dtype=int)

    br = np.asarray(base_axes["replicate"], dtype=int)
    vr = np.asarray(var_axes["replicate"], dtype=int)
    if len(br) == 0 or len(vr) == 0:
        empty = base_path if len(br) == 0 else var_path
        raise InputError(f"{empty}: holds no completed replicate; nothing to compare")
    problem = None
    if str(base_prov.get("seed")) != str(var_prov.get("seed")):
        problem = (f"the seeds differ ({base_path}: {base_prov.get('seed')}, {var_path}: "
                   f"{var_prov.get('seed')})")
    elif len(br) != len(vr) or sorted(br) != sorted(vr):
        problem = (f"the replicates differ ({base_path}: {len(br)} replicates "
                   f"{_span(br)}, {var_path}: {len(vr)} replicates {_span(vr)})")
    if problem is None:
        order = {int(r): i for i, r in enumerate(vr)}
        reps = np.sort(br)
        return Pairing(True, np.array(common), base_years, var_years,
                       np.array([list(br).index(r) for r in reps]),
                       np.array([order[int(r)] for r in reps]), reps, notes, reps, reps)
    if not allow_unpaired:
        raise InputError(f"{var_path}: its runs do not pair with {base_path}: {problem}; run both "
                         "with the same --seed and --replicates, or pass --unpaired to compare "
                         "every run with every run (wider intervals)")
    notes.insert(0, f"unpaired comparison: {problem}; every variant run is compared with every "
                    "baseline run, so intervals include the chance that pairing would remove")
    # differences() puts variant run i against baseline run j at row i * len(br) + j.
    return Pairing(False, np.array(common), base_years, var_years, np.arange(len(br)),
                   np.arange(len(vr)), np.sort(br), notes, np.tile(br, len(vr)),
                   np.repeat(vr, len(br)))


def _span(reps):
    reps = sorted(int(r) for r in reps)
    return f"{reps[0]}-{reps[-1]}" if reps else "none"


# A difference this small against the series' largest level is rounding noise (the same sum
# taken in another order), not a change: counted as zero, so it never reads as "higher in half
# the runs".
NOISE = 1e-9


def without_noise(d, base, var):
    """d with every |difference| <= NOISE x the largest |level| of base and var set to 0."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN: no scale
        scale = max(np.nanmax(np.abs(base), initial=0.0), np.nanmax(np.abs(var), initial=0.0))
    d = np.array(d, dtype=float)
    d[np.abs(d) <= NOISE * scale] = 0.0
    return d


# How sure a direction is, from the share of runs that moved that way (docs/OUTPUTS.md):
# at least ALMOST_EVERY "in almost every run", at least MOST "in most runs", else no clear
# difference. With fewer than MIN_RUNS runs holding a value (a year without a tender has no
# price) there are too few to judge at all.
ALMOST_EVERY, MOST, MIN_RUNS = 0.95, 0.75, 5


@dataclass
class Verdict:
    """The judgement of one cell of a summary, for people: compare's table and the report's
    sentences both word this, so they never disagree."""
    sure: str      # "every", "almost", "most", "unclear", "same" or "too_few"
    way: str       # "higher" or "lower" (the side more runs moved to; "" for same/too_few)
    judged: str    # "better", "worse" or "" (a series whose direction is neither)
    share: float   # share of the runs with a value that moved `way`
    n: int         # runs with a value
    pairs: int     # runs compared

    @property
    def clear(self):
        return self.sure in ("every", "almost", "most")


def verdict(summary, index, better, pairs):
    """The Verdict of summarise's cell `index` (a year, or (year, entity)), for a series whose
    better direction is `better`, over `pairs` runs compared."""
    n = int(summary["n"][index])
    higher, lower = float(summary["share_higher"][index]), float(summary["share_lower"][index])
    if n < MIN_RUNS:
        return Verdict("too_few", "", "", float("nan"), n, pairs)
    if higher == 0 and lower == 0:
        return Verdict("same", "", "", 1.0, n, pairs)
    way, share = ("higher", higher) if higher >= lower else ("lower", lower)
    judged = "" if better == "neither" else ("better" if way == better else "worse")
    sure = ("every" if share == 1 else "almost") if share >= ALMOST_EVERY else \
        "most" if share >= MOST else "unclear"
    return Verdict(sure, way, judged, share, n, pairs)


def percent(share):
    """A share of runs as a whole percent for people, never "100%" unless every run and never
    "0%" unless none (99.6% -> "99%", 0.4% -> "1%"): "almost every run (99%)" must not read
    as every run."""
    x = round(100 * float(share))
    if 0 < share < 1:
        x = min(max(x, 1), 99)
    return f"{x}%"


def summarise(diffs, better="neither"):
    """Median, 50% and 90% intervals over runs (axis 0) of differences, ignoring NaN (a year
    without a tender has no price), with the share of runs in which the variant is better and
    worse ("better" as the series catalogue declares: "higher", "lower" or "neither"; NaN
    shares for "neither") and n, the runs with a value. Ties count as neither better nor worse.
    Returns {name: array over the remaining axes}."""
    d = np.asarray(diffs, dtype=float)
    finite = np.isfinite(d)
    n = finite.sum(axis=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN cells: NaN, not noise
        q = np.nanpercentile(d, list(QUANTILES.values()), axis=0) if d.shape[0] else \
            np.full((len(QUANTILES),) + d.shape[1:], np.nan)
        out = {k: q[i] for i, k in enumerate(QUANTILES)}
        higher = np.where(finite, d > 0, False).sum(axis=0) / n
        lower = np.where(finite, d < 0, False).sum(axis=0) / n
    nan = np.full(n.shape, np.nan)
    if better == "higher":
        out["share_better"], out["share_worse"] = higher, lower
    elif better == "lower":
        out["share_better"], out["share_worse"] = lower, higher
    elif better == "neither":
        out["share_better"], out["share_worse"] = nan, nan
    else:
        raise ValueError(f"better must be higher, lower or neither, not {better!r}")
    out["share_higher"], out["share_lower"] = higher, lower
    out["n"] = n
    return out
