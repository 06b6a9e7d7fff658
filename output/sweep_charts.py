"""Sweep response charts: how each key output responds to the swept parameters of one batch.

For each key output (plot.KEY_SERIES) the value in the final year of the run is summarised
over the runs (replicates) at every sweep point (median, and the bands holding the middle 50%
and 90% of runs) and drawn against the swept value:

- one swept parameter: the median as a line with its two bands against the parameter (a text
  parameter, such as a governance model, is drawn as points with bars, one per value);
- two: one line per value of the second parameter (Okabe-Ito colours, 50% band shaded), or,
  when the second has more than 8 values, a heatmap of the medians;
- more than two: the first two as above, the others held at their first value (the chart says
  which).

The final year is used, not a mean over the last years: it is the figure the report's tables
and the end-of-run summary quote. Numbers read as on the report's charts (briefing_charts'
axes): shares in %, money in £m in real terms at the run's start-year prices. The x axis names
the swept parameter by its key (the contract: `quasim explain KEY`) and its units; the caption
gives its plain description. The page's word for a replicate is "run".

API (report.py and plot.py call these):
    response_charts(results, sweep, outdir) -> [png paths]
    report_section(results, sweep, outdir) -> [html strings]  (a <section id="sweep-response">)
results: plot.load_files() of one batch index (Result objects with .point labels);
sweep: quasim_reader.sweep_coordinates(index) (or the index's path).
"""
import base64
import html
import os
import sys
import textwrap
import warnings

import matplotlib

matplotlib.use("Agg")  # files only, never a window
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import AutoLocator  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import briefing_charts as charts  # noqa: E402
import quasim_format as fmt  # noqa: E402
import quasim_reader as reader  # noqa: E402

# Okabe & Ito's colour-blind-safe palette, yellow last (faint on white).
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#000000",
             "#F0E442"]
MAX_LINES = 8  # more values of the second parameter than this: a heatmap instead of lines
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]  # lines that coincide stay distinguishable
BAND_50, BAND_90 = 0.35, 0.15  # alpha of the bands (the legend's swatches use the same)


def _key_series():
    import plot  # this directory's plot.py (the list of key outputs lives there)
    return plot.KEY_SERIES


def _entry(name):
    return charts.entry("series", name)


def _stats(values):
    """Median and 50%/90% bands of one year's values across replicates (NaN ignored)."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    if values.size == 0:
        return dict(p05=np.nan, p25=np.nan, median=np.nan, p75=np.nan, p95=np.nan, n=0)
    q = np.percentile(values, [5, 25, 50, 75, 95])
    return dict(p05=q[0], p25=q[1], median=q[2], p75=q[3], p95=q[4], n=int(values.size))


def _sweep_of(sweep):
    return reader.sweep_coordinates(sweep) if isinstance(sweep, str) else sweep


def _point_results(results, sweep):
    """The result of each sweep point, in sweep order (matched by label, else by position)."""
    by_label = {r.point: r for r in results}
    if all(label in by_label for label in sweep.labels):
        return [by_label[label] for label in sweep.labels]
    if len(results) == len(sweep.labels):
        return list(results)
    raise reader.InputError(f"{len(results)} results for a sweep of {len(sweep.labels)} points: "
                            "give the results of the batch index the sweep was read from")


def _axis_text(key, sweep):
    """The x axis: the parameter's key and units, then its plain description, wrapped."""
    units = sweep.units.get(key, "")
    text = f"{key} ({units})" if units and units != "-" else key
    description = _description(key, sweep)
    return text + ("\n" + "\n".join(textwrap.wrap(description, 90)) if description else "")


def _description(key, sweep):
    """The parameter's plain description, without the calibration source in brackets."""
    text = getattr(sweep, "descriptions", {}).get(key, "") or ""
    return text.split(" (seed ")[0].strip()


def _starts(results):
    return sorted({int(r.provenance["start_year"]) for r in results
                   if isinstance(r.provenance.get("start_year"), (int, np.integer))})


def _money_note(results):
    """The price base of money: the start year, or each point's when a point moved it."""
    starts = _starts(results)
    if len(starts) == 1:
        return f"real terms at {starts[0]} prices"
    if starts:
        return "real terms at each point's start-year prices (" + ", ".join(
            map(str, starts)) + ")"
    return "real terms at start-year prices"


def _y_label(name, results):
    """As on the report's charts: "% (share)", "£m, real terms at 2010 prices", or the units."""
    e = _entry(name)
    if e["kind"] == "money":
        return f"£m, {_money_note(results)}"
    units = fmt.unit_word(e["kind"]) if e["kind"] in fmt.KINDS else ""
    return units or e.get("units") or (results[0].units.get(name, "") if results else "")


def _final_years(results):
    years = sorted({int(r.years[-1]) for r in results if len(r.years)})
    return str(years[0]) if len(years) == 1 else "the final year of each point"


def _frame(results, sweep, name):
    """[(values of the swept parameters, stats at the final year)] per point."""
    rows = []
    for i, r in enumerate(_point_results(results, sweep)):
        series = r.series.get(name)
        final = series[:, -1] if series is not None and series.size else []
        rows.append(({k: sweep[k][i] for k in sweep}, _stats(final)))
    return rows


def _ordered(values):
    """Distinct values in order: numbers sorted, text in the order first met."""
    seen = []
    for v in values:
        if v not in seen:
            seen.append(v)
    return sorted(seen) if all(isinstance(v, float) for v in seen) else seen


def value_text(v):
    """A swept value as a person reads it: numbers short (-0.04, 2, 1e+06), "" as (none)."""
    if isinstance(v, float):
        return f"{v:g}"
    return v if v != "" else "(none)"


def _x_positions(values):
    """(x of each value, tick labels or None): numbers as themselves, text as 0, 1, 2 ..."""
    order = _ordered(values)
    if all(isinstance(v, float) for v in order):
        return {v: v for v in order}, None
    return {v: float(i) for i, v in enumerate(order)}, [str(v) for v in order]


def _draw(ax, xs, stats, colour, label, categorical, offset=0.0, bands90=True, marker="o"):
    x = np.array(xs, dtype=float) + offset
    med = np.array([s["median"] for s in stats])
    if categorical:
        lo50, hi50 = [s["p25"] for s in stats], [s["p75"] for s in stats]
        lo90, hi90 = [s["p05"] for s in stats], [s["p95"] for s in stats]
        if bands90:
            ax.vlines(x, lo90, hi90, color=colour, alpha=0.5, linewidth=1.5)
        ax.vlines(x, lo50, hi50, color=colour, linewidth=5, alpha=0.6)
        ax.plot(x, med, marker, linestyle="", color=colour, markersize=7, label=label, zorder=3)
        return
    if bands90:
        ax.fill_between(x, [s["p05"] for s in stats], [s["p95"] for s in stats], color=colour,
                        alpha=BAND_90, linewidth=0)
    ax.fill_between(x, [s["p25"] for s in stats], [s["p75"] for s in stats], color=colour,
                    alpha=BAND_50 if bands90 else BAND_90 + 0.05, linewidth=0)
    ax.plot(x, med, "-", marker=marker, color=colour, linewidth=2, markersize=5, label=label)


def _legend(ax, handles):
    """Beside the plot, never over the data."""
    ax.legend(handles=handles, fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0),
              borderaxespad=0)


def _caption(fig, text):
    fig.text(0.01, 0.01, "\n".join(textwrap.wrap(text, 130)), fontsize="x-small",
             color="dimgrey", va="bottom")


def _finish(fig, ax, name, results, x_text, ticks, note):
    e = _entry(name)
    ax.set_title("\n".join(textwrap.wrap(f"{e['label']} in {_final_years(results)}", 70)))
    ax.set_xlabel(x_text)
    ax.set_ylabel(_y_label(name, results))
    if e["kind"] in fmt.KINDS:  # shares in %, money in £m, as on the report's charts
        charts.format_axis(ax, e["kind"])
        if ticks is None:  # a numeric parameter: its own ticks, not whole years
            ax.xaxis.set_major_locator(AutoLocator())
    if ticks is not None:
        ax.set_xticks(range(len(ticks)))
        ax.set_xticklabels([value_text(t) for t in ticks], rotation=0)
        ax.set_xlim(-0.6, len(ticks) - 0.4)
    ax.grid(alpha=0.3)
    _caption(fig, " ".join(t for t in (e.get("description", ""), note) if t))
    lines = max(1, len(textwrap.wrap(" ".join((e.get("description", ""), note)), 130)))
    fig.tight_layout(rect=(0, 0.025 * lines + 0.01, 1, 1))


def _one_parameter(name, rows, key, results, sweep):
    pos, ticks = _x_positions([v[key] for v, _ in rows])
    order = sorted(range(len(rows)), key=lambda i: pos[rows[i][0][key]])
    fig, ax = plt.subplots(figsize=(9, 4.5), dpi=100)
    colour = OKABE_ITO[0]
    _draw(ax, [pos[rows[i][0][key]] for i in order], [rows[i][1] for i in order], colour,
          "median", ticks is not None)
    if ticks is None:  # bands
        handles = [Line2D([], [], color=colour, marker="o", linewidth=2, label="median"),
                   Patch(color=colour, alpha=BAND_50, label="middle 50% of runs"),
                   Patch(color=colour, alpha=BAND_90, label="middle 90% of runs")]
    else:  # bars, drawn as the legend shows them
        handles = [Line2D([], [], color=colour, marker="o", linestyle="", label="median"),
                   Line2D([], [], color=colour, alpha=0.6, linewidth=5,
                          label="middle 50% of runs"),
                   Line2D([], [], color=colour, alpha=0.5, linewidth=1.5,
                          label="middle 90% of runs")]
    _legend(ax, handles)
    _finish(fig, ax, name, results, _axis_text(key, sweep), ticks,
            f"Each point: the value in the final year across "
            f"{max(s['n'] for _, s in rows)} runs.")
    return fig


def _two_parameters(name, rows, x_key, line_key, results, sweep, held):
    pos, ticks = _x_positions([v[x_key] for v, _ in rows])
    lines = _ordered([v[line_key] for v, _ in rows])
    if len(lines) > MAX_LINES:
        return _heatmap(name, rows, x_key, line_key, results, sweep, held)
    fig, ax = plt.subplots(figsize=(9.5, 4.8), dpi=100)
    categorical = ticks is not None
    width = 0.6 / max(1, len(lines))
    for j, value in enumerate(lines):
        mine = sorted([(pos[v[x_key]], s) for v, s in rows if v[line_key] == value],
                      key=lambda t: t[0])
        offset = (j - (len(lines) - 1) / 2) * width if categorical else 0.0
        _draw(ax, [x for x, _ in mine], [s for _, s in mine], OKABE_ITO[j % len(OKABE_ITO)],
              f"{line_key} = {value_text(value)}", categorical, offset,
              bands90=False, marker=MARKERS[j % len(MARKERS)])
    handles, _ = ax.get_legend_handles_labels()
    handles.append(Patch(color=OKABE_ITO[0], alpha=BAND_90 + 0.05,
                         label="middle 50% of runs\n(shaded in each line's colour)"))
    _legend(ax, handles)
    note = "Lines: the median in the final year; shaded or bars: the middle 50% of runs."
    if held:
        note += " Other swept parameters held at " + ", ".join(
            f"{k} = {value_text(v)}" for k, v in held) + "."
    _finish(fig, ax, name, results, _axis_text(x_key, sweep), ticks, note)
    return fig


def _heatmap(name, rows, x_key, y_key, results, sweep, held):
    xs, ys = _ordered([v[x_key] for v, _ in rows]), _ordered([v[y_key] for v, _ in rows])
    e = _entry(name)
    grid = np.full((len(ys), len(xs)), np.nan)
    for v, s in rows:
        grid[ys.index(v[y_key]), xs.index(v[x_key])] = s["median"]
    fig, ax = plt.subplots(figsize=(7.5, 5), dpi=100)
    image = ax.imshow(grid, origin="lower", aspect="auto", cmap="viridis")  # colour-blind safe
    bar = fig.colorbar(image, ax=ax, label=f"median: {_y_label(name, results)}")
    if e["kind"] in fmt.KINDS:  # shares in %, money in £m
        charts.format_axis(bar.ax, e["kind"])
        bar.ax.grid(False)
    ax.set_xticks(range(len(xs)))
    ax.set_xticklabels([value_text(x) for x in xs], rotation=45 if len(xs) > 6 else 0)
    ax.set_yticks(range(len(ys)))
    ax.set_yticklabels([value_text(y) for y in ys])
    ax.set_ylabel(_axis_text(y_key, sweep))
    note = "Colour: the median over runs in the final year."
    if held:
        note += " Other swept parameters held at " + ", ".join(
            f"{k} = {value_text(v)}" for k, v in held) + "."
    ax.set_title(f"{e['label']} in {_final_years(results)}")
    ax.set_xlabel(_axis_text(x_key, sweep))
    _caption(fig, " ".join(t for t in (e.get("description", ""), note) if t))
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return fig


def _layout(sweep):
    """(x parameter, line parameter or None, [(held parameter, value)]) for the charts. Of
    the first two parameters the x axis takes a numeric one (a line against a number reads
    best), and of two numeric ones the one with more values (fewer lines)."""
    keys = list(sweep)
    first = keys[:2]
    held = [(k, sweep[k][0]) for k in keys[2:]]

    def rank(k):
        return (sweep.numeric(k), len(_ordered(sweep[k])))

    if len(first) == 2 and rank(first[1]) > rank(first[0]):
        first = [first[1], first[0]]
    return first[0], (first[1] if len(first) > 1 else None), held


def _rows_held(rows, held):
    return [(v, s) for v, s in rows if all(v[k] == value for k, value in held)]


def _save(fig, path):
    import plot  # plot._save: temp file + rename, never half a PNG
    return plot._save(fig, path)


def response_charts(results, sweep, outdir):
    """Draws one response chart per key output (response_<series>.png) into outdir for the
    results of one batch index; returns the PNG paths ([] for a sweep without parameters)."""
    sweep = _sweep_of(sweep)
    if not sweep or not results:
        return []
    os.makedirs(outdir, exist_ok=True)
    x_key, line_key, held = _layout(sweep)
    paths = []
    for name in _key_series():
        if not any(name in r.series for r in results):
            continue
        rows = _rows_held(_frame(results, sweep, name), held)
        with warnings.catch_warnings():
            # A final year with no value at a point (NaN): a gap in the chart, not noise.
            warnings.simplefilter("ignore", RuntimeWarning)
            warnings.filterwarnings("ignore", message=".*masked element.*")
            fig = (_one_parameter(name, rows, x_key, results, sweep) if line_key is None else
                   _two_parameters(name, rows, x_key, line_key, results, sweep, held))
            paths.append(_save(fig, os.path.join(outdir, f"response_{name}.png")))
    return paths


def _alt(name, rows, x_key, line_key, results):
    """What a chart shows, in words: the medians at the ends of the swept range."""
    e = _entry(name)
    x_pos, _ = _x_positions([v[x_key] for v, _ in rows])
    lines = _ordered([v[line_key] for v, _ in rows]) if line_key else [None]
    ordered = sorted(rows, key=lambda t: (lines.index(t[0][line_key]) if line_key else 0,
                                          x_pos[t[0][x_key]]))
    parts = []
    for v, s in ordered[:6]:
        where = f"{x_key} = {value_text(v[x_key])}" + (
            f", {line_key} = {value_text(v[line_key])}" if line_key else "")
        parts.append(f"{fmt.value(s['median'], e['kind'])} at {where}")
    more = f" and {len(ordered) - 6} more points" if len(ordered) > 6 else ""
    return (f"{e['label']} in {_final_years(results)} against {x_key}: median "
            + "; ".join(parts) + more + ".")


def _explanation(results, sweep, x_key, line_key, held):
    n_points = len(sweep.labels)
    reps = sorted({r.series[next(iter(r.series))].shape[0] for r in results if r.series})
    ranges = []
    for k in sweep:
        vals = _ordered(sweep[k])
        shown = ", ".join(value_text(v) for v in vals[:8])
        what = _description(k, sweep)
        what = f", {html.escape(what[0].lower() + what[1:])}," if what else ""
        ranges.append(f"<code>{html.escape(k)}</code>{what} ({html.escape(shown)}"
                      f"{', ...' if len(vals) > 8 else ''})")
    text = (f"This batch ran the same scenario at {n_points} points, changing "
            + " and ".join(ranges) + ". Each chart shows one key output in "
            f"{html.escape(_final_years(results))}, the run's last year, at every point: the "
            f"marker is the median over the {'/'.join(map(str, reps))} runs of that point "
            "(each with its own random draws), the darker band (or thick bar) holds the middle "
            "50% of the runs and the lighter band (thin bar) 90%. Run number r uses the same "
            "random numbers at every point, so the differences between points come from the "
            "parameter, not from luck.")
    if line_key:
        text += (f" Each line is one value of <code>{html.escape(line_key)}</code>; only the "
                 "50% band is shaded, to keep the lines apart.")
    if held:
        text += (" More than two parameters were swept: the charts show the first two, with "
                 + ", ".join(f"<code>{html.escape(k)}</code> held at {html.escape(value_text(v))}"
                             for k, v in held) + ".")
    text += (f" Money is GBP in {html.escape(_money_note(results))}: the model has no "
             "inflation.")
    return f"<p>{text}</p>"


def _figcaption(name, sweep, x_key):
    """The series' plain label, code name and description; the swept parameter's key, units
    and plain description (the key is what `quasim explain` and the files use)."""
    e = _entry(name)
    description = html.escape(charts.plain_description(e["description"]))
    text = (f"<strong>{html.escape(e['label'])}</strong> <span class=\"code\">"
            f"{html.escape(name)}</span>: {description}")
    units = sweep.units.get(x_key, "")
    what = _description(x_key, sweep)
    return (text + f" Against <code>{html.escape(x_key)}</code>"
            + (f" ({html.escape(units)})" if units and units != "-" else "")
            + (f": {html.escape(what)}." if what else "."))


def report_section(results, sweep, outdir):
    """The sweep's response charts as HTML strings: a <section id="sweep-response"> with a
    heading, a plain-words explanation and each chart embedded as a base64 PNG with alt text.
    The PNGs are written into outdir. [] for a sweep without parameters."""
    sweep = _sweep_of(sweep)
    paths = response_charts(results, sweep, outdir)
    if not paths:
        return []
    x_key, line_key, held = _layout(sweep)
    out = ['<section id="sweep-response">',
           "<h2>How the results respond to the swept parameters</h2>",
           _explanation(results, sweep, x_key, line_key, held)]
    for path in paths:
        name = os.path.basename(path)[len("response_"):-len(".png")]
        rows = _rows_held(_frame(results, sweep, name), held)
        with open(path, "rb") as f:
            data = base64.b64encode(f.read()).decode("ascii")
        alt = html.escape(_alt(name, rows, x_key, line_key, results), quote=True)
        out.append(f'<figure class="sweep-response"><img src="data:image/png;base64,{data}" '
                   f'alt="{alt}" style="max-width:100%;height:auto">'
                   f"<figcaption>{_figcaption(name, sweep, x_key)}</figcaption></figure>")
    out.append("</section>")
    return out
