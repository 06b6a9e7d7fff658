#!/usr/bin/python3
"""One self-contained HTML page comparing quasim scenarios.

Usage: /usr/bin/python3 output/report.py A.h5 [B.h5 ...] -o report.html [--years 2015,2025]
(or `quasim report ...`). The page holds provenance, the parameters that differ between the
files, key indicators (median [5%-95%] across replicates) at the chosen years, and the charts
of plot.py embedded as base64 PNGs: it opens anywhere, offline, and can be mailed as one file.
A batch index counts as its points, one scenario each; a partial result (a merge allowed to
be partial) gets a warning box on the page and a warning line on stderr. Any problem is one
line `error: FILE: ...` on stderr and no page: exit 2 for bad input (a missing, foreign,
damaged or non-regular file, a series missing or of the wrong shape, a year no file covers, an
-o that is a directory, FIFO or device), 1 for anything unexpected, 130 on Ctrl-C. The page is
written to a temp file beside -o and renamed over it, so a failed write never leaves half a page.
"""
import argparse
import base64
import html
import os
import sys
import tempfile
import tomllib

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plot  # noqa: E402  (this directory's plot.py)
import quasim_reader as reader  # noqa: E402
from quasim_format import number  # noqa: E402  (the formatter the calibration table uses)

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.9em; }
th, td { border: 1px solid #ddd; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th { background: #f4f4f4; } .muted { color: #666; font-size: 0.9em; }
figure { margin: 1.5em 0; } figure img { max-width: 100%; height: auto; }
.warning { background: #fff3cd; border: 1px solid #d6b656; padding: 0.6em 1em; }
"""


class ReportError(reader.InputError):
    """A request the files cannot answer (e.g. a year none of them covers)."""


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


def parameter_differences(results):
    """Rows (key, [value per file]) of resolved parameters that are not the same in every file."""
    flat, problems = [], []
    for r in results:
        try:
            flat.append(flatten(tomllib.loads(r.provenance.get("resolved_parameters", ""))))
        except tomllib.TOMLDecodeError as e:
            problems.append(f"{r.path}: resolved parameters are not valid TOML ({e})")
            flat.append({})
    keys = sorted(set().union(*flat)) if flat else []
    rows = []
    for k in keys:
        values = [f.get(k) for f in flat]
        if any(v != values[0] for v in values[1:]):
            rows.append((k, ["(not set)" if v is None else repr(v) if isinstance(v, str) else
                             str(v).lower() if isinstance(v, bool) else str(v) for v in values]))
    return rows, problems


def indicator_cell(r, name, year):
    if name not in r.series or year not in r.years or r.series[name].shape[0] == 0:
        return "n/a"
    col = r.series[name][:, list(r.years).index(year)]
    if np.all(np.isnan(col)):
        return "n/a"
    p05, med, p95 = np.nanpercentile(col, [5, 50, 95])
    return f"{number(med)} [{number(p05)}&ndash;{number(p95)}]"


def table(header, rows, numeric_from=None):
    """HTML table; cells are already escaped. Columns from `numeric_from` are right-aligned."""
    out = ["<table>", "<tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr>"]
    for row in rows:
        cells = []
        for i, c in enumerate(row):
            cls = ' class="num"' if numeric_from is not None and i >= numeric_from else ""
            cells.append(f"<td{cls}>{c}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def chart_alt(path, results):
    name = os.path.splitext(os.path.basename(path))[0]
    scenarios = ", ".join(r.label for r in results)
    if name == "market_share":
        return f"Stacked area chart of median market share by provider type for {scenarios}"
    units = next((r.units[name] for r in results if name in r.units), "")
    return (f"Fan chart of {name.replace('_', ' ')} ({units}) by year for {scenarios}: "
            f"median line with 50% and 90% bands across replicates")


def build_html(results, years, charts):
    e = html.escape
    title = "quasim report: " + " vs ".join(r.label for r in results)
    parts = [f"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">",
             f"<title>{e(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>",
             f"<h1>{e(title)}</h1>"]
    for r in results:  # partial merges: said at the top, before any figure is read
        for w in r.warnings:
            parts.append(f"<p class=\"warning\"><strong>Warning:</strong> {e(w)}</p>")

    parts.append("<h2>Scenarios</h2>")
    rows = []
    for r in results:
        p = r.provenance
        rows.append([e(r.label), e(str(p.get("scenario_path", ""))), e(os.path.basename(r.path)),
                     e(str(p.get("seed", ""))),
                     e(f"{p.get('replicates_completed', '?')} of {p.get('replicates', '?')}"
                       + (" (partial)" if r.partial else "")),
                     f"{r.years[0]}&ndash;{r.years[-1]}" if len(r.years) else "none",
                     e(f"{p.get('quasim_version', '')} ({p.get('git_commit', '')})"),
                     e(str(p.get("created", "")))])
    parts.append(table(["scenario", "scenario file", "result file", "seed", "replicates",
                        "years", "quasim version", "created"], rows))
    for r in results:
        overrides = str(r.provenance.get("overrides", "")).strip()
        if overrides:
            parts.append(f"<p class=\"muted\">{e(r.label)} ran with --set: "
                         f"<code>{e(overrides)}</code></p>")

    parts.append("<h2>Parameters that differ</h2>")
    diffs, problems = parameter_differences(results)
    for msg in problems:
        parts.append(f"<p class=\"muted\">{e(msg)}</p>")
    if len(results) < 2:
        parts.append("<p class=\"muted\">One scenario only: nothing to compare.</p>")
    elif not diffs:
        parts.append("<p class=\"muted\">The files' resolved parameters are identical.</p>")
    else:
        parts.append(table(["parameter"] + [e(r.label) for r in results],
                           [[f"<code>{e(k)}</code>"] + [e(v) for v in vals] for k, vals in diffs]))

    for year in years:
        parts.append(f"<h2>Key indicators in {year}</h2>")
        parts.append("<p class=\"muted\">Median across replicates [5%&ndash;95%].</p>")
        units = {}
        for r in results:
            for k, v in r.units.items():
                units.setdefault(k, v)
        rows = [[e(name), e(units.get(name, ""))] + [indicator_cell(r, name, year) for r in results]
                for name in plot.KEY_SERIES]
        parts.append(table(["indicator", "units"] + [e(r.label) for r in results], rows,
                           numeric_from=2))

    parts.append("<h2>Charts</h2>")
    for path in charts:
        with open(path, "rb") as f:
            data = base64.b64encode(f.read()).decode("ascii")
        # The PNG carries its own caption (the series description), so no <figcaption>.
        parts.append(f"<figure><img src=\"data:image/png;base64,{data}\" "
                     f"alt=\"{e(chart_alt(path, results))}\"></figure>")
    parts.append("</body>\n</html>\n")
    return "\n".join(parts)


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
        prog="report.py", description="Self-contained HTML report comparing quasim result files.",
        epilog="example: /usr/bin/python3 output/report.py a.h5 b.h5 -o report.html --years 2015,2025")
    parser.add_argument("files", nargs="+", help="result files or batch indexes (.h5)")
    parser.add_argument("-o", "--output", default="report.html", help="HTML file to write")
    parser.add_argument("--years", type=parse_years, default=[],
                        help="comma-separated calendar years for the indicator tables")
    args = parser.parse_args(argv)
    check_output(args.output, args.files)
    results = plot.label(plot.load_files(args.files))
    years = choose_years(results, args.years)
    plot.warn_partial(results)
    with tempfile.TemporaryDirectory() as tmp:
        charts = plot.make_charts(results, tmp)
        page = build_html(results, years, charts)
    reader.write_text_atomic(args.output, page, "-o")  # readers never see half a page
    print(args.output)
    return 0


if __name__ == "__main__":
    sys.exit(reader.run_main(main))
