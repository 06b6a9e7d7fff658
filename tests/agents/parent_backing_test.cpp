// Parent groups' finite backing and commissioners' relief as decisions (agents/parent_backing.cpp).
#include "agents/parent_backing.hpp"

#include <gtest/gtest.h>

namespace quasim {
namespace {

Provider backed_by(double backing) {
  Provider pr;
  pr.type = ProviderType::LargePrivate;
  pr.parent_backing = backing;
  return pr;
}

TEST(ParentBacking, ParentPutsInWhatIsNeededWhileItsBackingLasts) {
  const FailureParams f{.walk_away = 1.0};
  EXPECT_DOUBLE_EQ(parent_offer(backed_by(100), 40, 1000, f), 40);  // all that is needed
  EXPECT_DOUBLE_EQ(parent_offer(backed_by(30), 40, 1000, f), 30);   // what is left of it
  EXPECT_DOUBLE_EQ(parent_offer(backed_by(0), 40, 1000, f), 0);     // spent backing is gone
}

TEST(ParentBacking, ParentWalksAwayWhenTheRemainingContractsCannotEarnItBack) {
  const FailureParams f{.walk_away = 1.0};
  EXPECT_DOUBLE_EQ(parent_offer(backed_by(100), 40, 39, f), 0);  // prospects below the loss
  EXPECT_DOUBLE_EQ(parent_offer(backed_by(100), 40, 0, f), 0);   // no contracts left to run
  EXPECT_DOUBLE_EQ(parent_offer(backed_by(100), 40, 20, FailureParams{.walk_away = 2.0}), 40);
}

TEST(ParentBacking, ReliefIsPaidOnlyWhenCheaperThanFailureAndWithinThePolicyLimit) {
  OutsourcingParams out;
  out.distress_relief = 0.3;
  EXPECT_DOUBLE_EQ(relief_offer(20, 100, 50, out), 20);  // cheaper than a failure costing 50
  EXPECT_DOUBLE_EQ(relief_offer(20, 100, 15, out), 0);   // the failure is cheaper
  EXPECT_DOUBLE_EQ(relief_offer(40, 100, 500, out), 0);  // above 30% of income: the limit
  EXPECT_DOUBLE_EQ(relief_offer(0, 100, 500, out), 0);   // nothing needed
  out.distress_relief = 0;
  EXPECT_DOUBLE_EQ(relief_offer(20, 100, 50, out), 0);  // no relief policy
}

}  // namespace
}  // namespace quasim
