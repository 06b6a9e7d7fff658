#!/usr/bin/python3
"""Charts of quasim result files: fan charts of the key series and market shares by provider type.

Usage: /usr/bin/python3 output/plot.py A.h5 [B.h5 ...] -o DIR
(or `quasim plot A.h5 B.h5 -o DIR`). Several files are overlaid as scenarios. Writes PNGs into
DIR and prints their paths, one a line. A batch index (`quasim batch` of a sweep) counts as
its points, one scenario each. Any problem is one line `error: FILE: ...` on stderr: exit 2
for bad input (a missing, foreign, damaged or non-regular file, a series missing or of the
wrong shape, an -o that is not a directory), 1 for anything unexpected, 130 on Ctrl-C.

Needs Debian's /usr/bin/python3 (python3-h5py, python3-matplotlib). report.py imports this
module, so the functions below are its API: load, load_files, label, make_charts.
"""
import os
import sys
import textwrap
import warnings
from dataclasses import dataclass, field

import matplotlib

matplotlib.use("Agg")  # files only, never a window: runs on servers and in tests
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import quasim_reader as reader  # noqa: E402  (this directory's checked reader)

# The same indicators, in the same order, as the end-of-run summary (output/summary.cpp).
KEY_SERIES = [
    "spending_total", "funding_gap", "unmet_need", "outcome_mean", "outcome_need_mean",
    "outcome_inequality", "satisfaction_mean", "trust_mean", "providers_active", "hhi",
    "bids_per_tender", "contract_price_index", "transaction_costs", "value_for_money",
]
COLOURS = plt.get_cmap("tab10").colors


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

    @property
    def scenario(self):
        base = self.provenance.get("scenario_name") or os.path.basename(self.path)
        # A point's file usually names its point already ("tiny [budget.x=1]").
        return f"{base} ({self.point})" if self.point and self.point not in base else base


def _load(path, opened, point=""):
    f, prov, axes = opened
    with f:
        res = Result(path=path, provenance=prov, years=axes["year"], point=point,
                     partial=reader.partial_note(prov))
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
    res.label = res.scenario
    return res


def load(path):
    """Reads one result file; raises InputError naming the file and what is wrong."""
    return _load(path, reader.open_result(path))


def load_files(paths):
    """The results in these files: a result file is one, a batch index one per sweep point
    (its links resolved relative to the index; a point that is an index is refused)."""
    results = []
    for path in paths:
        kind, what = reader.open_any(path)
        if kind == "result":
            results.append(_load(path, what))
            continue
        points, partial = what
        first = len(results)
        for point, target, name in points:
            results.append(_load(target, reader.open_point(path, name, target), point))
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
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a year with no value: a gap, not noise
        q = np.nanpercentile(values, [5, 25, 50, 75, 95], axis=0)
    return {"p05": q[0], "p25": q[1], "median": q[2], "p75": q[3], "p95": q[4]}


def _fan(ax, years, values, colour, label):
    b = bands(values)
    ax.fill_between(years, b["p05"], b["p95"], color=colour, alpha=0.15, linewidth=0)
    ax.fill_between(years, b["p25"], b["p75"], color=colour, alpha=0.30, linewidth=0)
    ax.plot(years, b["median"], color=colour, linewidth=2, label=label)


def series_chart(results, name, outdir):
    """Fan chart of one series, every scenario overlaid. Returns the PNG path, or None."""
    present = [r for r in results if name in r.series and r.series[name].shape[0] > 0]
    if not present:
        return None
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=100)
    for i, r in enumerate(present):
        _fan(ax, r.years, r.series[name], COLOURS[i % len(COLOURS)], r.label)
    first = present[0]
    title = f"{name.replace('_', ' ')}: {' vs '.join(r.label for r in present)}"
    ax.set_title("\n".join(textwrap.wrap(title, 90)))  # many sweep points: wrap, not clip
    ax.set_xlabel("year")
    ax.set_ylabel(first.units[name])
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3)
    handles, _ = ax.get_legend_handles_labels()
    handles += [Patch(color="grey", alpha=0.45, label="50% of replicates"),
                Patch(color="grey", alpha=0.15, label="90% of replicates")]
    ax.legend(handles=handles, fontsize="small", loc="best")
    fig.text(0.01, 0.01, first.descriptions[name], fontsize="x-small", color="dimgrey")
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return _save(fig, os.path.join(outdir, f"{name}.png"))


def _save(fig, path):
    """Saves via a temp file and a rename, so a failed write never leaves half a PNG."""
    tmp = f"{path}.tmp-{os.getpid()}"
    try:
        fig.savefig(tmp, format="png")
        os.replace(tmp, path)
    except OSError as e:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise reader.InputError(f"-o {os.path.dirname(path)}: cannot write {path} "
                                f"({e.strerror or e})") from None
    finally:
        plt.close(fig)
    return path


def market_share_chart(results, outdir):
    """Stacked areas of the median market share of each provider type, one panel per scenario."""
    present = [r for r in results if r.market_share is not None and r.market_share.shape[0] > 0]
    if not present:
        return None
    fig, axes = plt.subplots(1, len(present), figsize=(max(8, 5 * len(present)), 4.5), dpi=100,
                             squeeze=False, sharey=True)
    for ax, r in zip(axes[0], present):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            median = np.nanmedian(r.market_share, axis=0)  # [year, type]
        ax.stackplot(r.years, median.T, labels=r.provider_types,
                     colors=[COLOURS[t % len(COLOURS)] for t in range(median.shape[1])])
        ax.set_title(r.label)
        ax.set_xlabel("year")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlim(r.years[0], r.years[-1])
    axes[0][0].set_ylabel(present[0].share_units)
    axes[0][-1].legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize="small",
                       title="provider type")
    fig.suptitle("Market share by provider type (median across replicates)")
    fig.tight_layout()
    return _save(fig, os.path.join(outdir, "market_share.png"))


def make_charts(results, outdir):
    """Draws every chart for these (loaded, labelled) results into outdir; returns the paths."""
    output_dir(outdir, create=True)
    paths = [series_chart(results, name, outdir) for name in KEY_SERIES]
    paths.append(market_share_chart(results, outdir))
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
        prog="plot.py", description="Fan charts of quasim result files (PNG).",
        epilog="example: /usr/bin/python3 output/plot.py results/a.h5 results/b.h5 -o plots/")
    parser.add_argument("files", nargs="+", help="result files or batch indexes (.h5)")
    parser.add_argument("-o", "--output", default="plots", help="directory for the PNG files")
    args = parser.parse_args(argv)
    output_dir(args.output)
    results = label(load_files(args.files))
    warn_partial(results)
    paths = make_charts(results, args.output)
    if len(args.files) == 1 and results and all(r.point for r in results):  # one batch index
        import sweep_charts  # the response of each key output to the swept parameters
        paths += sweep_charts.response_charts(results, args.files[0], args.output)
    if not paths:
        reader.warn("no completed replicate in these files: nothing to draw")
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(reader.run_main(main))
