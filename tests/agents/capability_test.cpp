// The intelligent customer's rules: capability that erodes and is rebuilt, and what monitoring
// buys (agents/capability.cpp; delivered_quality in agents/provider.cpp).
#include "agents/capability.hpp"

#include <gtest/gtest.h>

#include "agents/provider.hpp"

namespace quasim {
namespace {

Parameters with_monitoring(double m) {
  Parameters p;
  p.commissioners.monitoring_cost = m;
  return p;
}

TEST(Capability, NothingOutsourcedLeavesItWhereItWas) {
  const Parameters p;
  EXPECT_DOUBLE_EQ(next_capability(0.6, 0.0, p), 0.6);
}

TEST(Capability, ErosionGrowsWithTheOutsourcedShare) {
  const Parameters p = with_monitoring(0);
  const double some = next_capability(0.6, 0.3, p), most = next_capability(0.6, 0.9, p);
  EXPECT_LT(some, 0.6);
  EXPECT_LT(most, some);
  EXPECT_NEAR(0.6 - most, p.capability.erosion * 0.9 * 0.6, 1e-12);  // erosion * s * k
}

TEST(Capability, MonitoringSpendRebuildsIt) {
  const double none = next_capability(0.5, 1.0, with_monitoring(0));
  const double some = next_capability(0.5, 1.0, with_monitoring(0.1));
  // rebuild * intensity * s * (1 - k) more than without monitoring
  EXPECT_NEAR(some - none, with_monitoring(0.1).capability.rebuild * 0.1 * 0.5, 1e-12);
}

TEST(Capability, DataLabAddsToIt) {
  Parameters p = with_monitoring(0);
  p.collaboration.data_lab = true;
  EXPECT_NEAR(next_capability(0.6, 0.0, p), 0.6 + p.capability.data_lab_gain * 0.4, 1e-12);
}

TEST(Capability, StaysWithinZeroAndOne) {
  Parameters p = with_monitoring(0.5);
  p.capability.rebuild = 100;
  EXPECT_DOUBLE_EQ(next_capability(0.9, 1.0, p), 1.0);
  p = with_monitoring(0);
  p.capability.erosion = 1;
  EXPECT_GE(next_capability(0.2, 1.0, p), 0.0);
}

TEST(Capability, FixedWhenNotDynamic) {
  Parameters p;
  p.capability.dynamic = false;
  p.collaboration.data_lab = true;
  EXPECT_DOUBLE_EQ(next_capability(0.6, 1.0, p), 0.6);
}

TEST(Monitoring, FactorsFallWithIntensityFromOne) {
  EXPECT_DOUBLE_EQ(shading_factor(with_monitoring(0)), 1.0);
  EXPECT_DOUBLE_EQ(detection_factor(with_monitoring(0)), 1.0);
  EXPECT_LT(shading_factor(with_monitoring(0.1)), shading_factor(with_monitoring(0.03)));
  EXPECT_LT(detection_factor(with_monitoring(0.1)), detection_factor(with_monitoring(0.03)));
  const Parameters p = with_monitoring(0.1);
  EXPECT_DOUBLE_EQ(shading_factor(p), 1.0 / (1.0 + p.capability.shading_deterrence * 0.1));
}

TEST(Monitoring, LowersShadingOfDeliveredQuality) {
  Parameters p = with_monitoring(0);
  DomainParams d;
  d.contractibility = 0.2;
  p.domains = {d};
  Provider firm;
  firm.type = ProviderType::LargePrivate;
  firm.quality = 0.6;
  Parameters watched = p;
  watched.commissioners.monitoring_cost = 0.2;
  const double unwatched_q = delivered_quality(firm, p, 0, 0.5);
  EXPECT_LT(unwatched_q, 0.6);
  EXPECT_GT(delivered_quality(firm, watched, 0, 0.5), unwatched_q);
  // A more capable commissioner is shaded less too.
  EXPECT_GT(delivered_quality(firm, p, 0, 0.9), unwatched_q);
  // An in-house unit has no profit motive: nothing to deter.
  Provider unit;
  unit.quality = 0.6;
  EXPECT_DOUBLE_EQ(delivered_quality(unit, p, 0, 0.5), 0.6);
}

TEST(Capability, EachCommissionerMovesUnderItsOwnPolicy) {
  // Two commissioners, each buying its one service wholly from a firm; the second monitors
  // closely under its own policy (Market::policy).
  Market m;
  Provider unit, firm;
  firm.id = 1;
  firm.type = ProviderType::LargePrivate;
  m.providers = {unit, firm};
  m.commissioners.resize(2);
  for (int c = 0; c < 2; ++c) {
    m.commissioners[c].id = c;
    m.commissioners[c].capability = 0.6;
  }
  m.ledger.begin_year(2, 1, 2);
  for (int c = 0; c < 2; ++c) {
    m.ledger.service(c, 0).slot_provider[0] = 1;
    m.ledger.service(c, 0).slot_spending[0] = 1e6;
  }
  const Parameters run = with_monitoring(0.03), close = with_monitoring(0.2);
  m.policy = {nullptr, &close};
  EXPECT_DOUBLE_EQ(outsourced_share(m, 0), 1.0);
  update_capability(m, run);
  EXPECT_DOUBLE_EQ(m.commissioners[0].capability, next_capability(0.6, 1.0, run));
  EXPECT_DOUBLE_EQ(m.commissioners[1].capability, next_capability(0.6, 1.0, close));
  EXPECT_GT(m.commissioners[1].capability, m.commissioners[0].capability);
}

}  // namespace
}  // namespace quasim
