"""`quasim report`: one self-contained page with provenance, parameter differences, indicator
tables at the chosen years and every chart embedded."""
import os
import re
import unittest

from output_test_util import (KEY_SERIES, PYTHON, QUASIM, SOURCE, assert_one_line_error,
                              batch_index, fixture, hostile_inputs, main, mark_partial, run,
                              scratch)

REPORT = os.path.join(SOURCE, "output", "report.py")


def leftovers(folder):
    """Temp files a failed or finished write left behind (there must be none)."""
    return [n for n in os.listdir(folder) if ".tmp-" in n]


class Report(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = scratch("report")
        cls.a = fixture(os.path.join(cls.dir, "a.h5"), "--name", "baseline", "--replicates", 12,
                        "--years", 16, "--seed", 11)
        cls.b = fixture(os.path.join(cls.dir, "b.h5"), "--name", "austerity", "--replicates", 12,
                        "--years", 16, "--seed", 12, "--budget-change", -0.05)
        cls.html_path = os.path.join(cls.dir, "out", "report.html")
        r = run(QUASIM, "report", cls.a, cls.b, "-o", cls.html_path, "--years", "2012,2025")
        assert r.returncode == 0, r.stderr
        with open(cls.html_path, encoding="utf-8") as f:
            cls.html = f.read()

    def test_every_chart_is_embedded_with_alt_text(self):
        imgs = re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="([^"]+)"',
                          self.html)
        self.assertEqual(len(imgs), len(KEY_SERIES) + 1)
        import base64
        for data, alt in imgs:
            self.assertTrue(base64.b64decode(data).startswith(b"\x89PNG"))
            self.assertGreater(len(data), 20000)
            self.assertIn("baseline, austerity", alt)
        self.assertGreater(os.path.getsize(self.html_path), 300000)

    def test_page_is_self_contained(self):
        self.assertNotRegex(self.html, r"(src|href)=\"(?!data:)")
        self.assertNotIn("http://", self.html)
        self.assertNotIn("https://", self.html)
        self.assertNotIn("<script", self.html)

    def test_title_provenance_and_parameter_differences(self):
        self.assertIn("<title>quasim report: baseline vs austerity</title>", self.html)
        self.assertIn("<td>11</td>", self.html)  # seeds
        self.assertIn("<td>12</td>", self.html)
        self.assertIn("12 of 12", self.html)
        diff = self.html.split("<h2>Parameters that differ</h2>")[1].split("<h2>")[0]
        self.assertIn("<code>budget.change_early</code>", diff)
        self.assertIn("-0.023", diff)
        self.assertIn("-0.05", diff)
        self.assertIn("<code>run.seed</code>", diff)
        self.assertNotIn("change_late", diff)  # the same in both files

    def test_indicator_tables_at_the_chosen_years(self):
        self.assertIn("<h2>Key indicators in 2012</h2>", self.html)
        self.assertIn("<h2>Key indicators in 2025</h2>", self.html)
        table = self.html.split("<h2>Key indicators in 2025</h2>")[1].split("<h2>")[0]
        for name in KEY_SERIES:
            self.assertIn(f"<td>{name}</td>", table)
        cells = re.findall(r'<td class="num">([^<]*)</td>', table)
        self.assertEqual(len(cells), 2 * len(KEY_SERIES))
        for c in cells:
            self.assertRegex(c, r"^-?[\d,.]+ \[-?[\d,.]+&ndash;-?[\d,.]+\]$")

    def test_single_file_default_year(self):
        out = os.path.join(self.dir, "single.html")
        r = run(QUASIM, "report", self.a, "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(out, encoding="utf-8") as f:
            page = f.read()
        self.assertIn("<h2>Key indicators in 2025</h2>", page)
        self.assertIn("nothing to compare", page)

    def test_year_outside_every_file_is_an_error(self):
        out = os.path.join(self.dir, "bad.html")
        r = run(QUASIM, "report", self.a, "-o", out, "--years", "1990")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("year 1990 is not in any file", r.stderr)
        self.assertFalse(os.path.exists(out))


class ReportBadInput(unittest.TestCase):
    """Bad input is one line `error: ...` naming the file or option, exit 2, and no page."""

    @classmethod
    def setUpClass(cls):
        cls.dir = scratch("report-bad")
        cls.good = fixture(os.path.join(cls.dir, "good.h5"), "--replicates", 3, "--years", 5)
        cls.cases = hostile_inputs(cls.dir, cls.good)

    def test_each_bad_input_is_one_line_and_no_page(self):
        out = os.path.join(self.dir, "pages", "report.html")
        for case, (path, what) in self.cases.items():
            with self.subTest(case):
                r = run(PYTHON, REPORT, self.good, path, "-o", out, timeout=60)
                assert_one_line_error(self, r, [path, what])
                self.assertFalse(os.path.exists(os.path.dirname(out)), case)

    def test_a_failed_report_leaves_the_old_page_alone(self):
        out = os.path.join(self.dir, "kept.html")
        r = run(PYTHON, REPORT, self.good, "-o", out, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(out, encoding="utf-8") as f:
            before = f.read()
        r = run(PYTHON, REPORT, self.cases["series_shape"][0], "-o", out, timeout=60)
        assert_one_line_error(self, r, "/series/unmet_need has shape")
        with open(out, encoding="utf-8") as f:
            self.assertEqual(f.read(), before)
        self.assertEqual(leftovers(self.dir), [])

    def test_output_that_is_not_a_regular_file_is_refused_first(self):
        fifo = os.path.join(self.dir, "out.fifo")
        os.mkfifo(fifo)
        for out, what in (("/dev/null", "a character device"), (self.dir, "a directory"),
                          (fifo, "a FIFO"), (self.good, "is the input")):
            with self.subTest(out):
                r = run(PYTHON, REPORT, self.good, "-o", out, timeout=60)
                assert_one_line_error(self, r, [f"-o {out}", what])
        self.assertEqual(leftovers(self.dir), [])

    def test_bad_years_are_one_line(self):
        for years, what in (("20x5", "argument --years"), ("1990", "--years: year 1990")):
            with self.subTest(years):
                out = os.path.join(self.dir, "years.html")
                r = run(PYTHON, REPORT, self.good, "-o", out, "--years", years, timeout=60)
                assert_one_line_error(self, r, what)
                self.assertFalse(os.path.exists(out))

    def test_quasim_report_passes_the_error_on(self):
        path, what = self.cases["truncated"]
        out = os.path.join(self.dir, "q.html")
        r = run(QUASIM, "report", path, "-o", out, timeout=60)
        self.assertNotEqual(r.returncode, 0)
        self.assertNotIn("Traceback", r.stderr)
        self.assertIn(f"{path}: ", r.stderr)
        self.assertFalse(os.path.exists(out))


class ReportBatch(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = scratch("report-batch")
        cls.index = batch_index(cls.dir)

    def test_a_batch_index_is_reported_as_its_points(self):
        out = os.path.join(self.dir, "batch.html")
        r = run(QUASIM, "report", self.index, "-o", out, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(out, encoding="utf-8") as f:
            page = f.read()
        scenarios = page.split("<h2>Scenarios</h2>")[1].split("<h2>")[0]
        self.assertIn("sweep.p000.h5", scenarios)
        self.assertIn("sweep.p001.h5", scenarios)
        diff = page.split("<h2>Parameters that differ</h2>")[1].split("<h2>")[0]
        self.assertIn("<code>budget.change_late</code>", diff)
        table = page.split("<h2>Key indicators in 2012</h2>")[1].split("<h2>")[0]
        self.assertEqual(len(re.findall(r'<td class="num">', table)), 2 * len(KEY_SERIES))
        self.assertNotIn('class="warning"', page)
        self.assertEqual(leftovers(self.dir), [])

    def test_partial_file_gets_a_visible_warning(self):
        partial = mark_partial(self.index[:-3] + ".p001.h5", os.path.join(self.dir, "partial.h5"))
        out = os.path.join(self.dir, "partial.html")
        r = run(PYTHON, REPORT, self.index, partial, "-o", out, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stderr.strip(), r"^warning: .*partial\.h5: partial result")
        with open(out, encoding="utf-8") as f:
            page = f.read()
        warnings = re.findall(r'<p class="warning">(.*?)</p>', page)
        self.assertEqual(len(warnings), 1, warnings)
        self.assertIn("partial.h5: partial result", warnings[0])
        self.assertIn("replicate 7", warnings[0])
        self.assertIn("(partial)", page.split("<h2>Scenarios</h2>")[1].split("<h2>")[0])


if __name__ == "__main__":
    main()
