// Providers' yearly accounts: learning by doing on both sides and reinvestment
// (agents/provider.cpp close_accounts).
#include "agents/provider.hpp"

#include <gtest/gtest.h>

namespace quasim {
namespace {

Provider delivering(ProviderType type) {
  Provider pr;
  pr.type = type;
  pr.engagement = 0.5;
  pr.cost_mult = 1.0;
  pr.contracts = 1;
  return pr;
}

TEST(Learning, InHouseUnitsLearnWhileDeliveringAtTheirOwnRate) {
  Parameters p;
  p.provider[0].learning_rate = 0.02;
  Provider unit = delivering(ProviderType::InHouse);
  EXPECT_FALSE(close_accounts(unit, ProviderFlows{}, p));  // never fails
  EXPECT_NEAR(unit.cost_mult, 1.0 - 0.02 * (p.learning.engagement_base + 0.5), 1e-12);
  Provider idle = delivering(ProviderType::InHouse);
  idle.contracts = 0;  // a dormant unit does not learn
  close_accounts(idle, ProviderFlows{}, p);
  EXPECT_EQ(idle.cost_mult, 1.0);
}

TEST(Learning, EngagedStaffLearnFasterAndLearningStopsAtTheFloor) {
  Parameters p;
  Provider engaged = delivering(ProviderType::Sme), not_engaged = delivering(ProviderType::Sme);
  engaged.engagement = 0.9;
  not_engaged.engagement = 0.1;
  close_accounts(engaged, ProviderFlows{}, p);
  close_accounts(not_engaged, ProviderFlows{}, p);
  EXPECT_LT(engaged.cost_mult, not_engaged.cost_mult);
  Provider floor = delivering(ProviderType::Sme);
  floor.cost_mult = p.learning.cost_floor;
  close_accounts(floor, ProviderFlows{}, p);
  EXPECT_EQ(floor.cost_mult, p.learning.cost_floor);
}

TEST(Learning, RetainedSurplusAboveTheCushionBuysQuality) {
  Parameters p;
  Provider pr = delivering(ProviderType::Voluntary);  // distributes nothing
  pr.quality = 0.6;
  pr.reserves = 100;
  ProviderFlows year;
  year.revenue = 1000;
  year.costs = 900;
  close_accounts(pr, year, p);
  EXPECT_NEAR(pr.quality, 0.6 + p.learning.reinvest_quality * 0.1, 1e-12);
  Provider thin = delivering(ProviderType::Voluntary);
  thin.quality = 0.6;
  p.learning.reinvest_cushion = 1.0;  // reserves below the cushion: nothing reinvested
  close_accounts(thin, year, p);
  EXPECT_EQ(thin.quality, 0.6);
}

}  // namespace
}  // namespace quasim
