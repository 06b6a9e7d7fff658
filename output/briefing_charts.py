"""The charts of the briefing (report.py) and of `quasim plot` with several files: what a policy
changes, drawn as paired differences (variant minus baseline) with a zero line, and the shared
look of every quasim chart (the Okabe-Ito palette, plain labels, axes in the series' units).

    c = compare(baseline, variant)                # refuses runs that do not pair (paired.py)
    c.summary("series", "unmet_need")             # median, 50% and 90% bands, shares, per year
    difference_chart([c], "series", "unmet_need", "out.png")
    entity_chart(c, "by_domain", "unmet_need", "out.png")

`baseline` and `variant` are plot.Result objects (anything with provenance, years, replicates,
label and get(group, name)). Every statistic comes from output/paired.py, the module
`quasim compare` uses, so the page and the terminal give the same numbers.
"""
import math
import os
import textwrap
import warnings
from dataclasses import dataclass, field

import matplotlib

matplotlib.use("Agg")  # files only, never a window
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

import paired  # noqa: E402
import quasim_format as fmt  # noqa: E402
import quasim_reader as reader  # noqa: E402

# Okabe & Ito's palette, told apart with any common colour-vision deficiency. The baseline is
# always blue, the first variant vermilion; yellow comes last (weak on white).
OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
             "#F0E442"]
BAND_ALPHA = {"p50": 0.38, "p90": 0.16}  # 50% band darker than the 90% band, in any colour
DPI = 110
plt.rcParams.update({"font.size": 11, "axes.titlesize": 11.5, "figure.titlesize": 13,
                     "axes.spines.top": False, "axes.spines.right": False})
# What a NaN means where a reader would otherwise see it.
MISSING_MEANS = {"bids_per_tender": "no tender that year",
                 "contract_price_index": "no tender that year",
                 "outcome_need_mean": "nobody in need that year"}
# The per-area views: each group's series that show where an effect sits.
ENTITY_SERIES = {"by_domain": ["unmet_need", "spending", "waiting_time_mean"],
                 "by_commissioner": ["unmet_need", "spending", "funding_gap"]}
ENTITY_WORDS = {"by_domain": ("service", "services"), "by_commissioner": ("council", "councils")}


def colour(i):
    return OKABE_ITO[i % len(OKABE_ITO)]


# --- plain words ---------------------------------------------------------------------------

def entry(group, name):
    """The series catalogue's entry (label, units, kind, better, description); a series the
    catalogue lacks (a newer file) gets its code name and plain numbers, never an error."""
    e = reader.catalogue().get((group, name))
    if e is not None:
        return e
    return {"group": group, "name": name, "label": name.replace("_", " ").capitalize(),
            "units": "", "kind": "ratio", "better": "neither", "description": ""}


def plain_description(text):
    """A catalogue description as a reader sees it: no "NaN" (a value that is not there)."""
    return text.replace("; NaN in a year", "; no value in a year").replace(
        "; NaN if", "; no value if").replace("NaN", "no value")


def entity_name(name):
    """adult_social_care -> adult social care (axis names are code names)."""
    return str(name).replace("_", " ")


def wrap(text, width):
    return "\n".join(textwrap.wrap(text, width)) or text


# --- axes ----------------------------------------------------------------------------------

def axis_label(e, difference=False):
    """The y axis: the unit the numbers are in, and for a difference which side is better."""
    kind = e["kind"]
    unit = fmt.unit_word(kind, difference) or e["units"] or "value"
    if difference:
        side = {"lower": "\n(below 0 is better)", "higher": "\n(above 0 is better)"}.get(
            e["better"], "")
        return wrap(f"difference, {unit}", 32) + side
    return wrap(unit, 32)


def format_axis(ax, kind, difference=False):
    """Ticks in the units a reader uses: shares in % or percentage points, money in £m."""
    def tick(v, _pos):
        if kind == "share":
            x = 100 * v
            text = f"{x:+.4g}" if difference and x != 0 else f"{x:.4g}"
            return (text if difference else text + "%").replace("-", fmt.MINUS)
        if kind == "money":
            text = f"{abs(v):,.0f}" if abs(v) >= 1000 else f"{abs(v):.4g}"
            sign = fmt.MINUS if v < 0 else ("+" if difference and v > 0 else "")
            return f"{sign}£{text}m"
        body = f"{abs(v):,.0f}" if abs(v) >= 1000 else f"{abs(v):.4g}"  # never 1e+04
        sign = fmt.MINUS if v < 0 else ("+" if difference and v > 0 else "")
        return sign + body
    ax.yaxis.set_major_formatter(FuncFormatter(tick))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
    ax.grid(alpha=0.3)


def fan(ax, years, b, colour_, label=None, linestyle="-"):
    """Median line with the 50% and 90% bands of `b` (a dict of p05..p95 per year)."""
    ax.fill_between(years, b["p05"], b["p95"], color=colour_, alpha=BAND_ALPHA["p90"],
                    linewidth=0)
    ax.fill_between(years, b["p25"], b["p75"], color=colour_, alpha=BAND_ALPHA["p50"],
                    linewidth=0)
    ax.plot(years, b["median"], color=colour_, linewidth=2, label=label, linestyle=linestyle)


def band_handles(colour_, median="median"):
    """Legend entries that look like what is drawn: the line and both bands, in its colour."""
    return [Line2D([], [], color=colour_, linewidth=2, label=median),
            Patch(facecolor=colour_, alpha=BAND_ALPHA["p50"], label="50% of runs"),
            Patch(facecolor=colour_, alpha=BAND_ALPHA["p90"], label="90% of runs")]


def zero_line(ax):
    ax.axhline(0, color="black", linewidth=1.3, zorder=3)


def save(fig, path):
    """Saves via a temp file and a rename (never half a PNG); the bounding box takes in
    legends placed below the axes, so a legend never sits over the data."""
    tmp = f"{path}.tmp-{os.getpid()}"
    try:
        fig.savefig(tmp, format="png", dpi=DPI, bbox_inches="tight", pad_inches=0.12)
        os.replace(tmp, path)
    except OSError as e:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise reader.InputError(f"-o {os.path.dirname(path)}: cannot write {path} "
                                f"({e.strerror or e})") from None
    finally:
        plt.close(fig)
    return path


def grid(n, ncols, panel=(3.4, 2.5), sharey=True):
    """A figure of n small multiples, at most ncols across; unused panels hidden."""
    ncols = max(1, min(ncols, n))
    if n == 4 and ncols == 3:
        ncols = 2  # two by two, not three and one
    nrows = math.ceil(n / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(panel[0] * ncols, panel[1] * nrows + 0.6),
                             squeeze=False, sharey=sharey, sharex=True)
    flat = list(axes.flat)
    for ax in flat[n:]:
        ax.set_visible(False)
    for ax in flat[:n]:
        ax.tick_params(labelleft=True, labelbottom=True)  # each panel readable on its own
    return fig, flat[:n]


# --- paired differences --------------------------------------------------------------------

@dataclass
class Comparison:
    """A variant against the baseline: paired runs (paired.pair), common years, and the
    differences of any series both files hold, computed once."""
    base: object
    var: object
    pairing: paired.Pairing
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def years(self):
        return self.pairing.years

    @property
    def notes(self):
        return self.pairing.notes

    def _match(self, group):
        """paired.match_names of the group's axis: (names, baseline columns, variant columns,
        note or None); no names (and the reason as the note) when the files share none."""
        axis = reader.GROUP_AXIS[group]
        key = ("m", axis)
        if key not in self._cache:
            try:
                self._cache[key] = paired.match_names(
                    self.base.axes.get(axis, []), self.var.axes.get(axis, []), axis,
                    self.base.path, self.var.path)
            except reader.InputError as err:  # no name in common: no per-area view
                self._cache[key] = ([], [], [], f"{err}; no {axis} view")
        return self._cache[key]

    def entities(self, group):
        """Names of the group's axis in both files, in the baseline's order (matched by name:
        a scenario may list its councils in another order or have more of them)."""
        if reader.GROUP_AXIS[group] is None:
            return []
        return self._match(group)[0]

    def entity_notes(self, groups):
        """What the user must be told about the groups' names: the files name different
        domains or councils, and only those both hold are compared."""
        notes = []
        for group in groups:
            axis = reader.GROUP_AXIS[group]
            if axis in self.base.axes and axis in self.var.axes and self._match(group)[3]:
                notes.append(self._match(group)[3])
        return notes

    def _aligned(self, group, name):
        b, v = self.base.get(group, name), self.var.get(group, name)
        if b is None or v is None:
            return None
        if reader.GROUP_AXIS[group] is not None:  # the same entity in the same column of both
            names, bi, vi, _ = self._match(group)
            if not names:
                return None
            b, v = b[:, :, bi], v[:, :, vi]
        return b, v

    def differences(self, group, name):
        """variant - baseline, [run pair, common year(, entity)], or None if either lacks it
        (paired.py counts rounding noise as no change)."""
        key = ("d", group, name)
        if key not in self._cache:
            bv = self._aligned(group, name)
            self._cache[key] = None if bv is None else self.pairing.differences(*bv)
        return self._cache[key]

    def pairs(self, group, name):
        """How many run pairs (run combinations, unpaired) the differences hold."""
        d = self.differences(group, name)
        return 0 if d is None else d.shape[0]

    def level_medians(self, group, name):
        """The median level of each file per common year(, entity), or None."""
        bv = self._aligned(group, name)
        return None if bv is None else self.pairing.level_medians(*bv)

    def levels(self, group, name):
        bv = self._aligned(group, name)
        return None if bv is None else self.pairing.levels(*bv)

    def summary(self, group, name):
        """paired.summarise of the differences: median, p05..p95, shares, n per year(, entity)."""
        key = ("s", group, name)
        if key not in self._cache:
            d = self.differences(group, name)
            self._cache[key] = None if d is None else paired.summarise(d, entry(group,
                                                                              name)["better"])
        return self._cache[key]


def compare(base, var, allow_unpaired=False):
    """The Comparison of two loaded results; InputError (paired.py's one line) when the runs
    do not pair and allow_unpaired is False."""
    p = paired.pair(base.path, base.provenance, {"year": base.years, "replicate": base.replicates},
                    var.path, var.provenance, {"year": var.years, "replicate": var.replicates},
                    allow_unpaired=allow_unpaired)
    return Comparison(base, var, p)


def last_year_with_values(summary):
    """Index of the last common year where some run pair has a value (e.g. a tender), or None."""
    n = np.asarray(summary["n"])
    if n.ndim > 1:
        n = n.max(axis=tuple(range(1, n.ndim)))
    have = np.nonzero(n > 0)[0]
    return int(have[-1]) if len(have) else None


# --- charts --------------------------------------------------------------------------------

def difference_chart(comparisons, group, name, path):
    """Difference fans of one series, one panel per variant (small multiples, shared y axis):
    median difference, 50% and 90% bands of run pairs, and a zero line (no change). Returns
    path, or None when no comparison holds the series. The explanation is the page's caption,
    not part of the image."""
    drawn = [(i, c, c.summary(group, name)) for i, c in enumerate(comparisons)]
    drawn = [(i, c, s) for i, c, s in drawn if s is not None and np.any(s["n"] > 0)]
    if not drawn:
        return None
    e = entry(group, name)
    if len(drawn) == 1:
        fig, ax = plt.subplots(figsize=(5.4, 3.3))  # legible at phone width too
        axes = [ax]
    else:
        fig, axes = grid(len(drawn), 3, panel=(4.0, 2.9))
    for ax, (i, c, s) in zip(axes, drawn):
        fan(ax, c.years, s, colour(i + 1))
        zero_line(ax)
        format_axis(ax, e["kind"], difference=True)
        if len(drawn) > 1:
            ax.set_title(wrap(short_label(c.var), 40), fontsize=10)
    no_change_scale(axes, [s for _, _, s in drawn], e["kind"])
    axes[0].set_ylabel(axis_label(e, difference=True))
    if len(drawn) == 1:
        c = drawn[0][1]
        axes[0].set_title(wrap(f"{e['label']}: {c.var.label} minus {c.base.label}", 60))
    else:
        fig.suptitle(wrap(f"{e['label']}: each variant minus {drawn[0][1].base.label}", 70))
        for ax in axes[1:]:
            ax.set_ylabel("")
    # Several panels, several colours: the legend's swatches in grey, said to be each panel's.
    handles = band_handles(colour(drawn[0][0] + 1) if len(drawn) == 1 else "#666666",
                           "median difference") + [
        Line2D([], [], color="black", linewidth=1.3, label="0 = no change")]
    fig.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0),
               ncol=2 if len(drawn) == 1 else 4, frameon=False, fontsize="small",
               title=None if len(drawn) == 1 else "each panel in its scenario's colour",
               title_fontsize="small")
    fig.tight_layout()
    return save(fig, path)


def short_label(r):
    """A panel's title: a sweep point's own label (budget.x=1), else the scenario's label."""
    return getattr(r, "point", "") or r.label


def no_change_scale(axes, summaries, kind):
    """Differences that are zero everywhere get a small symmetric axis (±1 pp, ±£1m, ...),
    not one scaled to nothing."""
    spans = [np.nanmax(np.abs([s["p05"], s["p95"]]), initial=0.0) for s in summaries]
    if max(spans, default=0.0) == 0:
        unit = {"share": 0.01, "score": 0.01, "ratio": 0.01}.get(kind, 1.0)
        for ax in axes:
            ax.set_ylim(-unit, unit)


def entity_effects(summary):
    """How much each entity changes over the years: the mean over the common years of the
    |median difference| (NaN years skipped), [entity]; NaN where no year has a value. An effect
    early in the run counts as much as one at the end."""
    med = np.abs(np.asarray(summary["median"], dtype=float))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an entity without any value: NaN
        return np.nanmean(med, axis=0)


def entity_order(c, group, name):
    """The group's entities (indexes into c.entities(group)), the largest change over the
    years (entity_effects) first: where the effect sits leads, in the sentence and the panels."""
    s = c.summary(group, name)
    names = c.entities(group)
    if s is None or not names:
        return []
    effect = np.nan_to_num(entity_effects(s), nan=-1.0)
    return [int(k) for k in np.argsort(-effect, kind="stable")]


def entity_chart(c, group, name, path, ncols=4, variant=0):
    """Difference fans of one series for each domain or commissioner (small multiples with a
    shared y axis and a zero line), the largest effect over the years first (entity_order).
    `variant` numbers the variant among those compared (its colour). Returns path, or None."""
    s = c.summary(group, name)
    names = c.entities(group)
    if s is None or not names or not np.any(s["n"] > 0):
        return None
    order = entity_order(c, group, name)
    e = entry(group, name)
    fig, axes = grid(len(order), ncols, panel=(3.3, 2.4))
    col = colour(1 + variant)  # the variant's colour, as in its other charts
    for ax, k in zip(axes, order):
        b = {q: s[q][:, k] for q in paired.QUANTILES}
        fan(ax, c.years, b, col)
        zero_line(ax)
        format_axis(ax, e["kind"], difference=True)
        ax.set_title(wrap(entity_name(names[k]), 30), fontsize=10)
    no_change_scale(axes, [s], e["kind"])
    for row_start in range(0, len(axes), max(1, min(ncols, len(axes)))):
        axes[row_start].set_ylabel(axis_label(e, difference=True), fontsize=9)
    one = ENTITY_WORDS.get(group, ("area", "areas"))[0]
    fig.suptitle(wrap(f"{e['label']} by {one}: {c.var.label} minus {c.base.label} (largest "
                      f"change over {int(c.years[0])}–{int(c.years[-1])} first)", 90))
    fig.legend(handles=band_handles(col, "median difference") + [
        Line2D([], [], color="black", linewidth=1.3, label="0 = no change")],
        loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=4, frameon=False, fontsize="small")
    fig.tight_layout()
    return save(fig, path)


def level_bands(values):
    """Median and the 50% and 90% bands over runs (axis 0), ignoring NaN."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a year with no value: a gap
        q = np.nanpercentile(values, list(paired.QUANTILES.values()), axis=0)
    return {k: q[i] for i, k in enumerate(paired.QUANTILES)}
