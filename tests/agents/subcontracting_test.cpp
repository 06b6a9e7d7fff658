// Primes passing part of a lot on, and who accepts it (agents/subcontracting.cpp).
#include "agents/subcontracting.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "agents/bidding.hpp"

namespace quasim {
namespace {

TEST(Subcontracting, RiskPremiumRisesWithRiskAndFallsWithCapacity) {
  const BiddingParams b;  // risk aversion 0.5, outcome sd 0.3 (the bidders' premium)
  const double base = pbr_risk_premium(100, 1000, b);
  EXPECT_NEAR(base, 0.5 * 30.0 * 30.0 / 1000, 1e-12);
  EXPECT_NEAR(pbr_risk_premium(200, 1000, b), 4 * base, 1e-12);  // variance: square of risk
  EXPECT_NEAR(pbr_risk_premium(100, 2000, b), base / 2, 1e-12);  // twice the capacity
  EXPECT_EQ(pbr_risk_premium(0, 1000, b), 0);
  EXPECT_TRUE(std::isinf(pbr_risk_premium(100, 0, b)));  // nothing to carry it with
}

TEST(Subcontracting, ThinlyBackedPrimeLaysOffRiskADeepOneKeeps) {
  const SubcontractingParams sc;
  BiddingParams b;
  b.risk_aversion = 10;
  // A lot worth 1000/yr, half paid by results, 10% own margin, 5% fee.
  EXPECT_GT(share_to_pass_on(1000, 0.5, 50, 0.10, sc, b), 0);      // thin reserves
  EXPECT_EQ(share_to_pass_on(1000, 0.5, 100000, 0.10, sc, b), 0);  // deep pockets
  EXPECT_EQ(share_to_pass_on(1000, 0.0, 50, 0.10, sc, b), 0);      // nothing paid by results
  EXPECT_LE(share_to_pass_on(1000, 0.5, 1, 0.10, sc, b), sc.max_share);
  // Where the fee beats its own margin the prime passes on the most it may.
  EXPECT_DOUBLE_EQ(share_to_pass_on(1000, 0.0, 50, 0.01, sc, b), sc.max_share);
}

TEST(Subcontracting, CharityWithThinReservesDeclinesWhatAWellReservedOneTakes) {
  const SubcontractingParams sc;
  const BiddingParams b;
  // A part worth 300/yr, half by results, 5% margin: 15/yr against its risk (premium 10.1/yr at
  // 500 of reserves, 253/yr at 20).
  EXPECT_TRUE(accepts_part(300, 0.5, 500, 0.05, sc, b));
  EXPECT_FALSE(accepts_part(300, 0.5, 20, 0.05, sc, b));
  EXPECT_FALSE(accepts_part(300, 0.5, 500, -0.01, sc, b));  // no margin at all
  EXPECT_FALSE(accepts_part(300, 0.5, 0, 0.05, sc, b));     // no reserves
}

TEST(Subcontracting, PrimeShortOfStaffPassesOnWhatItLacks) {
  SubcontractingParams sc;
  sc.max_share = 0.5;
  Provider prime;
  prime.capacity = 80;
  prime.bench = 5;
  prime.pipeline[0] = 5;
  EXPECT_NEAR(lacking_share(prime, 100, 50, sc), 10.0 / 50, 1e-12);  // 90 staff for 100
  EXPECT_EQ(lacking_share(prime, 80, 50, sc), 0);                    // enough staff
  EXPECT_EQ(lacking_share(prime, 200, 50, sc), 0.5);                 // at most max_share
}

}  // namespace
}  // namespace quasim
