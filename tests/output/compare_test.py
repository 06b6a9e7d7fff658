"""`quasim compare`: paired differences, variant minus baseline, checked against numpy on the
two input files read with h5py (never through output/paired.py, which compare uses), refusals of
runs that do not pair, the terminal table's plain words and the diff file's layout."""
import hashlib
import os
import sys
import unittest

import h5py
import numpy as np

from output_test_util import (QUASIM, SOURCE, assert_one_line_error, batch_index, copy_with,
                              fixture, main, run, scratch)

sys.path.insert(0, os.path.join(SOURCE, "output"))
import quasim_format as fmt  # noqa: E402  (the report's number writer: the table must match it)

REPS, YEARS = 8, 9
# (group, name, better): both directions, a series with no better side, every kind of axis.
CHECKED = [("series", "unmet_need", "lower"), ("series", "outcome_mean", "higher"),
           ("series", "spending_total", "neither"), ("series", "funding_gap", "lower"),
           ("by_domain", "unmet_need", "lower"), ("by_commissioner", "funding_gap", "lower"),
           ("by_provider_type", "market_share", "neither"),
           ("by_difficulty_group", "unmet_need", "lower")]


def leftovers(folder):
    return [n for n in os.listdir(folder) if ".tmp-" in n]


def values(path, group, name):
    with h5py.File(path, "r") as f:
        return f[f"{group}/{name}"][...]


def direct(base, var, better):
    """What the diff file must hold, computed here from the raw arrays (replicates 0..n-1 in
    both files, the same years)."""
    d = var - base
    out = {"difference": d, "median": np.median(d, axis=0),
           "p05": np.percentile(d, 5, axis=0), "p25": np.percentile(d, 25, axis=0),
           "p75": np.percentile(d, 75, axis=0), "p95": np.percentile(d, 95, axis=0),
           "share_higher": np.mean(d > 0, axis=0), "share_lower": np.mean(d < 0, axis=0),
           "baseline_median": np.median(base, axis=0), "variant_median": np.median(var, axis=0)}
    if better == "neither":
        out["share_better"] = np.full(d.shape[1:], np.nan)
    else:
        out["share_better"] = np.mean(d < 0 if better == "lower" else d > 0, axis=0)
        out["share_worse"] = np.mean(d > 0 if better == "lower" else d < 0, axis=0)
    return out


class Compare(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = scratch("compare")
        j = lambda n: os.path.join(cls.dir, n)  # noqa: E731
        common = ["--replicates", REPS, "--years", YEARS, "--commissioners", 3, "--domains", 3]
        cls.base = fixture(j("base.h5"), "--name", "today", "--seed", 21, *common)
        cls.var = fixture(j("var.h5"), "--name", "more money", "--seed", 21,
                          "--budget-change", 0.01, *common)
        cls.other_seed = fixture(j("seed22.h5"), "--name", "more money", "--seed", 22,
                                 "--budget-change", 0.01, *common)
        cls.fewer = fixture(j("fewer.h5"), "--name", "more money", "--seed", 21,
                            "--budget-change", 0.01, "--replicates", 5, "--years", YEARS,
                            "--commissioners", 3, "--domains", 3)
        cls.diff = j("out/diff.h5")
        cls.r = run(QUASIM, "compare", cls.base, cls.var, "-o", cls.diff)
        assert cls.r.returncode == 0, cls.r.stderr

    # (a) the numbers ----------------------------------------------------------------------

    def test_statistics_match_a_direct_computation(self):
        with h5py.File(self.diff, "r") as f:
            for group, name, better in CHECKED:
                want = direct(values(self.base, group, name), values(self.var, group, name),
                              better)
                g = f[f"{group}/{name}"]
                for key, expected in want.items():
                    with self.subTest(series=f"{group}/{name}", statistic=key):
                        np.testing.assert_allclose(g[key][...], expected, rtol=1e-12,
                                                   atol=1e-12, equal_nan=True)
                self.assertEqual(g["difference"].shape[0], REPS)
                self.assertTrue((g["n"][...] == REPS).all())

    def test_the_variant_really_differs(self):
        """The fixture's extra budget must move unmet need, or the checks above prove little."""
        with h5py.File(self.diff, "r") as f:
            med = f["series/unmet_need/median"][...]
        self.assertLess(med[-1], -0.01)

    # (e) direction of "better" ------------------------------------------------------------

    def test_share_better_follows_the_catalogue_direction(self):
        with h5py.File(self.diff, "r") as f:
            unmet = f["series/unmet_need"]   # lower is better, and the variant is lower
            self.assertEqual(unmet.attrs["better"], "lower")
            np.testing.assert_array_equal(unmet["share_better"][...], unmet["share_lower"][...])
            self.assertEqual(unmet["share_better"][-1], 1.0)
            self.assertEqual(unmet["share_worse"][-1], 0.0)
            outcome = f["series/outcome_mean"]  # higher is better
            np.testing.assert_array_equal(outcome["share_better"][...],
                                          outcome["share_higher"][...])
            self.assertTrue(np.isnan(f["series/spending_total/share_better"][...]).all())

    # the file's layout ---------------------------------------------------------------------

    def test_layout_axes_and_attributes(self):
        with h5py.File(self.diff, "r") as f:
            np.testing.assert_array_equal(f["year"][...], np.arange(2010, 2010 + YEARS))
            np.testing.assert_array_equal(f["pair"][...], np.arange(REPS))
            self.assertEqual([n.decode() for n in f["domain"][...]],
                             [n.decode() for n in h5py.File(self.base, "r")["domain"][...]])
            for axis in ("year", "pair", "domain", "commissioner", "provider_type"):
                self.assertEqual(f[axis].attrs["CLASS"], b"DIMENSION_SCALE", axis)
            g = f["by_domain/unmet_need"]
            self.assertEqual(g["difference"].shape, (REPS, YEARS, 3))
            self.assertEqual(g["median"].shape, (YEARS, 3))
            self.assertEqual([d.label for d in g["difference"].dims], ["pair", "year", "domain"])
            self.assertEqual(g["difference"].dims[1][0][...].tolist(), f["year"][...].tolist())
            for key in ("difference", "median", "p05", "p25", "p75", "p95", "share_better",
                        "share_worse", "baseline_median", "variant_median"):
                a = g[key].attrs
                self.assertEqual(a["label"], "Unmet need")
                self.assertEqual(a["better"], "lower")
                self.assertTrue(a["units"])
                self.assertIn("Share of need in each service domain", a["description"], key)
            # CF units (UDUNITS-2) in `units`, the words in `units_label`.
            self.assertEqual(g["median"].attrs["units"], "1")
            self.assertEqual(g["median"].attrs["units_label"], "share (0-1)")
            self.assertEqual(g["median"].attrs["long_name"], "Unmet need: difference, median")
            self.assertEqual(g["share_better"].attrs["units_label"], "share of runs (0-1)")
            self.assertIn("Median over run pairs", g["median"].attrs["description"])

    def test_provenance_of_both_inputs(self):
        with h5py.File(self.diff, "r") as f, h5py.File(self.base, "r") as b, \
                h5py.File(self.var, "r") as v:
            p = f["provenance"].attrs
            self.assertEqual(p["kind"], "comparison")
            self.assertEqual(p["paired"], 1)
            self.assertIn("compare", p["command_line"])
            self.assertTrue(p["quasim_version"])
            self.assertRegex(p["created"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
            self.assertEqual(p["baseline_path"], self.base)
            self.assertEqual(p["variant_path"], self.var)
            for prefix, src in (("baseline_", b), ("variant_", v)):
                for k, value in src["provenance"].attrs.items():
                    self.assertEqual(p[prefix + k], value, prefix + k)
            self.assertEqual(p["variant_scenario_name"], "more money")

    def test_xarray_opens_a_group_with_coordinates(self):
        import xarray as xr
        for engine in ("h5netcdf", "netcdf4"):
            with self.subTest(engine=engine), \
                    xr.open_dataset(self.diff, group="by_domain/unmet_need", engine=engine) as ds:
                self.assertEqual(list(ds["year"].values), list(range(2010, 2010 + YEARS)))
                self.assertEqual(ds["difference"].dims, ("pair", "year", "domain"))
                want = np.median(values(self.var, "by_domain", "unmet_need")
                                 - values(self.base, "by_domain", "unmet_need"), axis=0)
                np.testing.assert_allclose(ds["median"].sel(year=2010 + YEARS - 1).values,
                                           want[-1])
                self.assertEqual(ds.attrs["label"], "Unmet need")

    # (c) the table -------------------------------------------------------------------------

    def test_table_has_plain_labels_and_shares_of_runs(self):
        out = self.r.stdout
        table = out.split("\n\n")[1]
        for label in ("Total public spending", "Funding gap", "Unmet need",
                      "Citizens' outcomes", "Market concentration", "Cost of running markets"):
            self.assertIn(label, table)
        for code in ("spending_total", "funding_gap", "unmet_need", "hhi", "transaction_costs"):
            self.assertNotIn(code, out)
        row = next(line for line in table.splitlines() if line.startswith("Unmet need"))
        self.assertRegex(row, r"\d+\.\d%.*\d+\.\d%.*−\d+\.\d pp \[−\d+\.\d pp, −\d+\.\d pp\]"
                              r"\s+better in every run$")
        self.assertRegex(table, r"Total public spending\s+£[\d,]+m")
        # a series with no better side says higher or lower
        self.assertRegex(table, r"(?m)^Total public spending .*higher in every run$")
        self.assertIn(f"In {2010 + YEARS - 1}, over {REPS} paired runs", out)
        self.assertIn("GBP million in real terms, constant prices", out)
        self.assertIn("Unmet need by domain", out)
        self.assertIn("Spending by commissioner", out)
        self.assertEqual(self.r.stderr, "")

    def test_year_option(self):
        r = run(QUASIM, "compare", self.base, self.var, "--year", 2012)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("In 2012, over", r.stdout)
        assert_one_line_error(self, run(QUASIM, "compare", self.base, self.var, "--year", 1990),
                              ["--year 1990", "2010-2018"])

    def test_both_price_bases_when_the_start_years_differ(self):
        def a_year_later(f):
            f["year"][...] = f["year"][...] + 1
            f["provenance"].attrs["start_year"] = np.int64(2011)
        later = copy_with(self.var, os.path.join(scratch("compare-start"), "later.h5"),
                          a_year_later)
        r = run(QUASIM, "compare", self.base, later)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("price base: baseline 2010, variant 2011", r.stdout)
        self.assertIn("price base 2010;", self.r.stdout)  # one start year: said once
        self.assertIn("different years", r.stderr)

    # (b) runs that do not pair ------------------------------------------------------------

    def test_different_seeds_are_refused(self):
        out = os.path.join(self.dir, "refused.h5")
        r = run(QUASIM, "compare", self.base, self.other_seed, "-o", out)
        line = assert_one_line_error(self, r, [self.base, self.other_seed, "--unpaired"])
        self.assertIn("seeds differ", line)
        self.assertFalse(os.path.exists(out))
        self.assertEqual(r.stdout, "")

    def test_different_replicates_are_refused(self):
        out = os.path.join(self.dir, "refused.h5")
        r = run(QUASIM, "compare", self.base, self.fewer, "-o", out)
        line = assert_one_line_error(self, r, [self.base, self.fewer, "--unpaired"])
        self.assertIn("replicates differ", line)
        self.assertFalse(os.path.exists(out))

    def test_unpaired_compares_every_run_with_every_run(self):
        out = os.path.join(self.dir, "unpaired.h5")
        r = run(QUASIM, "compare", self.base, self.fewer, "-o", out, "--unpaired")
        self.assertEqual(r.returncode, 0, r.stderr)
        warnings = r.stderr.strip().splitlines()
        self.assertEqual(len(warnings), 1, r.stderr)
        self.assertTrue(warnings[0].startswith("warning: unpaired comparison"), r.stderr)
        self.assertIn(f"over {REPS * 5} unpaired combinations", r.stdout)
        b, v = values(self.base, "series", "unmet_need"), values(self.fewer, "series", "unmet_need")
        every = np.array([v[i] - b[j] for i in range(5) for j in range(REPS)])
        with h5py.File(out, "r") as f:
            self.assertEqual(f["provenance"].attrs["paired"], 0)
            self.assertIn("unpaired", f["provenance"].attrs["notes"])
            self.assertEqual(f["pair"].shape, (REPS * 5,))
            g = f["series/unmet_need"]
            self.assertEqual(g["difference"].shape, (REPS * 5, YEARS))
            np.testing.assert_allclose(g["difference"][...], every)
            np.testing.assert_allclose(g["median"][...], np.median(every, axis=0))
            np.testing.assert_allclose(g["share_better"][...], np.mean(every < 0, axis=0))
            np.testing.assert_allclose(g["baseline_median"][...], np.median(b, axis=0))
            np.testing.assert_allclose(g["variant_median"][...], np.median(v, axis=0))
            pairs = list(zip(f["variant_replicate"][...], f["baseline_replicate"][...]))
        self.assertEqual(pairs, [(i, j) for i in range(5) for j in range(REPS)])

    # entities matched by name, older files -------------------------------------------------

    def test_entities_are_matched_by_name_not_position(self):
        def reverse_domains(f):
            for where in ("domain", "by_domain/domain"):
                f[where][...] = f[where][...][::-1]
            for ds in f["by_domain"].values():
                if ds.ndim == 3:
                    ds[...] = ds[...][..., ::-1]
        folder = scratch("compare-order")
        var = copy_with(self.var, os.path.join(folder, "reordered.h5"), reverse_domains)
        out = os.path.join(folder, "diff.h5")
        r = run(QUASIM, "compare", self.base, var, "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "")
        with h5py.File(out, "r") as f, h5py.File(self.diff, "r") as g:
            np.testing.assert_array_equal(f["by_domain/unmet_need/difference"][...],
                                          g["by_domain/unmet_need/difference"][...])

    def test_different_entity_names_use_the_common_ones_with_a_warning(self):
        def rename(f):
            names = [n.decode() for n in f["domain"][...]]
            names[-1] = "transport"
            for where in ("domain", "by_domain/domain"):
                f[where][...] = np.array(names, dtype=object)
        folder = scratch("compare-names")
        var = copy_with(self.var, os.path.join(folder, "renamed.h5"), rename)
        out = os.path.join(folder, "diff.h5")
        r = run(QUASIM, "compare", self.base, var, "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("transport", r.stderr)
        self.assertIn("different domains", r.stderr)
        with h5py.File(out, "r") as f, h5py.File(self.base, "r") as b:
            names = [n.decode() for n in b["domain"][...]][:-1]
            self.assertEqual([n.decode() for n in f["domain"][...]], names)
            self.assertEqual(f["by_domain/unmet_need/median"].shape, (YEARS, 2))
            self.assertEqual(f["series/unmet_need/median"].shape, (YEARS,))

    def test_series_an_older_file_lacks_are_skipped_with_a_note(self):
        def make_format_3(f):
            f["provenance"].attrs["format_version"] = np.int64(3)
            del f["by_age_band"]
            del f["series/harm_mean"]
        folder = scratch("compare-format")
        old = copy_with(self.base, os.path.join(folder, "old.h5"), make_format_3)
        out = os.path.join(folder, "diff.h5")
        r = run(QUASIM, "compare", old, self.var, "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stderr, r"warning: \d+ series are not in .*old\.h5 \(result-file "
                                   r"format 3")
        with h5py.File(out, "r") as f:
            self.assertNotIn("by_age_band", f)
            self.assertNotIn("harm_mean", f["series"])
            self.assertIn("unmet_need", f["series"])
            self.assertIn("series are not in", f["provenance"].attrs["notes"])

    # (d) bad inputs -------------------------------------------------------------------------

    def test_bad_inputs_are_one_line_errors_and_write_nothing(self):
        folder = scratch("compare-bad")
        j = lambda n: os.path.join(folder, n)  # noqa: E731
        os.mkdir(j("folder.h5"))
        with open(j("text.h5"), "w") as f:
            f.write("not hdf5\n")
        with h5py.File(j("foreign.h5"), "w") as f:
            f["x"] = [1.0]
        out = j("diff.h5")
        cases = [
            ([j("missing.h5"), self.var, "-o", out], [j("missing.h5"), "no such file"]),
            ([self.base, self.var, "-o", j("folder.h5")], ["-o", "folder.h5", "a directory"]),
            ([self.base, self.var, "-o", self.var], ["-o", self.var, "is an input"]),
            ([self.base, self.var, "-o", "/dev/null"], ["-o /dev/null", "character device"]),
            ([j("text.h5"), self.var, "-o", out], ["text.h5", "not a quasim result file"]),
            ([self.base, j("foreign.h5"), "-o", out], ["foreign.h5", "not a quasim result"]),
            ([self.diff, self.var, "-o", out], [self.diff, "is a comparison"]),
        ]
        for args, names in cases:
            with self.subTest(args=args):
                r = run(QUASIM, "compare", *args)
                assert_one_line_error(self, r, names)
                self.assertEqual(r.stdout, "")
                self.assertFalse(os.path.exists(out))
                self.assertEqual(leftovers(folder), [])
        self.assertEqual(leftovers(os.path.dirname(self.diff)), [])

    def test_a_batch_index_is_refused_naming_point_files(self):
        folder = scratch("compare-index")
        index = batch_index(folder)
        r = run(QUASIM, "compare", index, self.var)
        line = assert_one_line_error(self, r, [index, "batch index"])
        self.assertIn("point file", line)

    # a real pair of runs --------------------------------------------------------------------

    def test_two_runs_of_the_tiny_scenario(self):
        """A real pair: tiny tenders in few years, so most runs have no contract price in the
        final year (the review's 'better in 100% of runs' from 1 run of 6)."""
        folder = scratch("compare-tiny")
        tiny = os.path.join(SOURCE, "scenarios", "tiny.toml")
        a, b = os.path.join(folder, "a.h5"), os.path.join(folder, "b.h5")
        for path, sets in ((a, []), (b, ["--set", "budget.change_early=-0.08"])):
            r = run(QUASIM, "run", tiny, "-o", path, "-q", "--replicates", 6, *sets, timeout=120)
            self.assertEqual(r.returncode, 0, r.stderr)
        out = os.path.join(folder, "diff.h5")
        r = run(QUASIM, "compare", a, b, "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"Unmet need\s.*\+\d+\.\d pp .*worse in (every run|almost "
                                   r"every run \(\d+%\)|most runs \(\d+%\))")
        with h5py.File(out, "r") as f:
            self.assertGreater(f["series/unmet_need/median"][-1], 0)
            self.assertIn("budget.change_early=-0.08",
                          f["provenance"].attrs["variant_overrides"].splitlines())
            for name, label in (("contract_price_index", "Contract prices"),
                                ("bids_per_tender", "Bids per tender")):
                d = values(b, "series", name) - values(a, "series", name)
                n = np.isfinite(d).sum(axis=0)
                np.testing.assert_array_equal(f[f"series/{name}/n"][...], n)
                row = next(line for line in r.stdout.splitlines() if line.startswith(label))
                if n[-1] < 5:  # as this scenario has it today: never a direction from 1 run
                    self.assertTrue(row.endswith(f"too few runs with a value ({n[-1]} of 6)"), row)
                elif n[-1] < 6:
                    self.assertTrue(row.endswith(f"; over {n[-1]} of 6 runs"), row)


class Doctored(unittest.TestCase):
    """One fabricated pair whose variant is written with h5py so that each key series tests
    one rule: noise-level differences, most runs without a value, tiny score changes and counts
    whose medians fall between two whole numbers."""

    @classmethod
    def setUpClass(cls):
        cls.dir = scratch("compare-doctored")
        j = lambda n: os.path.join(cls.dir, n)  # noqa: E731
        common = ["--replicates", REPS, "--years", YEARS, "--commissioners", 3, "--domains", 3,
                  "--seed", 21]
        base = fixture(j("base0.h5"), "--name", "today", *common)
        var = fixture(j("var0.h5"), "--name", "more money", "--budget-change", 0.01, *common)
        rng = np.random.default_rng(7)
        b = {n: values(base, "series", n) for n in ("outcome_mean", "satisfaction_mean",
                                                     "contract_price_index", "bids_per_tender")}
        cls.noise = b["outcome_mean"] + rng.choice([-1.0, 1.0], b["outcome_mean"].shape) * 1e-15
        cls.small = b["satisfaction_mean"] - 0.0004 + rng.normal(0, 1e-4, (REPS, YEARS))
        cls.base_price = b["contract_price_index"].copy()
        cls.base_price[1:, -1] = np.nan                     # 1 run of 8 with a price
        cls.var_bids = b["bids_per_tender"] * 1.1
        cls.var_bids[:2, -1] = np.nan                       # 6 of 8 with bids
        cls.base_providers = np.tile([[16.0], [17.0]], (REPS // 2, YEARS))  # median 16.5
        cls.var_providers = np.full((REPS, YEARS), 20.0)

        def doctor_base(f):
            f["series/contract_price_index"][...] = cls.base_price
            f["series/providers_active"][...] = cls.base_providers

        def doctor_var(f):
            f["series/outcome_mean"][...] = cls.noise
            f["series/satisfaction_mean"][...] = cls.small
            f["series/bids_per_tender"][...] = cls.var_bids
            f["series/providers_active"][...] = cls.var_providers
        cls.base = copy_with(base, j("base.h5"), doctor_base)
        cls.var = copy_with(var, j("var.h5"), doctor_var)
        cls.diff = j("diff.h5")
        cls.r = run(QUASIM, "compare", cls.base, cls.var, "-o", cls.diff)
        assert cls.r.returncode == 0, cls.r.stderr
        cls.final = 2010 + YEARS - 1

    def row(self, label):
        return next(line for line in self.r.stdout.splitlines() if line.startswith(label))

    def direct(self, name):
        return values(self.var, "series", name) - values(self.base, "series", name)

    def test_noise_is_no_difference(self):
        d = self.direct("outcome_mean")
        self.assertTrue((d != 0).any(), "the fabricated noise must be there to ignore")
        self.assertLess(np.abs(d).max(), 1e-14)
        self.assertRegex(self.row("Citizens' outcomes"), r"\s0 \[0, 0\]\s+the same in every run$")
        with h5py.File(self.diff, "r") as f:
            g = f["series/outcome_mean"]
            for key in ("share_higher", "share_lower", "share_better", "share_worse", "median"):
                np.testing.assert_array_equal(g[key][...], 0, key)

    def test_a_direction_needs_five_runs_with_a_value(self):
        d = self.direct("contract_price_index")
        with h5py.File(self.diff, "r") as f:
            n = f["series/contract_price_index/n"][...]
            np.testing.assert_array_equal(n, np.isfinite(d).sum(axis=0))
            np.testing.assert_allclose(f["series/contract_price_index/median"][-1],
                                       np.nanmedian(d[:, -1]))
            np.testing.assert_array_equal(f["series/bids_per_tender/n"][...],
                                          np.isfinite(self.direct("bids_per_tender")).sum(axis=0))
        self.assertEqual(n[-1], 1)
        self.assertTrue(self.row("Contract prices").endswith("too few runs with a value (1 of 8)"))
        # 6 of 8 runs hold bids: judged, over those 6 (10% more bids in each: better)
        self.assertTrue(self.row("Bids per tender").endswith(
            "better in every run; over 6 of 8 runs"), self.row("Bids per tender"))
        self.assertIn("Some runs have no value", self.r.stdout)

    def test_numbers_as_the_report_writes_them_one_precision_a_row(self):
        d = self.direct("satisfaction_mean")[:, -1]
        med, lo, hi = np.median(d), np.percentile(d, 5), np.percentile(d, 95)
        places = fmt.places_for([med, lo, hi], "score", difference=True)
        self.assertGreater(places, 3)  # -0.0004 is not "-0.000"
        want = f"{fmt.signed(med, 'score', places)} [{fmt.signed(lo, 'score', places)}, " \
               f"{fmt.signed(hi, 'score', places)}]"
        row = self.row("Satisfaction with services")
        self.assertIn(want, row)
        self.assertNotIn("0.000 ", row)
        bm = np.median(values(self.base, "series", "satisfaction_mean")[:, -1])
        vm = np.median(values(self.var, "series", "satisfaction_mean")[:, -1])
        places = fmt.places_for([bm, vm], "score")
        self.assertRegex(row, rf"^Satisfaction with services\s+{fmt.value(bm, 'score', places)}"
                              rf"\s+{fmt.value(vm, 'score', places)}\s")
        # money as the report writes it: £m to three significant figures, a real minus
        spending = self.row("Total public spending")
        dm = np.median(self.direct("spending_total")[:, -1])
        self.assertIn(fmt.signed(dm, "money", fmt.places_for(
            [dm] + list(np.percentile(self.direct("spending_total")[:, -1], [5, 95])), "money",
            True)), spending)

    def test_counts_whole_unless_a_median_is_not(self):
        row = self.row("Providers in the market")
        self.assertRegex(row, r"^Providers in the market\s+16\.5\s+20\s+\+3\.5 \[\+3, "
                              r"\+4\]\s+higher in every run$")
        self.assertRegex(Compare.r.stdout, r"(?m)^Providers in the market\s+\d+\s+\d+\s")

class Refusals(unittest.TestCase):
    """-o never replaces a result file or an index; other tools name a comparison file."""

    @classmethod
    def setUpClass(cls):
        cls.dir = scratch("compare-refusals")
        j = lambda n: os.path.join(cls.dir, n)  # noqa: E731
        common = ["--replicates", 5, "--years", 3, "--seed", 3]
        cls.base = fixture(j("base.h5"), "--name", "a", *common)
        cls.var = fixture(j("var.h5"), "--name", "b", "--budget-change", 0.01, *common)
        cls.other = fixture(j("other.h5"), "--name", "c", *common)
        cls.diff = j("diff.h5")
        r = run(QUASIM, "compare", cls.base, cls.var, "-o", cls.diff)
        assert r.returncode == 0, r.stderr

    @staticmethod
    def digest(path):
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()

    def test_o_refuses_a_result_file_an_index_or_a_stranger(self):
        notes = os.path.join(self.dir, "notes.txt")
        with open(notes, "w") as f:
            f.write("mine\n")
        index = batch_index(scratch("compare-o-index"))
        for path, words in ((self.other, "is a quasim result file"), (index, "is a batch index"),
                            (notes, "is not a comparison written by quasim compare")):
            with self.subTest(path=path):
                before = self.digest(path)
                r = run(QUASIM, "compare", self.base, self.var, "-o", path)
                line = assert_one_line_error(self, r, [f"-o {path}", words])
                self.assertIn("an earlier comparison", line)
                self.assertEqual(r.stdout, "")
                self.assertEqual(self.digest(path), before)

    def test_o_replaces_an_earlier_comparison_or_an_empty_file(self):
        again = os.path.join(self.dir, "again.h5")
        empty = os.path.join(self.dir, "empty.h5")
        open(empty, "w").close()
        for path in (again, again, empty):
            r = run(QUASIM, "compare", self.base, self.var, "-o", path)
            self.assertEqual(r.returncode, 0, r.stderr)
            with h5py.File(path, "r") as f:
                self.assertEqual(f["provenance"].attrs["kind"], "comparison")

    def test_other_tools_name_a_comparison_file(self):
        out = scratch("compare-tools")
        for args in (["export", self.diff, "-o", os.path.join(out, "x.csv")],
                     ["plot", self.diff, "-o", os.path.join(out, "plots")],
                     ["plot", self.base, self.diff, "-o", os.path.join(out, "plots")],
                     ["report", self.base, self.diff, "-o", os.path.join(out, "r.html")]):
            with self.subTest(args=args):
                line = assert_one_line_error(self, run(QUASIM, *args), [self.diff])
                self.assertIn("is a comparison written by quasim compare; expected a result "
                              "file", line)
        self.assertEqual(os.listdir(out), [])
        r = run(QUASIM, "info", self.diff)  # the C++ reader names it too
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("is a comparison written by quasim compare, not a result file", r.stderr)

    def test_different_entity_names_are_one_note_the_report_can_use(self):
        sys.path.insert(0, os.path.join(SOURCE, "output"))
        import paired
        m = paired.match_names(["a", "b", "c"], ["c", "a", "d"], "domain", "base", "variant")
        self.assertEqual(m.names, ["a", "c"])
        self.assertEqual(list(m.base_columns), [0, 2])
        self.assertEqual(list(m.var_columns), [1, 0])
        self.assertIn("only in base: b; only in variant: d", m.note)
        names, bcols, vcols, note = m  # unpacks as before
        self.assertIsNone(paired.match_names(["a", "b"], ["b", "a"], "domain", "x", "y").note)

if __name__ == "__main__":
    main()
