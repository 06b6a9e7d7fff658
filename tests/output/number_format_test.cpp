// tests/output/number_format_test.cpp — the one number formatter: each magnitude band, its
// edges, signs and the missing value.
#include "output/number_format.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace quasim {
namespace {

TEST(FormatNumber, EverydayMagnitudesKeepFewDigitsAndNoExponent) {
  EXPECT_EQ(format_number(1234.4), "1234");  // thousands: whole numbers, no separator
  EXPECT_EQ(format_number(123.26), "123.3");
  EXPECT_EQ(format_number(5.678), "5.68");
  EXPECT_EQ(format_number(0.1234), "0.123");
  EXPECT_EQ(format_number(0.0), "0.000");
}

TEST(FormatNumber, VeryLargeAndVerySmallUseThreeSignificantDigits) {
  EXPECT_EQ(format_number(12345678.0), "1.23e+07");
  EXPECT_EQ(format_number(0.000456), "0.000456");
  EXPECT_EQ(format_number(0.0000123), "1.23e-05");
}

TEST(FormatNumber, BandEdgesBelongToTheBandAbove) {
  EXPECT_EQ(format_number(1e7), "1e+07");
  EXPECT_EQ(format_number(1000.0), "1000");
  EXPECT_EQ(format_number(100.0), "100.0");
  EXPECT_EQ(format_number(1.0), "1.00");
  EXPECT_EQ(format_number(0.001), "0.001");
}

TEST(FormatNumber, NegativesAreBandedByMagnitude) {
  EXPECT_EQ(format_number(-1234.6), "-1235");
  EXPECT_EQ(format_number(-0.5), "-0.500");
  EXPECT_EQ(format_number(-12345678.0), "-1.23e+07");
}

TEST(FormatNumber, MissingIsNotApplicableAndInfinityIsSpelledOut) {
  EXPECT_EQ(format_number(std::numeric_limits<double>::quiet_NaN()), "n/a");
  EXPECT_EQ(format_number(std::numeric_limits<double>::infinity()), "inf");
}

}  // namespace
}  // namespace quasim
