#!/usr/bin/python3
"""A briefing on quasim scenarios: one self-contained HTML page that answers "what changes
against the baseline, by how much, and how sure are we" in plain words.

Usage: /usr/bin/python3 output/report.py BASELINE.h5 VARIANT.h5 [...] -o report.html
       [--years 2015,2025] [--baseline LABEL_OR_FILE] [--unpaired]
(or `quasim report ...`). The first scenario is the baseline (or the one --baseline names);
every other is a variant compared with it, run by run: runs with the same seed and replicate
number are paired (common random numbers) and every difference on the page is a paired
difference from output/paired.py, the module `quasim compare` uses. Runs that do not pair are
refused with paired.py's one-line error unless --unpaired is given (then the page carries a
warning box). A batch index counts as its points, one scenario each.

The page, top to bottom: what changes (sentences generated from the numbers, and where the
effect sits by service and by council), difference charts of the key outputs, the same by
service and by council, the scenarios' levels side by side, key indicators at --years
(default: the final year), the parameters that differ, provenance and a glossary. Charts are
embedded as PNGs: the page opens anywhere, offline, needs no script, and can be mailed as one
file. The headline's sentences are made in output/headline.py. build_sections returns the page's sections as a list of HTML strings (each a <section
id=...>), so a caller can add one before build_html wraps them.

Any problem is one line `error: FILE: ...` on stderr and no page: exit 2 for bad input (a
missing, foreign, damaged or non-regular file, a series missing or of the wrong shape, runs that
do not pair, a year no file covers, a --baseline that names no scenario, an -o that is a
directory, FIFO or device), 1 for anything unexpected, 130 on Ctrl-C. The page is written to a
temp file beside -o and renamed over it, so a failed write never leaves half a page.
"""
import argparse
import base64
import html
import math
import os
import sys
import tempfile
import tomllib
from dataclasses import dataclass, field

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import briefing_charts as charts  # noqa: E402
import headline  # noqa: E402
import paired  # noqa: E402
import plot  # noqa: E402  (this directory's plot.py)
import quasim_format as fmt  # noqa: E402
import quasim_reader as reader  # noqa: E402

e = html.escape
MANY_VARIANTS = 3  # more variants: the per-area charts keep to unmet need

STYLE = """
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto;
  padding: 1em 1.2em 3em; max-width: 1200px; color: #1d1d1d; line-height: 1.45; }
h1 { font-size: 1.7em; line-height: 1.2; margin: 0.4em 0; }
h2 { margin-top: 2.2em; padding-bottom: 0.2em; border-bottom: 2px solid #0072B2; }
h3 { margin-top: 1.6em; }
p, li { max-width: 52em; }
img { max-width: 100%; height: auto; }
.n { white-space: nowrap; }
code, .code { font-family: ui-monospace, monospace; font-size: 0.85em; color: #555;
  overflow-wrap: anywhere; }
.lede { font-size: 1.08em; }
.note, .muted { color: #555; font-size: 0.92em; }
.box { background: #eef5fb; border-left: 4px solid #0072B2; padding: 0.6em 1em; margin: 1em 0; }
.warning { background: #fff3cd; border: 1px solid #d6b656; border-left-width: 4px;
  padding: 0.6em 1em; margin: 1em 0; }
nav ol { padding-left: 1.4em; columns: 2 16em; }
ul.changes { padding-left: 1.2em; }
ul.changes li { margin: 0.45em 0; }
.clear { color: #1d1d1d; } .unclear { color: #555; }
.scroll { overflow-x: auto; max-width: 100%; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.92em; }
th, td { border: 1px solid #ddd; padding: 0.35em 0.6em; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.num small, td small { color: #555; }
td.num small.sure { white-space: normal; display: inline-block; min-width: 9em; }
table.parameters td:first-child { min-width: 15em; }
table.provenance td { min-width: 5em; } table.provenance td:last-child { min-width: 22em; }
.charts { display: grid; gap: 1.2em 1.6em;
  grid-template-columns: repeat(auto-fill, minmax(min(100%, 480px), 1fr)); }
figure { margin: 0; }
figure.wide { grid-column: 1 / -1; }
section > figure { margin: 1.2em 0 2em; }
figcaption { font-size: 0.9em; color: #333; margin-top: 0.3em; }
dl.glossary dt { font-weight: 600; margin-top: 0.7em; }
dl.glossary dd { margin-left: 1.2em; }
@media (max-width: 600px) { body { padding: 0.6em 0.8em 2em; } h1 { font-size: 1.35em; }
  table { font-size: 0.85em; } }
"""

GLOSSARY = [
    ("Scenario", "One set of policy settings and assumptions, run in the model. The "
     "<em>baseline</em> is the scenario the others are compared with; each other one is a "
     "<em>variant</em>."),
    ("Run (replicate)", "One simulation of a scenario. The model has chance in it (who needs "
     "help, which providers fail), so each scenario is run many times with different random "
     "numbers; each run is one possible history."),
    ("Paired difference", "A variant's run minus the baseline run that used the same random "
     "numbers (the same seed and run number). Because both runs saw the same luck, their "
     "difference is the effect of the policy in that history, with most of the chance "
     "cancelled out."),
    ("Median", "The middle value: half of the runs are above it, half below."),
    ("50% and 90% intervals", "The range that holds the middle half (50%) or the middle 90% of "
     "the runs: from the 25th to the 75th and from the 5th to the 95th percentile. On charts, "
     "the darker and lighter shading."),
    ("In most runs / in almost every run", "The share of paired runs in which the variant moved "
     "the same way: at least 75% (most) or at least 95% (almost every). Below 75% the page says "
     f"there is no clear difference. With fewer than {paired.MIN_RUNS} runs holding a value (a "
     "price exists only in a year with a tender) it says there are too few runs to say."),
    ("Percentage point (pp)", "The difference between two percentages: from 20% to 25% is "
     "5 percentage points (and 25% more)."),
    ("Better", "Each indicator declares which direction is better for the public (less unmet "
     "need, higher outcomes). Some, like spending or the number of providers, are neither: the "
     "page then says only higher or lower."),
    ("Gini coefficient", "A measure of inequality from 0 (everyone fares the same) to 1 (one "
     "person has everything)."),
    ("Market concentration (HHI)", "The Herfindahl-Hirschman index: the sum of squared market "
     "shares in percent, from near 0 (many small providers) to 10,000 (one provider); above "
     "2,500 is usually called highly concentrated."),
    ("Price index", "Contract prices relative to what the in-house service cost before it was "
     "first put out to tender: 0.9 means 10% cheaper."),
    ("Need unit", "The model's measure of how much help people need; unmet need is the share of "
     "need units that no service met."),
    ("Value for money", "Need averted by services (need-level-years) per £ million of all "
     "spending."),
    ("Constant prices (real terms)", "Money is measured in the prices of the run's start year; "
     "the model has no inflation, so £1m buys the same in every year."),
    ("n/a", "No value: for example no tender was held that year, so there is no price or count "
     "of bids."),
]


class ReportError(reader.InputError):
    """A request the files cannot answer (e.g. a year none of them covers)."""


# --- inputs --------------------------------------------------------------------------------

def flatten(table, prefix=""):
    """{'budget': {'change_early': -0.02}} -> {'budget.change_early': -0.02}."""
    out = {}
    for k, v in table.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(flatten(v, key + "."))
        else:
            out[key] = v
    return out


def _parameter_text(v):
    if v is None:
        return "(not set)"
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, float) and not math.isfinite(v):
        return "n/a" if math.isnan(v) else ("∞" if v > 0 else "−∞")
    return repr(v) if isinstance(v, str) else str(v)


def parameter_differences(results):
    """Rows (key, [value per file]) of resolved parameters that are not the same in every file."""
    flat, problems = [], []
    for r in results:
        try:
            flat.append(flatten(tomllib.loads(r.provenance.get("resolved_parameters", ""))))
        except tomllib.TOMLDecodeError as err:
            problems.append(f"{r.path}: resolved parameters are not valid TOML ({err})")
            flat.append({})
    keys = sorted(set().union(*flat)) if flat else []
    rows = []
    for k in keys:
        values = [f.get(k) for f in flat]
        if any(v != values[0] for v in values[1:]):
            rows.append((k, [_parameter_text(v) for v in values]))
    return rows, problems


def choose_baseline(results, wanted):
    """The results with the baseline first: the first, or the one --baseline names (its label,
    its scenario name, its sweep point, or its file)."""
    if not wanted:
        return results
    def matches(r):
        if wanted in (r.label, r.scenario, r.point, r.provenance.get("scenario_name")):
            return True
        if os.path.basename(wanted) == os.path.basename(r.path):
            return True
        try:
            return os.path.exists(wanted) and os.path.samefile(wanted, r.path)
        except OSError:
            return False
    hits = [i for i, r in enumerate(results) if matches(r)]
    names = ", ".join(repr(r.label) for r in results)
    if not hits:
        raise reader.InputError(f"--baseline {wanted}: not one of the scenarios ({names}); "
                                "expected a scenario label or one of the files")
    if len(hits) > 1:
        raise reader.InputError(f"--baseline {wanted}: matches {len(hits)} scenarios; expected "
                                f"one of {names} exactly")
    i = hits[0]
    return [results[i]] + results[:i] + results[i + 1:]


def choose_years(results, requested):
    """The requested calendar years, or the last year of the first file; each must be covered."""
    if not requested:
        return [int(results[0].years[-1])] if len(results[0].years) else []
    for y in requested:
        if not any(y in r.years for r in results):
            spans = ", ".join(f"{r.label} {r.years[0]}-{r.years[-1]}" for r in results
                              if len(r.years))
            raise ReportError(f"--years: year {y} is not in any file ({spans})")
    return requested


@dataclass
class Briefing:
    """What the page is about: the results (baseline first), each variant's Comparison with
    the baseline, the table years and the warnings the reader must see first."""
    results: list
    comparisons: list
    years: list
    unpaired: bool = False
    warnings: list = field(default_factory=list)

    @property
    def baseline(self):
        return self.results[0]


def prepare(results, years, allow_unpaired=False):
    """Pairs every variant with the baseline (refusing runs that do not pair unless
    allow_unpaired) before anything is drawn or written."""
    comparisons = [charts.compare(results[0], r, allow_unpaired) for r in results[1:]]
    b = Briefing(results, comparisons, years,
                 unpaired=any(not c.pairing.paired for c in comparisons))
    for r in results:  # partial merges: said at the top, before any figure is read
        b.warnings.extend(r.warnings)
    for c in comparisons:
        for note in c.notes + c.entity_notes(charts.ENTITY_SERIES):
            b.warnings.append(f"{c.var.label} against {c.base.label}: {note}")
    return b


# --- HTML pieces ---------------------------------------------------------------------------

def table(header, rows, numeric_from=None, cls=""):
    """An HTML table in a horizontally scrolling box (wide tables on phones); cells are
    already escaped. Columns from `numeric_from` are right-aligned."""
    attr = f' class="{cls}"' if cls else ""
    out = [f'<div class="scroll"><table{attr}>',
           "<tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr>"]
    for row in rows:
        cells = []
        for i, c in enumerate(row):
            kind = ' class="num"' if numeric_from is not None and i >= numeric_from else ""
            cells.append(f"<td{kind}>{c}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table></div>")
    return "\n".join(out)


def indicator_name(group, name):
    """The plain label, with the code name small beside it."""
    ent = charts.entry(group, name)
    return f"{e(ent['label'])} <span class=\"code\">{e(name)}</span>"


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def figure(path, alt, caption="", wide=False):
    with open(path, "rb") as f:
        data = base64.b64encode(f.read()).decode("ascii")
    w, h = png_size(path)
    cap = f"<figcaption>{caption}</figcaption>" if caption else ""
    return (f"<figure class=\"chart{' wide' if wide else ''}\"><img "
            f"src=\"data:image/png;base64,{data}\" width=\"{w}\" height=\"{h}\" "
            f"alt=\"{e(alt)}\">{cap}</figure>")


def caption(group, name):
    ent = charts.entry(group, name)
    return (f"<strong>{e(ent['label'])}</strong> <span class=\"code\">{e(name)}</span>: "
            f"{e(charts.plain_description(ent['description']))}")


def section(ident, title, body):
    return f"<section id=\"{ident}\">\n<h2>{title}</h2>\n{body}\n</section>"


def _scenarios_words(b):
    variants = [c.var.label for c in b.comparisons]
    if not variants:
        return f"One scenario: <strong>{e(b.baseline.label)}</strong>."
    return (f"Baseline: <strong>{e(b.baseline.label)}</strong>. Compared with it: "
            + ", ".join(f"<strong>{e(v)}</strong>" for v in variants) + ".")


def start_year(r):
    """The run's first year (the price base of its money): provenance, else its first year."""
    start = r.provenance.get("start_year")
    if isinstance(start, (int, np.integer)):
        return int(start)
    return int(r.years[0]) if len(r.years) else None


def price_base(b):
    """Where money is stated: the price base, each scenario's start year when they differ."""
    starts = [start_year(r) for r in b.results]
    known = [y for y in starts if y is not None]
    if not known:
        when = ""
    elif len(set(known)) == 1:
        when = f" (prices of {known[0]}, the first year)"
    else:
        when = (" (prices of each scenario's first year: " + ", ".join(
            f"{r.label} {y}" for r, y in zip(b.results, starts) if y is not None) + ")")
    return f"Money is in {fmt.PRICE_BASE}{when}; shown as £ million (£m)."


# --- sections ------------------------------------------------------------------------------

def intro_section(b, sweep=()):
    runs = sorted({len(r.replicates) for r in b.results})
    run_words = " or ".join(str(n) for n in runs)
    parts = [f"<p class=\"lede\">{_scenarios_words(b)}</p>"]
    for w in b.warnings:
        parts.append(f"<p class=\"warning\"><strong>Warning:</strong> {e(w)}</p>")
    if b.unpaired:
        parts.append("<p class=\"warning\"><strong>Unpaired comparison:</strong> the runs of "
                     "these scenarios did not use the same random numbers, so each variant run "
                     "is compared with every baseline run. The differences below include chance "
                     "that pairing would have removed: intervals are wider and the shares of "
                     "runs less telling.</p>")
    how = ("Each variant is compared with the baseline run by run: both were run with the same "
           "random numbers, so the difference between a pair of runs is the policy's effect in "
           "that history." if not b.unpaired else
           "Each variant run is compared with every baseline run (unpaired).")
    parts.append(f"<div class=\"box\"><p><strong>How to read this page.</strong> Each scenario "
                 f"was run {run_words} times (runs). {how} The page gives the median difference "
                 f"and the range that holds 90% of the runs, and says how sure we can be from "
                 f"the share of runs that moved the same way. {e(price_base(b))}</p></div>")
    # The sections placed after the headline (sweep responses, a design's sensitivity), in order.
    placed = [(i, t) for i, t in (("sweep-response", "How the results respond to the swept "
                                   "parameters"), ("sensitivity", "Which parameters matter"))
              if any(str(h).startswith(f'<section id="{i}"') for h in sweep)]
    nav = [("headline", "What changes")] + placed + \
        [("differences", "Differences year by year"),
           ("where", "Where the effect sits"), ("levels", "The scenarios side by side"),
           ("indicators", "Key indicators"), ("parameters", "What differs between scenarios"),
           ("provenance", "Where the numbers come from"), ("glossary", "Glossary")]
    if not b.comparisons:
        nav = [n for n in nav if n[0] not in ("differences", "where")]
    parts.append("<nav><ol>" + "".join(f"<li><a href=\"#{i}\">{t}</a></li>" for i, t in nav)
                 + "</ol></nav>")
    return "<section id=\"intro\">\n" + "\n".join(parts) + "\n</section>"


def _items(changes, cls=""):
    attr = f' class="{cls}"' if cls else ""
    return ("<ul class=\"changes\">" + "".join(
        f"<li{attr}>{ch.html}{headline.related_words(ch)}</li>" for ch in changes) + "</ul>")


def headline_section(b):
    if not b.comparisons:
        return section("headline", "What changes",
                       "<p>One scenario only: nothing to compare. The charts and tables below "
                       "show its levels.</p>")
    parts = []
    for c in b.comparisons:
        n = c.pairs("series", plot.KEY_SERIES[0])
        pairs = (f"{n} paired runs" if c.pairing.paired else f"{n} unpaired run combinations")
        if len(b.comparisons) > 1:
            parts.append(f"<h3>{e(c.var.label)} compared with {e(c.base.label)}</h3>")
            parts.append(f"<p>Over {pairs}, {int(c.years[0])}&ndash;{int(c.years[-1])}:</p>")
        else:
            parts.append(f"<p class=\"lede\"><strong>{e(c.var.label)}</strong> compared with "
                         f"<strong>{e(c.base.label)}</strong>, over {pairs}, {int(c.years[0])}"
                         f"&ndash;{int(c.years[-1])}:</p>")
        h = headline.headline_changes(c)
        parts.append(f"<p class=\"box\">{headline.in_short(h)}</p>")
        if h.key_clear:
            parts.append("<p><strong>Key indicators that change clearly</strong> (the same "
                         f"direction in at least {headline.pct(headline.MOST)} of runs; large changes first):</p>")
            parts.append(_items(h.key_clear, "clear"))
        if h.key_unclear:
            parts.append("<p><strong>Key indicators without a clear difference</strong>:</p>")
            parts.append(_items(h.key_unclear, "unclear"))
        if h.others:
            parts.append("<p><strong>Other large changes</strong> (indicators outside the key "
                         "list whose median level is at least twice, or at most half, the "
                         "baseline's; related counts named once):</p>")
            parts.append(_items(h.others, "other"))
        if h.more:
            parts.append(f"<p class=\"note\">Also large: {e(', '.join(h.more))} (see "
                         "<code>quasim compare</code> for every series).</p>")
        where = [w for w in (headline.where_sentence(c, g, n) for g, n in headline.WHERE) if w]
        if where:
            parts.append("<p><strong>Where the effect sits</strong> (services and councils "
                         "ranked by their change over all the years; see the charts by service "
                         "and by council below):</p>")
            parts.append("<ul class=\"changes where\">" + "".join(
                f"<li>{w}</li>" for w in where) + "</ul>")
    return section("headline", "What changes", "\n".join(parts))


def differences_section(b, folder):
    if not b.comparisons:
        return None
    several = len(b.comparisons) > 1
    figs = []
    for name in plot.KEY_SERIES:
        path = charts.difference_chart(b.comparisons, "series", name,
                                       os.path.join(folder, f"difference_{name}.png"))
        if not path:
            continue
        ent = charts.entry("series", name)
        variants = ", ".join(c.var.label for c in b.comparisons)
        alt = (f"Difference chart of {ent['label']} by year: {variants} minus "
               f"{b.baseline.label}, median of the paired differences with 50% and 90% bands "
               "of runs and a zero line for no change")
        figs.append(figure(path, alt, caption("series", name), wide=several))
    intro = ("<p>Each chart shows the variant minus the baseline, run by run. The line is the "
             "median difference; the darker band holds 50% of the runs and the lighter band "
             "90%. Above the black zero line the variant is higher; the axis label says which "
             "side is better. Shares are in percentage points, money in £ million at constant "
             "prices.</p>")
    return section("differences", "Differences from the baseline, year by year",
                   intro + "<div class=\"charts\">\n" + "\n".join(figs) + "\n</div>")


def where_section(b, folder):
    if not b.comparisons:
        return None
    parts = ["<p>The same differences for each service and each council, one small chart each, "
             "the largest change over the years first (the mean of the median difference's size "
             "over all years, so an early effect that fades still leads; all charts in a row "
             "share one scale; the zero line is no change). An effect can sit in services or "
             "places other than the one a policy targets.</p>"]
    drawn = 0
    for i, c in enumerate(b.comparisons):
        if len(b.comparisons) > 1:
            parts.append(f"<h3>{e(c.var.label)} minus {e(c.base.label)}</h3>")
        for group, names in charts.ENTITY_SERIES.items():
            one, many = charts.ENTITY_WORDS[group]
            for name in names[:1] if len(b.comparisons) > MANY_VARIANTS else names:
                path = charts.entity_chart(c, group, name, os.path.join(
                    folder, f"where_{i}_{group}_{name}.png"), variant=i)
                if not path:
                    continue
                order = charts.entity_order(c, group, name)
                first = ", ".join(charts.entity_name(c.entities(group)[k]) for k in order[:3])
                ent = charts.entry(group, name)
                alt = (f"Small multiples of {ent['label']} by {one}, {c.var.label} minus "
                       f"{c.base.label}: one panel per {one}, largest change over the years "
                       f"first ({first})")
                parts.append(figure(path, alt, f"By {one}: " + caption(group, name), wide=True))
                drawn += 1
    if not drawn:
        parts.append("<p class=\"note\">These files hold no series by service or by council.</p>")
    return section("where", "Where the effect sits: by service and by council", "\n".join(parts))


def levels_section(b, folder):
    paths = plot.make_charts(b.results, folder)
    scenarios = ", ".join(r.label for r in b.results)
    figs = []
    for path in paths:
        name = os.path.splitext(os.path.basename(path))[0]
        if name == "market_share":
            alt = f"Stacked areas of the median market share by provider type for {scenarios}"
            cap = ("<strong>Market share by provider type</strong> "
                   "<span class=\"code\">market_share</span>: "
                   + e(charts.entry("by_provider_type", "market_share")["description"]))
        else:
            ent = charts.entry("series", name)
            alt = (f"Fan chart of {ent['label']} by year for {scenarios}: median line with 50% "
                   "and 90% bands of runs, one colour per scenario")
            cap = caption("series", name)
        figs.append(figure(path, alt, cap, wide=len(b.results) > plot.OVERLAID_AT_MOST
                           or name == "market_share"))
    intro = ("<p>The levels of each scenario: the line is the median over runs, the darker "
             "shading holds 50% of the runs and the lighter 90%. Colours: "
             + ", ".join(f"<span style=\"color:{charts.colour(i)}\">&#9632;</span> {e(r.label)}"
                         for i, r in enumerate(b.results)) + ".</p>")
    return section("levels", "The scenarios side by side",
                   intro + "<div class=\"charts\">\n" + "\n".join(figs) + "\n</div>")


def _level_cell(r, name, year):
    ent = charts.entry("series", name)
    if year not in r.years:
        return "n/a (year not in this file)"
    col = r.series[name][:, list(r.years).index(year)]
    col = col[np.isfinite(col)]
    if col.size == 0:
        return e(charts.MISSING_MEANS.get(name, "n/a"))
    lo, med, hi = np.percentile(col, [5, 50, 95])
    places = fmt.places_for([lo, med, hi], ent["kind"])
    return (f"{fmt.value(med, ent['kind'], places)}<br><small>"
            f"{fmt.interval(lo, hi, ent['kind'], places=places)}</small>")


def _difference_cell(c, name, year):
    ent = charts.entry("series", name)
    years = list(c.years)
    if year not in years:
        return "n/a (year not in both files)"
    s = c.summary("series", name)
    at = years.index(year)
    if s["n"][at] == 0:
        return e(charts.MISSING_MEANS.get(name, "n/a"))
    kind = ent["kind"]
    places = fmt.places_for([s["p05"][at], s["median"][at], s["p95"][at]], kind, True)
    sure, _ = headline.how_sure(s, at, ent["better"], c.pairs("series", name), short=True)
    return (f"{fmt.signed(s['median'][at], kind, places)}<br><small>"
            f"{fmt.interval(s['p05'][at], s['p95'][at], kind, True, places)}</small><br>"
            f"<small class=\"sure\">{e(sure)}</small>")


def indicators_section(b):
    parts = [f"<p>Median over runs, with the range that holds 90% of them below it. Difference "
             f"columns: the median paired difference (variant minus baseline), its 90% range "
             f"and how sure. Shares are in %, their differences in percentage points (pp). "
             f"{e(price_base(b))}</p>"]
    for year in b.years:
        header = ["indicator"] + [e(r.label) + ("<br><small>(baseline)</small>" if i == 0 and
                                                "baseline" not in r.label else "")
                                  for i, r in enumerate(b.results)]
        header += [f"difference: {e(c.var.label)}" for c in b.comparisons]
        rows = []
        for name in plot.KEY_SERIES:
            row = [indicator_name("series", name)]
            row += [_level_cell(r, name, year) for r in b.results]
            row += [_difference_cell(c, name, year) for c in b.comparisons]
            rows.append(row)
        parts.append(f"<h3>In {year}</h3>")
        parts.append(table(header, rows, numeric_from=1, cls="indicators"))
    return section("indicators", "Key indicators", "\n".join(parts))


def parameters_section(b):
    parts = []
    diffs, problems = parameter_differences(b.results)
    for msg in problems:
        parts.append(f"<p class=\"muted\">{e(msg)}</p>")
    if len(b.results) < 2:
        parts.append("<p class=\"muted\">One scenario only: nothing to compare.</p>")
    elif not diffs:
        parts.append("<p class=\"muted\">The files' resolved parameters are identical.</p>")
    else:
        parts.append("<p>Settings (resolved parameters) that are not the same in every "
                     "scenario; <code>quasim explain NAME</code> says what each one means.</p>")
        parts.append(table(["parameter"] + [e(r.label) for r in b.results],
                           [[f"<code>{e(k)}</code>"] + [e(v) for v in vals]
                            for k, vals in diffs], cls="parameters"))
    return section("parameters", "What differs between the scenarios", "\n".join(parts))


def provenance_section(b):
    rows = []
    for i, r in enumerate(b.results):
        p = r.provenance
        rows.append([e(r.label) + ("<br><small>baseline</small>" if i == 0 else ""),
                     e(os.path.basename(r.path)), e(str(p.get("scenario_path", ""))),
                     e(str(p.get("seed", ""))),
                     e(f"{p.get('replicates_completed', len(r.replicates))} of "
                       f"{p.get('replicates', '?')}" + (" (partial)" if r.partial else "")),
                     f"{r.years[0]}&ndash;{r.years[-1]}" if len(r.years) else "none",
                     e(f"{p.get('quasim_version', '')} ({p.get('git_commit', '')})"),
                     e(str(p.get("created", ""))),
                     f"<code>{e(str(p.get('command_line', '')))}</code>"])
    parts = [table(["scenario", "result file", "scenario file", "seed", "runs", "years",
                    "quasim version", "created", "command"], rows, cls="provenance")]
    for r in b.results:
        overrides = str(r.provenance.get("overrides", "")).strip()
        if overrides:
            parts.append(f"<p class=\"muted\">{e(r.label)} ran with --set: "
                         f"<code>{e(overrides)}</code></p>")
    return section("provenance", "Where the numbers come from", "\n".join(parts))


def glossary_section():
    body = "<dl class=\"glossary\">" + "".join(f"<dt>{e(t)}</dt><dd>{d}</dd>"
                                               for t, d in GLOSSARY) + "</dl>"
    return section("glossary", "Glossary", body)


def build_sections(b, folder, sweep=()):
    """The page's sections in order, each an HTML string starting <section id="...">. sweep: a
    batch index's response section (sweep_charts.report_section), put right after the headline:
    it summarises a sweep better than each point's differences against the first."""
    out = [intro_section(b, sweep), headline_section(b), *sweep,
           differences_section(b, folder),
           where_section(b, folder), levels_section(b, folder), indicators_section(b),
           parameters_section(b), provenance_section(b), glossary_section()]
    return [s for s in out if s]


def title(b):
    if not b.comparisons:
        return f"quasim briefing: {b.baseline.label}"
    if len(b.comparisons) > 1:
        return (f"quasim briefing: {len(b.comparisons)} scenarios compared with "
                f"{b.baseline.label}")
    return f"quasim briefing: {b.comparisons[0].var.label} compared with {b.baseline.label}"


def build_html(b, sections):
    """The whole page around `sections` (build_sections' list, perhaps extended)."""
    t = title(b)
    return "\n".join([
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        f"<title>{e(t)}</title>\n<style>{STYLE}</style>\n</head>\n<body>",
        f"<h1>{e(t)}</h1>", *sections, "</body>\n</html>\n"])


# --- command line --------------------------------------------------------------------------

def parse_years(text):
    try:
        return [int(y) for y in text.split(",") if y.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected calendar years like 2015,2025, got {text!r}")


def check_output(path, inputs):
    """-o must be a new or regular file, and not one of the inputs; checked before any work."""
    reader.check_output_file(path, "-o")
    for p in inputs:
        if os.path.exists(path) and os.path.exists(p) and os.path.samefile(path, p):
            raise reader.InputError(f"-o {path}: is the input {p}; expected a new HTML file")


def main(argv=None):
    parser = reader.parser(
        prog="report.py",
        description="A self-contained HTML briefing: what changes against the baseline (the "
        "first scenario), by how much and how sure, from paired runs.",
        epilog="example: /usr/bin/python3 output/report.py base.h5 policy.h5 -o report.html")
    parser.add_argument("files", nargs="+", help="result files or batch indexes (.h5)")
    parser.add_argument("-o", "--output", default="report.html", help="HTML file to write")
    parser.add_argument("--years", type=parse_years, default=[],
                        help="comma-separated calendar years for the indicator tables")
    parser.add_argument("--baseline", default="",
                        help="scenario label or file to compare the others with (default: the "
                        "first)")
    parser.add_argument("--unpaired", action="store_true",
                        help="compare runs that do not pair (every run with every run)")
    args = parser.parse_args(argv)
    check_output(args.output, args.files)
    import sensitivity_charts  # a design's index or a sensitivity file: what matters
    args.files, sensitivity = sensitivity_charts.split_inputs(args.files, bring_index=True)
    results = choose_baseline(plot.label(plot.load_files(args.files, extra=True)),
                              args.baseline)
    years = choose_years(results, args.years)
    b = prepare(results, years, args.unpaired)  # refuses unpaired runs before any drawing
    plot.warn_partial(results)
    for c in b.comparisons:
        for note in c.notes:
            reader.warn(f"{c.var.path}: {note}")
    with tempfile.TemporaryDirectory() as tmp:
        sweep = []
        # A design's points are scattered: its view is the sensitivity section, not responses
        # along one parameter with the others held at their first value.
        design = bool(sensitivity)
        if len(args.files) == 1 and len(results) > 1 and all(r.point for r in results) \
                and not design:
            import sweep_charts  # one batch index: how each key output responds to the sweep
            sweep = sweep_charts.report_section(results, args.files[0], tmp)
        sweep += sensitivity_charts.report_section(sensitivity, tmp)
        page = build_html(b, build_sections(b, tmp, sweep))
    reader.write_text_atomic(args.output, page, "-o")  # readers never see half a page
    print(args.output)
    return 0


if __name__ == "__main__":
    sys.exit(reader.run_main(main))
