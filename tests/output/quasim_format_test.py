"""output/quasim_format.py: the one Python number formatter (report and calibration table):
each band of the summary style, each targets.toml kind, and missing or infinite values."""
import math
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "output"))
from quasim_format import number  # noqa: E402


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


if __name__ == "__main__":
    unittest.main()
