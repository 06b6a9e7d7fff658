"""The one way quasim's Python writes a number for a person to read: the HTML report
(report.py) and the calibration table (scripts/calibration/run_calibration.py). The C++
counterpart, for the terminal summary table, is format_number in output/number_format.hpp.

    number(1234567.8)            -> "1,234,568"   few significant digits (the default)
    number(0.1234, "pct")        -> "12.3%"       a kind from targets.toml's `format` field
"""
import math


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
