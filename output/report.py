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
file. build_sections returns the page's sections as a list of HTML strings (each a <section
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
import warnings
from dataclasses import dataclass, field

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import briefing_charts as charts  # noqa: E402
import paired  # noqa: E402
import plot  # noqa: E402  (this directory's plot.py)
import quasim_format as fmt  # noqa: E402
import quasim_reader as reader  # noqa: E402

e = html.escape
# How sure, in words, from the share of run pairs that moved the same way: paired.verdict
# (one rule for the page and `quasim compare`).
MOST = paired.MOST
# A level this many times the baseline's (or this fraction of it) is called out as large.
LARGE_RATIO = 2.0
# ... and only when the change is material: at least this share of the series' scale (its
# largest median level in either file), or for counts at least one whole event.
MATERIAL = 0.01
# ... and at least this much in the kind's own units (a whole event; 0.1 pp; £10,000): a series
# that is zero in the baseline has no scale of its own to judge a change from nothing by.
MATERIAL_FLOOR = {"count": 1.0, "share": 0.001, "score": 0.001, "money": 0.01, "weeks": 0.1,
                  "ratio": 0.001}
MAX_OTHER = 4  # other national series with large changes given a sentence, at most
# Series that count the same decisions from different sides (every tender is a decision to go
# to market): the headline gives a family one sentence, the largest change, and names the rest.
FAMILIES = [("market decisions", ("tenders", "make_or_buy_")),
            ("step-ins", ("step_ins_",)),
            ("spin-outs", ("spinout", "mutuals_")),
            ("waiting-list exits", ("list_exits_",)),
            ("partnerships", ("partnership", "partners_")),
            ("provider failures", ("provider_failures", "failure_", "contracts_per_failure")),
            ("in-house units", ("in_house_units_", "insourcing_events")),
            ("capacity", ("capacity_",)),
            ("market entry and exit", ("provider_entries", "provider_exits"))]
# Where the effect sits: (group, series) in the order the headline names them.
WHERE = [("by_domain", "unmet_need"), ("by_commissioner", "unmet_need"),
         ("by_domain", "spending"), ("by_commissioner", "spending")]
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


# --- words from numbers --------------------------------------------------------------------

def pct(share):
    """A share of runs as a whole percent, never 100% unless every run (99.6% -> 99%)."""
    x = round(100 * float(share))
    if 0 < share < 1:  # "100%" and "0%" are kept for every run and none
        x = min(max(x, 1), 99)
    return f"{x}%"


def how_sure(summary, index, better, pairs, verb="is", short=False):
    """How sure a change is, in words, from paired.verdict of the summary's cell `index` (a
    year, or (year, entity)) over `pairs` runs: (words, Verdict). The words: "is lower (better)
    in most runs (80%)", "shows no clear difference: higher in 40% of runs, lower in 60%", "is
    the same in every run", or "too few runs with a value to say (1 of 6)". short: a table cell
    or list item, without the verb and the percent of a clear change ("lower in most runs")."""
    v = paired.verdict(summary, index, better, pairs)
    lead = "" if short else verb + " "
    if v.sure == "too_few" and v.n < v.pairs:
        return f"too few runs with a value to say ({v.n} of {v.pairs})", v
    if v.sure == "too_few":  # every run has a value, but there are few runs
        return f"too few runs to say how sure (only {v.n})", v
    if v.sure == "same":
        return f"{lead}the same in every run", v
    judged = f" ({v.judged})" if v.judged else ""
    if v.clear:
        words = {"every": "in every run", "almost": "in almost every run",
                 "most": "in most runs"}[v.sure]
        count = "" if short else f" ({pct(v.share)})"
        return f"{lead}{v.way}{judged} {words}{count}", v
    higher, lower = float(summary["share_higher"][index]), float(summary["share_lower"][index])
    split = f"higher in {pct(higher)} of runs, lower in {pct(lower)}"
    if short:
        return split, v
    same = 1 - higher - lower
    tail = f", the same in {pct(same)}" if same > 0.005 else ""
    shows = "show" if verb == "are" else "shows"
    return f"{shows} no clear difference: {split}{tail}", v


_PREPOSITIONS = (" of ", " per ", " in ", " at ", " from ", " to ", " with ", " for ", " by ",
                 " that ", " who ", " among ", " as ", ":", " (")
_PARTICIPLES = ("ing", "ed", "held", "made", "sent", "kept", "left", "given", "run", "lost",
                "hit", "taken", "brought", "caught", "gone", "chosen", "built")
_ADVERBS = ("still", "not", "no", "now", "already", "yet")


def verb_for(label):
    """"are" for a plural label, else "is". The head noun is the word before the first
    participle after the first word, skipping adverbs (People switching provider, Failed
    services taken over, Mutuals still trading), else the last word before a preposition
    (Contract prices, Providers in the market, Cost of running markets)."""
    head = label
    for p in _PREPOSITIONS:
        head = head.split(p)[0]
    words = head.lower().replace("'", "").split()
    if not words:
        return "is"
    word = words[-1]
    for i in range(1, len(words)):
        if words[i].endswith(_PARTICIPLES):
            before = [w for w in words[:i] if w not in _ADVERBS]
            word = before[-1] if before else words[0]
            break
    plural = word in ("people", "children") or (word.endswith("s") and not word.endswith(
        ("ss", "us", "is")))
    return "are" if plural else "is"


def num(text):
    """A formatted number kept on one line (a phone never breaks "−£4.3m" after the sign)."""
    return f"<span class=\"n\">{e(text)}</span>"


def _median_words(med, lo, hi, kind):
    """"−4.9 percentage points (90% of runs between −11.0 and +3.4)" with one precision."""
    places = fmt.places_for([lo, med, hi], kind, difference=True)
    if kind == "share":  # spelled out in a sentence; "pp" in tables
        strip = lambda v: num(fmt.signed(v, kind, places)[:-3])  # noqa: E731
        return (f"{strip(med)} percentage points (90% of runs between {strip(lo)} and "
                f"{strip(hi)})")
    return (f"{num(fmt.signed(med, kind, places))} (90% of runs between "
            f"{num(fmt.signed(lo, kind, places))} and {num(fmt.signed(hi, kind, places))})")


def _median_level(values):
    col = np.asarray(values, dtype=float)
    col = col[np.isfinite(col)]
    return float(np.median(col)) if col.size else math.nan


@dataclass
class Change:
    """One indicator's change for the headline: its sentence, the verdict on its direction
    (paired.Verdict), and how large it is against the baseline's level (ratio of medians, or
    None; large only when clear and material)."""
    group: str
    name: str
    label: str
    html: str
    verdict: object = None
    ratio: float = None
    large: bool = False
    related: list = field(default_factory=list)  # other series of its family, also large

    @property
    def clear(self):
        return self.verdict is not None and self.verdict.clear

    @property
    def too_few(self):
        return self.verdict is not None and self.verdict.sure == "too_few"


def material(c, group, name, bm, vm, kind):
    """Whether a change of the median level from bm to vm is big enough to call large: at least
    MATERIAL_FLOOR of its kind (a whole event for counts) and at least MATERIAL of the series'
    scale (the largest median level of either file in any year). A median of 0.5 failures
    against none is not "large"."""
    step = abs(vm - bm)
    if step < MATERIAL_FLOOR.get(kind, 0.0):
        return False
    levels = c.level_medians(group, name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN: no scale
        scale = max(np.nanmax(np.abs(levels[0]), initial=0.0),
                    np.nanmax(np.abs(levels[1]), initial=0.0)) if levels else 0.0
    return step > 0 and step >= MATERIAL * scale


def change(c, group, name):
    """The headline sentence of one series for one variant, from its paired differences at the
    last common year with values. None when neither file holds the series."""
    s = c.summary(group, name)
    if s is None:
        return None
    ent = charts.entry(group, name)
    label, kind = e(ent["label"]), ent["kind"]
    last = len(c.years) - 1
    at = charts.last_year_with_values(s)
    missing = charts.MISSING_MEANS.get(name, "no value")
    if at is None:
        why = charts.MISSING_MEANS.get(name, "").replace(" that year", " in any year")
        return Change(group, name, ent["label"], f"<strong>{label}</strong>: no value in any "
                      "run" + (f" ({e(why)})." if why else " in any year."))
    year = int(c.years[at])
    pairs = c.pairs(group, name)
    sure, v = how_sure(s, at, ent["better"], pairs, verb_for(ent["label"]))
    later = "" if at == last else f" (later years: {e(missing)})"
    if v.sure == "too_few" and v.n < pairs:  # a median of the few would read as the answer
        last_one = "" if at == last else ", the last year with one"
        return Change(group, name, ent["label"], f"<strong>{label}</strong>: {sure} in {year}"
                      f"{last_one}; {e(missing)} in the others.", v)
    if v.sure == "same":
        return Change(group, name, ent["label"], f"<strong>{label}</strong> {sure} in {year}"
                      f"{later}.", v)
    when = f"by {year}" if at == last else f"by {year}{later}"
    sure = f": {sure}" if v.sure == "too_few" else f" {sure}"
    text = (f"<strong>{label}</strong>{sure}; {when} the median difference is "
            f"{_median_words(s['median'][at], s['p05'][at], s['p95'][at], kind)}")
    if v.n < pairs:
        text += f", over the {v.n} of {pairs} runs with a value ({e(missing)} in the others)"
    base, var = c.levels(group, name)
    bm, vm = _median_level(base[:, at]), _median_level(var[:, at])
    ratio, large = None, False
    if math.isfinite(bm) and math.isfinite(vm) and v.clear and \
            material(c, group, name, bm, vm, kind):
        places = fmt.places_for([bm, vm], kind)
        levels = f"{num(fmt.value(vm, kind, places))} against {num(fmt.value(bm, kind, places))}"
        # Ratios only of levels that cannot be negative: "twice" a negative number means little.
        if bm > 0 and vm >= 0:
            ratio = vm / bm
            if ratio >= LARGE_RATIO:
                text += f": about {ratio:.2g} times the baseline ({levels})"
            elif ratio == 0:
                text += f": down to zero (from {num(fmt.value(bm, kind, places))})"
            elif ratio <= 1 / LARGE_RATIO:
                share = f"about {100 * ratio:.0f}%" if ratio >= 0.01 else "less than 1%"
                text += f": {share} of the baseline ({levels})"
            large = ratio >= LARGE_RATIO or ratio <= 1 / LARGE_RATIO
        elif bm == 0 and vm > 0:
            ratio, large = math.inf, True
            text += (f" (from zero in the baseline's median run to "
                     f"{num(fmt.value(vm, kind, places))})")
    return Change(group, name, ent["label"], text + ".", v, ratio, large)


def family(name):
    """The family of a national series: counts that move together (every tender is a decision
    to go to market) are named once in the headline."""
    for fam, prefixes in FAMILIES:
        if name.startswith(prefixes):
            return fam
    return name


@dataclass
class Headline:
    """One variant's headline, in reading order: key indicators that change clearly (large
    ones first), key indicators without a clear difference (or too few runs to say), then
    the largest changes among the other national series, at most MAX_OTHER, one per family,
    and the labels of any further ones."""
    key_clear: list
    key_unclear: list
    others: list
    more: list  # labels of other large changes not given a sentence


def headline_changes(c):
    """The Headline of one variant: the key series, and any other national series whose
    median level changes by a factor of LARGE_RATIO or more, materially, with a clear
    direction (e.g. the cost of running markets ten times the baseline's)."""
    key = [ch for ch in (change(c, "series", n) for n in plot.KEY_SERIES) if ch]
    key_clear = [ch for ch in key if ch.large] + [ch for ch in key if ch.clear and not ch.large]
    key_unclear = [ch for ch in key if not ch.clear]
    extras = []
    for (group, name) in reader.catalogue():
        if group == "series" and name not in plot.KEY_SERIES:
            ch = change(c, group, name)
            if ch and ch.large:
                extras.append(ch)
    size = lambda ch: math.inf if ch.ratio in (None, math.inf) or ch.ratio <= 0 \
        else abs(math.log(ch.ratio))  # noqa: E731
    extras = sorted(extras, key=size, reverse=True)  # stable: catalogue order among equals
    firsts, by_family = [], {}
    for ch in extras:
        f = family(ch.name)
        if f in by_family:
            by_family[f].related.append(ch)
        else:
            by_family[f] = ch
            firsts.append(ch)
    return Headline(key_clear, key_unclear, firsts[:MAX_OTHER],
                    [ch.label for ch in firsts[MAX_OTHER:]])


def _labels(chs):
    """Labels in a running sentence: lower-case first letter, escaped."""
    return ", ".join(e(ch.label[0].lower() + ch.label[1:]) for ch in chs)


def in_short(h):
    """One line before the lists: which key indicators change clearly and which do not."""
    n = len(h.key_clear) + len(h.key_unclear)
    text = (f"<strong>In short:</strong> {len(h.key_clear)} of the {n} key indicators change "
            "clearly")
    text += f" ({_labels(h.key_clear)})" if h.key_clear else ""
    same = [ch for ch in h.key_unclear if ch.verdict and ch.verdict.sure == "same"]
    few = [ch for ch in h.key_unclear if ch.too_few]
    unclear = [ch for ch in h.key_unclear if ch not in same and ch not in few]
    if unclear:
        text += f"; no clear difference in {_labels(unclear)}"
    if same:
        text += f"; no change at all in {_labels(same)}"
    gaps = [ch for ch in few if ch.verdict.n < ch.verdict.pairs]
    short = [ch for ch in few if ch not in gaps]
    if gaps:
        text += f"; too few runs with a value to say for {_labels(gaps)}"
    if short:
        text += f"; too few runs to say how sure for {_labels(short)}"
    others = len(h.others) + len(h.more)
    if others:
        text += (f"; {others} other indicator" + ("s change" if others > 1 else " changes")
                 + " a lot")
    return text + "."


def _related_words(ch):
    """" Related counts that move with it: decisions to go to market and sent to market by the
    centre (higher); decisions to keep in-house (lower)." for a family's other large changes."""
    if not ch.related:
        return ""
    ways = []
    for way in ("higher", "lower"):
        mine = [e(r.label[0].lower() + r.label[1:]) for r in ch.related if r.verdict.way == way]
        if mine:
            ways.append(", ".join(mine[:-1]) + (" and " if len(mine) > 1 else "") + mine[-1]
                        + f" ({way})")
    return " Related counts that move with it: " + "; ".join(ways) + "."


def where_sentence(c, group, name):
    """Where a series changes most among the group's services or councils: the entities
    ranked by their change over all the common years (charts.entity_effects: the mean of the
    |median difference| over the years), each with its average and its largest median
    difference. None if not in both files."""
    s = c.summary(group, name)
    names = c.entities(group)
    if s is None or not names:
        return None
    order = charts.entity_order(c, group, name)
    ent = charts.entry(group, name)
    one, many = charts.ENTITY_WORDS[group]
    label = e(ent["label"][0].lower() + ent["label"][1:])
    span = f"{int(c.years[0])}&ndash;{int(c.years[-1])}"
    med = np.asarray(s["median"], dtype=float)  # [year, entity]
    if not np.any(np.isfinite(med)):
        return f"<strong>By {one}</strong>: no value for {label} in any run."
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an entity without values: NaN
        average = np.nanmean(med, axis=0)
    effect = charts.entity_effects(s)
    peak = {k: int(np.nanargmax(np.abs(med[:, k]))) for k in order
            if np.any(np.isfinite(med[:, k]))}
    kind = ent["kind"]
    places = fmt.places_for([average[k] for k in order] +
                            [med[peak[k], k] for k in peak], kind, difference=True)
    largest = float(np.nan_to_num(effect[order[0]]))
    lead = f"<strong>By {one}</strong>, over {span} {label}"
    if largest == 0:
        return f"{lead}: the median difference is zero in every {one} and year."

    def amount(v):
        return num(fmt.signed(v, kind, places))

    def item(k):
        p = peak[k]
        sure, _ = how_sure(s, (p, k), ent["better"], c.pairs(group, name), short=True)
        return (f"<strong>{e(charts.entity_name(names[k]))}</strong> ({amount(average[k])} on "
                f"average; largest {amount(med[p, k])} in {int(c.years[p])}, {sure})")
    top = [k for k in order[:3] if effect[k] >= 0.5 * largest]
    rest = [k for k in order if k not in top and np.isfinite(average[k])]
    finite = effect[np.isfinite(effect)]
    if len(order) > 1 and finite.min() >= 0.8 * largest and \
            len({np.sign(average[k]) for k in order}) == 1:
        lo, hi = min(average[k] for k in order), max(average[k] for k in order)
        spread = amount(lo) if fmt.signed(lo, kind, places) == fmt.signed(hi, kind, places) \
            else num(fmt.interval(lo, hi, kind, difference=True, places=places))
        return (f"{lead} changes by about the same in every {one} ({spread} on average over "
                "the years).")
    named = ", ".join(item(k) for k in top[:-1]) + (" and " if len(top) > 1 else "") + \
        item(top[-1])
    text = f"{lead} changes most in {named}"
    if rest and len(rest) <= 5:
        text += "; elsewhere, on average: " + ", ".join(
            f"{e(charts.entity_name(names[k]))} {amount(average[k])}" for k in rest)
    elif rest:
        small = max(abs(float(average[k])) for k in rest)
        text += (f"; in the other {len(rest)} {many} by at most "
                 f"{num(fmt.signed(small, kind, places).lstrip('+'))} on average")
    return text + "."


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

def intro_section(b):
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
    nav = [("headline", "What changes"), ("differences", "Differences year by year"),
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
        f"<li{attr}>{ch.html}{_related_words(ch)}</li>" for ch in changes) + "</ul>")


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
        h = headline_changes(c)
        parts.append(f"<p class=\"box\">{in_short(h)}</p>")
        if h.key_clear:
            parts.append("<p><strong>Key indicators that change clearly</strong> (the same "
                         f"direction in at least {pct(MOST)} of runs; large changes first):</p>")
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
        where = [w for w in (where_sentence(c, g, n) for g, n in WHERE) if w]
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
    sure, _ = how_sure(s, at, ent["better"], c.pairs("series", name), short=True)
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


def build_sections(b, folder):
    """The page's sections in order, each an HTML string starting <section id="...">: a caller
    may insert its own (e.g. sweep response charts after "headline") before build_html."""
    out = [intro_section(b), headline_section(b), differences_section(b, folder),
           where_section(b, folder), levels_section(b, folder), indicators_section(b),
           parameters_section(b), provenance_section(b), glossary_section()]
    return [s for s in out if s]


def insert_after(sections, ident, new):
    """Puts the sections `new` after the section with id `ident` (at the end if none has it)."""
    ids = [s.split('"')[1] for s in sections]
    at = ids.index(ident) + 1 if ident in ids else len(sections)
    sections[at:at] = new


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
    results = choose_baseline(plot.label(plot.load_files(args.files, extra=True)),
                              args.baseline)
    years = choose_years(results, args.years)
    b = prepare(results, years, args.unpaired)  # refuses unpaired runs before any drawing
    plot.warn_partial(results)
    for c in b.comparisons:
        for note in c.notes:
            reader.warn(f"{c.var.path}: {note}")
    with tempfile.TemporaryDirectory() as tmp:
        sections = build_sections(b, tmp)
        if len(args.files) == 1 and len(results) > 1 and all(r.point for r in results):
            # One batch index: how each key output responds to the swept parameters, right
            # after the headline (it summarises a sweep better than each point's differences
            # against the first).
            import sweep_charts
            insert_after(sections, "headline",
                         sweep_charts.report_section(results, args.files[0], tmp))
        page = build_html(b, sections)
    reader.write_text_atomic(args.output, page, "-o")  # readers never see half a page
    print(args.output)
    return 0


if __name__ == "__main__":
    sys.exit(reader.run_main(main))
