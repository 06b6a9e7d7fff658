// The centre's rules on their own: a needs-based settlement keeps the national total and moves
// each budget a set share of the way to its needs share; emergency awards are capped per
// commissioner and cut pro rata to the national pot.
#include <gtest/gtest.h>

#include "agents/centre.hpp"

namespace quasim {
namespace {

std::vector<Commissioner> with_budgets(std::vector<double> budgets) {
  std::vector<Commissioner> cs(budgets.size());
  for (std::size_t i = 0; i < budgets.size(); ++i) {
    cs[i].id = static_cast<int>(i);
    cs[i].budget = budgets[i];
  }
  return cs;
}

TEST(NeedsBasedSettlement, MovesBudgetsTowardsNeedSharesAndKeepsTheTotal) {
  auto cs = with_budgets({60, 40});
  reweight_by_need(cs, {1, 3}, 0.5);  // need shares 25% and 75% of 100
  EXPECT_DOUBLE_EQ(cs[0].budget, 60 + 0.5 * (25 - 60));
  EXPECT_DOUBLE_EQ(cs[1].budget, 40 + 0.5 * (75 - 40));
  EXPECT_DOUBLE_EQ(cs[0].budget + cs[1].budget, 100);
  reweight_by_need(cs, {1, 3}, 1.0);  // fully phased in
  EXPECT_DOUBLE_EQ(cs[0].budget, 25);
}

TEST(NeedsBasedSettlement, NoPhaseInOrNoAssessedNeedLeavesBudgetsAlone) {
  auto cs = with_budgets({60, 40});
  reweight_by_need(cs, {1, 3}, 0.0);
  EXPECT_EQ(cs[0].budget, 60);
  reweight_by_need(cs, {0, 0}, 0.5);
  EXPECT_EQ(cs[1].budget, 40);
}

TEST(EmergencyFunding, CappedPerCommissionerAndSharedWhenThePotIsShort) {
  const auto cs = with_budgets({100, 100, 100});
  CentreParams centre;
  centre.emergency_cap = 0.05;  // at most 5 each
  centre.emergency_pot = 1.0;   // pot 300: never short
  auto award = emergency_awards({2, 20, 0}, cs, centre);
  EXPECT_DOUBLE_EQ(award[0], 2);
  EXPECT_DOUBLE_EQ(award[1], 5);
  EXPECT_DOUBLE_EQ(award[2], 0);
  centre.emergency_pot = 0.01;  // pot 3 for asks of 2 + 5: each cut to 3/7 of its ask
  award = emergency_awards({2, 20, 0}, cs, centre);
  EXPECT_DOUBLE_EQ(award[0], 2 * 3.0 / 7);
  EXPECT_DOUBLE_EQ(award[1], 5 * 3.0 / 7);
  EXPECT_DOUBLE_EQ(award[0] + award[1] + award[2], 3);
}

}  // namespace
}  // namespace quasim
