// The tendering market: eligibility rules and awards.
#include "agents/tendering.hpp"

#include <gtest/gtest.h>

#include "sim/step.hpp"
#include "tests/support/test_scenarios.hpp"

namespace quasim {
namespace {

/// Runs one tender per commissioner and domain, each in a fresh year; returns the winners.
std::vector<const Provider*> tender_everything(World& w, const Parameters& p, const Streams& rng) {
  std::vector<const Provider*> winners;
  for (int round = 0; round < 4; ++round, ++w.year)
    for (int c = 0; c < static_cast<int>(w.commissioners.size()); ++c)
      for (int d = 0; d < static_cast<int>(p.domains.size()); ++d) {
        const auto bids = run_tender(w, p, rng, {c}, d);
        if (!bids.empty()) winners.push_back(&w.providers[w.commissioners[c].services[d].provider]);
      }
  return winners;
}

TEST(Tendering, ExcludedBidderNeverWins) {
  // Thin market: two large firms; the stronger one (cheaper, better) is excluded.
  const auto p = test::small_baseline({"market.large_private=2", "market.sme=0",
                                       "market.voluntary=0", "outsourcing.in_house_bids=false",
                                       "outsourcing.excluded_provider=\"large_private-1\""});
  const Streams rng(1, 0);
  World w = init_world(p, rng);
  w.providers[w.providers.size() - 2].cost_mult = 0.5;
  const auto winners = tender_everything(w, p, rng);
  ASSERT_FALSE(winners.empty());
  for (const auto* pr : winners) EXPECT_NE(pr->name(), "large_private-1");
}

TEST(Tendering, WithoutExclusionTheCheapFirmWinsSome) {
  const auto p = test::small_baseline({"market.large_private=2", "market.sme=0",
                                       "market.voluntary=0", "outsourcing.in_house_bids=false"});
  const Streams rng(1, 0);
  World w = init_world(p, rng);
  w.providers[w.providers.size() - 2].cost_mult = 0.5;
  int wins = 0;
  for (const auto* pr : tender_everything(w, p, rng)) wins += pr->name() == "large_private-1";
  EXPECT_GT(wins, 0);
}

TEST(Tendering, FinancialStandingExcludesSmallBidders) {
  const auto p = test::small_baseline({"market.large_private=0", "outsourcing.in_house_bids=true",
                                       "outsourcing.financial_standing=5"});
  const Streams rng(2, 0);
  World w = init_world(p, rng);
  for (const auto* pr : tender_everything(w, p, rng)) EXPECT_FALSE(pr->external()) << pr->name();
}

TEST(Tendering, LargeLotsShutOutSmes) {
  // One lot covering all six areas is far beyond an SME's capacity.
  const auto p =
      test::small_baseline({"market.large_private=0", "outsourcing.in_house_bids=false",
                            "outsourcing.financial_standing=0", "outsourcing.lot_size=6"});
  const Streams rng(3, 0);
  World w = init_world(p, rng);
  std::vector<int> lot = {0, 1, 2, 3, 4, 5};
  for (int d = 0; d < 4; ++d) EXPECT_TRUE(run_tender(w, p, rng, lot, d).empty());
}

TEST(Tendering, InHouseUnitShedsSlackWhenTendered) {
  const auto p = test::small_baseline({"outsourcing.in_house_bids=true"});
  const Streams rng(4, 0);
  World w = init_world(p, rng);
  const int unit = w.commissioners[0].in_house[0];
  const double before = w.providers[unit].slack;
  run_tender(w, p, rng, {0}, 0);
  EXPECT_NEAR(w.providers[unit].slack, before * (1 - p.outsourcing.competitive_response), 1e-12);
}

}  // namespace
}  // namespace quasim
