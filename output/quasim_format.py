"""The one way quasim's Python writes a number for a person to read: the HTML briefing
(report.py), its charts (briefing_charts.py, plot.py) and the calibration table
(scripts/calibration/run_calibration.py). The C++ counterpart, for the terminal summary table,
is format_number in output/number_format.hpp.

Two APIs. The older one takes a style named in targets.toml:

    number(1234567.8)            -> "1,234,568"   few significant digits (the default)
    number(0.1234, "pct")        -> "12.3%"       a kind from targets.toml's `format` field

The by-kind API (report.py, briefing_charts.py, compare.py; a stable interface: callers
depend on these names, arguments and outputs) takes the kind of number the series catalogue
gives each series (`kind` in output/series_catalogue.json: money, share, score, count, weeks,
ratio) and writes levels, signed differences and intervals with one precision for numbers read
together:

    value(v, kind, places=None)                        a level
    signed(v, kind, places=None)                       a difference, always signed
    interval(lo, hi, kind, difference=False, places=None)   "lo to hi", the unit once
    places_for(values, kind, difference=False)         one precision for numbers read together
    unit_word(kind, difference=False)                  the unit, for axis labels and headers

    value(1234.4, "money")                  -> "£1,234m"      three significant figures
    value(0.1234, "share")                  -> "12.3%"
    signed(-0.049, "share")                 -> "−4.9 pp"      shares differ in percentage points
    value(8.0, "count"), value(0.5, "count")  -> "8", "0.5"   whole when whole
    signed(-0.0004, "score")                -> "−0.0004"      the first significant digit shows
    d = places_for([-0.11, -0.049, 0.034], "share", difference=True)
    interval(-0.11, 0.034, "share", difference=True, places=d)  -> "−11.0 to +3.4 pp"

The rules (places_for says the decimals of each kind): a minus is U+2212; exactly zero is "0"
with no sign ("£0m", "0 pp"); a value that is not zero but rounds to zero at the chosen
precision is "about 0" ("about £0m", "about 0 pp"), never "0.000" or "−0.000"; counts are
whole when whole, and a count below 100 that is not whole has one decimal.

Missing values (None, NaN) are "n/a"; callers that know why a value is missing (no tender that
year) say so instead of calling these.
"""
import math

# --- targets.toml styles (scripts/calibration) ---------------------------------------------


def _significant(v):
    """Few significant digits, no exponent for everyday magnitudes, as the summary table
    (thousands separated here, since the page has room)."""
    a = abs(v)
    if a >= 1e7 or (0 < a < 1e-3):
        return f"{v:.3g}"
    if a >= 1000:
        return f"{v:,.0f}"
    if a >= 100:
        return f"{v:.1f}"
    if a >= 1:
        return f"{v:.2f}"
    return f"{v:.3f}"


def _whole_or_one_decimal(v):
    return f"{v:.0f}" if float(v).is_integer() else f"{v:.1f}"


# The kinds targets.toml names (`format = ...`); any other kind is three significant digits.
_KINDS = {
    "summary": _significant,
    "pct": lambda v: f"{100 * v:.1f}%",
    "int": _whole_or_one_decimal,
    "pp": lambda v: f"{100 * v:+.1f} pp",
    "gbpm": lambda v: f"£{v:,.0f}m",
    "ratio": lambda v: f"{v:.2f}",
}


def _not_finite(v, kind):
    """"n/a" for a missing value; infinity spelled out, except in a summary-style figure,
    where an infinite median or band is shown as not available (as the report always has)."""
    if v is None or math.isnan(v) or kind == "summary":
        return "n/a"
    return "∞" if v > 0 else "−∞"


def number(v, kind="summary"):
    """`v` (a float, int or numpy scalar; None for missing) as text, in the style `kind`."""
    if v is None or not math.isfinite(v):
        return _not_finite(v, kind)
    return _KINDS.get(kind, lambda x: f"{x:.3g}")(v)


# --- by kind of number (the series catalogue's `kind`) -------------------------------------

KINDS = ("money", "share", "score", "count", "weeks", "ratio")
MINUS = "−"  # U+2212: a minus sign as wide as the plus, and never broken from its number
MISSING = "n/a"
# Stated once near the top of the briefing and on every money axis.
PRICE_BASE = "GBP, real terms at constant prices; the model has no inflation"
MONEY_AXIS = "£m, constant prices"


def _check_kind(kind):
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")


def _finite(v):
    return v is not None and math.isfinite(float(v))


def _scaled(v, kind):
    """The number as shown: shares in percent (levels) or percentage points (differences)."""
    return 100.0 * float(v) if kind == "share" else float(v)


def places_for(values, kind, difference=False):
    """Decimal places for the numbers in `values`, read together (a median and its interval,
    one table column, one axis), so they share one precision. By kind:

    - money: three significant figures of the largest in £ million, at most 4 decimals
      (£1,234m, £12.3m, £0.0328m);
    - share: one decimal of a percent (12.3%, +4.9 pp); a difference whose largest is under
      1 pp gets 2 decimals, under 0.1 pp 3 (+0.40 pp);
    - score: 3 decimals, more (at most 6) where needed to show the first significant digit of
      the largest (0.612, −0.012, −0.0004);
    - count: 0, or 1 where some count below 100 is not whole (a median of 0.5 tenders); each
      count is then written whole when it is whole (see `value`);
    - weeks: 1 decimal;
    - ratio: three significant figures of the largest (two for a difference), at most 6.
    """
    _check_kind(kind)
    shown = [abs(_scaled(v, kind)) for v in values if _finite(v)]
    largest = max(shown, default=0.0)
    if kind == "count":
        return 1 if any(_count_needs_decimal(x) for x in shown) else 0
    if kind == "weeks":
        return 1
    if kind == "share":
        if not difference or largest >= 1 or largest == 0:
            return 1
        return 2 if largest >= 0.1 else 3
    if kind == "score":
        return 3 if largest == 0 else max(3, min(6, -math.floor(math.log10(largest))))
    # money and ratio: three significant figures of the largest (two for a difference of
    # ratios, which is small beside its level), whole numbers at most.
    if kind == "ratio" and difference:
        return _sig_decimals(largest, 2, 6)
    return _sig_decimals(largest, 3, 4 if kind == "money" else 6)


COUNT_WHOLE_FROM = 100  # counts this large are written whole (1,834, not 1,834.5)


def _count_needs_decimal(x):
    """A count is written whole unless it is below COUNT_WHOLE_FROM and its first decimal is
    not zero: 0.5 tenders (a median of an even number of runs) is not "0" or "1"."""
    x = abs(float(x))
    return x < COUNT_WHOLE_FROM and not round(x, 1).is_integer()


def _sig_decimals(largest, sig, most):
    if largest == 0:
        return min(most, sig - 1)
    return max(0, min(most, sig - 1 - math.floor(math.log10(largest))))


ABOUT_ZERO = "about 0"  # a value that is not zero but rounds to it: never "0.000" or "−0.000"


def _plain(x, places, signed, kind=None):
    """The number without its unit: "1,234.5", "+4.9", "−0.012", "0" or ABOUT_ZERO."""
    if x == 0:
        return "0"  # exactly nothing: no sign, no spurious decimals
    if kind == "count" and not _count_needs_decimal(x):
        places = 0  # counts whole when whole (or large), whatever the others need
    text = f"{abs(x):,.{places}f}"
    if float(text.replace(",", "")) == 0:  # -0.0004 at 3 decimals: not zero, but near it
        return ABOUT_ZERO
    sign = MINUS if x < 0 else ("+" if signed else "")
    return sign + text


def _with_unit(body, kind, difference):
    """A number written by _plain with its kind's unit: "−£12.3m", "12.3%", "+4.9 pp",
    "+1.2 weeks"; "about £0m", "about 0 pp"."""
    if kind == "money":
        if body == ABOUT_ZERO:
            return "about £0m"
        sign = body[0] if body[0] in "+" + MINUS else ""
        return f"{sign}£{body[len(sign):]}m"
    if kind == "share":
        return body + (" pp" if difference else "%")
    if kind == "weeks":
        return body + " weeks"
    return body


def value(v, kind, places=None):
    """A level: money "£1,234m", share "12.3%", score "0.612", count "1,234" (or "0.5"),
    weeks "6.8 weeks", ratio "0.925"; "n/a" when missing; "about 0" (with its unit) for a
    value that is not zero but rounds to it."""
    _check_kind(kind)
    if not _finite(v):
        return MISSING
    d = places_for([v], kind) if places is None else places
    return _with_unit(_plain(_scaled(v, kind), d, False, kind), kind, False)


def signed(v, kind, places=None):
    """A signed difference (variant minus baseline): money "−£12.3m", share "−4.9 pp"
    (percentage points), score "+0.012", count "+3" (or "+0.5"), weeks "+1.2 weeks", ratio
    "−0.015"; zero is "0" without a sign, and a difference that rounds to zero "about 0"."""
    _check_kind(kind)
    if not _finite(v):
        return MISSING
    d = places_for([v], kind, difference=True) if places is None else places
    return _with_unit(_plain(_scaled(v, kind), d, True, kind), kind, True)


def interval(lo, hi, kind, difference=False, places=None):
    """"lo to hi" with the unit once at the end: "−11.0 to +3.4 pp", "£12.0m to £15.1m"."""
    _check_kind(kind)
    if not (_finite(lo) and _finite(hi)):
        return MISSING
    d = places_for([lo, hi], kind, difference) if places is None else places
    one = signed if difference else value
    a, b = one(lo, kind, d), one(hi, kind, d)
    for unit in (" pp", " weeks", "%"):
        if a.endswith(unit) and b.endswith(unit):
            return f"{a[:-len(unit)]} to {b}"
    return f"{a} to {b}"


def unit_word(kind, difference=False):
    """What the formatted numbers of a kind are in, for axis labels and table headers."""
    _check_kind(kind)
    if kind == "money":
        return MONEY_AXIS
    if kind == "share":
        return "percentage points" if difference else "% (share)"
    if kind == "weeks":
        return "weeks"
    return ""
