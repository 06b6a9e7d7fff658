#!/usr/bin/python3
"""Charts of quasim result files: fan charts of the key series, market shares by provider type
and, given several files, what changes against the first (paired differences).

Usage: /usr/bin/python3 output/plot.py A.h5 [B.h5 ...] -o DIR
(or `quasim plot A.h5 B.h5 -o DIR`). Writes PNGs into DIR and prints their paths, one a line:
SERIES.png, the fan of each key series with the scenarios overlaid (up to three; more are drawn
as small multiples, one panel per scenario); market_share.png; and with two or more files
difference_SERIES.png, each file's runs minus the first file's paired runs (same seed and
replicate), with a zero line. Files whose runs do not pair get a warning and no difference
charts (`quasim report --unpaired` compares them anyway). A batch index (`quasim batch` of a
sweep) counts as its points, one scenario each. Any problem is one line `error: FILE: ...` on
stderr: exit 2 for bad input (a missing, foreign, damaged or non-regular file, a series missing
or of the wrong shape, an -o that is not a directory), 1 for anything unexpected, 130 on Ctrl-C.

Needs Debian's /usr/bin/python3 (python3-h5py, python3-matplotlib). report.py imports this
module, so the functions below are its API: load, load_files, label, make_charts, bands.
"""
import os
import sys
import warnings
from dataclasses import dataclass, field

import matplotlib

matplotlib.use("Agg")  # files only, never a window: runs on servers and in tests
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.legend_handler import HandlerTuple  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import briefing_charts as charts  # noqa: E402  (this directory's briefing charts)
import quasim_reader as reader  # noqa: E402  (this directory's checked reader)

# The same indicators, in the same order, as the end-of-run summary (output/summary.cpp).
KEY_SERIES = [
    "spending_total", "funding_gap", "unmet_need", "outcome_mean", "outcome_need_mean",
    "outcome_inequality", "satisfaction_mean", "trust_mean", "providers_active", "hhi",
    "bids_per_tender", "contract_price_index", "transaction_costs", "value_for_money",
]
COLOURS = charts.OKABE_ITO  # colour-blind safe; the first file (the baseline) is blue
OVERLAID_AT_MOST = 3        # more scenarios than this: small multiples, not overlaid fans
# Groups whose every series the report reads (for its per-area views and its search for large
# changes); plot reads only the key series and market shares.
EXTRA_GROUPS = ("series", "by_domain", "by_commissioner")


QuasimFileError = reader.InputError  # the name report.py and older callers use


@dataclass
class Result:
    """One result file (or one point of a batch index), loaded: what the charts and the report
    need, every series checked against the file's axes first."""
    path: str
    provenance: dict
    years: np.ndarray                                  # calendar years
    series: dict = field(default_factory=dict)         # name -> float array [replicate, year]
    units: dict = field(default_factory=dict)          # name -> units attribute
    descriptions: dict = field(default_factory=dict)   # name -> description attribute
    provider_types: list = field(default_factory=list)
    market_share: np.ndarray = None                    # [replicate, year, provider_type]
    share_units: str = "share (0-1)"
    label: str = ""                                    # scenario name, unique among the files
    point: str = ""                                    # sweep point label (a batch index's point)
    partial: str = None                                # what a partial merge left out, or None
    warnings: list = field(default_factory=list)       # "FILE: partial result ..." lines
    replicates: np.ndarray = None                      # replicate numbers (rows), for pairing
    axes: dict = field(default_factory=dict)           # third axes read: name -> [names]
    extra: dict = field(default_factory=dict)          # (group, name) -> array, when asked for

    @property
    def scenario(self):
        base = self.provenance.get("scenario_name") or os.path.basename(self.path)
        # A point's file usually names its point already ("tiny [budget.x=1]").
        return f"{base} ({self.point})" if self.point and self.point not in base else base

    def get(self, group, name):
        """/GROUP/NAME as read, or None when this file does not hold it (or it was not read)."""
        if group == "series" and name in self.series:
            return self.series[name]
        if group == "by_provider_type" and name == "market_share":
            return self.market_share
        return self.extra.get((group, name))


def _read_extra(f, path, res, axes):
    """Every catalogued series of EXTRA_GROUPS the file holds (a file of an older format lacks
    some: skipped, not an error; one that is there but damaged is an error)."""
    for (group, name) in reader.catalogue():
        if group not in EXTRA_GROUPS or (group == "series" and name in res.series):
            continue
        if reader.hard(f, path, group, "group") is None:
            continue
        if not reader.has_series(f, group, name) or \
                reader.hard(f, path, f"{group}/{name}", "dataset") is None:
            continue
        res.extra[(group, name)] = reader.read_series(f, path, group, name, axes)


def _load(path, opened, point="", extra=False):
    f, prov, axes = opened
    with f:
        res = Result(path=path, provenance=prov, years=axes["year"], point=point,
                     partial=reader.partial_note(prov), replicates=axes["replicate"])
        if res.partial:
            res.warnings.append(f"{path}: {res.partial}; its figures cover only the "
                                "replicates it holds")
        for name in KEY_SERIES:  # every one is needed: a missing one is an error, not a gap
            res.series[name] = reader.read_series(f, path, "series", name, axes)
            res.units[name], res.descriptions[name] = reader.dataset_units(f, f"series/{name}")
        res.market_share = reader.read_series(f, path, "by_provider_type", "market_share", axes)
        res.share_units = reader.dataset_units(f, "by_provider_type/market_share")[0] or \
            res.share_units
        res.provider_types = axes["provider_type"]
        if extra:
            _read_extra(f, path, res, axes)
        res.axes = {k: v for k, v in axes.items() if k not in ("year", "replicate")}
    res.label = res.scenario
    return res


def load(path, extra=False):
    """Reads one result file; raises InputError naming the file and what is wrong. extra: also
    every series of EXTRA_GROUPS the file holds (Result.get)."""
    return _load(path, reader.open_result(path), extra=extra)


def load_files(paths, extra=False):
    """The results in these files: a result file is one, a batch index one per sweep point
    (its links resolved relative to the index; a point that is an index is refused)."""
    results = []
    for path in paths:
        kind, what = reader.open_any(path)
        if kind == "result":
            results.append(_load(path, what, extra=extra))
            continue
        points, partial = what
        first = len(results)
        for point, target, name in points:
            results.append(_load(target, reader.open_point(path, name, target), point,
                                 extra=extra))
        if partial:  # said once, on the index's first point
            results[first].warnings.insert(0, f"{path}: {partial}")
    return results


def label(results):
    """Gives each result a unique legend label: its scenario name, plus the file if names clash."""
    names = [r.scenario for r in results]
    for r in results:
        r.label = r.scenario if names.count(r.scenario) == 1 else \
            f"{r.scenario} ({os.path.basename(r.path)})"
    return results


def bands(values):
    """Median and the 50% and 90% bands across replicates (axis 0), ignoring NaN."""
    return charts.level_bands(values)


def _fan(ax, years, values, colour, label):
    charts.fan(ax, years, bands(values), colour, label)


def _legend_below(fig, present):
    """One legend entry per scenario, its swatch the line over its own band colour (what is
    drawn), placed under the axes so it never covers data."""
    handles = [(Patch(facecolor=COLOURS[i % len(COLOURS)], alpha=0.45),
                Line2D([], [], color=COLOURS[i % len(COLOURS)], linewidth=2))
               for i in range(len(present))]
    fig.legend(handles, [charts.wrap(r.label, 45) for r in present],
               handler_map={tuple: HandlerTuple(ndivide=1)}, loc="upper center",
               bbox_to_anchor=(0.5, 0.0), ncol=min(len(present), 3), frameon=False,
               fontsize="small", title="line: median; shading: 50% (darker) and 90% of runs",
               title_fontsize="small")


def series_chart(results, name, outdir):
    """Fan chart of one series: up to three scenarios overlaid, more as small multiples (one
    panel per scenario, the first scenario's median dashed in each for reference). The title
    is the series' plain label; the y axis is in its units. Returns the PNG path, or None."""
    present = [r for r in results if name in r.series and r.series[name].shape[0] > 0]
    if not present:
        return None
    e = charts.entry("series", name)
    if len(present) <= OVERLAID_AT_MOST:
        fig, ax = plt.subplots(figsize=(6.0, 3.6))
        for i, r in enumerate(present):
            _fan(ax, r.years, r.series[name], COLOURS[i % len(COLOURS)], r.label)
        axes = [ax]
        ax.set_title(charts.wrap(e["label"], 60))
    else:
        fig, axes = charts.grid(len(present), 3, panel=(4.0, 2.9))
        reference = bands(present[0].series[name])["median"]
        for i, (ax, r) in enumerate(zip(axes, present)):
            if i > 0:
                ax.plot(present[0].years, reference, color=COLOURS[0], linewidth=1.2,
                        linestyle="--")
            _fan(ax, r.years, r.series[name], COLOURS[i % len(COLOURS)], r.label)
            ax.set_title(charts.wrap(r.label, 40), fontsize=10)
        fig.suptitle(charts.wrap(f"{e['label']} (dashed: {present[0].label})", 80))
    for ax in axes:
        charts.format_axis(ax, e["kind"])
    axes[0].set_ylabel(charts.axis_label(e))
    axes[0].set_xlabel("year")
    _legend_below(fig, present)
    fig.tight_layout()
    return _save(fig, os.path.join(outdir, f"{name}.png"))


def _save(fig, path):
    """Saves via a temp file and a rename, so a failed write never leaves half a PNG."""
    return charts.save(fig, path)


def market_share_chart(results, outdir):
    """Stacked areas of the median market share of each provider type, one panel per scenario
    (small multiples, at most three across)."""
    present = [r for r in results if r.market_share is not None and r.market_share.shape[0] > 0]
    if not present:
        return None
    fig, axes = charts.grid(len(present), 3, panel=(4.0, 2.9))
    for ax, r in zip(axes, present):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            median = np.nanmedian(r.market_share, axis=0)  # [year, type]
        ax.stackplot(r.years, median.T, labels=[charts.entity_name(t) for t in r.provider_types],
                     colors=[COLOURS[(t + 2) % len(COLOURS)] for t in range(median.shape[1])])
        ax.set_title(charts.wrap(r.label, 40), fontsize=10)
        charts.format_axis(ax, "share")
        ax.set_xlim(r.years[0], r.years[-1])
        ax.set_ylim(0, 1)
    axes[0].set_ylabel("% of service spending")
    handles, names = axes[0].get_legend_handles_labels()
    fig.legend(handles, names, loc="upper center", bbox_to_anchor=(0.5, 0.0),
               ncol=min(len(names), 6), frameon=False, fontsize="small", title="provider type")
    fig.suptitle("Market share by provider type (median over runs)")
    fig.tight_layout()
    return _save(fig, os.path.join(outdir, "market_share.png"))


def make_charts(results, outdir):
    """Draws every chart of levels for these (loaded, labelled) results into outdir; returns
    the paths."""
    output_dir(outdir, create=True)
    paths = [series_chart(results, name, outdir) for name in KEY_SERIES]
    paths.append(market_share_chart(results, outdir))
    return [p for p in paths if p]


def difference_charts(results, outdir, allow_unpaired=False):
    """difference_SERIES.png for each key series: every result after the first minus the
    first, paired run by run (one panel per variant). Runs that do not pair are skipped with a
    warning, unless allow_unpaired. Returns the paths."""
    comparisons = []
    for r in results[1:]:
        try:
            comparisons.append(charts.compare(results[0], r, allow_unpaired))
        except reader.InputError as e:
            reader.warn(f"{e}; no difference chart for it")
    if not comparisons:
        return []
    output_dir(outdir, create=True)
    paths = [charts.difference_chart(comparisons, "series", name,
                                     os.path.join(outdir, f"difference_{name}.png"))
             for name in KEY_SERIES]
    return [p for p in paths if p]


def output_dir(path, create=False):
    """-o must be a directory, or a path where one can be made; checked before any work."""
    if os.path.exists(path) and not os.path.isdir(path):
        raise reader.InputError(f"-o {path}: exists and is not a directory; expected a "
                                "directory for the PNG files")
    if create:
        try:
            os.makedirs(path, exist_ok=True)
        except OSError as e:
            raise reader.InputError(f"-o {path}: cannot create the directory "
                                    f"({e.strerror or e})") from None


def warn_partial(results):
    for r in results:
        for w in r.warnings:
            reader.warn(w)


def main(argv=None):
    parser = reader.parser(
        prog="plot.py", description="Fan charts of quasim result files and, given several, "
        "their paired differences from the first (PNG).",
        epilog="example: /usr/bin/python3 output/plot.py results/a.h5 results/b.h5 -o plots/")
    parser.add_argument("files", nargs="+", help="result files or batch indexes (.h5)")
    parser.add_argument("-o", "--output", default="plots", help="directory for the PNG files")
    args = parser.parse_args(argv)
    output_dir(args.output)
    import sensitivity_charts  # a design's index or a sensitivity file: what matters
    files, sensitivity = sensitivity_charts.split_inputs(args.files)
    results = label(load_files(files)) if files else []
    warn_partial(results)
    paths = make_charts(results, args.output) if results else []
    if len(results) > 1:
        paths += difference_charts(results, args.output)
    if len(files) == 1 and results and all(r.point for r in results):  # one batch index
        import sweep_charts  # the response of each key output to the swept parameters
        paths += sweep_charts.response_charts(results, files[0], args.output)
    paths += sensitivity_charts.charts(sensitivity, args.output)
    if not paths:
        reader.warn("no completed replicate in these files: nothing to draw")
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(reader.run_main(main))
