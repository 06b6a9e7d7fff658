"""The briefing's headline in plain words: what changes, by how much and how sure, as
sentences generated from the paired differences (output/paired.py) of one variant against the
baseline, and where the effect sits by service and by council. output/report.py lays them out.

Words for how sure come from paired.verdict, the rule `quasim compare` words its table by; labels,
kinds of number and which direction is better from the series catalogue.
"""
import html
import math
import warnings
import os
import sys
from dataclasses import dataclass, field

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import briefing_charts as charts  # noqa: E402
import paired  # noqa: E402
import plot  # noqa: E402
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


pct = paired.percent  # a share of runs as a whole percent, as compare's table writes it


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


def related_words(ch):
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
