#!/usr/bin/python3
"""A policy against its baseline: paired differences, variant minus baseline, of every series.

Usage: /usr/bin/python3 output/compare.py BASELINE.h5 VARIANT.h5 [-o diff.h5] [--unpaired]
       [--year Y]   (or `quasim compare ...`)

Runs of the two files pair when they share the seed and the replicate numbers: replicate r of
each draws the same random numbers, so their difference is the policy's effect in that world
(output/paired.py, which the report uses too, does the pairing and the statistics). For every
series of the catalogue that both files hold, in every group, per common calendar year and per
entity (domain, commissioner, provider type, ... matched by name) this gives the median
difference, its 50% and 90% intervals and the share of runs in which the variant is better;
the table words how sure that is with paired.verdict and writes numbers with quasim_format, as
the report does.

Prints a table of the key series at the final common year (or --year) and where the largest
effects on unmet need and spending sit; with -o writes every difference and statistic to an
HDF5 file laid out like a result file (docs/OUTPUTS.md, "Comparing two runs"). Any problem is
one line `error: FILE: ...` on stderr and no file: exit 2 for bad input (a missing, foreign,
damaged or non-regular file, a batch index, runs that do not pair without --unpaired, a year
the files do not share, an -o that is an input, a directory, FIFO or device, or an existing
file other than an earlier comparison), 1 for anything unexpected, 130 on Ctrl-C. Warnings (an
unpaired comparison, different years or entity names, a partial file) are `warning: ...` lines
on stderr.
"""
import argparse
import datetime
import os
import sys
from dataclasses import dataclass

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import paired  # noqa: E402  (the one implementation of the paired statistics)
import quasim_reader as reader  # noqa: E402
from plot import KEY_SERIES  # noqa: E402  (the table's rows, in the summary's order)
import quasim_format as fmt  # noqa: E402  (numbers as the report writes them)

InputError = reader.InputError
# The statistics over runs written for each series, [year(, entity)], and what each is.
STATISTICS = {
    "median": "Median over {runs} of the difference variant minus baseline",
    "p05": "5th percentile over {runs} of the difference variant minus baseline (the lower end "
           "of the interval holding 90% of them)",
    "p25": "25th percentile over {runs} of the difference variant minus baseline (the lower "
           "end of the interval holding 50% of them)",
    "p75": "75th percentile over {runs} of the difference variant minus baseline (the upper "
           "end of the interval holding 50% of them)",
    "p95": "95th percentile over {runs} of the difference variant minus baseline (the upper "
           "end of the interval holding 90% of them)",
}
SHARES = {
    "share_better": "Share of {runs} in which the variant is better ({better} is better); NaN "
                    "for a series with no better direction",
    "share_worse": "Share of {runs} in which the variant is worse ({better} is better); NaN "
                   "for a series with no better direction",
    "share_higher": "Share of {runs} in which the variant is higher than the baseline",
    "share_lower": "Share of {runs} in which the variant is lower than the baseline",
}
# The statistics' long_name words (after the series' label).
LONG_NAMES = {"median": "median", "p05": "5th percentile", "p25": "25th percentile",
              "p75": "75th percentile", "p95": "95th percentile",
              "share_better": "share of runs better", "share_worse": "share of runs worse",
              "share_higher": "share of runs higher", "share_lower": "share of runs lower"}
# Where the table looks for the effects: (series, label) x groups.
WHERE = [("unmet_need", "by_domain"), ("unmet_need", "by_commissioner"),
         ("spending", "by_domain"), ("spending", "by_commissioner")]
AXIS_WORDS = {"provider_type": "provider type", "commissioner": "commissioner",
              "domain": "domain", "difficulty_group": "difficulty group",
              "age_band": "age band", "agency": "agency"}


# --- inputs --------------------------------------------------------------------------------

@dataclass
class Input:
    path: str
    f: object          # open h5py.File
    prov: dict
    axes: dict


def open_input(path):
    """A result file of quasim run, opened; a batch index or a comparison is refused in one
    line that says what to give instead."""
    f = reader.open_hdf5(path)
    try:
        prov = reader.provenance(f, path)
        reader.refuse_comparison(path, prov, "a result file of quasim run")
        if reader.is_batch_index(f, prov):
            raise InputError(f"{path}: is a batch index; quasim compare takes two result files: "
                             f"give one of its point files (quasim info {path} lists them)")
    finally:
        f.close()
    return Input(path, *reader.open_result(path))


def check_output(path, inputs):
    """-o may be a new file or an earlier comparison, never one of the inputs or another
    quasim file: a result file or a batch index is hours of runs, not to be replaced by a
    typing slip."""
    reader.check_output_file(path, "-o")
    for i in inputs:
        try:
            same = os.path.exists(path) and os.path.samefile(path, i)
        except OSError:
            same = False
        if same or os.path.abspath(path) == os.path.abspath(i):
            raise InputError(f"-o {path}: is an input of this comparison ({i}); expected a new "
                             "file for the differences")
    if not os.path.exists(path) or os.path.getsize(path) == 0:  # new, or made by mktemp
        return
    kind = reader.quasim_kind(path)
    if kind != "comparison":
        what = f"is a quasim {kind} file" if kind == "result" else \
            f"is a {kind}" if kind else "exists and is not a comparison written by quasim compare"
        raise InputError(f"-o {path}: {what}; expected a new file or an earlier comparison to "
                         "replace (remove the file first to replace it)")


# --- the comparison ------------------------------------------------------------------------

@dataclass
class SeriesDiff:
    """One series compared: its catalogue entry, the entity names of its third axis (None for
    /series), the differences [pair, year(, entity)] and their summary (paired.summarise,
    plus baseline_median and variant_median)."""
    entry: dict
    axis: str
    names: list
    diffs: np.ndarray
    stats: dict


class Comparison:
    """Two opened result files and how their runs, years and entities match."""

    def __init__(self, base, var, allow_unpaired):
        self.base, self.var = base, var
        self.pairing = paired.pair(base.path, base.prov, base.axes, var.path, var.prov,
                                   var.axes, allow_unpaired)
        self.notes = list(self.pairing.notes)
        for i in (base, var):
            partial = reader.partial_note(i.prov)
            if partial:
                self.notes.append(f"{i.path}: {partial}; compared on the replicates it holds")
        self.entities = {}   # axis -> (common names, baseline columns, variant columns)
        self.skipped = {}    # path -> ["group/name", ...] the file's format predates

    def entity(self, axis):
        if axis not in self.entities:
            b = reader.axis(self.base.f, self.base.path, axis)
            v = reader.axis(self.var.f, self.var.path, axis)
            names, bcols, vcols, note = paired.match_names(
                b, v, AXIS_WORDS.get(axis, axis), self.base.path, self.var.path)
            if note:
                self.notes.append(note)
            self.entities[axis] = (names, bcols, vcols)
        return self.entities[axis]

    def series(self):
        """Every catalogue series both files hold, compared, in catalogue order."""
        for (group, name), entry in reader.catalogue().items():
            missing = [i for i in (self.base, self.var) if not reader.has_series(i.f, group, name)]
            for i in missing:
                self.skipped.setdefault(i.path, []).append(f"{group}/{name}")
            if missing:
                continue
            yield self.compare(group, name, entry)

    def compare(self, group, name, entry):
        b = reader.read_series(self.base.f, self.base.path, group, name, self.base.axes)
        v = reader.read_series(self.var.f, self.var.path, group, name, self.var.axes)
        axis, names = reader.GROUP_AXIS[group], None
        if axis:
            names, bcols, vcols = self.entity(axis)
            b, v = b[:, :, bcols], v[:, :, vcols]
        d = self.pairing.differences(b, v)
        stats = paired.summarise(d, entry["better"])
        stats["baseline_median"], stats["variant_median"] = self.pairing.level_medians(b, v)
        return SeriesDiff(entry, axis, names, d, stats)

    def skipped_notes(self):
        out = []
        for path, names in self.skipped.items():
            f = self.base.f if path == self.base.path else self.var.f
            out.append(f"{len(names)} series are not in {path} (result-file format "
                       f"{reader.format_version(f)}, written before they existed) and were "
                       f"skipped: {paired.list_names(names, 4)}")
        return out

    def scenario(self, which):
        i = self.base if which == "baseline" else self.var
        name = str(i.prov.get("scenario_name") or "")
        return f"{name} ({i.path})" if name else i.path


# --- numbers and words for people ----------------------------------------------------------
# Numbers are written by quasim_format's by-kind API, as the report writes them; numbers read
# together (a row's two levels; its median difference and interval) share one precision.

def places(values, kind, difference=False):
    """quasim_format's decimal places for numbers read together: the report's rule, so the
    table and the page write the same number the same way."""
    return fmt.places_for(values, kind, difference)


def levels(b, v, kind):
    """The baseline's and the variant's median level, to one precision."""
    d = places([b, v], kind)
    return fmt.value(b, kind, d), fmt.value(v, kind, d)


def difference(med, lo, hi, kind):
    """A median difference and its interval, to one precision: "+£4.46m [−£1.20m, +£9.84m]"."""
    d = places([med, lo, hi], kind, True)
    return f"{fmt.signed(med, kind, d)} [{fmt.signed(lo, kind, d)}, {fmt.signed(hi, kind, d)}]"


def how_sure(stats, index, better, pairs):
    """paired.verdict in words, as the report says it: "better in every run", "worse in almost
    every run (97%)", "lower in most runs (80%)", "no clear difference (higher in 55%, lower in
    45%)", "the same in every run", "too few runs with a value (1 of 6)". When some runs have
    no value (a year without a tender has no price) the shares are of those that do, and the
    words say how many: "; over 6 of 8 runs"."""
    v = paired.verdict(stats, index, better, pairs)
    if v.sure == "too_few":
        return f"too few runs with a value ({v.n} of {v.pairs})" if v.n < v.pairs else \
            f"too few runs to judge ({v.n})"
    side = v.judged or v.way
    if v.sure == "same":
        text = "the same in every run"
    elif v.sure == "every":
        text = f"{side} in every run"
    elif v.sure == "almost":
        text = f"{side} in almost every run ({paired.percent(v.share)})"
    elif v.sure == "most":
        text = f"{side} in most runs ({paired.percent(v.share)})"
    else:
        higher, lower = (float(stats[f"share_{w}"][index]) for w in ("higher", "lower"))
        same = 1 - higher - lower
        text = (f"no clear difference (higher in {paired.percent(higher)}, lower in "
                f"{paired.percent(lower)}" + (f", the same in {paired.percent(same)}"
                                               if same > 0.005 else "") + ")")
    return text + (f"; over {v.n} of {v.pairs} runs" if v.n < v.pairs else "")


def price_base(comp):
    """The start year(s) money is priced in: "price base 2010", or both when they differ."""
    b, v = (i.prov.get("start_year") for i in (comp.base, comp.var))
    b = comp.pairing.years[0] if b is None else b
    if v is None or str(v) == str(b):
        return f"price base {b}"
    return f"price base: baseline {b}, variant {v}"


# --- the terminal table --------------------------------------------------------------------

def table(comp, results, year):
    """The headline differences at `year`: key series of /series, then where effects sit."""
    p = comp.pairing
    k = int(np.where(p.years == year)[0][0])
    runs = len(p.base_replicate)
    how = (f"{runs} paired runs (seed {comp.base.prov.get('seed')}, replicates matched)"
           if p.paired else f"{runs} unpaired combinations of runs")
    lines = [f"Variant:  {comp.scenario('variant')}", f"Baseline: {comp.scenario('baseline')}",
             f"In {year}, over {how}", ""]
    if runs < paired.MIN_RUNS:
        lines[-1:] = [f"{runs} runs are too few to say which way the variant moves (at least "
                      f"{paired.MIN_RUNS} are needed): run both with more --replicates.", ""]
    head = ["Indicator", "Baseline", "Variant", "Difference [90% of runs]", "Variant is"]
    rows, gaps = [], False
    for name in KEY_SERIES:
        r = results.get(("series", name))
        if r is None:
            continue
        s, kind = r.stats, r.entry["kind"]
        gaps |= bool(s["n"][k] < runs)
        rows.append([r.entry["label"], *levels(s["baseline_median"][k], s["variant_median"][k],
                                               kind),
                     difference(s["median"][k], s["p05"][k], s["p95"][k], kind),
                     how_sure(s, k, r.entry["better"], runs)])
    width = [max(len(x[i]) for x in [head] + rows) for i in range(len(head))]
    align = lambda row: "  ".join(  # noqa: E731  labels left, numbers right
        (c.ljust if i in (0, 4) else c.rjust)(width[i]) for i, c in enumerate(row)).rstrip()
    lines += [align(head), align(["-" * w for w in width])] + [align(r) for r in rows]
    lines += ["", "Difference: variant minus baseline in each " +
              ("pair of runs (same seed and replicate: the same random numbers)" if p.paired else
               "combination of a variant run with a baseline run (unpaired)") +
              "; the median, and the interval holding 90% of them. A difference within rounding "
              "of zero counts as the same."]
    if gaps and runs >= paired.MIN_RUNS:
        lines.append(f"Some runs have no value (a year without a tender has no contract price): "
                     f"medians and shares are of the runs that have one, and with fewer than "
                     f"{paired.MIN_RUNS} there are too few to say which way the variant moves.")
    lines += [f"Money: GBP million in real terms, constant prices ({price_base(comp)}; the "
              "model has no inflation).", ""]
    lines += where_effects_sit(results, k, year, runs)
    return "\n".join(lines)


def where_effects_sit(results, k, year, runs, most=3):
    """For unmet need and spending by domain and by commissioner: the entities with the
    largest median differences, one a line."""
    out = []
    for name, group in WHERE:
        r = results.get((group, name))
        if r is None:
            continue
        med, kind, what = r.stats["median"][k], r.entry["kind"], AXIS_WORDS[r.axis]
        order = [i for i in np.argsort(-np.abs(np.nan_to_num(med)), kind="stable")
                 if np.isfinite(med[i]) and med[i] != 0][:most]
        shown = f"the {len(order)} largest of {len(r.names)} {what}s" if len(r.names) > most \
            else f"{len(r.names)} {what}s"
        if not order:
            out.append(f"  {r.entry['label']} by {what}: no difference in any {what}")
            continue
        out.append(f"  {r.entry['label']} by {what} ({shown}):")
        width = max(len(r.names[i]) for i in order)
        d = places([med[i] for i in order], kind, True)  # one precision down the column
        diffs = [fmt.signed(med[i], kind, d) for i in order]
        out += [f"    {r.names[i].ljust(width)}  {x.rjust(max(map(len, diffs)))}  "
                f"{how_sure(r.stats, (k, i), r.entry['better'], runs)}"
                for i, x in zip(order, diffs)]
    return [f"Where the effects sit ({year}, median difference):"] + out if out else []


# --- the diff file -------------------------------------------------------------------------

def _scale(h5, group, name, values, units, long_name, description):
    """An axis as a dimension scale (how result files label their axes)."""
    if values and isinstance(values[0], str):
        ds = group.create_dataset(name, data=np.array(values, dtype=object),
                                  dtype=h5.string_dtype())
    else:
        ds = group.create_dataset(name, data=np.asarray(values, dtype=np.int32))
    reader.describe_cf(ds, units, long_name, description)
    ds.make_scale(name)
    return ds


class DiffWriter:
    """Writes the comparison into an open h5py.File: root axes, a group per series holding its
    differences and statistics with the axes copied in (so xarray's group= has coordinates),
    and the provenance of both inputs."""

    def __init__(self, h5, comp):
        import h5py
        self.h5py, self.f, self.comp = h5py, h5, comp
        p = comp.pairing
        self.runs = "run pairs" if p.paired else "combinations of a variant and a baseline run"
        self.axes = {
            "pair": (list(p.base_replicate) if p.paired else list(range(len(p.base_replicate))),
                     "replicate number" if p.paired else "index", "Pair of runs",
                     "Pairs of runs: the replicate number both files share" if p.paired else
                     "Combinations of a variant run with a baseline run (unpaired comparison): "
                     "see /baseline_replicate and /variant_replicate"),
            "year": (list(p.years), "calendar year", "Year", "Calendar years both files cover")}
        self.written = 0
        for name, (values, units, long_name, description) in self.axes.items():
            _scale(h5py, h5, name, values, units, long_name, description)
        for name, reps in (("baseline_replicate", p.base_replicate),
                           ("variant_replicate", p.var_replicate)):
            ds = h5.create_dataset(name, data=np.asarray(reps, dtype=np.int32))
            which = name.split("_")[0]
            reader.describe_cf(ds, "replicate number", f"{which.capitalize()} replicate",
                               f"The {which}'s replicate in each pair")
            ds.dims[0].attach_scale(h5["pair"])
            ds.dims[0].label = "pair"

    def axis_values(self, axis, names):
        if axis not in self.axes:
            words = AXIS_WORDS.get(axis, axis)
            self.axes[axis] = (names, "name", words[:1].upper() + words[1:],
                               f"The {words}s both files name (matched by name)")
            _scale(self.h5py, self.f, axis, names, *self.axes[axis][1:])
        return self.axes[axis]

    def write(self, r):
        e = self._entry = r.entry
        g = self.f.require_group(e["group"]).create_group(e["name"])
        dims = ["pair", "year"] + ([r.axis] if r.axis else [])
        if r.axis:
            self.axis_values(r.axis, r.names)
        scales = {d: _scale(self.h5py, g, d, *self.axes[d]) for d in dims}
        common = {"label": e["label"], "better": e["better"]}
        for k, v in common.items():
            g.attrs[k] = v
        g.attrs["kind"] = e["kind"]
        self._describe(g, e["units"], e["label"], e["description"], e)
        series = f"Series: {e['label']} ({e['units']}): {e['description']}"
        self._dataset(g, "difference", r.diffs, dims, scales, e["units"],
                      f"{e['label']}: variant minus baseline",
                      ("Variant minus baseline in each pair of runs (same seed and replicate "
                       "number: the same random numbers)" if self.comp.pairing.paired else
                       "Every variant run minus every baseline run (unpaired)") + ". " + series,
                      common, compress=True)
        for key, text in STATISTICS.items():
            self._dataset(g, key, r.stats[key], dims[1:], scales, e["units"],
                          f"{e['label']}: difference, {LONG_NAMES.get(key, key)}",
                          text.format(runs=self.runs) + ". " + series, common)
        better = e["better"] if e["better"] != "neither" else "neither direction"
        for key, text in SHARES.items():
            self._dataset(g, key, r.stats[key], dims[1:], scales, "share of runs (0-1)",
                          f"{e['label']}: {LONG_NAMES.get(key, key)}",
                          text.format(runs=self.runs, better=better) + ". " + series, common)
        self._dataset(g, "n", r.stats["n"].astype(np.int32), dims[1:], scales, "count",
                      f"{e['label']}: {self.runs} with a value", f"Number of {self.runs} with a value (NaN, e.g. a price in a year "
                      f"without tenders, is left out). " + series, common)
        for which in ("baseline", "variant"):
            self._dataset(g, f"{which}_median", r.stats[f"{which}_median"], dims[1:], scales,
                          e["units"], f"{e['label']}: {which} median", f"Median over the {which}'s runs of the series. " + series,
                          common)
        self.written += 1

    def _describe(self, obj, words, long_name, description, entry=None):
        """CF-style attributes; a series' own units (`entry`, the catalogue's) keep its CF form
        (a difference of GBP million is in GBP million)."""
        if entry is not None and words == entry["units"]:
            reader.describe_cf(obj, words, long_name, description, entry.get("cf_units", "1"),
                               entry.get("currency", ""))
        else:
            reader.describe_cf(obj, words, long_name, description)

    def _dataset(self, g, name, data, dims, scales, units, long_name, description, common,
                 compress=False):
        data = np.asarray(data)
        kw = {"compression": "gzip", "compression_opts": 4, "shuffle": True} \
            if compress and data.size > 1 else {}
        ds = g.create_dataset(name, data=data, **kw)
        self._describe(ds, units, long_name, description, self._entry)
        for k, v in common.items():
            ds.attrs[k] = v
        for i, d in enumerate(dims):
            ds.dims[i].attach_scale(scales[d])
            ds.dims[i].label = d

    def provenance(self, command_line, version, commit, notes):
        pv = self.f.create_group("provenance")
        p, comp = self.comp.pairing, self.comp
        pv.attrs.update({
            "kind": "comparison", "paired": np.int64(1 if p.paired else 0),
            "notes": "\n".join(notes), "quasim_version": version, "git_commit": commit,
            "command_line": command_line,
            "created": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "series": np.int64(self.written),
            "baseline_path": comp.base.path, "variant_path": comp.var.path,
            "baseline_abspath": os.path.abspath(comp.base.path),
            "variant_abspath": os.path.abspath(comp.var.path)})
        for prefix, i in (("baseline_", comp.base), ("variant_", comp.var)):
            for k, v in i.prov.items():
                pv.attrs[prefix + k] = v
        self.cf_attributes(command_line, version, commit)

    def cf_attributes(self, command_line, version, commit):
        """The file's CF attributes (Conventions, title, history, source) and, on every group
        but /provenance, what a group opened alone needs to say which comparison it is from."""
        comp, f = self.comp, self.f
        names = [str(i.prov.get("scenario_name") or "") for i in (comp.base, comp.var)]
        f.attrs.update({"Conventions": reader.CF_CONVENTIONS,
                        "title": f"quasim comparison: {names[1]} minus {names[0]}",
                        "history": command_line, "source": f"quasim {version} (git {commit})"})
        about = {"comparison": f"{names[1]} minus {names[0]}",
                 "baseline_scenario_name": names[0], "variant_scenario_name": names[1],
                 "quasim_version": version, "git_commit": commit,
                 "paired": np.int64(1 if comp.pairing.paired else 0)}
        for prefix, i in (("baseline_", comp.base), ("variant_", comp.var)):
            for k in ("seed", "replicates"):
                if k in i.prov:
                    about[prefix + k] = i.prov[k]
        groups = [f]
        f.visititems(lambda name, obj: groups.append(obj)
                     if isinstance(obj, self.h5py.Group) and name != "provenance" else None)
        for g in groups:
            g.attrs.update(about)


def write_diff(path, comp, results, command_line, version, commit):
    """Writes the diff file atomically: a temp file beside path, renamed over it when whole.
    `results` is an iterator; each SeriesDiff is written as it comes (the differences of a big
    run need not all be held at once) and yielded on without its differences."""
    import h5py
    with reader.atomic_file(path, "-o") as tmp:
        with h5py.File(tmp, "x") as h5:
            w = DiffWriter(h5, comp)
            kept = {}
            for r in results:
                w.write(r)
                r.diffs = None
                kept[(r.entry["group"], r.entry["name"])] = r
            w.provenance(command_line, version, commit, comp.notes + comp.skipped_notes())
    return kept


# --- main ----------------------------------------------------------------------------------

def main(argv=None):
    ap = reader.parser(prog="quasim compare", description="Paired differences, variant minus "
                       "baseline, of every series of two result files.")
    ap.add_argument("baseline", help="result file (.h5) of the baseline scenario")
    ap.add_argument("variant", help="result file (.h5) of the variant (the policy)")
    ap.add_argument("-o", "--output", help="HDF5 file for every difference and statistic")
    ap.add_argument("--unpaired", action="store_true",
                    help="compare files whose seeds or replicates differ, every run with every "
                         "run (wider intervals)")
    ap.add_argument("--year", type=int, help="calendar year of the table (default: the final "
                    "year both files cover)")
    # Given by `quasim compare`, for the diff file's provenance.
    ap.add_argument("--command-line", help=argparse.SUPPRESS)
    ap.add_argument("--quasim-version", default="", help=argparse.SUPPRESS)
    ap.add_argument("--git-commit", default="", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)

    if a.output:
        check_output(a.output, [a.baseline, a.variant])
    base = open_input(a.baseline)
    try:
        var = open_input(a.variant)
    except BaseException:
        base.f.close()
        raise
    with base.f, var.f:
        comp = Comparison(base, var, a.unpaired)
        years = comp.pairing.years
        year = int(years[-1]) if a.year is None else a.year
        if year not in years:
            raise InputError(f"--year {a.year}: not a year both files cover "
                             f"({years[0]}-{years[-1]})")
        results = comp.series()
        if a.output:
            command = a.command_line or " ".join(["compare.py"] + sys.argv[1:])
            kept = write_diff(a.output, comp, results, command,
                              a.quasim_version or "unknown (output/compare.py run directly)",
                              a.git_commit)
        else:
            kept = {}
            for r in results:
                r.diffs = None  # only the statistics are needed from here on
                kept[(r.entry["group"], r.entry["name"])] = r
        for note in comp.notes + comp.skipped_notes():
            reader.warn(note)
        print(table(comp, kept, year))
        if a.output:
            print(f"\nWrote {a.output}: {len(kept)} series, variant minus baseline, with their "
                  "medians, intervals and shares of runs better (docs/OUTPUTS.md, \"Comparing "
                  "two runs\").")
    return 0


if __name__ == "__main__":
    sys.exit(reader.run_main(main))
