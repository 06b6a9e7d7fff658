"""`quasim info`, and the errors of info/plot/report, as a user meets them on the command line."""
import os
import unittest

from output_test_util import KEY_SERIES, QUASIM, SOURCE, fixture, main, run, scratch


class Info(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = scratch("cli")
        cls.path = fixture(os.path.join(cls.dir, "baseline.h5"), "--replicates", 6, "--years", 15,
                           "--seed", 42, "--name", "baseline")

    def test_info_shows_provenance_datasets_and_summary(self):
        r = run(QUASIM, "info", self.path)
        self.assertEqual(r.returncode, 0, r.stderr)
        out = r.stdout
        self.assertIn("scenario    baseline (scenarios/baseline.toml)", out)
        self.assertIn("seed        42", out)
        self.assertIn("replicates  6 completed of 6 requested", out)
        self.assertIn("years       2010-2024 (15 years)", out)
        self.assertIn("command     quasim run scenarios/baseline.toml", out)
        self.assertIn("/series/unmet_need", out)
        self.assertIn("[6 x 15 x 4]", out)          # by_commissioner
        self.assertIn("/by_provider_type/market_share", out)
        self.assertIn("share (0-1)", out)
        self.assertIn("Key indicators in 2024 across replicates", out)
        for name in KEY_SERIES:
            self.assertIn(name, out)
        self.assertNotIn("/series/year", out)        # axes are not listed as series

    def test_info_on_a_run_with_no_completed_replicate(self):
        empty = fixture(os.path.join(self.dir, "empty.h5"), "--replicates", 0)
        r = run(QUASIM, "info", empty)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("replicates  0 completed", r.stdout)
        self.assertIn("(no replicates completed)", r.stdout)

    def test_catalogue_lists_every_series_as_markdown(self):
        r = run(QUASIM, "info", "--catalogue")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("### /series", r.stdout)
        self.assertIn("### /by_domain", r.stdout)
        self.assertIn("| `hhi` | index (0-10000) |", r.stdout)

    def test_docs_list_every_series(self):
        r = run(QUASIM, "info", "--catalogue")
        with open(os.path.join(SOURCE, "docs", "OUTPUTS.md"), encoding="utf-8") as f:
            docs = f.read()
        for line in r.stdout.splitlines():
            self.assertTrue(line in docs, f"docs/OUTPUTS.md lacks {line!r}: regenerate its "
                                          "Series section with `quasim info --catalogue`")

    def test_missing_file_is_a_one_line_error_naming_it(self):
        missing = os.path.join(self.dir, "missing.h5")
        r = run(QUASIM, "info", missing)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn(f"{missing}: no such file", r.stderr)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)

    def test_foreign_hdf5_file_is_rejected(self):
        import h5py
        foreign = os.path.join(self.dir, "foreign.h5")
        with h5py.File(foreign, "w") as f:
            f["x"] = [1.0, 2.0]
        r = run(QUASIM, "info", foreign)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("not a quasim result file", r.stderr)

    def test_help_shows_an_example(self):
        for cmd in ("info", "plot", "report"):
            r = run(QUASIM, cmd, "--help")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn(f"quasim {cmd} ", r.stdout)
            self.assertIn("Example", r.stdout)

    def test_plot_and_report_fail_on_a_missing_file(self):
        missing = os.path.join(self.dir, "missing.h5")
        for cmd in (["plot", missing, "-o", os.path.join(self.dir, "p")],
                    ["report", missing, "-o", os.path.join(self.dir, "r.html")]):
            r = run(QUASIM, *cmd)
            self.assertNotEqual(r.returncode, 0, cmd)
            self.assertIn(f"{missing}: no such file", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "r.html")))


if __name__ == "__main__":
    main()
