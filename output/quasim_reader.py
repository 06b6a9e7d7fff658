"""Checked reading of quasim result files and batch indexes, shared by output/plot.py,
output/report.py and scripts/calibration/*.py.

Every problem with an input is an InputError whose message names the file (or option) and says
what was expected; run_main turns it into one line `error: ...` on stderr and exit status 2.
Paths are checked with os.stat before anything opens them: h5py blocks forever on a FIFO and
reads /dev/zero until memory runs out. Datasets are checked against the root axes before they
are read, so a damaged or foreign file is an error, never a chart of garbage.
"""
import contextlib
import os
import stat
import sys

import numpy as np

MAX_TEXT_BYTES = 16 << 20  # config and target files: far above any real one, far below RAM
HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
# The third axis of each group of series (docs/OUTPUTS.md); /series has none.
GROUP_AXIS = {"series": None, "by_provider_type": "provider_type",
              "by_commissioner": "commissioner", "by_domain": "domain",
              "by_difficulty_group": "difficulty_group", "by_age_band": "age_band",
              "by_agency": "agency"}
# /provenance@format_version that added each group's later series (output/series_catalogue.cpp
# format3 rows); a file of an older format lacks them. None: the whole group came then.
_WAITING = ("waiting_list", "waiting_time_mean", "waiting_time_p90", "capacity_utilisation")
ADDED_IN_FORMAT_3 = {
    "series": _WAITING + ("list_exits_resolved", "list_exits_escalated", "list_exits_died",
                          "list_exits_gave_up", "difficulty_service_gap"),
    "by_commissioner": _WAITING, "by_domain": _WAITING, "by_difficulty_group": None}
# Format 4 (issue 18): outcomes over people with need, trust from the area, agencies. Each
# format4 row of output/series_catalogue.cpp is listed here under its group.
ADDED_IN_FORMAT_4 = {
    "series": ("cross_agency_spillover", "prevention_onsets_averted",
               "partnership_decisions_delayed", "partners_migrated", "partnership_dissolutions",
               "partnerships_blocked", "spinout_applications", "spinouts_in_pipeline",
               "spinouts_stalled", "spinouts_abandoned", "spinouts_supported",
               "spinouts_supported_live", "outcome_need_mean", "outcome_need_inequality",
               "harm_mean", "excess_deaths", "hidden_need", "need_averted"),
    "by_commissioner": ("hidden_need",), "by_domain": (), "by_provider_type": (),
    "by_difficulty_group": ("outcome_need_mean",), "by_age_band": None, "by_agency": None}
_ADDED = ((4, ADDED_IN_FORMAT_4), (3, ADDED_IN_FORMAT_3))
_FORMAT_TEXT = {3: "the waiting-list series and difficulty groups (format 3)",
                4: "the age-band and agency axes and the outcome and trust series of format 4"}


class InputError(Exception):
    """Bad input: the message is `WHERE: WHAT WAS WRONG, WHAT WAS EXPECTED`."""


def one_line(text):
    return " ".join(str(text).split())


def fail(message, code):
    print(f"error: {one_line(message)}", file=sys.stderr)
    return code


def warn(message):
    print(f"warning: {one_line(message)}", file=sys.stderr)


def run_main(main, argv=None):
    """Runs main(argv); any failure becomes one line on stderr (no traceback)."""
    try:
        return main(argv)
    except InputError as e:
        return fail(e, 2)
    except KeyboardInterrupt:
        return fail("interrupted", 130)
    except BrokenPipeError:  # `quasim compare ... | head`: the reader has all it wanted
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's last flush stays quiet
        return 141  # as a process killed by SIGPIPE
    except Exception as e:  # a bug or an environment problem: still one line
        return fail(f"unexpected {type(e).__name__}: {e}", 1)


def parser(**kwargs):
    """An argparse parser whose usage errors are one line `error: ...`, exit 2."""
    import argparse

    class OneLine(argparse.ArgumentParser):
        def error(self, message):
            sys.exit(fail(message, 2))

    return OneLine(**kwargs)


# --- paths ---------------------------------------------------------------------------------

def _kind(mode):
    for test, name in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a plain file"


def check_regular(path, expected="a quasim result file (.h5)", max_bytes=None):
    """Stats path (never opens it); raises InputError unless it is a regular file."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise InputError(f"{path}: no such file") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{path}: not a regular file ({_kind(st.st_mode)}); expected {expected}")
    if max_bytes is not None and st.st_size > max_bytes:
        raise InputError(f"{path}: {st.st_size} bytes, larger than the {max_bytes >> 20} MiB "
                         f"limit; expected {expected}")
    return st


def read_text(path, expected, max_bytes=MAX_TEXT_BYTES):
    """A small UTF-8 text file, checked: regular, at most max_bytes."""
    check_regular(path, expected, max_bytes)
    # O_NONBLOCK: if the path became a FIFO since the stat, opening still returns at once.
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError(f"{path}: not a regular file; expected {expected}")
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"{path}: larger than the {max_bytes >> 20} MiB limit; expected {expected}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not UTF-8 text (byte {e.start}); expected {expected}") from None


def check_output_file(path, option):
    """An output file may be new or a regular file; never a directory, FIFO or device."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return
    except OSError as e:
        raise InputError(f"{option} {path}: cannot use ({e.strerror})") from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{option} {path}: exists and is {_kind(st.st_mode)}; expected a file "
                         "path to write")


@contextlib.contextmanager
def atomic_file(path, option):
    """Yields a temp path beside `path` to write; when the block ends without error it is
    renamed over `path`, else removed: readers never see half a file, and a failed write leaves
    an existing file as it was. An OSError becomes one InputError naming `option`."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as e:
        raise InputError(f"{option} {path}: cannot create directory {folder} ({e.strerror})") from None
    tmp = f"{path}.tmp-{os.getpid()}"
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as e:
        raise InputError(f"{option} {path}: cannot write ({one_line(e.strerror or e)})") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_text_atomic(path, text, option):
    """Writes text to path through atomic_file."""
    with atomic_file(path, option) as tmp:
        with open(tmp, "x", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())


# --- HDF5 ----------------------------------------------------------------------------------

def text(value):
    """An HDF5 attribute or string element as a plain Python value."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, np.generic):
        return value.item()
    return value


def _has_hdf5_signature(path, size):
    # The superblock is at 0, 512, 1024, 2048, ... (after a user block).
    with open(path, "rb") as f:
        offset = 0
        while offset + 8 <= size:
            f.seek(offset)
            if f.read(8) == HDF5_SIGNATURE:
                return True
            offset = 512 if offset == 0 else offset * 2
    return False


def open_hdf5(path):
    """Opens path read-only after checking it is a regular HDF5 file."""
    import h5py
    st = check_regular(path)
    if not _has_hdf5_signature(path, st.st_size):
        raise InputError(f"{path}: not a quasim result file (not HDF5)")
    try:
        return h5py.File(path, "r")
    except OSError as e:
        raise InputError(f"{path}: cannot open as HDF5 ({one_line(e)}); the file may be "
                         "truncated or damaged") from None


def _link(group, name):
    """'hard', 'soft', 'external' or None for a link in group, read without following it.

    (h5py's `in` and get() resolve the link: an external link to a FIFO would block.)"""
    from h5py import h5l
    key = name.encode("utf-8")
    if not group.id.links.exists(key):
        return None
    kind = group.id.links.get_info(key).type
    return {h5l.TYPE_HARD: "hard", h5l.TYPE_SOFT: "soft", h5l.TYPE_EXTERNAL: "external"}.get(
        kind, "user-defined")


def _a(word):
    return ("an " if word[0] in "aeiou" else "a ") + word


def hard(f, path, name, want):
    """f[name] if every step of it is an ordinary (hard) link and it is a `want` ("group" or
    "dataset"); None when missing. Soft and external links are refused, not followed."""
    import h5py
    node = f
    parts = [p for p in name.split("/") if p]
    for i, part in enumerate(parts):
        kind = _link(node, part) if isinstance(node, h5py.Group) else None
        if kind is None:
            return None
        if kind != "hard":
            raise InputError(f"{path}: /{'/'.join(parts[:i + 1])} is {_a(kind)} link; expected "
                             f"a {want} in the file itself")
        node = node[part]
    cls = h5py.Group if want == "group" else h5py.Dataset
    if not isinstance(node, cls):
        raise InputError(f"{path}: /{name.strip('/')} is not a {want}")
    return node


def provenance(f, path):
    """The /provenance attributes; InputError if the file is not a quasim file."""
    g = hard(f, path, "provenance", "group")
    if g is None or "quasim_version" not in g.attrs:
        raise InputError(f"{path}: not a quasim result file (no /provenance@quasim_version)")
    try:
        return {k: text(v) for k, v in g.attrs.items()}
    except (OSError, TypeError) as e:
        raise InputError(f"{path}: cannot read /provenance attributes ({one_line(e)})") from None


def is_batch_index(f, prov):
    return prov.get("kind") == "batch index" or _link(f, "points") is not None


def is_comparison(prov):
    """Whether /provenance is that of a diff file written by quasim compare (output/compare.py):
    laid out like a result file, but over run pairs, with no /replicate axis."""
    return prov.get("kind") == "comparison"


def refuse_comparison(path, prov, expected="a result file"):
    """InputError naming a comparison for what it is, so that a reader given a diff file says
    so instead of reporting a missing /replicate axis."""
    if is_comparison(prov):
        raise InputError(f"{path}: is a comparison written by quasim compare; expected "
                         f"{expected}")


def quasim_kind(path):
    """What an existing regular file is: "comparison", "batch index" or "result" for a quasim
    file, None for anything else (not HDF5, foreign, unreadable). Never raises: for deciding
    whether a file may be replaced, not for reading it."""
    try:
        f = open_hdf5(path)
    except InputError:
        return None
    try:
        prov = provenance(f, path)
        return "comparison" if is_comparison(prov) else \
            "batch index" if is_batch_index(f, prov) else "result"
    except InputError:
        return None
    finally:
        f.close()


def partial_note(prov):
    """What a partial merge left out, or None for a complete file."""
    if prov.get("partial") in (1, True, "1"):
        missing = str(prov.get("missing", "")).strip()
        return "partial result (a merge allowed to be partial)" + (
            f"; missing: {missing}" if missing else "")
    return None


def _read(ds, path):
    try:
        return ds[...]
    except (OSError, ValueError, TypeError) as e:
        raise InputError(f"{path}: cannot read {ds.name} ({one_line(e)}); the file may be "
                         "truncated or damaged") from None


def axis(f, path, name):
    """A root axis (/replicate, /year: integers; /provider_type ...: strings), 1-D."""
    ds = hard(f, path, name, "dataset")
    if ds is None:
        raise InputError(f"{path}: /{name} is missing; expected the {name} axis of a quasim "
                         "result file")
    if ds.ndim != 1:
        raise InputError(f"{path}: /{name} has shape {ds.shape}; expected a 1-D axis")
    kind = "iu" if name in ("replicate", "year") else "SOU"
    if ds.dtype.kind not in kind:
        raise InputError(f"{path}: /{name} has type {ds.dtype}; expected "
                         f"{'integers' if kind == 'iu' else 'strings'}")
    values = _read(ds, path)
    return values.astype(int) if kind == "iu" else [str(text(v)) for v in values]


def format_version(f):
    """/provenance@format_version of an open result file (1 when it has none)."""
    g = hard(f, "", "provenance", "group")
    value = text(g.attrs.get("format_version", 1)) if g is not None else 1
    return value if isinstance(value, int) and value >= 1 else 1


def added_later(f, group, name):
    """The format that added /GROUP/NAME when this file is older than that, else None."""
    version = format_version(f)
    for fmt, table in _ADDED:
        added = table.get(group, ())
        if (added is None or name in added) and version < fmt:
            return fmt
    return None


def has_series(f, group, name):
    """Whether /GROUP/NAME may be read: False only for a series the file's format predates."""
    return added_later(f, group, name) is None or hard(f, "", f"{group}/{name}", "dataset") \
        is not None


def read_series(f, path, group, name, axes):
    """/GROUP/NAME as float [replicate, year(, k)], checked against the root axes.

    axes: dict of root axes already read (replicate, year; the group's third axis is read into
    it when first needed)."""
    full = f"/{group}/{name}"
    if not has_series(f, group, name):
        raise InputError(f"{path}: {full} is not in this file: it was written in result-file "
                         f"format {format_version(f)}, before "
                         f"{_FORMAT_TEXT[added_later(f, group, name)]}")
    third = GROUP_AXIS[group]
    if third and third not in axes:
        axes[third] = axis(f, path, third)
    ds = hard(f, path, f"{group}/{name}", "dataset") if "/" not in name else None
    dims = ["replicate", "year"] + ([third] if third else [])
    expected = tuple(len(axes[d]) for d in dims)
    if ds is None:
        raise InputError(f"{path}: {full} is missing; expected a float dataset {expected} "
                         f"[{' x '.join(dims)}] (see quasim info --catalogue)")
    if ds.dtype.kind != "f":
        raise InputError(f"{path}: {full} has type {ds.dtype}, expected float64 "
                         f"[{' x '.join(dims)}]")
    if ds.shape != expected:
        raise InputError(f"{path}: {full} has shape {ds.shape}, expected {expected} "
                         f"[{' x '.join(dims)}]")
    return _read(ds, path).astype(float)


def units_label(attrs):
    """The units in words ("GBP million", "share (0-1)") from a dataset's attributes: its
    `units_label` where the file has CF units (`units` then holds the UDUNITS form, "1e6"), else
    `units` (a file written before CF attributes held the words there)."""
    if "units_label" in attrs:
        return str(text(attrs["units_label"]))
    return str(text(attrs.get("units", "")))


def cf_units(attrs):
    """The UDUNITS-2 units of a dataset ("1e6", "week", "1"), or None for a file written before
    CF attributes (its `units` are words, not for a units library)."""
    return str(text(attrs["units"])) if "units_label" in attrs and "units" in attrs else None


# CF (UDUNITS-2) forms of the units words Python writers use beside the series' own (which
# come from the catalogue's cf_units): the same rows as output/cf_units.cpp, which
# tests/output/cf_test.py compares.
CF_UNITS = {"replicate number": "1", "calendar year": "1", "index": "1", "name": "1",
            "count": "1", "share of runs (0-1)": "1"}
CF_CONVENTIONS = "CF-1.8"


def describe_cf(obj, words, long_name, description, cf=None, currency=""):
    """Writes a dataset's CF-style attributes with h5py, as the C++ writers do
    (output/detail/cf_attributes.hpp): units (UDUNITS-2: `cf`, else CF_UNITS[words]),
    units_label (the words), long_name, description, and currency for money."""
    obj.attrs["units"] = cf if cf is not None else CF_UNITS[words]
    obj.attrs["units_label"] = words
    obj.attrs["long_name"] = long_name
    obj.attrs["description"] = description
    if currency:
        obj.attrs["currency"] = currency


def dataset_units(f, name):
    """(units in words, description) of dataset `name`; old and new files alike."""
    ds = f[name]
    return units_label(ds.attrs), str(text(ds.attrs.get("description", "")))


def open_result(path):
    """(h5py.File, provenance, axes) of a result file (not an index); the caller closes it."""
    f = open_hdf5(path)
    try:
        prov = provenance(f, path)
        refuse_comparison(path, prov)
        if is_batch_index(f, prov):
            raise InputError(f"{path}: is a batch index, expected a result file (give one of "
                             "its points, or a command that accepts an index)")
        axes = {"replicate": axis(f, path, "replicate"), "year": axis(f, path, "year")}
        if len(axes["year"]) == 0:
            raise InputError(f"{path}: /year is empty; expected at least one year")
        return f, prov, axes
    except BaseException:
        f.close()
        raise


def index_points(path):
    """([(label, point_path, pNNN)], partial note or None) of a batch index.

    Only the links are read, never followed: each point is then opened (and checked) as a file
    of its own, so an index cannot make a reader recurse or open a FIFO through HDF5. As in
    output/batch_index.cpp, a point must be a file beside the index."""
    f = open_hdf5(path)
    with f:
        prov = provenance(f, path)
        g = hard(f, path, "points", "group")
        if g is None:
            raise InputError(f"{path}: batch index without /points")
        points = []
        names = list(g.keys())
        for name in names:
            if not (name[:1] == "p" and name[1:].isdigit()):
                raise InputError(f"{path}: /points/{name}: expected links named pNNN")
        # In point order: p1000 comes after p999 (a design of 1,000 points or more).
        for name in sorted(names, key=lambda n: int(n[1:])):
            kind = _link(g, name)
            if kind != "external":
                raise InputError(f"{path}: /points/{name} is {_a(kind)} link; expected an "
                                 "external link to a point's result file")
            target = str(text(g.id.links.get_val(name.encode("utf-8"))[0]))
            if not target or "/" in target or target in (".", ".."):
                raise InputError(f"{path}: /points/{name} links to '{target}'; expected a file "
                                 "beside the index")
            target = os.path.join(os.path.dirname(path), target)
            label = str(text(g.attrs.get(f"label_{name}", name)))
            points.append((label, target, name))
        partial = partial_note(prov)
        want = prov.get("points")
        # A partial batch lacks points by design; a complete one must have them all.
        if not partial and isinstance(want, int) and want != len(points):
            raise InputError(f"{path}: /points holds {len(points)} links but /provenance@points "
                             f"says {want}; the index is damaged")
    if not points:
        raise InputError(f"{path}: batch index with no points")
    for label, target, name in points:
        try:
            same = os.path.exists(target) and os.path.samefile(target, path)
        except OSError:
            same = False
        if same:
            raise InputError(f"{path}: /points/{name} links to the index itself; expected a "
                             "point's result file")
    return points, partial


def open_any(path):
    """('index', (points, partial)) for a batch index, ('result', (f, prov, axes)) for a
    result file; a comparison written by quasim compare is refused."""
    f = open_hdf5(path)
    try:
        prov = provenance(f, path)
        refuse_comparison(path, prov, "a result file or a batch index")
        index = is_batch_index(f, prov)
    finally:
        f.close()
    if index:
        return "index", index_points(path)
    return "result", open_result(path)


def open_point(index, name, target):
    """A point of an index, opened as a result file; refuses a point that is itself an index."""
    try:
        return open_result(target)
    except InputError as e:
        if "is a batch index" in str(e):
            raise InputError(f"{index}: /points/{name} links to {target}, another batch index; "
                             "expected a point's result file (indexes are not followed)") from None
        raise InputError(f"{index}: /points/{name}: {e}") from None


# --- the series catalogue ------------------------------------------------------------------

_CATALOGUE = None


def catalogue():
    """{(group, name): entry} from output/series_catalogue.json, the C++ catalogue exported with
    each series' plain words (`quasim info --catalogue --json`; tests/docs keeps it current).
    An entry has group, name, label, units (in words: "GBP million"), cf_units (UDUNITS-2: "1e6"),
    currency ("GBP" for money, else ""), kind ("money", "share", "score", "count", "weeks",
    "ratio"), better ("higher", "lower", "neither"), since_format and description."""
    global _CATALOGUE
    if _CATALOGUE is None:
        import json
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "series_catalogue.json")
        with open(path, encoding="utf-8") as f:
            _CATALOGUE = {(e["group"], e["name"]): e for e in json.load(f)}
    return _CATALOGUE


def series_entry(group, name):
    """The catalogue entry of /GROUP/NAME; InputError for a series quasim does not write."""
    entry = catalogue().get((group, name))
    if entry is None:
        raise InputError(f"/{group}/{name}: not a quasim series (see quasim info --catalogue)")
    return entry


# --- a sweep's coordinates -----------------------------------------------------------------

class Sweep(dict):
    """{parameter: [value per point]} in sweep order (numbers as float, anything else as str;
    booleans are the strings "true"/"false"), with the points it describes:

    points: the point names (p000, p001, ...) in point order
    numbers: the point numbers (the NNN of pNNN)
    labels: each point's label ("budget.change_late=-0.02")
    units, descriptions: {parameter: text} ("" where the index does not say)
    source: "sweep" (read from /sweep) or "labels" (an index written before /sweep: parsed)
    """

    def __init__(self):
        super().__init__()
        self.points, self.numbers, self.labels = [], [], []
        self.units, self.descriptions = {}, {}
        self.source = "sweep"

    def numeric(self, param):
        """Whether every point's value of param is a number."""
        return all(isinstance(v, float) for v in self[param])


def _is_key(piece):
    key, eq, _ = piece.partition("=")
    return bool(eq) and key[:1].isalpha() and all(c.isalnum() or c in "_.-" for c in key)


def parse_point_label(label):
    """"k=v, k2=v2" as [(key, value text)]; a piece that does not start with key= belongs to
    the value before it (a list value holds ", "). As cli/sweep_settings.cpp reads it."""
    pairs = []
    for piece in str(label).split(", "):
        if _is_key(piece):
            key, _, value = piece.partition("=")
            pairs.append([key, value])
        elif pairs:
            pairs[-1][1] += ", " + piece
    return [tuple(p) for p in pairs]


def _label_value(value):
    try:
        number = float(value)
    except ValueError:
        return value
    return number if value.strip().lower() not in ("nan", "inf", "-inf", "infinity") else value


def _sweep_from_labels(sweep, points):
    parsed = [dict(parse_point_label(label)) for label, _, _ in points]
    keys = []
    for p in parsed:
        keys += [k for k in p if k not in keys]
    for key in keys:
        values = [_label_value(p.get(key, "")) for p in parsed]
        # A parameter is numeric only if every point's value is (else all stay text).
        if not all(isinstance(v, float) for v in values):
            values = [str(p.get(key, "")) for p in parsed]
        sweep[key] = values
        sweep.units[key], sweep.descriptions[key] = "", ""
    sweep.source = "labels"


def _sweep_dataset(path, g, key, n):
    ds = hard(g.file, path, f"sweep/{key}", "dataset")
    if ds is None or ds.ndim != 1 or ds.shape[0] != n:
        shape = None if ds is None else ds.shape
        raise InputError(f"{path}: /sweep/{key} has shape {shape}; expected [{n}] (one value per "
                         "point of /sweep/point)")
    values = _read(ds, path)
    if ds.dtype.kind == "f":
        return [float(v) for v in values]
    if ds.dtype.kind in "iu":
        return [float(v) for v in values]
    if ds.dtype.kind in "SOU":
        return [str(text(v)) for v in values]
    raise InputError(f"{path}: /sweep/{key} has type {ds.dtype}; expected float64 or strings")


def sweep_coordinates(index_path):
    """The swept parameters of a batch index as a Sweep ({parameter: [value per point]}, with
    .points, .labels, .units ...), in point order. Read from /sweep; an index written before
    /sweep existed has its points' labels parsed instead ("k=v, k2=v2"). InputError for a file
    that is not a batch index, or a /sweep that does not match /points."""
    points, _ = index_points(index_path)
    sweep = Sweep()
    sweep.points = [name for _, _, name in points]
    sweep.numbers = [int(name[1:]) for name in sweep.points]
    sweep.labels = [label for label, _, _ in points]
    f = open_hdf5(index_path)
    with f:
        g = hard(f, index_path, "sweep", "group")
        if g is None:
            _sweep_from_labels(sweep, points)
            return sweep
        axis_ds = hard(f, index_path, "sweep/point", "dataset")
        if axis_ds is None or axis_ds.ndim != 1 or axis_ds.dtype.kind not in "iu":
            raise InputError(f"{index_path}: /sweep/point is missing or not 1-D integers; "
                             "expected the point numbers of /points")
        numbers = [int(v) for v in _read(axis_ds, index_path)]
        if numbers != sweep.numbers:
            raise InputError(f"{index_path}: /sweep/point {numbers} does not match /points "
                             f"{sweep.numbers}; the index is damaged")
        listed = str(text(g.attrs.get("parameters", "")))
        keys = [k for k in listed.split(", ") if k] if listed else \
            [k for k in g.keys() if k != "point"]
        for key in keys:
            sweep[key] = _sweep_dataset(index_path, g, key, len(numbers))
            ds = g[key]
            sweep.units[key] = units_label(ds.attrs)
            sweep.descriptions[key] = str(text(ds.attrs.get("description", "")))
    return sweep
