// tests/output/summary_test.cpp — quantiles, the key-indicator rows and the aligned table.
#include "output/summary.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "tests/output/fabricate.hpp"

namespace quasim {
namespace {

TEST(Quantile, InterpolatesLinearlyBetweenOrderStatistics) {
  const std::vector<double> v{5, 1, 4, 2, 3};
  EXPECT_DOUBLE_EQ(quantile(v, 0.5), 3);
  EXPECT_DOUBLE_EQ(quantile(v, 0.05), 1.2);
  EXPECT_DOUBLE_EQ(quantile(v, 0.95), 4.8);
  EXPECT_DOUBLE_EQ(quantile(v, 0), 1);
  EXPECT_DOUBLE_EQ(quantile(v, 1), 5);
  EXPECT_DOUBLE_EQ(quantile({7}, 0.05), 7);
}

TEST(Quantile, IgnoresNanAndIsNanWhenEmpty) {
  EXPECT_DOUBLE_EQ(quantile({1, NAN, 3}, 0.5), 2);
  EXPECT_TRUE(std::isnan(quantile({}, 0.5)));
}

TEST(Summary, KeyIndicatorsAtTheFinalYearWithCatalogueUnits) {
  test::FixtureSpec spec;
  const auto results = test::fabricate_results(spec);
  const auto rows = summarise(results);
  ASSERT_EQ(rows.size(), 14u);
  EXPECT_EQ(rows.front().name, "spending_total");
  EXPECT_EQ(rows.front().units, "GBP million");
  EXPECT_EQ(rows.back().name, "value_for_money");
  std::vector<double> hhi;
  for (const auto& r : results) hhi.push_back(r.years.back().hhi);
  for (const auto& row : rows)
    if (row.name == "hhi") {
      EXPECT_DOUBLE_EQ(row.median, quantile(hhi, 0.5));
      EXPECT_DOUBLE_EQ(row.p05, quantile(hhi, 0.05));
      EXPECT_DOUBLE_EQ(row.p95, quantile(hhi, 0.95));
      EXPECT_LE(row.p05, row.median);
      EXPECT_LE(row.median, row.p95);
    }
  EXPECT_NE(summarise(results, 0).front().median, rows.front().median);
  EXPECT_THROW(summarise(results, 10), std::out_of_range);
}

TEST(Summary, TableIsAlignedWithAHeader) {
  const std::string table =
      format_summary(summarise(test::fabricate_results({})), "Key indicators in 2019");
  std::istringstream in(table);
  std::string title, header, line;
  std::getline(in, title);
  std::getline(in, header);
  EXPECT_EQ(title, "Key indicators in 2019");
  EXPECT_NE(header.find("indicator"), std::string::npos);
  EXPECT_NE(header.find("median"), std::string::npos);
  EXPECT_NE(header.find("95%"), std::string::npos);
  int rows = 0;
  while (std::getline(in, line)) {
    EXPECT_EQ(line.size(), header.size()) << line;  // numbers right-aligned in fixed columns
    ++rows;
  }
  EXPECT_EQ(rows, 14);
  EXPECT_NE(table.find("unmet_need"), std::string::npos);
  EXPECT_NE(table.find("share (0-1)"), std::string::npos);
}

TEST(Summary, NoReplicatesSaysSo) {
  EXPECT_EQ(format_summary(summarise({}), "T"), "T\n  (no replicates completed)\n");
}

}  // namespace
}  // namespace quasim
