"""Shared set-up of the Python output tests: arguments, scratch directories, fixture files.

Every test script is run by ctest as: /usr/bin/python3 SCRIPT QUASIM MAKE_FIXTURE TMPDIR
"""
import os
import subprocess
import sys
import tempfile

if len(sys.argv) < 4:
    sys.exit(f"usage: {sys.argv[0]} QUASIM MAKE_FIXTURE TMPDIR")
QUASIM, MAKE_FIXTURE, TMP = sys.argv[1:4]
SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PYTHON = "/usr/bin/python3"

KEY_SERIES = [
    "spending_total", "funding_gap", "unmet_need", "outcome_mean", "outcome_need_mean",
    "outcome_inequality", "satisfaction_mean", "trust_mean", "providers_active", "hhi",
    "bids_per_tender", "contract_price_index", "transaction_costs", "value_for_money",
]


def scratch(name):
    """A fresh directory for one test (ctest may run the scripts in parallel)."""
    os.makedirs(TMP, exist_ok=True)
    return tempfile.mkdtemp(prefix=name + "-", dir=TMP)


def fixture(path, *args):
    """Writes a fabricated result file with make_fixture (options as in make_fixture.cpp)."""
    subprocess.run([MAKE_FIXTURE, path, *map(str, args)], check=True)
    return path


def run(*args, timeout=240):
    """Runs a command, capturing text output; never raises on a non-zero exit. A hang past
    timeout raises TimeoutExpired, which fails the test instead of blocking ctest."""
    return subprocess.run([str(a) for a in args], capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def assert_one_line_error(test, r, names, code=2):
    """The contract for bad input: exit `code`, stderr exactly one line `error: ...` naming
    `names` (a string or several), no traceback."""
    lines = r.stderr.strip().splitlines()
    test.assertEqual(r.returncode, code, r.stderr)
    test.assertEqual(len(lines), 1, r.stderr)
    test.assertTrue(lines[0].startswith("error: "), r.stderr)
    test.assertNotIn("Traceback", r.stderr)
    for name in [names] if isinstance(names, str) else names:
        test.assertIn(name, lines[0])
    return lines[0]


def tiny_batch(out, *args, replicates=2, years=3):
    """`quasim batch` of scenarios/tiny.toml into OUT; args: a sweep (--set sweep.KEY=[...]),
    threads, a shard."""
    r = run(QUASIM, "batch", os.path.join(SOURCE, "scenarios", "tiny.toml"), "-o", out,
            "--replicates", replicates, "--set", f"run.years={years}", "-q", *args, timeout=180)
    assert r.returncode == 0, r.stderr
    return out


def batch_index(folder):
    """A real two-point batch index (quasim batch of scenarios/tiny.toml with a sweep)."""
    return tiny_batch(os.path.join(folder, "sweep.h5"),
                      "--set", "sweep.budget.change_late=[-0.02,0.0]")


def _index(path, targets, points=None):
    import h5py
    with h5py.File(path, "w") as f:
        pv = f.create_group("provenance")
        pv.attrs.update({"kind": "batch index", "quasim_version": "test",
                         "points": len(targets) if points is None else points})
        g = f.create_group("points")
        for k, t in enumerate(targets):
            g[f"p{k:03d}"] = h5py.ExternalLink(t, "/")
    return path


def copy_with(good, path, change):
    """A copy of a good result file with change(h5py.File) applied to it."""
    import h5py
    import shutil
    shutil.copy(good, path)
    with h5py.File(path, "a") as f:
        change(f)
    return path


def _replace(name, value):
    def change(f):
        del f[name]
        f[name] = value
    return change


def hostile_inputs(folder, good):
    """{case: (path, text the error must contain)}: every kind of bad input file, made from
    the good result file `good` (never checked in)."""
    import h5py
    import numpy as np
    with h5py.File(good, "r") as f:
        reps, years = len(f["replicate"]), len(f["year"])
    j = lambda n: os.path.join(folder, n)  # noqa: E731
    import shutil
    shutil.copy(good, j("point.h5"))  # beside the indexes below
    fifo = j("fifo.h5")
    os.mkfifo(fifo)
    os.mkdir(j("folder.h5"))
    with open(j("text.h5"), "w") as f:
        f.write("not hdf5\n")
    with h5py.File(j("foreign.h5"), "w") as f:
        f["x"] = [1.0, 2.0]
    with open(good, "rb") as f:
        data = f.read()
    with open(j("truncated.h5"), "wb") as f:
        f.write(data[:len(data) // 2])
    cases = {
        "missing": (j("missing.h5"), "no such file"),
        "directory": (j("folder.h5"), "not a regular file (a directory)"),
        "fifo": (fifo, "not a regular file (a FIFO)"),
        "device": ("/dev/null", "not a regular file (a character device)"),
        "zero": ("/dev/zero", "not a regular file (a character device)"),
        "text": (j("text.h5"), "not a quasim result file (not HDF5)"),
        "foreign": (j("foreign.h5"), "no /provenance@quasim_version"),
        "truncated": (j("truncated.h5"), "truncated or damaged"),
        "series_missing": (copy_with(good, j("no_unmet.h5"), lambda f: f.__delitem__("series/unmet_need")),
                           "/series/unmet_need is missing"),
        "series_shape": (copy_with(good, j("shape.h5"), _replace("series/unmet_need", np.zeros(3))),
                         f"/series/unmet_need has shape (3,), expected ({reps}, {years}) [replicate x year]"),
        "series_type": (copy_with(good, j("type.h5"), _replace("series/hhi", np.zeros((reps, years), "i4"))),
                        "/series/hhi has type int32, expected float64"),
        "by_type_shape": (copy_with(good, j("share.h5"), _replace("by_provider_type/market_share",
                                                                  np.zeros((reps, years, 2)))),
                          "/by_provider_type/market_share has shape"),
        "year_axis": (copy_with(good, j("year.h5"), _replace("year", np.zeros(years))),
                      "/year has type float64; expected integers"),
        "external_link": (copy_with(good, j("elink.h5"), _replace("series/hhi", h5py.ExternalLink("fifo.h5", "/"))),
                          "/series/hhi is an external link"),
        "index_self": (_index(j("self_index.h5"), ["self_index.h5"]), "links to the index itself"),
        "index_dangling": (_index(j("dangling_index.h5"), ["gone.h5"]), "gone.h5: no such file"),
        "index_fifo": (_index(j("fifo_index.h5"), ["fifo.h5"]), "not a regular file (a FIFO)"),
        "index_outside": (_index(j("outside_index.h5"), ["../x.h5"]), "expected a file beside the index"),
        "index_count": (_index(j("count_index.h5"), ["point.h5"], points=3),
                        "/provenance@points says 3"),
    }
    cases["index_of_index"] = (_index(j("index_of_index.h5"), ["self_index.h5"]), "another batch index")
    return cases


def mark_partial(good, path):
    """A copy of good marked as a partial merge (/provenance@partial = 1)."""
    import numpy as np

    def change(f):
        f["provenance"].attrs["partial"] = np.int64(1)
        f["provenance"].attrs["missing"] = "replicate 7"
    return copy_with(good, path, change)


def main():
    import unittest
    unittest.main(argv=[sys.argv[0], "-v"])
