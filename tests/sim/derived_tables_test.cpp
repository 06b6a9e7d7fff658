// sim/derived_tables.cpp: the constants of a parameter set, built once per replicate.
#include "sim/derived_tables.hpp"

#include <gtest/gtest.h>

#include "agents/collaboration.hpp"
#include "agents/demography.hpp"
#include "tests/support/test_scenarios.hpp"

namespace quasim {
namespace {

TEST(DerivedTables, OneMortalityTablePerYearFollowingLifeExpectancy) {
  const Parameters p = test::small_baseline({"population.longevity_gain=0.5"}, 12);
  const DerivedTables t = derive_tables(p);
  ASSERT_EQ(t.mortality.size(), 12u);
  EXPECT_NEAR(life_expectancy_of(t.mortality_in(0)), p.population.life_expectancy, 0.05);
  EXPECT_NEAR(life_expectancy_of(t.mortality_in(10)), p.population.life_expectancy + 5.0, 0.05);
  EXPECT_LT(t.mortality_in(11)[80], t.mortality_in(0)[80]);  // longer lives: fewer deaths at 80
  EXPECT_THROW(t.mortality_in(12), std::logic_error);        // past the run's horizon
  EXPECT_THROW(t.mortality_in(-1), std::logic_error);
}

TEST(DerivedTables, ValueMapAndWeightsAreTheRulesOwn) {
  const Parameters plain = test::small_baseline();
  const DerivedTables a = derive_tables(plain);
  EXPECT_EQ(a.spillover, spillover_matrix(plain));
  EXPECT_EQ(a.value_weights, value_weights(plain, a.spillover));
  for (double w : a.value_weights) EXPECT_DOUBLE_EQ(w, 1.0);  // without pooled budgets
  // With pooled budgets a domain whose service prevents need elsewhere weighs more.
  Parameters pooled = test::small_baseline({"collaboration.pooled_budgets=true"});
  pooled.domains[1].spillover[0] = 0.3;  // domain 0's service lowers domain 1's onset
  const DerivedTables b = derive_tables(pooled);
  EXPECT_GT(b.value_weights[0], 1.0);
  EXPECT_DOUBLE_EQ(b.spillover(1, 0), 0.3);
}

}  // namespace
}  // namespace quasim
