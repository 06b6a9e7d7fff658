"""Charts of `quasim sensitivity`: which parameters matter for each output, with intervals.

One chart per output (sensitivity_<output>.png), parameters from the most important (top) to
the least, in Okabe-Ito colours as on every quasim chart:

- saltelli: Sobol' first-order (blue) and total (vermilion) indices as bars with their 95%
  bootstrap intervals, in % of the output's variance;
- morris: mu* as bars with its interval, sigma as open diamonds (same units: the output's
  change for a move across the parameter's range);
- lhs, sobol: standardised regression coefficients (SRC, bars; SRRC, diamonds) with intervals,
  signed about a zero line;
- oat: a tornado: the output at each parameter's lowest and highest value run, about the
  centre point's value.

The caption says how much of a single run's variance is run-to-run noise.

API (plot.py and report.py call these):
    split_inputs(files, bring_index=False) -> (files for plot.load_files, sensitivity sources)
    charts(sources, outdir) -> [png paths]
    report_section(sources, outdir) -> [html strings]  (a <section id="sensitivity">)
A source is a file written by quasim sensitivity or the batch index of a [design] (its
outputs are then computed here: INDEX_sensitivity.h5 beside it when that was made from it, else
sensitivity.DEFAULT_SERIES in the final year).
"""
import base64
import html
import os
import sys
import textwrap

import matplotlib

matplotlib.use("Agg")  # files only, never a window
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import briefing_charts as briefing  # noqa: E402  (the palette and the shared look)
import quasim_reader as reader  # noqa: E402
import sensitivity  # noqa: E402

BLUE, VERMILION = briefing.OKABE_ITO[0], briefing.OKABE_ITO[1]


# --- inputs --------------------------------------------------------------------------------

def _kind(path):
    """"sensitivity", "design" (a design batch's index) or None, never raising."""
    kind = sensitivity.kind_of(path)
    if kind == "sensitivity":
        return kind
    if kind != "batch index":
        return None
    try:
        f = reader.open_hdf5(path)
    except reader.InputError:
        return None
    with f:
        return "design" if reader.hard(f, path, "design", "group") is not None else None


def split_inputs(files, bring_index=False):
    """(files for plot.load_files, [(kind, path)] sources of sensitivity charts). A sensitivity
    file is taken out of the files; with bring_index, a lone sensitivity file brings the index
    it was computed from in its place (the report needs runs to describe)."""
    rest, sources = [], []
    for path in files:
        kind = _kind(path) if os.path.isfile(path) else None
        if kind == "sensitivity":
            sources.append((kind, path))
            continue
        if kind == "design":
            sources.append((kind, path))
        rest.append(path)
    if bring_index and not rest and sources:
        index = _index_of(sources[0][1])
        rest.append(index)
    return rest, sources


def _index_of(path):
    """The design index a sensitivity file was computed from, as a path that exists."""
    f = reader.open_hdf5(path)
    with f:
        prov = reader.provenance(f, path)
    for index in (str(prov.get("index_abspath", "")),
                  os.path.join(os.path.dirname(path),
                               os.path.basename(str(prov.get("index_path", ""))))):
        if index and os.path.isfile(index):
            return index
    raise reader.InputError(f"{path}: the design index it was computed from "
                            f"({prov.get('index_path')}) is not there; give the index too")


def _items_of_file(path):
    """[item] of a sensitivity file: {key, attrs, data: {name: array}, parameters}."""
    f = reader.open_hdf5(path)
    items = []
    with f:
        top = reader.hard(f, path, "sensitivity", "group")
        if top is None:
            raise reader.InputError(f"{path}: no /sensitivity; expected a file written by "
                                    "quasim sensitivity")
        for key in top:
            g = top[key]
            data = {name: ds[...] for name, ds in g.items()}
            params = [reader.text(v) for v in data.pop("parameter")]
            items.append({"key": key, "attrs": {k: reader.text(v) for k, v in g.attrs.items()},
                          "data": data, "parameters": [str(p) for p in params]})
    return items


def _default_file(index):
    stem = sensitivity.default_output(index)
    if not os.path.isfile(stem) or sensitivity.kind_of(stem) != "sensitivity":
        return None
    f = reader.open_hdf5(stem)
    with f:
        made_from = str(reader.provenance(f, stem).get("index_abspath", ""))
    return stem if made_from == os.path.abspath(index) else None


def _items_of_index(index):
    """The items of a design index: from its sensitivity file when that was made from it, else
    computed now for sensitivity.DEFAULT_SERIES in the final year."""
    existing = _default_file(index)
    if existing:
        return _items_of_file(existing)
    outputs = [sensitivity.Output("series", n, None, None, n,
                                  reader.catalogue()[("series", n)])
               for n in sensitivity.DEFAULT_SERIES]
    design, results = sensitivity.run(index, outputs)
    items = []
    for a in results:
        data = {name: np.asarray(v[0]) for name, v in sensitivity._datasets(a, design).items()}
        o = a.output
        items.append({"key": o.key, "parameters": list(design.parameters), "data": data,
                      "attrs": {"label": o.entry["label"], "units": o.entry["units"],
                                "kind": o.entry["kind"], "method": design.method,
                                "years": f"{o.first}" if o.first == o.last else
                                f"{o.first}-{o.last}", "entity": o.entity or "",
                                "group": o.group, "series": o.name,
                                "replicates": a.replicates}})
    return items


def items(sources):
    out = []
    for kind, path in sources:
        try:
            out += _items_of_file(path) if kind == "sensitivity" else _items_of_index(path)
        except reader.InputError as e:
            if kind == "sensitivity":
                raise
            reader.warn(f"no sensitivity charts: {e}")  # a design the charts cannot analyse
    return out


# --- drawing -------------------------------------------------------------------------------

def _title(item):
    a = item["attrs"]
    where = f" ({str(a.get('entity')).replace('_', ' ')})" if a.get("entity") else ""
    years = str(a.get("years", ""))
    when = f" in {years}" if "-" not in years else f", mean over {years}"
    return f"{a.get('label', item['key'])}{where}{when}"


def noise_words(item):
    d = item["data"]
    noise = float(d.get("noise_share", np.nan))
    if not np.isfinite(noise):
        return "One run per point, or no variation: run-to-run noise is not separated."
    return (f"Parameters explain {100 * (1 - noise):.0f}% of the variance of single runs, "
            f"run-to-run noise {100 * noise:.0f}%; the indices are of each point's mean run.")


def _order(item):
    rank = np.asarray(item["data"]["rank"])
    return list(np.argsort(rank, kind="stable"))


def _errors(value, low, high):
    value, low, high = (np.nan_to_num(np.asarray(x, dtype=float)) for x in (value, low, high))
    return np.vstack([np.maximum(value - low, 0), np.maximum(high - value, 0)])


def _bars(ax, order, params, series):
    """Horizontal bars, the most important parameter on top; series: [(values, low, high,
    colour, label)] drawn side by side."""
    y = np.arange(len(order))[::-1]
    height = 0.8 / len(series)
    for k, (v, lo, hi, colour, label) in enumerate(series):
        off = (len(series) - 1) / 2 * height - k * height
        v = np.asarray(v)[order]
        kw = {}
        if lo is not None:
            kw = {"xerr": _errors(v, np.asarray(lo)[order], np.asarray(hi)[order]),
                  "error_kw": {"ecolor": "black", "capsize": 3, "linewidth": 1.2}}
        ax.barh(y + off, np.nan_to_num(v), height=height, color=colour, label=label, **kw)
    ax.set_yticks(y)
    ax.set_yticklabels([params[i] for i in order])
    ax.grid(axis="x", alpha=0.3)


def _diamonds(ax, order, values, colour, label):
    y = np.arange(len(order))[::-1]
    ax.plot(np.asarray(values)[order], y, "D", markerfacecolor="white", markeredgecolor=colour,
            markeredgewidth=1.8, markersize=7, linestyle="", label=label, zorder=4)


def draw(item, path):
    """One output's chart into path."""
    d, a, params = item["data"], item["attrs"], item["parameters"]
    method = str(a.get("method", ""))
    order = _order(item)
    fig, ax = plt.subplots(figsize=(8.5, 1.6 + 0.55 * len(params)), dpi=briefing.DPI)
    units = str(a.get("units", ""))
    if method == "saltelli":
        _bars(ax, order, params, [
            (100 * d["first_order"], 100 * d["first_order_low"], 100 * d["first_order_high"],
             BLUE, "first-order (the parameter alone)"),
            (100 * d["total"], 100 * d["total_low"], 100 * d["total_high"], VERMILION,
             "total (with its interactions)")])
        ax.set_xlabel("Sobol' index, % of the output's variance\n(black lines: 95% intervals)")
        ax.axvline(0, color="black", linewidth=1)
    elif method == "morris":
        _bars(ax, order, params, [(d["mu_star"], d["mu_star_low"], d["mu_star_high"], BLUE,
                                   "mu*: mean absolute effect (95% interval)")])
        _diamonds(ax, order, d["sigma"], VERMILION, "sigma: how much the effect varies")
        ax.set_xlabel(f"Change in the output ({units}) for a move across the parameter's range")
    elif method == "oat":
        centre = float(d["centre"])
        y = np.arange(len(order))[::-1]
        for row, i in zip(y, order):
            lo, hi = float(d["at_lower"][i]), float(d["at_upper"][i])
            ax.barh(row, lo - centre, left=centre, color=BLUE, height=0.6)
            ax.barh(row, hi - centre, left=centre, color=VERMILION, height=0.6)
        ax.axvline(centre, color="black", linewidth=1.2)
        ax.set_yticks(y)
        ax.set_yticklabels([params[i] for i in order])
        ax.grid(axis="x", alpha=0.3)
        ax.legend(handles=[Patch(color=BLUE, label="at the parameter's lowest value"),
                           Patch(color=VERMILION, label="at its highest value"),
                           Line2D([], [], color="black", label="centre point")],
                  fontsize="small", loc="best", framealpha=0.9)
        ax.set_xlabel(f"Output ({units}), one parameter moved at a time")
    else:
        _bars(ax, order, params, [(d["src"], d["src_low"], d["src_high"], BLUE,
                                   "SRC (95% interval)")])
        _diamonds(ax, order, d["srrc"], VERMILION, "SRRC (on ranks)")
        ax.axvline(0, color="black", linewidth=1)
        ax.set_xlabel(f"Standardised regression coefficient (R\u00b2 of the linear fit "
                      f"{100 * float(d['r2']):.0f}%)")
    if method != "oat":
        ax.legend(fontsize="small", loc="best", framealpha=0.9)  # inside: the axes keep the width
    ax.set_title("\n".join(textwrap.wrap(f"Which parameters matter: {_title(item)}", 70)))
    ax.set_xlabel(briefing.wrap(ax.get_xlabel(), 60))
    fig.tight_layout()  # the axes and their labels inside the figure; the caption below them
    fig.text(0.01, -0.01, "\n".join(textwrap.wrap(
        f"{method} design; most important on top. {noise_words(item)}", 110)),
        fontsize="x-small", color="dimgrey", va="top")
    return briefing.save(fig, path)


def charts(sources, outdir):
    """One chart per output of every source into outdir; the PNG paths."""
    paths = []
    found = items(sources)
    if found:
        os.makedirs(outdir, exist_ok=True)
    for item in found:
        name = "".join(c if c.isalnum() or c in "._-" else "_" for c in item["key"])
        paths.append(draw(item, os.path.join(outdir, f"sensitivity_{name}.png")))
    return paths


# --- the report's section ------------------------------------------------------------------

def _alt(item):
    d, params = item["data"], item["parameters"]
    order = _order(item)
    method = str(item["attrs"].get("method", ""))
    measure = {"saltelli": ("total", lambda v: f"total index {100 * v:.0f}%"),
               "morris": ("mu_star", lambda v: f"mu* {v:.3g}"),
               "oat": ("swing", lambda v: f"swing {v:.3g}")}.get(
                   method, ("src", lambda v: f"SRC {v:+.2f}"))
    parts = [f"{params[i]} ({measure[1](float(d[measure[0]][i]))})" for i in order]
    return f"{_title(item)}: parameters from the most important: " + "; ".join(parts) + "."


def report_section(sources, outdir):
    """The charts as a <section id="sensitivity"> (HTML strings, PNGs embedded); [] when there
    is nothing to show."""
    found = items(sources)
    if not found:
        return []
    out = ['<section id="sensitivity">', "<h2>Which parameters matter</h2>",
           "<p>An experiment design runs the scenario at many combinations of the parameters' "
           "values; each chart says how much of an output's variation across them comes from "
           "each parameter (most important on top), with the 95% interval of each estimate. "
           "Sobol' indices (saltelli designs): the share of the output's variance due to the "
           "parameter alone (first-order) and with its interactions (total; 0 means it does "
           "not matter). Morris mu* (morris designs): how far the output moves, on average, "
           "when the parameter moves across its range; sigma: how much that depends on the "
           "other parameters. Regression coefficients (lhs, sobol designs): the output's change, "
           "in standard deviations, per standard deviation of the parameter. Each caption says "
           "how much of the variation between single runs is run-to-run noise.</p>"]
    os.makedirs(outdir, exist_ok=True)
    for item in found:
        name = "".join(c if c.isalnum() or c in "._-" else "_" for c in item["key"])
        path = draw(item, os.path.join(outdir, f"sensitivity_{name}.png"))
        with open(path, "rb") as f:
            data = base64.b64encode(f.read()).decode("ascii")
        out.append(f'<figure class="sensitivity"><img src="data:image/png;base64,{data}" '
                   f'alt="{html.escape(_alt(item), quote=True)}" '
                   'style="max-width:100%;height:auto">'
                   f"<figcaption><strong>{html.escape(_title(item))}</strong>. "
                   f"{html.escape(noise_words(item))}</figcaption></figure>")
    out.append("</section>")
    return out
