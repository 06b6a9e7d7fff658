"""`quasim report`: one self-contained page with provenance, parameter differences, indicator
tables at the chosen years and every chart embedded."""
import os
import re
import unittest

from output_test_util import KEY_SERIES, QUASIM, fixture, main, run, scratch


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


if __name__ == "__main__":
    main()
