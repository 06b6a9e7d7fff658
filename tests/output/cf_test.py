"""CF-style attributes and netCDF-4 structure (issue 21): a real result file (with both panels), a
real sweep index with its point files, and a comparison written by `quasim compare` open group by
group with BOTH xarray engines (netcdf4 and h5netcdf); every `units` parses as UDUNITS-2 (with
Debian's udunits2 where installed, else against the forms output/cf_units.cpp lists); every data
variable has a long_name; the files say Conventions; every group says which run it is from.
Files written before CF attributes (fabricated by deleting them) still read everywhere."""
import os
import shutil
import subprocess
import sys
import unittest
import warnings

import h5py

from output_test_util import QUASIM, SOURCE, main, run, scratch, tiny_batch

sys.path.insert(0, os.path.join(SOURCE, "output"))
import quasim_reader as reader  # noqa: E402

ENGINES = ("netcdf4", "h5netcdf")
# What output/cf_units.cpp writes (checked against udunits2 where it is installed).
KNOWN_FORMS = {"1", "1e6", "1e-4", "1e-6 year", "week", "year", "year-1"}
CF_ATTRS = ("units", "units_label", "long_name", "description")
GROUP_PROVENANCE = ("scenario_name", "seed", "quasim_version", "git_commit")
COMPARISON_PROVENANCE = ("comparison", "baseline_scenario_name", "variant_scenario_name",
                         "baseline_seed", "variant_seed", "quasim_version", "git_commit")


def groups_of(path):
    """Every group of a file, "/" first, as h5py sees them (external links not followed)."""
    out = ["/"]
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: out.append("/" + name)
                     if isinstance(obj, h5py.Group) else None)
    return out


def datasets_of(path):
    """{path: attrs dict} of every dataset (external links not followed)."""
    out = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                out["/" + name] = {k: reader.text(v) for k, v in obj.attrs.items()}
        f.visititems(visit)
    return out


def is_bare_dimension(attrs):
    """A netCDF dimension without a variable (a panel's rows): not a variable, no attributes."""
    return str(attrs.get("NAME", "")).startswith("This is a netCDF dimension but not")


def udunits_parses(units):
    """True/False from Debian's udunits2 (package udunits-bin), None where it is not installed."""
    if shutil.which("udunits2") is None:
        return None
    r = subprocess.run(["udunits2", "-H", units, "-W", ""], capture_output=True, text=True,
                       timeout=30, stdin=subprocess.DEVNULL)
    return r.returncode == 0 and "Don't recognize" not in r.stderr


class Files:
    """The files every test reads, made once."""
    folder = None

    @classmethod
    def make(cls):
        if cls.folder:
            return cls
        cls.folder = scratch("cf")
        j = lambda n: os.path.join(cls.folder, n)  # noqa: E731
        scenario = os.path.join(SOURCE, "scenarios", "tiny.toml")
        for out, extra in ((j("base.h5"), ["--set", "output.provider_panel=true",
                                           "--set", "output.citizen_sample=10"]),
                           (j("var.h5"), ["--set", "budget.change_late=0.0"])):
            r = run(QUASIM, "run", scenario, "-o", out, "--replicates", 2, "--set",
                    "run.years=3", "-q", *extra)
            assert r.returncode == 0, r.stderr
        cls.result, cls.variant = j("base.h5"), j("var.h5")
        cls.index = tiny_batch(j("sweep.h5"), "--set", "sweep.budget.change_late=[-0.02,0.0]")
        cls.points = [t for _, t, _ in reader.index_points(cls.index)[0]]
        cls.diff = j("diff.h5")
        r = run(QUASIM, "compare", cls.result, cls.variant, "-o", cls.diff)
        assert r.returncode == 0, r.stderr
        return cls


class BothEngines(unittest.TestCase):
    """Every group opens with xarray's netcdf4 and h5netcdf engines, with named dimensions."""

    @classmethod
    def setUpClass(cls):
        cls.f = Files.make()

    def open_every_group(self, path, groups=None):
        import xarray as xr
        opened = 0
        for engine in ENGINES:
            for group in groups or groups_of(path):
                with self.subTest(path=os.path.basename(path), engine=engine, group=group):
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        ds = xr.open_dataset(path, group=group, engine=engine)
                    with ds:
                        for name, v in ds.variables.items():
                            self.assertFalse(any(d.startswith("phony_dim") for d in v.dims),
                                             f"{group}/{name}: unnamed dimension {v.dims}")
                            for a in CF_ATTRS:
                                self.assertIn(a, v.attrs, f"{group}/{name} lacks {a}")
                    opened += 1
        return opened

    def test_result_file_every_group_panels_included(self):
        groups = groups_of(self.f.result)
        self.assertIn("/panels/providers", groups)
        self.assertIn("/panels/citizens", groups)
        self.assertEqual(self.open_every_group(self.f.result), 2 * len(groups))
        import xarray as xr
        for engine in ENGINES:
            with xr.open_dataset(self.f.result, group="panels/providers", engine=engine) as ds:
                self.assertEqual(ds["reserves"].dims, ("provider_row",))
            with xr.open_dataset(self.f.result, group="by_domain", engine=engine) as ds:
                self.assertEqual(ds["spending"].dims, ("replicate", "year", "domain"))
                self.assertEqual(ds["spending"].attrs["units"], "1e6")
                self.assertEqual(ds["spending"].attrs["currency"], "GBP")
                self.assertEqual(ds["spending"].attrs["long_name"], "Spending")

    def test_index_file_every_group_and_its_point_files(self):
        groups = groups_of(self.f.index)
        self.assertEqual(sorted(groups), ["/", "/points", "/provenance", "/sweep"])
        self.open_every_group(self.f.index)
        self.open_every_group(self.f.points[0])  # the others are written by the same code
        import xarray as xr
        for engine in ENGINES:
            with xr.open_dataset(self.f.index, group="sweep", engine=engine) as ds:
                key = "budget.change_late"
                self.assertEqual(ds[key].dims, ("point",))
                self.assertEqual(ds[key].attrs["units"], "year-1")
                self.assertEqual(ds[key].attrs["units_label"], "1/yr")
                self.assertEqual(list(ds["point"].values), [0, 1])

    def test_netcdf4_follows_the_index_links_to_the_points(self):
        # h5netcdf does not follow external links (it resolves a linked group's dimension scales
        # in the index file itself); docs/OUTPUTS.md sends its users to the point files.
        import xarray as xr
        with xr.open_dataset(self.f.index, group="points/p001/series", engine="netcdf4") as ds:
            self.assertEqual(ds["unmet_need"].dims, ("replicate", "year"))

    def test_comparison_every_group(self):
        # 150 groups, xarray's open of one takes seconds: netCDF4 (the netcdf4 engine's library)
        # walks every group in one open; h5netcdf and xarray (both engines) take one series
        # group of each kind (every series group of a kind is written by the same code).
        import h5netcdf
        import netCDF4
        groups = groups_of(self.f.diff)
        self.assertGreater(len(groups), 100)
        with netCDF4.Dataset(self.f.diff) as nc:
            for g in groups:
                node = nc if g == "/" else nc[g.lstrip("/")]
                for name, v in node.variables.items():
                    self.assertFalse(any(d.startswith("phony_dim") for d in v.dimensions), name)
                    self.assertIn("long_name", v.ncattrs(), f"{g}/{name}")
        sample = ["/", "/provenance"]
        for top in [g for g in groups if g.count("/") == 1 and g not in ("/", "/provenance")]:
            sample += [top, min(g for g in groups if g.startswith(top + "/"))]
        self.assertIn("/by_domain", sample)
        with h5netcdf.File(self.f.diff, "r") as nc:
            for g in sample:
                node = nc if g == "/" else nc[g.lstrip("/")]
                for name, v in node.variables.items():
                    self.assertFalse(any(d.startswith("phony_dim") for d in v.dimensions), name)
        self.open_every_group(self.f.diff, ["/", "/series/unmet_need", "/by_domain/spending",
                                            "/provenance"])


class Attributes(unittest.TestCase):
    """units parse, long_name everywhere, Conventions, per-group provenance."""

    @classmethod
    def setUpClass(cls):
        cls.f = Files.make()
        cls.files = [cls.f.result, cls.f.index, cls.f.diff] + cls.f.points

    def test_every_units_is_udunits(self):
        forms = set()
        for path in self.files:
            for where, attrs in datasets_of(path).items():
                if is_bare_dimension(attrs):
                    continue
                forms.add(attrs["units"])
        forms |= {e["cf_units"] for e in reader.catalogue().values()}
        forms |= set(reader.CF_UNITS.values())
        self.assertTrue(forms)
        for units in sorted(forms):
            with self.subTest(units=units):
                parsed = udunits_parses(units)
                if parsed is None:
                    self.assertIn(units, KNOWN_FORMS)
                else:
                    self.assertTrue(parsed, f"udunits2 does not parse {units!r}")
        # The words that used to be in `units` are not UDUNITS (the reason for units_label).
        if shutil.which("udunits2"):
            self.assertFalse(udunits_parses("GBP million"))
            self.assertFalse(udunits_parses("share (0-1)"))

    def test_every_dataset_has_cf_attributes_matching_the_catalogue(self):
        cat = reader.catalogue()
        for path in self.files:
            for where, attrs in datasets_of(path).items():
                if is_bare_dimension(attrs):
                    continue
                for a in CF_ATTRS:
                    self.assertIn(a, attrs, f"{os.path.basename(path)}:{where} lacks {a}")
                self.assertTrue(attrs["long_name"], where)
                if attrs["units_label"] in reader.CF_UNITS:
                    self.assertEqual(attrs["units"], reader.CF_UNITS[attrs["units_label"]], where)
        with h5py.File(self.f.result, "r") as f:
            for (group, name), e in cat.items():
                a = f[f"{group}/{name}"].attrs
                self.assertEqual(reader.text(a["units"]), e["cf_units"], name)
                self.assertEqual(reader.text(a["units_label"]), e["units"], name)
                self.assertEqual(reader.text(a["long_name"]), e["label"], name)
                self.assertEqual(reader.text(a.get("currency", "")), e["currency"], name)

    def test_conventions_and_file_attributes(self):
        for path in self.files:
            with h5py.File(path, "r") as f:
                a = f.attrs
                self.assertEqual(reader.text(a["Conventions"]), "CF-1.8", path)
                for k in ("title", "history", "source"):
                    self.assertTrue(reader.text(a[k]), f"{path}: {k}")
                self.assertIn("quasim ", reader.text(a["history"]))  # the command
                self.assertTrue(reader.text(a["source"]).startswith("quasim "))

    def test_every_group_says_which_run_it_belongs_to(self):
        for path in [self.f.result, self.f.index] + self.f.points:
            with h5py.File(path, "r") as f:
                for g in groups_of(path):
                    for k in GROUP_PROVENANCE:
                        self.assertIn(k, f[g].attrs, f"{os.path.basename(path)}:{g} lacks {k}")
                    # A point's scenario name says its point: "tiny [budget.change_late=0]".
                    self.assertTrue(reader.text(f[g].attrs["scenario_name"]).startswith("tiny"))
        with h5py.File(self.f.diff, "r") as f:
            for g in groups_of(self.f.diff):
                if g != "/provenance":  # the inputs' whole provenance, prefixed
                    for k in COMPARISON_PROVENANCE:
                        self.assertIn(k, f[g].attrs, f"diff:{g} lacks {k}")

    def test_the_design_writer_can_reuse_the_index_helpers(self):
        # /sweep is written with the helpers /design uses (output/detail/cf_attributes.hpp):
        # a coordinate `point` in the group itself, attached to each parameter.
        with h5py.File(self.f.index, "r") as f:
            ds = f["sweep/budget.change_late"]
            self.assertEqual(ds.dims[0][0].name, "/sweep/point")
            self.assertEqual(reader.text(f["sweep/point"].attrs["long_name"]), "Sweep point")


def strip_cf(path):
    """Makes `path` look written before CF attributes: the words back in `units`, the new
    attributes (units_label, long_name, currency, Conventions, title, history, source, per-group
    provenance) deleted."""
    added = ("Conventions", "title", "history", "source")
    with h5py.File(path, "a") as f:
        def visit(name, obj):
            a = obj.attrs
            if isinstance(obj, h5py.Dataset) and "units_label" in a:
                a["units"] = reader.text(a["units_label"])
                for k in ("units_label", "long_name", "currency"):
                    if k in a:
                        del a[k]
            if isinstance(obj, h5py.Group) and name != "provenance":
                for k in GROUP_PROVENANCE + ("replicates",):
                    if k in a:
                        del a[k]
        f.visititems(visit)
        for k in added + GROUP_PROVENANCE + ("replicates",):
            if k in f.attrs:
                del f.attrs[k]


class OldFiles(unittest.TestCase):
    """Files written before CF attributes read as before: units in words everywhere."""

    @classmethod
    def setUpClass(cls):
        f = Files.make()
        cls.folder = scratch("cf-old")
        j = lambda n: os.path.join(cls.folder, n)  # noqa: E731
        cls.result, cls.variant = j("base.h5"), j("var.h5")
        shutil.copy(f.result, cls.result)
        shutil.copy(f.variant, cls.variant)
        for p in (cls.result, cls.variant):
            strip_cf(p)
        cls.index = j("sweep.h5")
        shutil.copy(f.index, cls.index)
        for p in f.points:
            shutil.copy(p, j(os.path.basename(p)))
            strip_cf(j(os.path.basename(p)))
        strip_cf(cls.index)
        cls.new = f

    def test_the_fabricated_file_is_old(self):
        with h5py.File(self.result, "r") as f:
            self.assertEqual(reader.text(f["series/spending_total"].attrs["units"]), "GBP million")
            self.assertNotIn("units_label", f["series/spending_total"].attrs)
            self.assertNotIn("Conventions", f.attrs)

    def test_reader_gives_the_words_for_old_and_new(self):
        for path in (self.result, self.new.result):
            with h5py.File(path, "r") as f:
                self.assertEqual(reader.dataset_units(f, "series/spending_total")[0],
                                 "GBP million")
                self.assertEqual(reader.dataset_units(f, "series/waiting_time_mean")[0], "weeks")
        with h5py.File(self.result, "r") as f:
            self.assertIsNone(reader.cf_units(f["series/spending_total"].attrs))
        with h5py.File(self.new.result, "r") as f:
            self.assertEqual(reader.cf_units(f["series/spending_total"].attrs), "1e6")
        for path in (self.index, self.new.index):
            self.assertEqual(reader.sweep_coordinates(path).units["budget.change_late"], "1/yr")

    def test_info_compare_export_and_report_read_old_files(self):
        r = run(QUASIM, "info", self.result)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("GBP million", r.stdout)
        diff = os.path.join(self.folder, "diff.h5")
        r = run(QUASIM, "compare", self.result, self.variant, "-o", diff)
        self.assertEqual(r.returncode, 0, r.stderr)
        with h5py.File(diff, "r") as f:  # the diff of old files is a new file
            self.assertEqual(reader.text(f["series/spending_total/median"].attrs["units"]), "1e6")
        out = os.path.join(self.folder, "long.csv")
        r = run(QUASIM, "export", self.index, "--format", "long", "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(out, encoding="utf-8") as f:
            text = f.read()
        self.assertIn(",GBP million", text)
        self.assertNotIn(",1e6", text)
        r = run(QUASIM, "report", self.result, self.variant, "-o",
                os.path.join(self.folder, "report.html"))
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_export_of_new_files_keeps_the_words(self):
        out = os.path.join(self.folder, "new-long.csv")
        r = run(QUASIM, "export", self.new.result, "--format", "long", "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(out, encoding="utf-8") as f:
            text = f.read()
        self.assertIn(",GBP million", text)
        self.assertNotIn(",1e6", text)


if __name__ == "__main__":
    main()
