// tests/sim/spinout_pipeline_test.cpp — the Right to Provide pipeline over paired replicates:
// teams stall without support and are abandoned after the set years; with the fund's support
// they go live; shared-service partnerships of many dispersed partners decide later.
#include <gtest/gtest.h>

#include <cstdio>

#include "tests/support/test_scenarios.hpp"

namespace quasim {
namespace {

using test::mean_over;
using test::run_all;
using test::small_baseline;

// A lukewarm commissioner (stance below mutuals.backing_stance) and eager teams.
const std::vector<std::string> kLukewarm = {"mutuals.right_to_provide=true",
                                            "mutuals.spinout_rate=0.6", "mutuals.stance=0.3"};

double at_end(const std::vector<ReplicateResult>& rs, double YearRecord::*field, int year) {
  return mean_over(
      rs, [&](const YearRecord& y) { return y.*field; }, year, year + 1);
}

TEST(SpinoutPipeline, TeamsStallWithoutSupportAndAreAbandonedAfterTheSetYears) {
  auto two = kLukewarm, four = kLukewarm;
  two.push_back("mutuals.stall_years=2");
  four.push_back("mutuals.stall_years=4");
  const auto a = run_all(small_baseline(two, 8));
  const auto b = run_all(small_baseline(four, 8));
  const double applied = at_end(a, &YearRecord::spinout_applications, 7);
  std::printf(
      "applications %.1f, stalled in year 1 %.1f, abandoned by year 2: %.1f (stall 2) "
      "vs %.1f (stall 4); created %.1f\n",
      applied, at_end(a, &YearRecord::spinouts_stalled, 1),
      at_end(a, &YearRecord::spinouts_abandoned, 2), at_end(b, &YearRecord::spinouts_abandoned, 2),
      at_end(a, &YearRecord::mutuals_created, 7));
  EXPECT_GT(applied, 3.0);
  EXPECT_GT(at_end(a, &YearRecord::spinouts_stalled, 1), 1.0);
  EXPECT_EQ(at_end(a, &YearRecord::mutuals_created, 7), 0.0);  // none goes live unbacked
  // Abandoned after two stalled years, not before; with four, none by then.
  EXPECT_GT(at_end(a, &YearRecord::spinouts_abandoned, 2), 1.0);
  EXPECT_EQ(at_end(b, &YearRecord::spinouts_abandoned, 2), 0.0);
  EXPECT_GT(at_end(b, &YearRecord::spinouts_abandoned, 7), 1.0);
}

TEST(SpinoutPipeline, SupportedTeamsGoLive) {
  auto funded = kLukewarm;
  funded.push_back("mutuals.support_fund=1e9");  // every applicant supported
  const auto none = run_all(small_baseline(kLukewarm, 8));
  const auto with = run_all(small_baseline(funded, 8));
  const double live = at_end(with, &YearRecord::mutuals_created, 7);
  const double supported = at_end(with, &YearRecord::spinouts_supported, 7);
  std::printf(
      "supported %.1f, live %.1f (supported live %.1f), abandoned %.1f; unfunded live "
      "%.1f\n",
      supported, live, at_end(with, &YearRecord::spinouts_supported_live, 7),
      at_end(with, &YearRecord::spinouts_abandoned, 7),
      at_end(none, &YearRecord::mutuals_created, 7));
  EXPECT_GT(live, 3.0);
  EXPECT_DOUBLE_EQ(live, at_end(with, &YearRecord::spinouts_supported_live, 7));
  // Many supported cases go live; some show a loss at the in-house price and are abandoned.
  EXPECT_GT(live, 0.4 * supported);
  EXPECT_LT(live, supported);
  // Nothing goes live in the first business case's years.
  EXPECT_EQ(at_end(with, &YearRecord::mutuals_created, 0), 0.0);
}

TEST(PartnershipMechanism, ManyDispersedPartnersDecideLaterThanTwoAlike) {
  const auto years_deciding = [](const std::vector<ReplicateResult>& rs) {
    return mean_over(
               rs, [](const YearRecord& y) { return y.partnership_decisions_delayed; }, 0, 10) *
           10;
  };
  const auto two = run_all(
      small_baseline({"collaboration.shared_service_partners=2", "commissioners.risk_spread=0"}));
  const auto many =
      run_all(small_baseline({"collaboration.shared_service_partners=6",
                              "commissioners.risk_spread=0.1", "collaboration.block_spread=1"}));
  const double d2 = years_deciding(two) / 3;  // three pairs among six commissioners
  const double d6 = years_deciding(many);
  std::printf("years deciding per partnership: 2 alike %.2f, 6 dispersed %.2f\n", d2, d6);
  EXPECT_LT(d2, 0.01);
  EXPECT_GT(d6, 0.9);
  EXPECT_LT(d6, 2.5);
  // Savings start later: the pairs save something in year 3, the six have only paid by then.
  const auto saved = [](const std::vector<ReplicateResult>& rs) {
    return mean_over(
        rs, [](const YearRecord& y) { return y.shared_service_savings; }, 2, 3);
  };
  EXPECT_LT(saved(many), 0.0);
}

}  // namespace
}  // namespace quasim
