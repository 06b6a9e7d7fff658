"""The result file as other tools see it: h5py (names, shapes, units, dimension scales,
provenance, panels) and xarray (labelled axes through the h5netcdf and netCDF4 engines)."""
import os
import shutil
import struct
import sys
import unittest
import zlib

import h5py
import numpy as np

from output_test_util import KEY_SERIES, QUASIM, SOURCE, fixture, main, run, scratch

sys.path.insert(0, os.path.join(SOURCE, "output"))
import quasim_reader  # noqa: E402

R, Y, C, D, G = 4, 12, 5, 3, 3


class RoundTrip(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.path = fixture(os.path.join(scratch("roundtrip"), "run.h5"), "--replicates", R,
                           "--years", Y, "--commissioners", C, "--domains", D, "--groups", G,
                           "--seed", 7,
                           "--name", "baseline", "--panels")

    def test_groups_names_shapes_and_attributes(self):
        with h5py.File(self.path, "r") as f:
            for g in ("series", "by_provider_type", "by_commissioner", "by_domain",
                      "by_difficulty_group", "provenance", "panels"):
                self.assertIn(g, f)
            for name in KEY_SERIES + ["provider_entries", "shared_service_savings",
                                      "pbr_payments", "mutuals_created", "change_fund_spent"]:
                self.assertIn(name, f["series"])
            for name in ["market_share", "providers_active", "failures", "quality_mean",
                         "unit_cost_mean"]:
                self.assertEqual(f["by_provider_type"][name].shape, (R, Y, 6))
            for name in ["budget", "spending", "funding_gap", "in_house_share", "unmet_need",
                         "outcome_mean"]:
                self.assertEqual(f["by_commissioner"][name].shape, (R, Y, C))
            for name in ["spending", "unmet_need", "outcome_mean", "demand", "waiting_list",
                         "waiting_time_mean", "waiting_time_p90", "capacity_utilisation"]:
                self.assertEqual(f["by_domain"][name].shape, (R, Y, D))
            for name in ["people", "service_received", "unmet_need", "waiting_list",
                         "waiting_time_mean", "outcome_mean", "resolution_rate"]:
                self.assertEqual(f["by_difficulty_group"][name].shape, (R, Y, G))
            # CF units (UDUNITS-2) in `units`, the words in `units_label`.
            self.assertEqual(f["by_difficulty_group/waiting_time_mean"].attrs["units"], "week")
            self.assertEqual(f["by_difficulty_group/waiting_time_mean"].attrs["units_label"],
                             "weeks")
            self.assertEqual(int(f["provenance"].attrs["format_version"]), 4)
            for group in ("series", "by_provider_type", "by_commissioner", "by_domain",
                          "by_difficulty_group"):
                for name, ds in f[group].items():
                    if h5py.h5ds.is_scale(ds.id):
                        continue  # the group's axes, checked below
                    where = f"{group}/{name}"
                    self.assertEqual(ds.dtype, np.float64, where)
                    self.assertEqual(ds.shape[:2], (R, Y), where)
                    self.assertIsInstance(ds.attrs["units"], str, where)
                    self.assertTrue(ds.attrs["units"], where)
                    self.assertGreater(len(ds.attrs["description"]), 20, where)
                    self.assertEqual(ds.compression, "gzip", where)
                    self.assertTrue(ds.shuffle, where)
                    self.assertEqual(ds.chunks[0], R, where)  # all replicates in one chunk
            self.assertEqual(f["series/unmet_need"].attrs["units"], "1")
            self.assertEqual(f["series/unmet_need"].attrs["units_label"], "share (0-1)")
            self.assertEqual(f["series/unmet_need"].attrs["long_name"], "Unmet need")
            self.assertEqual(f["series/spending_total"].attrs["units"], "1e6")
            self.assertEqual(f["series/spending_total"].attrs["units_label"], "GBP million")
            self.assertEqual(f["series/spending_total"].attrs["currency"], "GBP")

    def test_values_are_the_fabricated_ones(self):
        with h5py.File(self.path, "r") as f:
            pop = f["series/population"][...]
        expected = 2e6 + 1000 * np.arange(Y)[None, :] + np.arange(R)[:, None]
        np.testing.assert_array_equal(pop, expected)

    def test_dimension_scales_label_every_axis(self):
        with h5py.File(self.path, "r") as f:
            np.testing.assert_array_equal(f["year"][:], np.arange(2010, 2010 + Y))
            np.testing.assert_array_equal(f["replicate"][:], np.arange(R))
            self.assertEqual([t.decode() for t in f["provider_type"][:]],
                             ["in_house", "large_private", "sme", "voluntary", "mutual",
                              "joint_venture"])
            self.assertEqual([c.decode() for c in f["commissioner"][:]],
                             [f"area_{i + 1}" for i in range(C)])
            self.assertEqual([d.decode() for d in f["domain"][:]],
                             ["social_care", "health", "housing"])
            self.assertEqual([g.decode() for g in f["difficulty_group"][:]],
                             ["easier", "typical", "hardest"])
            for axis in ("replicate", "year", "provider_type", "commissioner", "domain",
                         "difficulty_group"):
                self.assertTrue(h5py.h5ds.is_scale(f[axis].id), axis)
                self.assertIn("units", f[axis].attrs)
                self.assertIn("description", f[axis].attrs)
            # Each group carries the axes its datasets are labelled with (so a group opened
            # alone is labelled), holding the same values as the root axes.
            expect = {"series": ["replicate", "year"],
                      "by_provider_type": ["replicate", "year", "provider_type"],
                      "by_commissioner": ["replicate", "year", "commissioner"],
                      "by_domain": ["replicate", "year", "domain"],
                      "by_difficulty_group": ["replicate", "year", "difficulty_group"]}
            for group, axes in expect.items():
                for axis in axes:
                    self.assertTrue(h5py.h5ds.is_scale(f[group][axis].id), f"{group}/{axis}")
                    np.testing.assert_array_equal(f[group][axis][:], f[axis][:])
                for name, ds in f[group].items():
                    if name in axes:
                        continue
                    self.assertEqual([dim[0].name for dim in ds.dims],
                                     [f"/{group}/{a}" for a in axes], f"{group}/{name}")
                    self.assertEqual([dim.label for dim in ds.dims], axes, f"{group}/{name}")

    def test_provenance_attributes(self):
        with h5py.File(self.path, "r") as f:
            a = f["provenance"].attrs
            for key in ("scenario_text", "resolved_parameters", "seed", "replicates", "years",
                        "start_year", "command_line", "overrides", "scenario_name",
                        "scenario_path", "replicates_completed", "quasim_version", "git_commit",
                        "hdf5_version", "compiler", "created"):
                self.assertIn(key, a)
            self.assertEqual(a["scenario_name"], "baseline")
            self.assertEqual(int(a["seed"]), 7)
            self.assertEqual(int(a["replicates"]), R)
            self.assertEqual(int(a["replicates_completed"]), R)
            self.assertEqual(int(a["years"]), Y)
            self.assertEqual(int(a["start_year"]), 2010)
            self.assertIn("[budget]", a["resolved_parameters"])
            import tomllib
            self.assertEqual(tomllib.loads(a["resolved_parameters"])["run"]["seed"], 7)

    def test_panels_are_columns_of_equal_length(self):
        with h5py.File(self.path, "r") as f:
            prov = f["panels/providers"]
            self.assertEqual(sorted(prov), sorted(
                ["replicate", "year", "provider_id", "type", "reserves", "unit_cost", "quality",
                 "engagement", "turnover", "contracts", "alive"]))
            lengths = {prov[c].shape for c in prov}
            self.assertEqual(lengths, {(R * Y * 6,)})
            self.assertEqual(sorted(set(prov["replicate"][:])), list(range(R)))
            cit = f["panels/citizens"]
            self.assertEqual({cit[c].shape for c in cit}, {(R * Y * 10,)})
            self.assertEqual(cit["needs"].dtype, np.uint16)
            for c in list(prov) + list(cit):
                ds = prov[c] if c in prov else cit[c]
                self.assertIn("units", ds.attrs)
            import pandas as pd
            df = pd.DataFrame({c: prov[c][:] for c in prov})
            self.assertEqual(len(df), R * Y * 6)

    def test_xarray_opens_groups_with_labelled_axes(self):
        import xarray as xr
        for engine in ("h5netcdf", "netcdf4"):
            with self.subTest(engine=engine):
                with xr.open_dataset(self.path, group="series", engine=engine) as ds:
                    self.assertEqual(ds["unmet_need"].dims, ("replicate", "year"))
                    np.testing.assert_array_equal(ds["year"].values, np.arange(2010, 2010 + Y))
                    self.assertEqual(ds["unmet_need"].attrs["units"], "1")
                    self.assertEqual(ds["unmet_need"].attrs["units_label"], "share (0-1)")
                    median = ds["spending_total"].median("replicate")
                    self.assertEqual(median.shape, (Y,))
                with xr.open_dataset(self.path, group="by_commissioner", engine=engine) as ds:
                    self.assertEqual(ds["budget"].dims, ("replicate", "year", "commissioner"))
                    self.assertEqual(str(ds["commissioner"].values[0]), "area_1")
                    self.assertEqual(ds["budget"].sel(commissioner="area_2", year=2015).shape, (R,))
                with xr.open_dataset(self.path, group="by_provider_type", engine=engine) as ds:
                    share = ds["market_share"].sel(provider_type="mutual")
                    self.assertEqual(share.dims, ("replicate", "year"))
                with xr.open_dataset(self.path, group="by_difficulty_group", engine=engine) as ds:
                    served = ds["service_received"].sel(difficulty_group="hardest")
                    self.assertEqual(served.dims, ("replicate", "year"))


def make_format_2(path):
    """Turns a file quasim wrote into one of result-file format 2: no difficulty groups, none
    of the series formats 3 and 4 added, and the content checksum of what is left."""
    with h5py.File(path, "r+") as f:
        for table in (quasim_reader.ADDED_IN_FORMAT_4, quasim_reader.ADDED_IN_FORMAT_3):
            for group, names in table.items():
                if names is None:
                    if group in f:
                        del f[group]
                else:
                    for name in names:
                        del f[f"{group}/{name}"]
        for axis in ("difficulty_group", "age_band", "agency"):
            del f[axis]
        crcs = []  # every dataset's own checksum, in file order (catalogue, then panels)
        for group in ("series", "by_provider_type", "by_commissioner", "by_domain"):
            for ds in f[group].values():
                if "checksum" in ds.attrs:
                    crcs.append(int(ds.attrs["checksum"].split(":")[1], 16))
        prov = f["provenance"].attrs
        prov["format_version"] = np.int64(2)
        prov["content_checksum"] = "crc32:%08x" % zlib.crc32(struct.pack(f"<{len(crcs)}I", *crcs))


class DifficultyGroups(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = scratch("groups")
        cls.path = fixture(os.path.join(cls.dir, "run.h5"), "--replicates", R, "--years", Y,
                           "--groups", 2)

    def test_the_python_reader_reads_the_group_against_its_axis(self):
        with h5py.File(self.path, "r") as f:
            axes = {"replicate": quasim_reader.axis(f, self.path, "replicate"),
                    "year": quasim_reader.axis(f, self.path, "year")}
            unmet = quasim_reader.read_series(f, self.path, "by_difficulty_group", "unmet_need",
                                              axes)
            self.assertEqual(unmet.shape, (R, Y, 2))
            self.assertEqual(axes["difficulty_group"], ["easier", "typical"])
            self.assertTrue(quasim_reader.has_series(f, "by_difficulty_group", "people"))
            self.assertEqual(quasim_reader.format_version(f), 4)

    def test_a_wrong_length_group_axis_is_one_clear_error(self):
        bad = os.path.join(self.dir, "bad_axis.h5")
        shutil.copy(self.path, bad)
        with h5py.File(bad, "r+") as f:
            del f["difficulty_group"]
            f["difficulty_group"] = np.array([b"easier", b"typical", b"hardest"], dtype=object)
        with h5py.File(bad, "r") as f:
            axes = {"replicate": quasim_reader.axis(f, bad, "replicate"),
                    "year": quasim_reader.axis(f, bad, "year")}
            with self.assertRaises(quasim_reader.InputError) as e:
                quasim_reader.read_series(f, bad, "by_difficulty_group", "people", axes)
        self.assertIn("/by_difficulty_group/people has shape (4, 12, 2), expected (4, 12, 3) "
                      "[replicate x year x difficulty_group]", str(e.exception))
        r = run(QUASIM, "info", bad)
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
        self.assertIn("/by_difficulty_group/people: has shape (4, 12, 2), expected (4, 12, 3)",
                      r.stderr)

    def test_a_file_written_before_the_groups_reads_without_them(self):
        old = os.path.join(self.dir, "old.h5")
        shutil.copy(self.path, old)
        make_format_2(old)
        with h5py.File(old, "r") as f:
            self.assertEqual(quasim_reader.format_version(f), 2)
            self.assertFalse(quasim_reader.has_series(f, "by_difficulty_group", "people"))
            self.assertFalse(quasim_reader.has_series(f, "series", "waiting_list"))
            self.assertTrue(quasim_reader.has_series(f, "series", "unmet_need"))
            axes = {"replicate": quasim_reader.axis(f, old, "replicate"),
                    "year": quasim_reader.axis(f, old, "year")}
            self.assertEqual(quasim_reader.read_series(f, old, "series", "unmet_need",
                                                       axes).shape, (R, Y))
            with self.assertRaises(quasim_reader.InputError) as e:
                quasim_reader.read_series(f, old, "by_difficulty_group", "people", axes)
        self.assertIn("/by_difficulty_group/people is not in this file: it was written in "
                      "result-file format 2", str(e.exception))
        r = run(QUASIM, "info", old)
        self.assertEqual(r.returncode, 0, r.stderr)
        # every series formats 3 and 4 added (by_difficulty_group, by_age_band and by_agency
        # are whole groups, counted from the written file, where each carries its own axes)
        # (a group added whole in one format and added to in a later one is counted once)
        tables = (quasim_reader.ADDED_IN_FORMAT_3, quasim_reader.ADDED_IN_FORMAT_4)
        whole = {g for table in tables for g, names in table.items() if names is None}
        with h5py.File(self.path, "r") as f:
            later = sum(len(f[g]) - 3 for g in whole if g in f)  # less its 3 axes
            later += sum(len(names) for table in tables for g, names in table.items()
                         if names is not None and g not in whole and g in f)
        self.assertIn(f"(result-file format 2: written before {later} series of this quasim "
                      "existed", r.stdout)
        self.assertNotIn("/by_difficulty_group", r.stdout.split("(result-file format 2")[0])


if __name__ == "__main__":
    main()
