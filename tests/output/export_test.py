#!/usr/bin/python3
"""quasim export and a sweep's coordinates: the batch index's /sweep group read back by
quasim_reader.sweep_coordinates (and by label parsing for an index older than /sweep), the CSV
tables round-tripped through pandas against h5py's own reads, the xarray recipe of
docs/OUTPUTS.md run as written, and bad input as one line with nothing written.

Run by ctest as: /usr/bin/python3 export_test.py QUASIM MAKE_FIXTURE TMPDIR
"""
import os
import re
import shutil
import sys
import unittest

import h5py
import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from output_test_util import (QUASIM, SOURCE, assert_one_line_error, batch_index,  # noqa: E402
                              fixture, run, scratch)

sys.path.insert(0, os.path.join(SOURCE, "output"))
import quasim_reader as reader  # noqa: E402

SWEPT = "budget.change_late"


def point_files(index):
    """{pNNN: path} of an index, read from its links with h5py (not quasim's reader)."""
    with h5py.File(index, "r") as f:
        return {name: os.path.join(os.path.dirname(index),
                                   f["points"].get(name, getlink=True).filename)
                for name in f["points"]}


def national(path):
    """{series: [replicate, year] array}, replicates and years of a result file, by h5py."""
    with h5py.File(path, "r") as f:
        return ({n: ds[...] for n, ds in f["series"].items()
                 if isinstance(ds, h5py.Dataset) and ds.dtype.kind == "f" and ds.ndim == 2},
                f["replicate"][...], f["year"][...])


class SweepCoordinates(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = scratch("export-sweep")
        cls.index = batch_index(cls.dir)

    def test_sweep_group_holds_the_swept_values_as_coordinates(self):
        with h5py.File(self.index, "r") as f:
            self.assertEqual(list(f["sweep/point"][...]), [0, 1])
            ds = f[f"sweep/{SWEPT}"]
            self.assertEqual(ds.dtype, np.float64)
            self.assertEqual(list(ds[...]), [-0.02, 0.0])
            self.assertEqual(ds.attrs["units"], "year-1")  # UDUNITS-2
            self.assertEqual(ds.attrs["units_label"], "1/yr")  # the parameter table's words
            self.assertEqual(ds.attrs["long_name"], SWEPT)
            self.assertIn("budget change", ds.attrs["description"].lower())
            self.assertEqual(ds.dims[0][0].name, "/sweep/point")  # a dimension scale
            self.assertEqual(ds.dims[0].label, "point")
            self.assertEqual(f["sweep"].attrs["parameters"], SWEPT)

    def test_reader_gives_values_units_and_points(self):
        s = reader.sweep_coordinates(self.index)
        self.assertEqual(list(s), [SWEPT])
        self.assertEqual(s[SWEPT], [-0.02, 0.0])
        self.assertTrue(s.numeric(SWEPT))
        self.assertEqual(s.points, ["p000", "p001"])
        self.assertEqual(s.labels, [f"{SWEPT}=-0.02", f"{SWEPT}=0"])
        self.assertEqual(s.units[SWEPT], "1/yr")
        self.assertEqual(s.source, "sweep")

    def test_older_index_without_sweep_is_read_from_its_labels(self):
        old = os.path.join(self.dir, "old_sweep.h5")
        shutil.copy(self.index, old)
        with h5py.File(old, "a") as f:
            del f["sweep"]
            f["points"].attrs["label_p001"] = f"{SWEPT}=0, mutuals.governance=joint_venture"
            f["points"].attrs["label_p000"] = f"{SWEPT}=-0.02, difficulty.share=[0.3, 0.5, 0.2]"
        s = reader.sweep_coordinates(old)
        self.assertEqual(s.source, "labels")
        self.assertEqual(s[SWEPT], [-0.02, 0.0])
        self.assertEqual(s["difficulty.share"], ["[0.3, 0.5, 0.2]", ""])  # a list stays whole
        self.assertEqual(s["mutuals.governance"], ["", "joint_venture"])

    def test_a_plain_result_file_has_no_sweep(self):
        plain = fixture(os.path.join(self.dir, "plain.h5"), "--replicates", 2, "--years", 3)
        with self.assertRaises(reader.InputError):
            reader.sweep_coordinates(plain)

    def test_damaged_sweep_is_one_line(self):
        bad = os.path.join(self.dir, "bad_sweep.h5")
        shutil.copy(self.index, bad)
        with h5py.File(bad, "a") as f:
            del f["sweep/point"]
            f["sweep/point"] = np.array([0, 7], dtype="i4")
        r = run(QUASIM, "export", bad, "-o", os.path.join(self.dir, "bad.csv"))
        assert_one_line_error(self, r, [bad, "/sweep/point", "does not match /points"])
        self.assertFalse(os.path.exists(os.path.join(self.dir, "bad.csv")))

    def test_xarray_recipe_in_the_docs(self):
        """The docs' recipe, run as written on a real index, gives the swept parameter as a
        coordinate of every series and the values the point files hold."""
        with open(os.path.join(SOURCE, "docs", "OUTPUTS.md"), encoding="utf-8") as f:
            doc = f.read()
        m = re.search(r"\*\*xarray, a sweep\*\*.*?```python\n(.*?)```", doc, re.S)
        self.assertIsNotNone(m, "docs/OUTPUTS.md lost its xarray sweep recipe")
        code = m.group(1).replace('"results/sweep.h5"', repr(self.index))
        scope = {}
        exec(compile(code, "OUTPUTS.md recipe", "exec"), scope)  # noqa: S102 (our own docs)
        series, grid = scope["series"], scope["grid"]
        self.assertEqual(list(series[SWEPT].values), [-0.02, 0.0])
        self.assertEqual(series["unmet_need"].dims, ("point", "replicate", "year"))
        files = point_files(self.index)
        for k, name in enumerate(sorted(files)):
            values, _, _ = national(files[name])
            np.testing.assert_array_equal(series["unmet_need"].isel(point=k).values,
                                          values["unmet_need"])
        self.assertIn(SWEPT, grid["unmet_need"].dims)
        np.testing.assert_array_equal(grid["unmet_need"].sel({SWEPT: 0.0}).values,
                                      series["unmet_need"].isel(point=1).values)


class Export(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = scratch("export")
        cls.index = batch_index(cls.dir)
        cls.plain = fixture(os.path.join(cls.dir, "plain.h5"), "--replicates", 3, "--years", 4,
                            "--commissioners", 2)

    def export(self, *args):
        r = run(QUASIM, "export", *args)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r

    def test_wide_round_trip_through_pandas(self):
        out = os.path.join(self.dir, "wide.csv")
        r = self.export(self.index, "-o", out)
        self.assertIn(f"wrote {out}", r.stdout)
        df = pd.read_csv(out, float_precision="round_trip")
        self.assertEqual(list(df.columns[:4]), ["point", SWEPT, "replicate", "year"])
        self.assertTrue(pd.api.types.is_float_dtype(df[SWEPT]))
        files = point_files(self.index)
        self.assertEqual(len(df), 2 * 2 * 3)  # points x replicates x years
        sweep = reader.sweep_coordinates(self.index)
        for k, name in enumerate(sorted(files)):
            values, reps, years = national(files[name])
            rows = df[df["point"] == sweep.labels[k]]
            self.assertTrue((rows[SWEPT] == sweep[SWEPT][k]).all())
            self.assertEqual(list(rows["replicate"]), list(np.repeat(reps, len(years))))
            self.assertEqual(list(rows["year"]), list(np.tile(years, len(reps))))
            self.assertEqual(set(df.columns[4:]), set(values))  # every national series
            for series, data in values.items():
                np.testing.assert_array_equal(rows[series].to_numpy(), data.ravel(),
                                              err_msg=series)  # exact: floats in full

    def test_long_round_trip_every_group(self):
        out = os.path.join(self.dir, "long.csv")
        self.export(self.index, "--format", "long", "-o", out)
        df = pd.read_csv(out, keep_default_na=False, na_values=[""], float_precision="round_trip")
        self.assertEqual(list(df.columns), ["point", SWEPT, "replicate", "year", "group",
                                            "series", "entity", "value", "units"])
        self.assertTrue(pd.api.types.is_float_dtype(df[SWEPT]))
        files = point_files(self.index)
        expected_rows, groups = 0, set()
        with h5py.File(files["p001"], "r") as f:
            for group in reader.GROUP_AXIS:
                if group not in f:
                    continue
                groups.add(group)
                for name, ds in f[group].items():
                    if ds.dtype.kind == "f" and ds.ndim >= 2:
                        expected_rows += ds.size
            spent = f["by_domain/spending"][...]
            domains = [d.decode() for d in f["domain"][...]]
            reps, years = f["replicate"][...], f["year"][...]
        self.assertEqual(len(df), 2 * expected_rows)  # both points have the same axes
        self.assertEqual(set(df["group"]), groups)
        label = reader.sweep_coordinates(self.index).labels[1]
        rows = df[(df["point"] == label) & (df["group"] == "by_domain") &
                  (df["series"] == "spending")]
        self.assertEqual(len(rows), spent.size)
        for _, row in rows.head(20).iterrows():
            r, y = list(reps).index(row["replicate"]), list(years).index(row["year"])
            self.assertEqual(row["value"], spent[r, y, domains.index(row["entity"])])
        national_rows = df[df["group"] == "series"]
        self.assertTrue(national_rows["entity"].isna().all())  # empty for /series
        self.assertEqual(set(df[df["series"] == "spending_total"]["units"]), {"GBP million"})

    def test_plain_result_file_has_no_point_columns(self):
        out = os.path.join(self.dir, "plain.csv")
        self.export(self.plain, "-o", out, "--series", "unmet_need,hhi")
        df = pd.read_csv(out, float_precision="round_trip")
        self.assertEqual(list(df.columns), ["replicate", "year", "unmet_need", "hhi"])
        values, reps, years = national(self.plain)
        self.assertEqual(len(df), len(reps) * len(years))
        np.testing.assert_array_equal(df["hhi"].to_numpy(), values["hhi"].ravel())

    def test_default_output_and_stdout(self):
        copy = os.path.join(self.dir, "copy_of_plain.h5")
        shutil.copy(self.plain, copy)
        self.export(copy)
        self.assertTrue(os.path.exists(os.path.join(self.dir, "copy_of_plain.csv")))
        self.export(copy, "--format", "long")
        self.assertTrue(os.path.exists(os.path.join(self.dir, "copy_of_plain.long.csv")))
        r = self.export(copy, "-o", "-", "--series", "unmet_need")
        lines = r.stdout.splitlines()
        self.assertEqual(lines[0], "replicate,year,unmet_need")
        self.assertEqual(len(lines), 1 + 3 * 4)

    def test_long_series_filter_spans_groups(self):
        out = os.path.join(self.dir, "outcome.csv")
        self.export(self.plain, "--format", "long", "--series", "outcome_mean", "-o", out)
        df = pd.read_csv(out, keep_default_na=False)
        self.assertEqual(set(df["series"]), {"outcome_mean"})
        self.assertIn("series", set(df["group"]))
        self.assertIn("by_commissioner", set(df["group"]))

    def test_bad_inputs_are_one_line_and_write_nothing(self):
        out = os.path.join(self.dir, "never.csv")
        cases = [
            ((os.path.join(self.dir, "missing.h5"), "-o", out), ["missing.h5", "no such file"]),
            ((self.plain, "-o", out, "--series", "unmet_needs"),
             ["--series unmet_needs", "did you mean unmet_need"]),
            ((self.plain, "-o", out, "--series", "market_share"), ["--format long"]),
            ((self.plain, "-o", out, "--format", "wide"), ["--format", "wide"]),
            ((self.plain, "-o", self.dir), ["-o", "directory"]),
            ((self.plain, "-o", self.index), ["-o", "HDF5 file"]),
            ((self.plain, "-o", os.path.join(self.dir, "no", "such", "x.csv")),
             ["no such directory"]),
        ]
        for args, names in cases:
            with self.subTest(args=args):
                assert_one_line_error(self, run(QUASIM, "export", *args), names)
                self.assertFalse(os.path.exists(out))
        with h5py.File(self.index, "r") as f:  # -o INDEX refused: the index is untouched
            self.assertIn("points", f)
        self.assertFalse([f for f in os.listdir(self.dir) if ".tmp-" in f])


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
