// The tendering market: eligibility rules and awards.
#include "agents/tendering.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "sim/step.hpp"
#include "tests/support/test_scenarios.hpp"

namespace quasim {
namespace {

/// Runs one tender per commissioner and domain, each in a fresh year; returns the winners.
std::vector<const Provider*> tender_everything(World& w, const Parameters& p, const Streams& rng) {
  std::vector<const Provider*> winners;
  for (int round = 0; round < 4; ++round, ++w.year)
    for (int c = 0; c < static_cast<int>(w.market.commissioners.size()); ++c)
      for (int d = 0; d < static_cast<int>(p.domains.size()); ++d) {
        const auto bids = run_tender(w.market, w.tally, w.year, p, rng, {c}, d);
        if (!bids.empty())
          winners.push_back(&w.market.providers[w.market.commissioners[c].services[d].provider]);
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
  w.market.providers[w.market.providers.size() - 2].cost_mult = 0.5;
  const auto winners = tender_everything(w, p, rng);
  ASSERT_FALSE(winners.empty());
  for (const auto* pr : winners) EXPECT_NE(pr->name(), "large_private-1");
}

TEST(Tendering, WithoutExclusionTheCheapFirmWinsSome) {
  const auto p = test::small_baseline({"market.large_private=2", "market.sme=0",
                                       "market.voluntary=0", "outsourcing.in_house_bids=false"});
  const Streams rng(1, 0);
  World w = init_world(p, rng);
  w.market.providers[w.market.providers.size() - 2].cost_mult = 0.5;
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
  for (int d = 0; d < 4; ++d)
    EXPECT_TRUE(run_tender(w.market, w.tally, w.year, p, rng, lot, d).empty());
}

TEST(Tendering, InHouseUnitShedsSlackWhenTendered) {
  const auto p = test::small_baseline({"outsourcing.in_house_bids=true"});
  const Streams rng(4, 0);
  World w = init_world(p, rng);
  const int unit = w.market.commissioners[0].in_house[0];
  const double before = w.market.providers[unit].slack;
  run_tender(w.market, w.tally, w.year, p, rng, {0}, 0);
  EXPECT_NEAR(w.market.providers[unit].slack, before * (1 - p.outsourcing.competitive_response),
              1e-12);
}

/// Large firms only, every one bidding, judged without observation noise or incumbency.
Parameters firms_only(int firms, std::vector<std::string> sets = {}) {
  std::vector<std::string> base = {"market.large_private=" + std::to_string(firms),
                                   "market.sme=0",
                                   "market.voluntary=0",
                                   "outsourcing.in_house_bids=false",
                                   "outsourcing.financial_standing=0",
                                   "outsourcing.bid_propensity=1",
                                   "outsourcing.incumbent_advantage=0",
                                   "commissioners.quality_noise=0"};
  base.insert(base.end(), sets.begin(), sets.end());
  return test::small_baseline(base);
}

/// Ids of the live large firms, in id order.
std::vector<int> firms_of(const World& w) {
  std::vector<int> ids;
  for (const auto& pr : w.market.providers)
    if (pr.type == ProviderType::LargePrivate) ids.push_back(pr.id);
  return ids;
}

TEST(Tendering, CheapestBidderWinsAtEqualQuality) {
  const auto p = firms_only(3);
  const Streams rng(5, 0);
  World w = init_world(p, rng);
  const auto firms = firms_of(w);
  ASSERT_EQ(firms.size(), 3u);
  for (int id : firms) w.market.providers[id].quality = 0.6, w.market.providers[id].bid_skill = 0.2;
  w.market.providers[firms[0]].cost_mult = 1.10;
  w.market.providers[firms[1]].cost_mult = 0.90;  // the cheapest
  w.market.providers[firms[2]].cost_mult = 1.00;
  for (int d = 0; d < static_cast<int>(p.domains.size()); ++d) {
    const auto bids = run_tender(w.market, w.tally, w.year, p, rng, {0}, d);
    ASSERT_EQ(bids.size(), 3u);
    const Service& s = w.market.commissioners[0].services[d];
    EXPECT_EQ(s.provider, firms[1]);
    EXPECT_TRUE(s.contracted);
    double cheapest = bids.front().price;
    for (const auto& b : bids) cheapest = std::min(cheapest, b.price);
    EXPECT_EQ(s.price, cheapest);
  }
}

TEST(Tendering, FailedProviderNeverBidsOrWins) {
  // The cheapest, best firm has just failed (settle marks it not alive).
  const auto p = firms_only(2);
  const Streams rng(6, 0);
  World w = init_world(p, rng);
  const auto firms = firms_of(w);
  w.market.providers[firms[0]].cost_mult = 0.5;
  w.market.providers[firms[0]].quality = 0.95;
  w.market.providers[firms[0]].alive = false;
  int tenders = 0;
  for (int c = 0; c < static_cast<int>(w.market.commissioners.size()); ++c)
    for (int d = 0; d < static_cast<int>(p.domains.size()); ++d) {
      const auto bids = run_tender(w.market, w.tally, w.year, p, rng, {c}, d);
      for (const auto& b : bids) EXPECT_NE(b.provider, firms[0]);
      if (!bids.empty()) ++tenders;
      EXPECT_NE(w.market.commissioners[c].services[d].provider, firms[0]);
    }
  EXPECT_GT(tenders, 0);
}

TEST(Tendering, ExclusionBarsOnlyTheProviderNamed) {
  // sme-1 is barred; large_private-1 shares its ordinal but not its type, and still bids.
  auto p =
      test::small_baseline({"outsourcing.in_house_bids=false", "outsourcing.financial_standing=0",
                            "outsourcing.bid_propensity=1", "outsourcing.lot_size=1",
                            "outsourcing.excluded_provider=\"sme-1\""});
  const Streams rng(7, 0);
  World w = init_world(p, rng);
  int sme_1 = -1, large_1 = -1;
  for (const auto& pr : w.market.providers) {
    if (pr.name() == "sme-1") sme_1 = pr.id;
    if (pr.name() == "large_private-1") large_1 = pr.id;
  }
  ASSERT_GE(sme_1, 0);
  ASSERT_GE(large_1, 0);
  const int d = w.market.providers[sme_1].domain;  // the one domain sme-1 serves
  w.market.providers[sme_1].cost_mult = 0.3;       // would be the cheapest by far
  bool large_bid = false;
  for (int c = 0; c < static_cast<int>(w.market.commissioners.size()); ++c) {
    for (const auto& b : run_tender(w.market, w.tally, w.year, p, rng, {c}, d)) {
      EXPECT_NE(b.provider, sme_1);
      large_bid |= b.provider == large_1;
    }
    EXPECT_NE(w.market.commissioners[c].services[d].provider, sme_1);
  }
  EXPECT_TRUE(large_bid);
}

/// Mean winning price, as a multiple of the domain's unit cost, over every tender of four
/// rounds in a world with `firms` large firms (seed `seed`).
double mean_winning_price(int firms, int seed) {
  const auto p = firms_only(firms, {"commissioners.quality_noise=0.3"});
  const Streams rng(static_cast<std::uint64_t>(seed), 0);
  World w = init_world(p, rng);
  double sum = 0;
  int n = 0;
  for (int round = 0; round < 4; ++round, ++w.year)
    for (int c = 0; c < static_cast<int>(w.market.commissioners.size()); ++c)
      for (int d = 0; d < static_cast<int>(p.domains.size()); ++d)
        if (!run_tender(w.market, w.tally, w.year, p, rng, {c}, d).empty()) {
          sum += w.market.commissioners[c].services[d].price / p.domains[d].unit_cost;
          ++n;
        }
  return n ? sum / n : NAN;
}

TEST(Tendering, MoreBiddersLowerThePriceOnAverage) {
  double few = 0, many = 0;
  const int seeds = 8;
  for (int seed = 1; seed <= seeds; ++seed) {
    few += mean_winning_price(2, seed) / seeds;
    many += mean_winning_price(6, seed) / seeds;
  }
  // Fewer rivals: wider margins (London buses) and less choice of cost.
  EXPECT_LT(many, few * 0.97) << few << " vs " << many;  // seeds 1-8: about 0.91
  EXPECT_GT(many, few * 0.8);  // it trims margins, it does not remake costs
}

}  // namespace
}  // namespace quasim
