"""`quasim info`, and the errors of info/plot/report/calibrate, as a user meets them on the
command line."""
import os
import unittest

from output_test_util import (KEY_SERIES, PYTHON, QUASIM, SOURCE, assert_one_line_error, fixture,
                              main, run, scratch)

FIT = os.path.join(SOURCE, "scripts", "calibration", "fit.py")
GOOD_FIT = """scenario = "scenarios/tiny.toml"
replicates = 1
max_runs = 2

[[parameter]]
name = "budget.change_late"
lower = -0.05
upper = 0.0

[[target]]
series = "unmet_need"
year = 2012
value = 0.1
"""


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


class CalibrateBadInput(unittest.TestCase):
    """`quasim calibrate` (scripts/calibration/fit.py): a bad fit or targets file is one line
    naming it (and the key or line), exit 2, before any run; nothing hangs or fills memory."""

    @classmethod
    def setUpClass(cls):
        cls.dir = scratch("calibrate")

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def fit(self, *args):
        return run(PYTHON, FIT, *args, "--quasim", QUASIM, timeout=60)

    def test_non_regular_and_oversized_files(self):
        fifo = os.path.join(self.dir, "fit.fifo")
        os.mkfifo(fifo)
        big = os.path.join(self.dir, "big.toml")
        with open(big, "wb") as f:
            f.truncate(17 << 20)  # sparse: costs no disk
        missing = os.path.join(self.dir, "missing.toml")
        cases = {"/dev/zero": "a character device", fifo: "a FIFO", self.dir: "a directory",
                 big: "larger than the 16 MiB limit", missing: "no such file"}
        for path, what in cases.items():
            with self.subTest(path):
                assert_one_line_error(self, self.fit(path), [path, what])
        good = self.write("good.toml", GOOD_FIT)
        for path, what in cases.items():
            with self.subTest(f"--targets {path}"):
                assert_one_line_error(self, self.fit(good, "--targets", path), [path, what])

    def test_quasim_calibrate_on_a_device_or_fifo_returns_at_once(self):
        fifo = os.path.join(self.dir, "q.fifo")
        os.mkfifo(fifo)
        for path in ("/dev/zero", fifo):
            with self.subTest(path):
                r = run(QUASIM, "calibrate", path, timeout=60)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertNotIn("Traceback", r.stderr)
                self.assertIn(f"error: {path}: not a regular file", r.stderr)

    def test_config_mistakes_name_the_file_and_key(self):
        cases = {
            "syntax": ("x = \n", "TOML syntax error: Invalid value (at line 1"),
            "unknown_key": (GOOD_FIT.replace("max_runs", "max_run"),
                            "unknown key 'max_run' (did you mean 'max_runs'?)"),
            "bounds": (GOOD_FIT.replace("upper = 0.0", "upper = -0.1"), "parameter 1: needs a name and finite bounds lower < upper"),
            "bound_type": (GOOD_FIT.replace("lower = -0.05", 'lower = "low"'), "parameter 1: lower and upper must be numbers"),
            "no_upper": (GOOD_FIT.replace("upper = 0.0", ""), "parameter 1: missing 'upper'"),
            "method": ('method = "simplex"\n' + GOOD_FIT, "method: expected one of grid, nelder-mead, auto"),
            "replicates": (GOOD_FIT.replace("replicates = 1", "replicates = 0"), "replicates: expected a positive integer"),
            "series": (GOOD_FIT.replace('"unmet_need"', '"unmet_ned"'), "series 'unmet_ned' is not in the series catalogue (did you mean 'unmet_need'?)"),
            "year": (GOOD_FIT.replace("year = 2012", 'year = "20x"'), "target 1: year: expected a calendar year"),
            "scenario": (GOOD_FIT.replace("tiny.toml", "nope.toml"), "scenario: "),
            "no_targets": (GOOD_FIT.split("[[target]]")[0], "no targets"),
            "not_utf8": ("scenario = \"\udcff\"\n", "not UTF-8 text"),
        }
        for case, (text, what) in cases.items():
            with self.subTest(case):
                path = os.path.join(self.dir, f"{case}.toml")
                with open(path, "wb") as f:
                    f.write(text.encode("utf-8", "surrogateescape"))
                json_out = os.path.join(self.dir, f"{case}.json")
                r = self.fit(path, "--json", json_out)
                assert_one_line_error(self, r, [path, what])
                self.assertFalse(os.path.exists(json_out), case)
                self.assertEqual(r.stdout, "")

    def test_command_line_and_csv_mistakes(self):
        good = self.write("good.toml", GOOD_FIT)
        base = ["--scenario", "scenarios/tiny.toml", "--param", "budget.change_late=-0.05:0"]
        cases = {
            "value": ("series,year,value\nunmet_need,2012,abc\n", ":2: value: expected a number, got 'abc'"),
            "header": ("foo,bar\n1,2\n", ":1: header foo,bar: expected series,year,value"),
            "fields": ("series,year,value\nunmet_need,2012,0.1,9\n", ":2: more fields than the header has"),
        }
        for case, (text, what) in cases.items():
            with self.subTest(case):
                path = self.write(f"{case}.csv", text)
                assert_one_line_error(self, self.fit(*base, "--targets", path), [path, what])
        for args, what in (([good, "--param", "x=1"], "--param x=1: expected NAME=LOWER:UPPER"),
                           ([good, "--replicates", "0"], "--replicates: expected a positive integer"),
                           ([good, "--method", "bad"], "argument --method"),
                           ([good, "--json", "/dev/null"], "--json /dev/null: exists and is a character device"),
                           ([good, "--write-variant", self.dir], f"--write-variant {self.dir}: exists")):
            with self.subTest(args[1:]):
                assert_one_line_error(self, self.fit(*args), what)
        r = run(PYTHON, FIT, good, "--quasim", os.path.join(self.dir, "no-quasim"), timeout=60)
        assert_one_line_error(self, r, "--quasim")

    def test_a_target_that_cannot_be_evaluated_stops_the_fit(self):
        text = GOOD_FIT.replace('series = "unmet_need"\nyear = 2012',
                                "statistic = \"at(s('unmet_need'), 2099)\"")
        path = self.write("stat.toml", text)
        r = self.fit(path, "--set", "run.years=3")
        assert_one_line_error(self, r, [path, "year 2099 not in 2010-2012"])

    def test_a_good_fit_still_runs_and_writes_its_outputs(self):
        good = self.write("ok.toml", GOOD_FIT)
        csv = self.write("ok.csv", "series,year,value,weight\nby_domain/unmet_need:adult_social_care,2011-2012,0.05,0.5\n")
        json_out, variant = os.path.join(self.dir, "ok.json"), os.path.join(self.dir, "ok_variant.toml")
        r = self.fit(good, "--targets", csv, "--set", "run.years=3", "--json", json_out,
                     "--write-variant", variant)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("best fit", r.stdout)
        self.assertIn("by_domain/unmet_need:adult_social_care 2011-", r.stdout)  # label cut at 44
        self.assertTrue(os.path.getsize(json_out) > 0 and os.path.getsize(variant) > 0)
        self.assertNotIn("error:", r.stderr)  # the progress bar says "best error"

    def test_interrupt_and_unexpected_errors_are_one_line_too(self):
        code = f"""
import sys; sys.path.insert(0, {os.path.join(SOURCE, 'output')!r})
import quasim_reader as r
def main(argv):
    raise {{'int': KeyboardInterrupt(), 'bug': ZeroDivisionError("boom\\nline two")}}[sys.argv[1]]
sys.exit(r.run_main(main))
"""
        r = run(PYTHON, "-c", code, "int", timeout=60)
        assert_one_line_error(self, r, "interrupted", code=130)
        r = run(PYTHON, "-c", code, "bug", timeout=60)
        assert_one_line_error(self, r, "unexpected ZeroDivisionError: boom line two", code=1)


if __name__ == "__main__":
    main()
