"""output/quasim_format.py: the one Python number formatter (report and calibration table):
each band of the summary style, each targets.toml kind, missing or infinite values, and the
by-kind API of the briefing (levels, signed differences, intervals, one precision for numbers
read together)."""
import math
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "output"))
from quasim_format import (KINDS, interval, number, places_for, signed, unit_word,  # noqa: E402
                           value)


class SummaryStyle(unittest.TestCase):
    def test_everyday_magnitudes_keep_few_digits_and_no_exponent(self):
        self.assertEqual(number(1234567.8), "1,234,568")  # thousands separated, unlike the terminal
        self.assertEqual(number(123.26), "123.3")
        self.assertEqual(number(5.678), "5.68")
        self.assertEqual(number(0.1234), "0.123")
        self.assertEqual(number(0), "0.000")

    def test_very_large_and_very_small_use_three_significant_digits(self):
        self.assertEqual(number(12345678.0), "1.23e+07")
        self.assertEqual(number(0.000456), "0.000456")
        self.assertEqual(number(-0.0000123), "-1.23e-05")

    def test_band_edges_belong_to_the_band_above(self):
        self.assertEqual(number(1e7), "1e+07")
        self.assertEqual(number(1000.0), "1,000")
        self.assertEqual(number(100.0), "100.0")
        self.assertEqual(number(1.0), "1.00")
        self.assertEqual(number(0.001), "0.001")

    def test_numpy_scalars_read_as_floats(self):
        self.assertEqual(number(np.float64(-1234.6)), "-1,235")
        self.assertEqual(number(np.float32(0.5)), "0.500")

    def test_missing_and_infinite_are_not_available(self):
        for v in (None, math.nan, np.nan, math.inf, -math.inf):
            self.assertEqual(number(v), "n/a", v)


class TargetKinds(unittest.TestCase):
    def test_each_kind_of_targets_toml(self):
        self.assertEqual(number(0.1234, "pct"), "12.3%")
        self.assertEqual(number(-0.0234, "pp"), "-2.3 pp")
        self.assertEqual(number(0.0234, "pp"), "+2.3 pp")
        self.assertEqual(number(1234567.4, "gbpm"), "£1,234,567m")
        self.assertEqual(number(1.2345, "ratio"), "1.23")
        self.assertEqual(number(0.012345, "num"), "0.0123")

    def test_int_is_whole_unless_it_has_a_fraction(self):
        self.assertEqual(number(42.0, "int"), "42")
        self.assertEqual(number(7, "int"), "7")
        self.assertEqual(number(41.25, "int"), "41.2")

    def test_an_unknown_kind_falls_back_to_three_significant_digits(self):
        self.assertEqual(number(123456.0, "no-such-kind"), "1.23e+05")

    def test_missing_is_not_available_and_infinity_is_spelled_out(self):
        self.assertEqual(number(None, "pct"), "n/a")
        self.assertEqual(number(math.nan, "ratio"), "n/a")
        self.assertEqual(number(math.inf, "pct"), "∞")
        self.assertEqual(number(-math.inf, "num"), "−∞")


class ByKind(unittest.TestCase):
    """The series catalogue's kinds: money, share, score, count, weeks, ratio."""

    def test_money_is_pounds_million_to_three_significant_figures(self):
        self.assertEqual(value(1234.4, "money"), "£1,234m")
        self.assertEqual(value(123.45, "money"), "£123m")
        self.assertEqual(value(12.345, "money"), "£12.3m")
        self.assertEqual(value(1.2345, "money"), "£1.23m")
        self.assertEqual(value(-3.2, "money"), "−£3.20m")
        self.assertEqual(signed(-12.34, "money"), "−£12.3m")
        self.assertEqual(signed(240.4, "money"), "+£240m")

    def test_shares_are_percent_and_their_differences_points(self):
        self.assertEqual(value(0.1234, "share"), "12.3%")
        self.assertEqual(value(1.0, "share"), "100.0%")
        self.assertEqual(signed(-0.049, "share"), "−4.9 pp")
        self.assertEqual(signed(0.157, "share"), "+15.7 pp")
        self.assertEqual(signed(0.004, "share"), "+0.40 pp")  # under 1 pp: one more decimal

    def test_counts_are_whole_when_whole_else_one_decimal(self):
        self.assertEqual(value(13.0, "count"), "13")  # not "13.00"
        self.assertEqual(value(1834.4, "count"), "1,834")  # 100 and more: whole
        self.assertEqual(signed(3, "count"), "+3")
        self.assertEqual(signed(-12.4, "count"), "−12.4")
        self.assertEqual(signed(0.5, "count"), "+0.5")  # half a provider: a median of pairs
        self.assertEqual(signed(7.96, "count"), "+8")  # whole at one decimal: whole
        # Read together: the whole ones stay whole ("+7", "8 against 0.5", never "+7.0").
        d = places_for([7.0, 5.3, 9.3], "count", difference=True)
        self.assertEqual(d, 1)
        self.assertEqual(signed(7.0, "count", d), "+7")
        self.assertEqual(interval(5.3, 9.3, "count", True, d), "+5.3 to +9.3")
        d = places_for([8.0, 0.5], "count")
        self.assertEqual((value(8.0, "count", d), value(0.5, "count", d)), ("8", "0.5"))
        self.assertEqual(places_for([3098.7, 3102.5], "count"), 0)
        self.assertEqual(value(3098.7, "count", 0), "3,099")

    def test_scores_show_the_first_significant_digit_never_zeros(self):
        self.assertEqual(signed(-0.00037, "score"), "−0.0004")
        d = places_for([-0.0005, -0.00037, 0.00033], "score", difference=True)
        self.assertEqual(d, 4)
        self.assertEqual(interval(-0.0005, 0.00033, "score", True, d), "−0.0005 to +0.0003")
        self.assertEqual(places_for([0.02, 0.4], "score", difference=True), 3)
        self.assertEqual(places_for([1e-9], "score", difference=True), 6)  # at most six
        # A median far below its interval's ends rounds to nothing: "about 0", not "0.000".
        d = places_for([-0.003, 0.00001, 0.004], "score", difference=True)
        self.assertEqual(signed(0.00001, "score", d), "about 0")
        self.assertEqual(signed(1e-9, "score"), "about 0")
        for kind in KINDS:
            for text in (signed(1e-12, kind, 1), signed(-1e-12, kind, 1), value(1e-12, kind, 1)):
                self.assertIn("about", text, kind)
                self.assertNotRegex(text, r"0\.0|−0\b", kind)
        self.assertEqual(signed(-1e-9, "money", 2), "about £0m")
        self.assertEqual(signed(1e-9, "share", 1), "about 0 pp")

    def test_scores_weeks_and_ratios(self):
        self.assertEqual(value(0.61234, "score"), "0.612")
        self.assertEqual(signed(-0.0123, "score"), "−0.012")
        self.assertEqual(value(6.83, "weeks"), "6.8 weeks")
        self.assertEqual(signed(1.25, "weeks"), "+1.2 weeks")
        self.assertEqual(value(0.92512, "ratio"), "0.925")
        self.assertEqual(value(12.345, "ratio"), "12.3")

    def test_zero_has_no_sign_and_no_spurious_decimals(self):
        self.assertEqual(signed(0.0, "share"), "0 pp")
        self.assertEqual(signed(0, "money"), "£0m")
        self.assertEqual(value(0.0, "count"), "0")

    def test_numbers_read_together_share_one_precision(self):
        d = places_for([-0.11, -0.049, 0.034], "share", difference=True)
        self.assertEqual(d, 1)
        self.assertEqual(interval(-0.11, 0.034, "share", difference=True, places=d),
                         "−11.0 to +3.4 pp")
        self.assertEqual(interval(0.37, 0.411, "share"), "37.0 to 41.1%")
        self.assertEqual(interval(673.2, 733.4, "money"), "£673m to £733m")
        d = places_for([0.52, 15.3], "money")
        self.assertEqual((value(0.52, "money", d), value(15.3, "money", d)), ("£0.5m", "£15.3m"))

    def test_missing_is_not_available(self):
        for kind in KINDS:
            self.assertEqual(value(None, kind), "n/a")
            self.assertEqual(signed(math.nan, kind), "n/a")
            self.assertEqual(interval(math.nan, 1.0, kind), "n/a")
            self.assertNotIn("nan", value(np.float64("nan"), kind).lower().replace("n/a", ""))

    def test_unit_words_for_axes(self):
        self.assertEqual(unit_word("money"), "£m, constant prices")
        self.assertEqual(unit_word("share", difference=True), "percentage points")
        self.assertEqual(unit_word("score"), "")

    def test_an_unknown_kind_is_a_programming_error(self):
        with self.assertRaises(ValueError):
            value(1.0, "pct")


if __name__ == "__main__":
    unittest.main()
