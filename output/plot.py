#!/usr/bin/python3
"""Charts of quasim result files: fan charts of the key series and market shares by provider type.

Usage: /usr/bin/python3 output/plot.py A.h5 [B.h5 ...] -o DIR
(or `quasim plot A.h5 B.h5 -o DIR`). Several files are overlaid as scenarios. Writes PNGs into
DIR and prints their paths, one a line. Exit status 2 on a missing or foreign file.

Needs Debian's /usr/bin/python3 (python3-h5py, python3-matplotlib). report.py imports this
module, so the functions below are its API: load, label, make_charts.
"""
import argparse
import os
import sys
import warnings
from dataclasses import dataclass, field

import h5py
import matplotlib

matplotlib.use("Agg")  # files only, never a window: runs on servers and in tests
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

# The same indicators, in the same order, as the end-of-run summary (output/summary.cpp).
KEY_SERIES = [
    "spending_total", "funding_gap", "unmet_need", "outcome_mean", "outcome_inequality",
    "satisfaction_mean", "trust_mean", "providers_active", "hhi", "bids_per_tender",
    "contract_price_index", "transaction_costs", "value_for_money",
]
COLOURS = plt.get_cmap("tab10").colors


class QuasimFileError(Exception):
    """A file that is missing or is not a quasim result file."""


@dataclass
class Result:
    """One result file, loaded: what the charts and the report need."""
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

    @property
    def scenario(self):
        return self.provenance.get("scenario_name") or os.path.basename(self.path)


def _text(value):
    """An HDF5 attribute as a plain Python value (bytes decoded, numpy scalars unwrapped)."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, np.generic):
        return value.item()
    return value


def load(path):
    """Reads a result file; raises QuasimFileError naming the file if it is not one."""
    if not os.path.exists(path):
        raise QuasimFileError(f"{path}: no such file")
    try:
        f = h5py.File(path, "r")
    except OSError:
        raise QuasimFileError(f"{path}: not a quasim result file (not HDF5)") from None
    with f:
        if "provenance" not in f or "quasim_version" not in f["provenance"].attrs:
            raise QuasimFileError(f"{path}: not a quasim result file (no /provenance@quasim_version)")
        prov = {k: _text(v) for k, v in f["provenance"].attrs.items()}
        res = Result(path=path, provenance=prov, years=f["year"][:])
        for name, ds in f["series"].items():
            if ds.dtype.kind != "f":
                continue  # the group's axes (replicate, year)
            res.series[name] = ds[...].astype(float)
            res.units[name] = _text(ds.attrs.get("units", ""))
            res.descriptions[name] = _text(ds.attrs.get("description", ""))
        res.provider_types = [_text(t) for t in f["provider_type"][:]]
        if "by_provider_type/market_share" in f:
            ds = f["by_provider_type/market_share"]
            res.market_share = ds[...].astype(float)
            res.share_units = _text(ds.attrs.get("units", res.share_units))
    res.label = res.scenario
    return res


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
    ax.set_title(f"{name.replace('_', ' ')}: {' vs '.join(r.label for r in present)}")
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
    path = os.path.join(outdir, f"{name}.png")
    fig.savefig(path)
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
    path = os.path.join(outdir, "market_share.png")
    fig.savefig(path)
    plt.close(fig)
    return path


def make_charts(results, outdir):
    """Draws every chart for these (loaded, labelled) results into outdir; returns the paths."""
    os.makedirs(outdir, exist_ok=True)
    paths = [series_chart(results, name, outdir) for name in KEY_SERIES]
    paths.append(market_share_chart(results, outdir))
    return [p for p in paths if p]


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="plot.py", description="Fan charts of quasim result files (PNG).",
        epilog="example: /usr/bin/python3 output/plot.py results/a.h5 results/b.h5 -o plots/")
    parser.add_argument("files", nargs="+", help="result files (.h5)")
    parser.add_argument("-o", "--output", default="plots", help="directory for the PNG files")
    args = parser.parse_args(argv)
    try:
        results = label([load(p) for p in args.files])
    except QuasimFileError as e:
        print(f"plot.py: error: {e}", file=sys.stderr)
        return 2
    paths = make_charts(results, args.output)
    if not paths:
        print("plot.py: no completed replicate in these files: nothing to draw", file=sys.stderr)
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
