// Commissioners' allocation (`allocate`), step by step, on one hand-built commissioner: the
// demand cost of last year's need, statutory domains funded first, the rest shared pro rata
// (or by value weights), and eligibility thresholds set from the money each domain got.
#include "agents/commissioner.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <utility>

namespace quasim {
namespace {

/// Domains 0 and 1 statutory, 2 and 3 not; one agent per person.
Parameters params(double protection = 1.0) {
  Parameters p;
  p.population.agent_weight = 1;
  p.outsourcing.statutory_protection = protection;
  p.domains.resize(4);
  p.domains[0].statutory = p.domains[1].statutory = true;
  return p;
}

/// Last year's end-of-year counts: in every domain n people at each of levels 1, 2 and 3,
/// i.e. 6 n need units.
CitizenTally counts(int domains, std::int64_t n) {
  CitizenTally t;
  t.reset(1, domains);
  for (int d = 0; d < domains; ++d)
    for (int level = 1; level < kNeedLevels; ++level) t.level_count[t.ad(0, d) * 4 + level] = n;
  return t;
}

/// A commissioner of area 0 paying `price` per need unit in every domain.
Commissioner commissioner(int domains, double available, double price = 100) {
  Commissioner c;
  c.id = 0;
  c.services.resize(domains);
  for (auto& s : c.services) s.unit_price = price;
  c.available = available;
  return c;
}

/// With 10 people at each level and price 100, every domain costs 6,000; all four 24,000.
Commissioner allocated(double available, const Parameters& p = params(),
                       std::vector<double> weights = {1, 1, 1, 1}) {
  Commissioner c = commissioner(4, available);
  allocate(c, p, counts(4, 10), weights);
  return c;
}

double total_funding(const Commissioner& c) {
  double sum = 0;
  for (const auto& s : c.services) sum += s.funding;
  return sum;
}

TEST(Allocate, DemandCostIsLastYearsNeedUnitsAtThisYearsPrice) {
  auto p = params();
  p.population.agent_weight = 3;
  Commissioner c = commissioner(4, 1e9);
  c.services[2].unit_price = 50;
  allocate(c, p, counts(4, 10), {1, 1, 1, 1});
  EXPECT_DOUBLE_EQ(c.services[0].demand_cost, 3 * 60 * 100.0);  // 3 x (10 + 2x10 + 3x10) x 100
  EXPECT_DOUBLE_EQ(c.services[2].demand_cost, 3 * 60 * 50.0);
  EXPECT_DOUBLE_EQ(c.full_cost, 3 * 60 * (100.0 * 3 + 50));
  EXPECT_DOUBLE_EQ(c.funding_gap, 0);
}

TEST(Allocate, StatutoryDomainsAreFundedFirst) {
  const auto short_of_statutory = allocated(9000);  // statutory cost 12,000
  EXPECT_DOUBLE_EQ(short_of_statutory.services[0].funding, 4500);
  EXPECT_DOUBLE_EQ(short_of_statutory.services[1].funding, 4500);
  EXPECT_DOUBLE_EQ(short_of_statutory.services[2].funding, 0);
  EXPECT_DOUBLE_EQ(short_of_statutory.services[3].funding, 0);
  const auto some_left = allocated(16000);
  EXPECT_DOUBLE_EQ(some_left.services[0].funding, 6000);
  EXPECT_DOUBLE_EQ(some_left.services[1].funding, 6000);
  EXPECT_DOUBLE_EQ(some_left.services[2].funding, 2000);  // the 4,000 left, pro rata to cost
  EXPECT_DOUBLE_EQ(some_left.services[3].funding, 2000);
  EXPECT_DOUBLE_EQ(some_left.funding_gap, 8000);
}

TEST(Allocate, UnprotectedStatutoryCostCompetesWithTheRest) {
  // Protection 0.5: 3,000 of each statutory 6,000 first, then the other 6,000 of the 12,000
  // shared among all four domains pro rata to cost (all still below it).
  const auto half = allocated(12000, params(0.5));
  EXPECT_DOUBLE_EQ(half.services[0].funding, 3000 + 1500);
  EXPECT_DOUBLE_EQ(half.services[2].funding, 1500);
  const auto full = allocated(12000, params(1.0));
  EXPECT_GT(half.services[2].funding, full.services[2].funding);
  EXPECT_LT(half.services[0].funding, full.services[0].funding);
  EXPECT_DOUBLE_EQ(total_funding(half), 12000);
  EXPECT_DOUBLE_EQ(total_funding(full), 12000);
}

TEST(Allocate, ValueWeightsSteerTheRestAndEachDomainIsCappedAtItsCost) {
  const auto p = params(1.0);
  const auto steered = allocated(18000, p, {1, 1, 2, 1});  // 6,000 left for domains 2 and 3
  EXPECT_DOUBLE_EQ(steered.services[2].funding, 4000);
  EXPECT_DOUBLE_EQ(steered.services[3].funding, 2000);
  // A heavy weight would give domain 2 more than its cost: capped, the rest flows on.
  const auto capped = allocated(21000, p, {1, 1, 10, 1});  // 9,000 left
  EXPECT_DOUBLE_EQ(capped.services[2].funding, 6000);
  EXPECT_NEAR(capped.services[3].funding, 3000, 1e-9);
  EXPECT_NEAR(total_funding(capped), 21000, 1e-9);
}

TEST(Allocate, MoneyAllocatedNeverExceedsAvailable) {
  for (double protection : {1.0, 0.5, 0.0})
    for (const std::vector<double>& weights :
         {std::vector<double>{1, 1, 1, 1}, {1, 1, 5, 0.2}, {1, 1, 0, 0}})
      for (double available :
           {-5000.0, 0.0, 1.0, 5000.0, 12000.0, 12001.0, 23999.0, 24000.0, 1e6}) {
        const auto c = allocated(available, params(protection), weights);
        SCOPED_TRACE(testing::Message() << protection << " " << weights[2] << " " << available);
        EXPECT_LE(total_funding(c), std::max(0.0, available) + 1e-6);
        for (const auto& s : c.services) {
          EXPECT_GE(s.funding, 0);
          EXPECT_LE(s.funding, s.demand_cost + 1e-6);
        }
        EXPECT_DOUBLE_EQ(c.funding_gap, std::max(0.0, 24000 - std::max(0.0, available)));
      }
  // Enough money for everything: everything is funded in full.
  const auto rich = allocated(1e6);
  for (const auto& s : rich.services) EXPECT_DOUBLE_EQ(s.funding, s.demand_cost);
}

TEST(Allocate, EligibilityServesTheHighestNeedsFirst) {
  // Domain 3 (not statutory) gets 4,000 = 40 units: all 30 units at level 3, then 10 of the 20
  // at level 2 (threshold 2, half by lottery); nothing for level 1.
  const auto c = allocated(12000 + 4000, params(), {1, 1, 0, 1});  // weight 0: none for 2
  EXPECT_DOUBLE_EQ(c.services[3].funding, 4000);
  EXPECT_EQ(c.services[3].threshold, 2);
  EXPECT_DOUBLE_EQ(c.services[3].marginal, 0.5);
  EXPECT_EQ(c.services[0].threshold, 1);  // fully funded: every level served
  EXPECT_DOUBLE_EQ(c.services[0].marginal, 1.0);
  EXPECT_EQ(c.services[2].threshold, 3);  // no money: not even level 3 (marginal 0)
  EXPECT_DOUBLE_EQ(c.services[2].marginal, 0.0);
}

TEST(Allocate, LevelsWithoutNeedAreServedWhateverTheMoney) {
  // Levels nobody is at are passed over: with need only at level 1 and no money, the threshold
  // is 1 and its lottery serves nobody; with no need at all, everyone would be served.
  CitizenTally t;
  t.reset(1, 4);
  for (int d = 0; d < 4; ++d) t.level_count[t.ad(0, d) * 4 + 1] = 10;
  Commissioner c = commissioner(4, 0);
  allocate(c, params(), t, {1, 1, 1, 1});
  for (const auto& s : c.services) {
    EXPECT_EQ(s.threshold, 1);
    EXPECT_DOUBLE_EQ(s.marginal, 0.0);
  }
  CitizenTally none;
  none.reset(1, 4);
  allocate(c, params(), none, {1, 1, 1, 1});
  for (const auto& s : c.services) {
    EXPECT_EQ(s.threshold, 1);
    EXPECT_DOUBLE_EQ(s.marginal, 1.0);
  }
}

TEST(Allocate, ThresholdsRiseWhenMoneyFalls) {
  // Rationing gets stricter (threshold up, or the same threshold with a lower marginal
  // chance) in every domain as the money available falls from the full cost to nothing.
  std::vector<std::pair<int, double>> last(4, {0, -1.0});
  for (double available = 24000; available >= 0; available -= 500) {
    const auto c = allocated(available);
    for (int d = 0; d < 4; ++d) {
      const std::pair<int, double> strictness = {c.services[d].threshold, -c.services[d].marginal};
      EXPECT_GE(strictness, last[d]) << "domain " << d << " at " << available;
      last[d] = strictness;
    }
  }
  EXPECT_EQ(last[0], (std::pair<int, double>{3, -0.0}));
  EXPECT_EQ(allocated(24000).services[3].threshold, 1);
}

}  // namespace
}  // namespace quasim
