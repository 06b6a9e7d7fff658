"""`quasim report`: the briefing. Its headline sentences must give the paired differences a
direct numpy computation gives from the files; indicators appear under their plain labels; money
states its price base; no NaN reaches the reader; runs that do not pair are refused (or, with
--unpaired, compared under a warning); bad input is one line and no page."""
import base64
import html
import os
import re
import sys
import unittest

import h5py
import numpy as np

from output_test_util import (KEY_SERIES, PYTHON, QUASIM, SOURCE, assert_one_line_error,
                              batch_index, copy_with, fixture, hostile_inputs, main,
                              mark_partial, run, scratch)

REPORT = os.path.join(SOURCE, "output", "report.py")
DATA_URI = re.compile(r"data:image/png;base64,[A-Za-z0-9+/=]+")
# Plain labels (output/series_catalogue.json) of the series the tests read.
LABELS = {"unmet_need": "Unmet need", "funding_gap": "Funding gap",
          "spending_total": "Total public spending", "outcome_mean": "Citizens' outcomes",
          "hhi": "Market concentration", "contract_price_index": "Contract prices",
          "transaction_costs": "Cost of running markets"}


def leftovers(folder):
    """Temp files a failed or finished write left behind (there must be none)."""
    return [n for n in os.listdir(folder) if ".tmp-" in n]


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def section(page, ident):
    m = re.search(rf'<section id="{ident}">(.*?)</section>', page, re.S)
    assert m, f"no section {ident}"
    return m.group(1)


def text(fragment):
    """What a reader sees: block tags a space, inline tags nothing, entities decoded, spaces
    collapsed."""
    blocks = re.sub(r"</?(br|li|p|td|th|tr|h\d|div|dt|dd|figcaption)\b[^>]*>", " ", fragment)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", blocks)).split())


def number(s):
    """A number as the page writes it (−£1,234m, +4.9, 12.3%) as a float."""
    return float(s.strip().replace("−", "-").replace("£", "").replace(",", "").rstrip("m%"))


def series(path, name, group="series"):
    with h5py.File(path, "r") as f:
        return f[f"{group}/{name}"][...], [str(n, "utf-8") if isinstance(n, bytes) else str(n)
                                           for n in f["domain"][...]]


class Report(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = scratch("report")
        # Same seed: replicate r of each saw the same luck, so the runs pair.
        cls.a = fixture(os.path.join(cls.dir, "a.h5"), "--name", "baseline", "--replicates", 12,
                        "--years", 16, "--seed", 11, "--domains", 5)
        cls.b = fixture(os.path.join(cls.dir, "b.h5"), "--name", "austerity", "--replicates", 12,
                        "--years", 16, "--seed", 11, "--budget-change", -0.05, "--domains", 5)
        cls.html_path = os.path.join(cls.dir, "out", "report.html")
        r = run(QUASIM, "report", cls.a, cls.b, "-o", cls.html_path, "--years", "2012,2025")
        assert r.returncode == 0, r.stderr
        cls.html = read(cls.html_path)
        cls.readable = DATA_URI.sub("data:", cls.html)  # the page without its images

    def sentence(self, label):
        """The headline's list item about `label`, as text."""
        head = section(self.readable, "headline")
        items = [text(li) for li in re.findall(r"<li[^>]*>(.*?)</li>", head, re.S)]
        hits = [t for t in items if t.startswith(label + " ")]
        self.assertEqual(len(hits), 1, f"{label}: {items}")
        return hits[0]

    def expected(self, name):
        """Median, p05, p95 and shares of the paired differences at 2025, by numpy."""
        a, _ = series(self.a, name)
        b, _ = series(self.b, name)
        d = b[:, -1] - a[:, -1]
        return np.percentile(d, [50, 5, 95]), np.mean(d > 0), np.mean(d < 0)

    def test_headline_numbers_are_the_paired_differences(self):
        for name, scale, tolerance in (("unmet_need", 100, 0.05), ("funding_gap", 1, 0.5),
                                       ("spending_total", 1, 0.5), ("outcome_mean", 1, 0.0005)):
            with self.subTest(name):
                (med, p05, p95), higher, lower = self.expected(name)
                s = self.sentence(LABELS[name])
                m = re.search(r"by 2025 the median difference is (\S+)(?: percentage points)? "
                              r"\(90% of runs between (\S+) and ([^)]+)\)", s)
                self.assertTrue(m, s)
                got = [number(g) for g in m.groups()]
                for value, want in zip(got, (med, p05, p95)):
                    self.assertAlmostEqual(value, want * scale, delta=tolerance, msg=s)
                way, share = ("higher", higher) if higher >= lower else ("lower", lower)
                self.assertIn(f" {way} ", s)
                self.assertIn(f"({round(100 * share)}%)", s)

    def test_how_sure_words_and_better(self):
        # Less money, more unmet need in every run: "in every run", and which way is worse.
        self.assertIn("Unmet need is higher (worse) in every run (100%)",
                      self.sentence("Unmet need"))
        self.assertIn("Total public spending is lower in every run (100%)",  # neither better
                      self.sentence("Total public spending"))
        self.assertIn("Citizens' outcomes are lower (worse)", self.sentence("Citizens' outcomes"))

    def test_where_the_effect_sits_ranks_services_over_the_years(self):
        a, domains = series(self.a, "unmet_need", "by_domain")
        b, _ = series(self.b, "unmet_need", "by_domain")
        med = np.median(b - a, axis=0)  # [year, domain]
        effect = np.mean(np.abs(med), axis=0)  # the change over all the years
        k = int(np.argmax(effect))
        first = domains[k].replace("_", " ")
        where = [t for t in (text(li) for li in re.findall(
            r"<li>(.*?)</li>", section(self.readable, "headline"), re.S))
            if t.startswith("By service, over 2010–2025 unmet need")]
        self.assertEqual(len(where), 1)
        m = re.search(rf"changes (?:most in {first} \((\S+) pp on average; largest (\S+) pp "
                      rf"in (\d+),|by about the same in every service)", where[0])
        self.assertTrue(m, where[0])
        if m.group(1):
            self.assertAlmostEqual(number(m.group(1)), 100 * np.mean(med[:, k]), delta=0.05)
            peak = int(np.argmax(np.abs(med[:, k])))
            self.assertAlmostEqual(number(m.group(2)), 100 * med[peak, k], delta=0.05)
            self.assertEqual(int(m.group(3)), 2010 + peak)
        # Its small multiples: one panel per service, in the same order (said in the alt text).
        alts = re.findall(r'alt="([^"]+)"', section(self.readable, "where"))
        service = [x for x in alts if x.startswith("Small multiples of Unmet need by service")]
        self.assertEqual(len(service), 1, alts)
        order = [domains[i].replace("_", " ") for i in np.argsort(-effect, kind="stable")[:3]]
        self.assertIn(f"largest change over the years first ({', '.join(order)})",
                      html.unescape(service[0]))

    def test_every_chart_is_embedded_with_alt_text(self):
        imgs = re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" width="(\d+)" '
                          r'height="(\d+)" alt="([^"]+)"', self.html)
        # 14 difference charts, 3 by service and 3 by council, 14 fans of levels + market share
        self.assertEqual(len(imgs), 14 + 6 + 15)
        for data, w, h, alt in imgs:
            png = base64.b64decode(data)
            self.assertTrue(png.startswith(b"\x89PNG"))
            self.assertEqual(int.from_bytes(png[16:20], "big"), int(w))
            self.assertGreater(len(alt), 40)
        diffs = re.findall(r'alt="(Difference chart of [^"]+)"', self.html)
        self.assertEqual(len(diffs), len(KEY_SERIES))
        self.assertIn("zero line", diffs[0])

    def test_page_is_self_contained_and_responsive(self):
        self.assertNotRegex(self.html, r"(src|href)=\"(?!data:|#)")
        self.assertNotIn("http://", self.html)
        self.assertNotIn("https://", self.html)
        self.assertNotIn("<script", self.html)
        self.assertIn('name="viewport"', self.html)
        self.assertIn("max-width: 100%", self.html)  # images shrink to the screen
        self.assertIn('<div class="scroll"><table', self.html)  # wide tables scroll

    def test_plain_labels_not_code_names(self):
        headings = [text(h) for h in re.findall(r"<h[1-4][^>]*>(.*?)</h[1-4]>", self.readable)]
        for name in KEY_SERIES + ["by_domain", "by_commissioner"]:
            for h in headings:
                self.assertNotIn(name, h)
        captions = [text(c) for c in re.findall(r"<figcaption>(.*?)</figcaption>",
                                                self.readable, re.S)]
        self.assertTrue(any(c.startswith("Unmet need unmet_need: Share of need (need units)") for c in
                            captions), captions)
        # The code name is there, but small beside the label.
        table = section(self.readable, "indicators")
        self.assertIn('Market concentration <span class="code">hhi</span>', table)
        self.assertIn('Contract prices <span class="code">contract_price_index</span>', table)

    def test_money_price_base_is_stated_near_the_top(self):
        intro = text(section(self.readable, "intro"))
        self.assertIn("Money is in GBP, real terms at constant prices; the model has no "
                      "inflation (prices of 2010, the first year)", intro)
        self.assertLess(self.readable.index("constant prices"),
                        self.readable.index('<section id="headline">'))

    def test_no_nan_reaches_the_reader(self):
        self.assertNotIn("NaN", self.readable)
        self.assertNotRegex(self.readable.lower(), r"\bnan\b")

    def test_numbers_are_formatted_by_kind(self):
        table = section(self.readable, "indicators")
        self.assertEqual(len(re.findall(r"<tr><td>", table)), 2 * len(KEY_SERIES))  # two years
        rows = {text(r.split("</td>")[0]).split(" ")[-1]: r
                for r in re.findall(r"<tr><td>(.*?)</tr>", table.split("In 2025")[1], re.S)}
        self.assertEqual(len(rows), len(KEY_SERIES))
        cells = lambda name: [text(c) for c in re.findall(  # noqa: E731
            r'<td class="num">(.*?)</td>', rows[name], re.S)]
        unmet = cells("unmet_need")
        self.assertRegex(unmet[0], r"^\d+\.\d% \d+\.\d to \d+\.\d%$")
        self.assertRegex(unmet[2], r"^\+\d+\.\d pp \+\d+\.\d to \+\d+\.\d pp ")
        self.assertRegex(cells("funding_gap")[0], r"^£[\d,]+m £[\d,]+m to £[\d,]+m$")
        self.assertRegex(cells("providers_active")[0],  # counts: whole when whole
                         r"^\d+(\.[1-9])? \d+(\.[1-9])? to \d+(\.[1-9])?$")
        self.assertRegex(cells("outcome_mean")[0], r"^0\.\d{3} ")  # scores: 3 decimals

    def test_indicator_tables_at_the_chosen_years(self):
        table = section(self.readable, "indicators")
        self.assertIn("<h3>In 2012</h3>", table)
        self.assertIn("<h3>In 2025</h3>", table)
        self.assertIn("<th>difference: austerity</th>", table)

    def test_parameters_that_differ_and_provenance(self):
        diff = section(self.readable, "parameters")
        self.assertIn("<code>budget.change_early</code>", diff)
        self.assertIn("-0.023", diff)
        self.assertIn("-0.05", diff)
        self.assertNotIn("run.seed", diff)  # paired: the same seed
        prov = section(self.readable, "provenance")
        self.assertIn("<td>11</td>", prov)
        self.assertIn("12 of 12", prov)
        self.assertIn("a.h5", prov)

    def test_glossary_explains_the_words(self):
        glossary = text(section(self.readable, "glossary"))
        for word in ("Run (replicate)", "Paired difference", "Median", "50% and 90% intervals",
                     "Percentage point", "Gini coefficient", "Market concentration (HHI)",
                     "Price index", "Need unit", "Value for money", "Constant prices"):
            self.assertIn(word, glossary)

    def test_baseline_can_be_chosen(self):
        out = os.path.join(self.dir, "swapped.html")
        r = run(QUASIM, "report", self.a, self.b, "-o", out, "--baseline", "austerity")
        self.assertEqual(r.returncode, 0, r.stderr)
        page = read(out)
        self.assertIn("<title>quasim briefing: baseline compared with austerity</title>", page)
        self.assertIn("Unmet need is lower (better) in every run", text(section(
            DATA_URI.sub("", page), "headline")))
        r = run(PYTHON, REPORT, self.a, self.b, "-o", out, "--baseline", "nothing")
        assert_one_line_error(self, r, ["--baseline nothing", "not one of the scenarios"])

    def test_single_file_default_year(self):
        out = os.path.join(self.dir, "single.html")
        r = run(QUASIM, "report", self.a, "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        page = read(out)
        self.assertIn("<h3>In 2025</h3>", page)
        self.assertIn("nothing to compare", page)
        self.assertNotIn('<section id="differences">', page)

    def test_year_outside_every_file_is_an_error(self):
        out = os.path.join(self.dir, "bad.html")
        r = run(QUASIM, "report", self.a, "-o", out, "--years", "1990")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("year 1990 is not in any file", r.stderr)
        self.assertFalse(os.path.exists(out))


class Words(unittest.TestCase):
    """The grammar of generated sentences: "is" or "are" from a label's head noun."""

    def test_verb_agrees_with_the_head_noun(self):
        sys.path.insert(0, os.path.join(SOURCE, "output"))
        import headline
        plural = ["People switching provider", "People waiting", "Children in care",
                  "Councils hit by provider failures", "Services brought back in-house",
                  "Failed services taken over by another provider", "Mutuals still trading",
                  "Providers in the market", "Contract prices", "Bids per tender",
                  "Tenders held", "Needs prevented", "Citizens' outcomes",
                  "Long waits (1 in 10 waited longer)", "In-house units rebuilt"]
        single = ["Unmet need", "Total public spending", "Cost of running markets",
                  "Market concentration", "Inequality among people in need",
                  "Commissioners' skill as buyers", "Share of services outsourced",
                  "Capacity hired", "Value for money", "Funding gap"]
        for label in plural:
            self.assertEqual(headline.verb_for(label), "are", label)
        for label in single:
            self.assertEqual(headline.verb_for(label), "is", label)


def verdict_words(d, better, verb):
    """How sure, worded from the differences of one year by the rule docs/OUTPUTS.md states
    (computed here directly, not by paired.py): fewer than 5 runs with a value: too few; at
    least 95% one way "in almost every run" (100%: "in every run"), 75% "in most runs"."""
    d = d[np.isfinite(d)]
    if d.size < 5:
        return f"too few runs with a value to say ({d.size} of"
    higher, lower = np.mean(d > 0), np.mean(d < 0)
    way, share = ("higher", higher) if higher >= lower else ("lower", lower)
    judged = "" if better == "neither" else (" (better)" if way == better else " (worse)")
    if share < 0.75:
        return f"no clear difference: higher in {round(100 * higher)}% of runs"
    words = "in every run" if share == 1 else \
        "in almost every run" if share >= 0.95 else "in most runs"
    return f"{verb} {way}{judged} {words} ({round(100 * share)}%)"


def items_after(head, heading):
    """The list items (as text) of the list that follows the <strong>heading</strong>."""
    m = re.search(rf"<strong>{re.escape(heading)}</strong>.*?</p>\s*<ul[^>]*>(.*?)</ul>", head,
                  re.S)
    return [] if not m else [li for li in re.findall(r"<li[^>]*>(.*?)</li>", m.group(1), re.S)]


class Fabricated(unittest.TestCase):
    """A pair of copies of one fixture file, the same everywhere except where a test wrote
    values: a price with a value in 1 run of 12 (too few to say) and one in 6 (judged over
    those 6), a service whose change is large early and gone by the end beside one that
    changes a little at the end, and other series whose change from zero is or is not
    material, two of them counting the same decisions."""

    @classmethod
    def setUpClass(cls):
        cls.dir = scratch("report-fabricated")
        good = fixture(os.path.join(cls.dir, "good.h5"), "--replicates", 12, "--years", 16,
                       "--seed", 11, "--domains", 5)
        with h5py.File(good, "r") as f:
            reps, years = f["series/unmet_need"].shape
        cls.price_delta = np.array([0.01, 0.02, 0.01, 0.03, -0.01, 0.02])

        def common(f):
            bids = f["series/bids_per_tender"][...]
            bids[1:, -1] = np.nan  # only run 0 held a tender in the final year
            f["series/bids_per_tender"][...] = bids
            price = f["series/contract_price_index"][...]
            price[6:, -1] = np.nan  # runs 0-5 did
            f["series/contract_price_index"][...] = price
            for name in ("provider_failures", "hidden_need", "tenders", "make_or_buy_market"):
                f[f"series/{name}"][...] = np.zeros((reps, years))

        def variant(f):
            common(f)
            bids = f["series/bids_per_tender"][...]
            bids[0, -1] += 1.0
            f["series/bids_per_tender"][...] = bids
            price = f["series/contract_price_index"][...]
            price[:6, -1] += cls.price_delta
            f["series/contract_price_index"][...] = price
            u = f["by_domain/unmet_need"][...]
            u[:, :8, 0] += 0.10   # the first service: a large change that is gone by 2018
            u[:, -1, 1] += 0.01   # the second: a small one in the final year only
            f["by_domain/unmet_need"][...] = u
            f["series/provider_failures"][...] = np.full((reps, years), 0.6)  # not one event
            f["series/hidden_need"][...] = np.full((reps, years), 1e-5)  # 0.001 pp: nothing
            f["series/tenders"][...] = np.full((reps, years), 3.0)
            f["series/make_or_buy_market"][...] = np.full((reps, years), 3.0)

        cls.base = copy_with(good, os.path.join(cls.dir, "base.h5"), common)
        cls.var = copy_with(good, os.path.join(cls.dir, "var.h5"), variant)
        out = os.path.join(cls.dir, "report.html")
        r = run(QUASIM, "report", cls.base, cls.var, "-o", out)
        assert r.returncode == 0, r.stderr
        cls.page = DATA_URI.sub("data:", read(out))
        cls.head = section(cls.page, "headline")

    def item(self, label):
        items = [text(li) for li in re.findall(r"<li[^>]*>(.*?)</li>", self.head, re.S)]
        hits = [t for t in items if t.startswith(label)]
        self.assertEqual(len(hits), 1, f"{label}: {items}")
        return hits[0]

    def test_one_run_with_a_value_is_too_few_to_say(self):
        a, _ = series(self.base, "bids_per_tender")
        b, _ = series(self.var, "bids_per_tender")
        want = verdict_words(b[:, -1] - a[:, -1], "higher", "are")
        self.assertEqual(want, "too few runs with a value to say (1 of")
        self.assertIn("Bids per tender: too few runs with a value to say (1 of 12) in 2025",
                      self.item("Bids per tender"))
        short = text(re.search(r'<p class="box">(.*?)</p>', self.head, re.S).group(1))
        self.assertIn("too few runs with a value to say for bids per tender", short)
        clearly = re.search(r"change clearly(?: \(([^)]*)\))?", short).group(1) or ""
        self.assertNotIn("bids per tender", clearly)
        self.assertNotIn("Bids per tender", [text(li).split(" are ")[0] for li in items_after(
            self.head, "Key indicators that change clearly")])
        cells = section(self.page, "indicators").split("Bids per tender")[1].split("</tr>")[0]
        self.assertIn("too few runs with a value to say (1 of 12)", text(cells))

    def test_six_runs_with_a_value_are_judged_over_those_six(self):
        a, _ = series(self.base, "contract_price_index")
        b, _ = series(self.var, "contract_price_index")
        d = b[:, -1] - a[:, -1]
        want = verdict_words(d, "lower", "are")
        self.assertEqual(want, "are higher (worse) in most runs (83%)")  # 5 of the 6
        s = self.item("Contract prices")
        self.assertIn(f"Contract prices {want}", s)
        self.assertIn("over the 6 of 12 runs with a value (no tender that year in the others)", s)
        m = re.search(r"median difference is (\S+) \(90% of runs between (\S+) and ([^)]+)\)", s)
        finite = d[np.isfinite(d)]
        for got, q in zip(m.groups(), (50, 5, 95)):
            self.assertAlmostEqual(number(got), np.percentile(finite, q), delta=0.0005, msg=s)

    def test_an_early_effect_that_fades_is_named_before_a_late_small_one(self):
        _, domains = series(self.base, "unmet_need", "by_domain")
        first, second = (domains[i].replace("_", " ") for i in (0, 1))
        s = self.item("By service, over 2010–2025 unmet need")
        self.assertTrue(s.startswith(f"By service, over 2010–2025 unmet need changes most in "
                                     f"{first} (+5.0 pp on average; largest +10.0 pp in 2010"), s)
        self.assertLess(s.index(first), s.index(second))
        alts = re.findall(r'alt="([^"]+)"', section(self.page, "where"))
        service = [html.unescape(x) for x in alts if x.startswith("Small multiples of Unmet "
                                                                    "need by service")]
        self.assertIn(f"largest change over the years first ({first}, {second},", service[0])

    def test_other_large_changes_are_material_and_one_per_family(self):
        others = [text(li) for li in items_after(self.head, "Other large changes")]
        self.assertEqual(len(others), 1, others)  # tenders; its family member is named in it
        self.assertTrue(others[0].startswith("Tenders held are higher in every run (100%)"),
                        others)
        self.assertIn("Related counts that move with it: decisions to go to market (higher)",
                      others[0])
        for label in ("Provider failures", "Hidden need", "Decisions to go to market"):
            self.assertFalse(any(t.startswith(label) for t in others), (label, others))
        # Only the label is bold: the sentence reads at normal weight.
        for li in items_after(self.head, "Other large changes"):
            self.assertEqual(len(re.findall(r"<strong>", li)), 1, li)
            self.assertTrue(li.startswith("<strong>Tenders held</strong> are"), li)
        self.assertNotIn("li.large", self.page)


class Headline(unittest.TestCase):
    """A real pair of tiny runs, one tendering most services (many market counts change a lot):
    the key indicators come first, then the other large changes, a few, one per family."""

    @classmethod
    def setUpClass(cls):
        cls.dir = scratch("report-headline")
        tiny = os.path.join(SOURCE, "scenarios", "tiny.toml")
        cls.a, cls.b = os.path.join(cls.dir, "a.h5"), os.path.join(cls.dir, "b.h5")
        tender = [x for d in ("adult_social_care", "childrens_services", "community_health",
                              "offender_rehabilitation")
                  for x in ("--set", f"domain.{d}.tender_share=0.8")]
        for path, extra in ((cls.a, []), (cls.b, tender)):
            r = run(QUASIM, "run", tiny, "-o", path, "--replicates", 8, "--years", 8, "-q",
                    *extra)
            assert r.returncode == 0, r.stderr
        out = os.path.join(cls.dir, "report.html")
        r = run(QUASIM, "report", cls.a, cls.b, "-o", out)
        assert r.returncode == 0, r.stderr
        cls.head = section(DATA_URI.sub("data:", read(out)), "headline")

    def test_key_indicators_first_then_a_few_other_large_changes(self):
        sys.path.insert(0, os.path.join(SOURCE, "output"))
        import quasim_reader
        labels = {e["label"]: (n, e) for (g, n), e in quasim_reader.catalogue().items()
                  if g == "series"}
        headings = re.findall(r"<p><strong>([^<]+)</strong>", self.head)
        order = ["Key indicators that change clearly", "Key indicators without a clear "
                 "difference", "Other large changes", "Where the effect sits"]
        self.assertEqual([h for h in headings if h in order], order)
        def lead(li):
            return html.unescape(re.match(r"<strong>([^<]+)</strong>", li).group(1))
        key = [lead(li) for h in order[:2] for li in items_after(self.head, h)]
        self.assertEqual(sorted(labels[k][0] for k in key), sorted(KEY_SERIES))
        others = [lead(li) for li in items_after(self.head, "Other large changes")]
        self.assertTrue(0 < len(others) <= 4, others)
        names = [labels[o][0] for o in others]
        self.assertFalse(set(names) & set(KEY_SERIES))
        market = [n for n in names if n == "tenders" or n.startswith("make_or_buy_")]
        self.assertLessEqual(len(market), 1, names)
        # Large means material: a change from zero of a count is a whole event or more.
        for name in names:
            a, _ = series(self.a, name)
            b, _ = series(self.b, name)
            step = abs(np.nanmedian(b[:, -1]) - np.nanmedian(a[:, -1]))
            if labels[others[names.index(name)]][1]["kind"] == "count":
                self.assertGreaterEqual(step, 1, name)
            self.assertGreater(step, 0, name)


class Inputs(unittest.TestCase):
    """What the page must say about its inputs: files naming different councils, and
    scenarios that start in different years (each one's price base)."""

    @classmethod
    def setUpClass(cls):
        cls.dir = scratch("report-inputs")
        cls.a = fixture(os.path.join(cls.dir, "a.h5"), "--replicates", 4, "--years", 6,
                        "--commissioners", 3)
        cls.f = fixture(os.path.join(cls.dir, "f.h5"), "--replicates", 4, "--years", 6,
                        "--commissioners", 4, "--name", "more")

        def later(f):
            f["year"][...] = f["year"][...] + 2
            f["provenance"].attrs["start_year"] = np.int64(2012)
            f["provenance"].attrs["scenario_name"] = "later"
        cls.late = copy_with(cls.a, os.path.join(cls.dir, "late.h5"), later)

    def page(self, *files):
        out = os.path.join(self.dir, "page.html")
        r = run(QUASIM, "report", *files, "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        return DATA_URI.sub("data:", read(out))

    def test_different_council_names_are_a_warning_on_the_page(self):
        page = self.page(self.a, self.f)
        with h5py.File(self.f, "r") as f:
            extra = f["commissioner"][-1].decode()
        boxes = [text(w) for w in re.findall(r'<p class="warning">(.*?)</p>', page, re.S)]
        hits = [b for b in boxes if "different commissioners" in b]
        self.assertEqual(len(hits), 1, boxes)
        self.assertIn(f"only in {self.f}: {extra}", hits[0])
        self.assertIn("compared on the 3 both have", hits[0])
        self.assertEqual(len(self.page(self.a, self.a.replace("a.h5", "late.h5"))
                             .split('<p class="warning">')) - 1, 1)  # the years only

    def test_four_runs_are_too_few_to_judge_but_their_differences_are_given(self):
        head = text(section(self.page(self.a, self.f), "headline"))
        self.assertIn("Unmet need: too few runs to say how sure (only 4); by 2015 the median "
                      "difference is", head)
        self.assertNotIn("change clearly (", head)
        self.assertIn("0 of the 14 key indicators change clearly", head)

    def test_each_scenarios_price_base_when_they_start_in_different_years(self):
        intro = text(section(self.page(self.a, self.late), "intro"))
        self.assertIn("(prices of each scenario's first year: ", intro)
        self.assertRegex(intro, r"first year: \S+ 2010, later 2012\)")
        intro = text(section(self.page(self.a, self.a), "intro"))
        self.assertIn("(prices of 2010, the first year)", intro)


class Unpaired(unittest.TestCase):
    """Runs with another seed do not pair: refused with paired.py's one line, or compared
    every run with every run under a warning box when --unpaired is given."""

    @classmethod
    def setUpClass(cls):
        cls.dir = scratch("report-unpaired")
        cls.a = fixture(os.path.join(cls.dir, "a.h5"), "--replicates", 4, "--years", 5)
        cls.c = fixture(os.path.join(cls.dir, "c.h5"), "--replicates", 4, "--years", 5,
                        "--seed", 12, "--name", "other")

    def test_unpaired_runs_are_refused(self):
        out = os.path.join(self.dir, "refused.html")
        r = run(PYTHON, REPORT, self.a, self.c, "-o", out)
        assert_one_line_error(self, r, [self.c, "do not pair", "the seeds differ", "--unpaired"])
        self.assertFalse(os.path.exists(out))
        r = run(QUASIM, "report", self.a, self.c, "-o", out)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("do not pair", r.stderr)
        self.assertFalse(os.path.exists(out))

    def test_unpaired_is_compared_under_a_warning(self):
        out = os.path.join(self.dir, "unpaired.html")
        r = run(QUASIM, "report", self.a, self.c, "-o", out, "--unpaired")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("warning: ", r.stderr)
        self.assertIn("unpaired comparison", r.stderr)
        page = DATA_URI.sub("", read(out))
        boxes = [text(w) for w in re.findall(r'<p class="warning">(.*?)</p>', page, re.S)]
        self.assertTrue(any(b.startswith("Unpaired comparison:") for b in boxes), boxes)
        self.assertTrue(any("the seeds differ" in b for b in boxes), boxes)
        # Every run with every run: 4 x 4 combinations.
        self.assertIn("16 unpaired run combinations", text(section(page, "headline")))


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
        before = read(out)
        r = run(PYTHON, REPORT, self.cases["series_shape"][0], "-o", out, timeout=60)
        assert_one_line_error(self, r, "/series/unmet_need has shape")
        self.assertEqual(read(out), before)
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

    def test_bad_options_are_one_line(self):
        for args, what in ((["--years", "20x5"], "argument --years"),
                           (["--years", "1990"], "--years: year 1990"),
                           (["--baseline", "x.h5"], "--baseline x.h5"),
                           (["--paired"], "--paired")):
            with self.subTest(args):
                out = os.path.join(self.dir, "years.html")
                r = run(PYTHON, REPORT, self.good, "-o", out, *args, timeout=60)
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
        page = DATA_URI.sub("", read(out))
        prov = section(page, "provenance")
        self.assertIn("sweep.p000.h5", prov)
        self.assertIn("sweep.p001.h5", prov)
        diff = section(page, "parameters")
        self.assertIn("<code>budget.change_late</code>", diff)
        # The first point is the baseline, the second compared with it, paired.
        head = text(section(page, "headline"))
        self.assertIn("budget.change_late=0", head.split("compared with")[0])
        self.assertIn("paired runs", head)
        table = section(page, "indicators")
        self.assertEqual(len(re.findall(r'<td class="num">', table)), 3 * len(KEY_SERIES))
        self.assertNotIn('class="warning"', page)
        self.assertNotIn("NaN", page)
        self.assertEqual(leftovers(self.dir), [])

    def test_partial_file_gets_a_visible_warning(self):
        partial = mark_partial(self.index[:-3] + ".p001.h5", os.path.join(self.dir, "partial.h5"))
        out = os.path.join(self.dir, "partial.html")
        r = run(PYTHON, REPORT, self.index, partial, "-o", out, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stderr.strip(), r"^warning: .*partial\.h5: partial result")
        page = DATA_URI.sub("", read(out))
        warnings = re.findall(r'<p class="warning">(.*?)</p>', page)
        self.assertEqual(len(warnings), 1, warnings)
        self.assertIn("partial.h5: partial result", warnings[0])
        self.assertIn("replicate 7", warnings[0])
        self.assertIn("(partial)", section(page, "provenance"))


if __name__ == "__main__":
    main()
