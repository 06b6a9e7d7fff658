#!/usr/bin/python3
"""A result file or a sweep's batch index as one CSV table, for a spreadsheet, pandas or R.

Usage: /usr/bin/python3 output/export.py FILE [-o OUT] [--format csv|long] [--series a,b]
(or `quasim export FILE ...`).

--format csv (the default), wide: one row per point x replicate x year; columns `point` (the
  sweep point's label), one column per swept parameter (named by its dotted key, numbers as
  numbers), `replicate`, `year`, then one column per national series (/series/<name>).
--format long, tidy: one row per point x replicate x year x series x entity, every group;
  columns `point`, the swept parameters, `replicate`, `year`, `group`, `series`, `entity` (the
  commissioner, domain, provider type ... of a /by_* series; empty for /series), `value`,
  `units`.
A plain result file (not an index) has no `point` or parameter columns. --series a,b keeps only
those series (wide: /series names; long: names in any group). Missing values (NaN) are empty
cells. Numbers are written in full (Python's shortest text that reads back as the same float).

-o OUT: the CSV file, written atomically (a temp file renamed over OUT); default FILE's name
with .csv (wide) or .long.csv (long) beside it; `-o -` writes to standard output. Any problem is
one line `error: ...` on stderr, exit 2 for bad input, and nothing is written.
"""
import csv
import difflib
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import quasim_reader as reader  # noqa: E402  (this directory's checked reader)

FORMATS = ("csv", "long")


def _cell(v):
    """A value as CSV text: floats in full (repr reads back exactly), NaN empty."""
    if isinstance(v, float):
        return "" if math.isnan(v) else repr(v)
    return str(v)


def default_output(path, fmt):
    stem = path[:-3] if path.endswith(".h5") else path
    return stem + (".csv" if fmt == "csv" else ".long.csv")


def _names_in_group(group):
    return [name for (g, name) in reader.catalogue() if g == group]


def chosen_series(wanted, fmt):
    """[(group, name)] to export, catalogue order; InputError for a name quasim does not write."""
    groups = ["series"] if fmt == "csv" else list(reader.GROUP_AXIS)
    every = [(g, n) for g in groups for n in _names_in_group(g)]
    if not wanted:
        return every
    known = {n for _, n in every}
    for name in wanted:
        if name not in known:
            near = difflib.get_close_matches(name, sorted(known), n=3)
            where = "/series" if fmt == "csv" else "any group"
            raise reader.InputError(
                f"--series {name}: not a series of {where}"
                + (f"; did you mean {', '.join(near)}?" if near else "")
                + " (see quasim info --catalogue" + ("; --format long exports the /by_* groups"
                                                     if fmt == "csv" else "") + ")")
    return [(g, n) for g, n in every if n in wanted]


class Source:
    """One result file to export: its path, point label and swept values (empty for a plain
    result file)."""

    def __init__(self, path, opener, label="", values=()):
        self.path, self.opener, self.label, self.values = path, opener, label, list(values)


def sources(path):
    """([Source], [parameter keys]) of a result file or a batch index."""
    kind, what = reader.open_any(path)
    if kind == "result":
        what[0].close()
        return [Source(path, lambda: reader.open_result(path))], None
    points, partial = what
    if partial:
        reader.warn(f"{path}: {partial}")
    sweep = reader.sweep_coordinates(path)
    keys = list(sweep)
    out = []
    for i, (label, target, name) in enumerate(points):
        values = [sweep[k][i] for k in keys]
        out.append(Source(target, lambda n=name, t=target: reader.open_point(path, n, t),
                          label, values))
    return out, keys


def _present(f, group, name, explicit):
    """Whether to export /GROUP/NAME of this file: a series its format predates is left out
    of a full export (as `quasim info` does), but asked for by name it is an error."""
    return explicit or reader.has_series(f, group, name)


def wide_rows(srcs, keys, series, explicit):
    """Header, then one row per point x replicate x year."""
    names = [n for _, n in series]
    head = (["point"] + keys if keys is not None else []) + ["replicate", "year"]
    first = True
    for src in srcs:
        f, prov, axes = src.opener()
        with f:
            present = [n for n in names if _present(f, "series", n, explicit)]
            if first:
                yield head + present
                first, columns = False, present
            elif present != columns:
                raise reader.InputError(f"{src.path}: holds series {present} where the first "
                                        f"point holds {columns}; export points of one format")
            data = [reader.read_series(f, src.path, "series", n, axes) for n in present]
        lead = [src.label] + src.values if keys is not None else []
        for r, rep in enumerate(axes["replicate"]):
            for y, year in enumerate(axes["year"]):
                yield lead + [int(rep), int(year)] + [float(d[r, y]) for d in data]


def long_rows(srcs, keys, series, explicit):
    """Header, then one row per point x replicate x year x series x entity."""
    yield (["point"] + keys if keys is not None else []) + \
        ["replicate", "year", "group", "series", "entity", "value", "units"]
    for src in srcs:
        f, prov, axes = src.opener()
        blocks = []
        with f:
            for group, name in series:
                if not _present(f, group, name, explicit):
                    continue
                values = reader.read_series(f, src.path, group, name, axes)
                third = reader.GROUP_AXIS[group]
                units = reader.dataset_units(f, f"{group}/{name}")[0]
                blocks.append((group, name, values, axes[third] if third else None, units))
        lead = [src.label] + src.values if keys is not None else []
        for group, name, values, entities, units in blocks:
            for r, rep in enumerate(axes["replicate"]):
                for y, year in enumerate(axes["year"]):
                    head = lead + [int(rep), int(year), group, name]
                    if entities is None:
                        yield head + ["", float(values[r, y]), units]
                    else:
                        for k, entity in enumerate(entities):
                            yield head + [entity, float(values[r, y, k]), units]


def write_rows(rows, out):
    """Writes the rows as CSV to OUT atomically (or to stdout for "-"); returns the row count."""
    if out == "-":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        n = 0
        for row in rows:
            writer.writerow([_cell(v) for v in row])
            n += 1
        sys.stdout.flush()
        return n - 1
    folder = os.path.dirname(os.path.abspath(out))
    if not os.path.isdir(folder):
        raise reader.InputError(f"-o {out}: no such directory {folder}")
    n = 0
    with reader.atomic_file(out, "-o") as tmp:  # an input error mid-way leaves nothing behind
        with open(tmp, "x", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            for row in rows:
                writer.writerow([_cell(v) for v in row])
                n += 1
            fh.flush()
            os.fsync(fh.fileno())
    return n - 1


def check_output(out, inputs):
    """-o must be a file path to write, and never one of the HDF5 inputs."""
    if out == "-":
        return
    reader.check_output_file(out, "-o")
    if os.path.exists(out):
        with open(out, "rb") as fh:
            if fh.read(8) == reader.HDF5_SIGNATURE:
                raise reader.InputError(f"-o {out}: is an HDF5 file; refusing to overwrite it "
                                        "with CSV (give a .csv path)")
    for path in inputs:
        if os.path.exists(path) and os.path.exists(out) and os.path.samefile(path, out):
            raise reader.InputError(f"-o {out}: is the input file")


def export(path, out, fmt="csv", wanted=None):
    """Writes FILE (a result file or batch index) as CSV to out; returns the number of rows."""
    check_output(out, [path])
    series = chosen_series(wanted, fmt)
    srcs, keys = sources(path)
    rows = wide_rows if fmt == "csv" else long_rows
    return write_rows(rows(srcs, keys, series, bool(wanted)), out)


def main(argv=None):
    parser = reader.parser(
        prog="export.py", description="A quasim result file or batch index as a CSV table.",
        epilog="example: /usr/bin/python3 output/export.py results/sweep.h5 -o sweep.csv")
    parser.add_argument("file", help="result file or batch index (.h5)")
    parser.add_argument("-o", "--output", default=None,
                        help="CSV file to write (default FILE.csv, or FILE.long.csv for "
                             "--format long; - for standard output)")
    parser.add_argument("--format", default="csv", choices=FORMATS,
                        help="csv: wide, a column per national series; long: tidy, a row per "
                             "value of every group")
    parser.add_argument("--series", default="",
                        help="comma-separated series names to keep (default: all)")
    args = parser.parse_args(argv)
    wanted = [s.strip() for s in args.series.split(",") if s.strip()] or None
    out = args.output or default_output(args.file, args.format)
    try:
        n = export(args.file, out, args.format, wanted)
    except BrokenPipeError:  # `quasim export x.h5 -o - | head`: the reader stopped, not an error
        sys.stderr.close()
        return 0
    if out != "-":
        print(f"wrote {out} ({n} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(reader.run_main(main))
