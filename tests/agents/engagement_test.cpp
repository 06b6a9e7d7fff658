// Staff engagement's pure rules: contract security, reserve health, the target and one year's
// move with its effect on cost and quality (agents/engagement.cpp).
#include "agents/engagement.hpp"

#include <gtest/gtest.h>

namespace quasim {
namespace {

Provider contractor(ProviderType type = ProviderType::LargePrivate) {
  Provider pr;
  pr.type = type;
  pr.engagement = 0.5;
  pr.cost_mult = 1.0;
  pr.quality = 0.6;
  return pr;
}

TEST(Engagement, ALongContractIsSecureAndItsLastYearIsNot) {
  EXPECT_DOUBLE_EQ(contract_security(0, 3), 0.0);  // the year before re-tender
  EXPECT_DOUBLE_EQ(contract_security(3, 3), 0.5);
  EXPECT_GT(contract_security(9, 3), 0.7);
  EXPECT_LT(contract_security(2, 3), contract_security(9, 3));
  EXPECT_DOUBLE_EQ(contract_security(-2, 3), 0.0);  // already past its end
}

TEST(Engagement, ReserveHealthIsReservesAgainstTheTypesUsualClipped) {
  Parameters p;
  Provider pr = contractor();
  pr.turnover = 100;
  const auto& t = p.provider[static_cast<int>(ProviderType::LargePrivate)];  // 0.25 of turnover
  pr.reserves = 25;
  EXPECT_NEAR(reserve_health(pr, t), 0.0, 1e-12);
  pr.reserves = 0;
  EXPECT_NEAR(reserve_health(pr, t), -1.0, 1e-12);
  pr.reserves = 500;
  EXPECT_NEAR(reserve_health(pr, t), 1.0, 1e-12);
  Provider unit = contractor(ProviderType::InHouse);  // the commissioner carries it
  EXPECT_EQ(reserve_health(unit, p.provider[0]), 0.0);
}

TEST(Engagement, TargetAddsOwnershipAndSecurityAndSubtractsPayRestraint) {
  Parameters p;
  Provider pr = contractor(ProviderType::Mutual);
  const double base = p.provider[static_cast<int>(ProviderType::Mutual)].engagement;
  EngagementDrivers neutral;  // security 0.5, no squeeze, usual reserves
  EXPECT_NEAR(engagement_target(pr, p, neutral), base, 1e-12);
  pr.ownership = 0.1;
  EXPECT_NEAR(engagement_target(pr, p, neutral), base + 0.1, 1e-12);
  EngagementDrivers secure = neutral;
  secure.security = 1.0;
  EXPECT_NEAR(engagement_target(pr, p, secure), base + 0.1 + 0.5 * p.engagement.security, 1e-12);
  EngagementDrivers squeezed = neutral;
  squeezed.squeeze = 0.05;
  EXPECT_NEAR(engagement_target(pr, p, squeezed), base + 0.1 - 0.05 * p.engagement.pay_restraint,
              1e-12);
  EngagementDrivers broke = neutral;
  broke.squeeze = 1.0;
  EXPECT_EQ(engagement_target(pr, p, broke), 0.0);  // clamped
}

TEST(Engagement, RisingEngagementCutsCostAndRaisesQuality) {
  Parameters p;
  Provider pr = contractor();
  const double de = move_engagement(pr, p, 0.9);
  EXPECT_NEAR(de, p.engagement.adjustment * 0.4, 1e-12);
  EXPECT_NEAR(pr.cost_mult, 1.0 - p.engagement.productivity * de, 1e-12);
  EXPECT_NEAR(pr.quality, 0.6 + p.engagement.quality * de, 1e-12);
  // Falling engagement undoes it.
  Provider down = contractor();
  move_engagement(down, p, 0.1);
  EXPECT_GT(down.cost_mult, 1.0);
  EXPECT_LT(down.quality, 0.6);
}

TEST(Engagement, OwnersGainMoreFromTheSameRise) {
  Parameters p;
  Provider firm = contractor(), mutual = contractor(ProviderType::Mutual);
  mutual.ownership_productivity = p.mutuals.productivity_gain;
  mutual.ownership_quality = p.mutuals.quality_gain;
  move_engagement(firm, p, 0.9);
  move_engagement(mutual, p, 0.9);
  EXPECT_LT(mutual.cost_mult, firm.cost_mult);
  EXPECT_GT(mutual.quality, firm.quality);
}

TEST(Engagement, RisingEngagementStopsAtTheCostFloor) {
  Parameters p;
  p.engagement.productivity = 1.0;
  p.engagement.adjustment = 1.0;
  Provider pr = contractor();
  pr.engagement = 0;
  pr.cost_mult = 0.55;
  move_engagement(pr, p, 1.0);
  EXPECT_DOUBLE_EQ(pr.cost_mult, p.learning.cost_floor);
}

}  // namespace
}  // namespace quasim
