// Need-level transition matrices and their steady state.
#include <gtest/gtest.h>
#include <tbb/parallel_for.h>

#include "agents/demography.hpp"
#include "agents/needs_equilibrium.hpp"
#include "tests/support/test_scenarios.hpp"

namespace quasim {
namespace {

TEST(NeedTransition, RowsAreProbabilities) {
  const auto p = test::small_baseline();
  for (int d = 0; d < static_cast<int>(p.domains.size()); ++d)
    for (int b = 0; b < kAgeBands; ++b) {
      const auto P = need_transition(p, d, b, 0.6, 0.01);
      for (int r = 0; r < 4; ++r) EXPECT_NEAR(P.row(r).sum(), 1.0, 1e-12);
      EXPECT_GE(P.minCoeff(), 0.0);
    }
}

TEST(NeedTransition, StationaryIsFixedPoint) {
  const auto p = test::small_baseline();
  const auto P = need_transition(p, 0, 4, 0.6, 0.05);
  const auto pi = stationary_needs(P);
  EXPECT_NEAR(pi.sum(), 1.0, 1e-12);
  EXPECT_LT((pi.transpose() * P - pi.transpose()).norm(), 1e-12);
}

TEST(NeedTransition, BetterQualityMeansLessNeed) {
  const auto p = test::small_baseline();
  const auto low = stationary_needs(need_transition(p, 0, 3, 0.3));
  const auto high = stationary_needs(need_transition(p, 0, 3, 0.9));
  EXPECT_GT(high(0), low(0));
  EXPECT_LT(high(3), low(3));
}

TEST(Demography, MortalityMatchesLifeExpectancy) {
  for (double e0 : {70.0, 81.0, 88.0})
    EXPECT_NEAR(life_expectancy_of(mortality_table(e0)), e0, 0.05);
  const auto q = mortality_table(81);
  EXPECT_LT(q[30], q[60]);
  EXPECT_LT(q[60], q[90]);
}

// mortality_table caches its solutions process-wide (replicates share them): whichever thread
// solves a table first, every caller gets the same bits. Runs under ThreadSanitizer in CI.
TEST(Demography, DeterminismOfMortalityTablesAcrossThreads) {
  const std::vector<double> e0 = {77.25, 78.5, 79.75, 81.0};
  std::vector<std::vector<double>> got(64);
  tbb::parallel_for(std::size_t{0}, got.size(),
                    [&](std::size_t i) { got[i] = mortality_table(e0[i % 4]); });
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i], got[i % 4]) << i;
    EXPECT_NEAR(life_expectancy_of(got[i]), e0[i % 4], 0.05);
  }
  EXPECT_NE(got[0], got[1]);
}

TEST(Demography, InitialAgesMatchShares) {
  PopulationParams p;
  int under18 = 0, over65 = 0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    const int age = initial_age(p, (i + 0.5) / n, 0.5);
    under18 += age < 18;
    over65 += age >= 65;
  }
  EXPECT_NEAR(under18 / double(n), p.share_under18, 0.001);
  EXPECT_NEAR(over65 / double(n), p.share_65plus, 0.001);
}

}  // namespace
}  // namespace quasim
