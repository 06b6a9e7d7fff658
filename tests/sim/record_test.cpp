// The year's numbers for the recorder: national totals, shares and market measures.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "sim/replicate.hpp"
#include "sim/step.hpp"
#include "tests/support/test_scenarios.hpp"

namespace quasim {
namespace {

double sum(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0);
}

TEST(Record, NationalTotalsAreTheSumsOverCommissionersAndDomains) {
  const auto p = test::small_baseline(
      {"domain.adult_social_care.tender_share=1", "budget.initial_coverage=0.9"}, 4);
  const auto result = run_replicate(p, 0);
  ASSERT_EQ(result.years.size(), 4u);
  for (const auto& r : result.years) {
    const double tol = 1e-9 * r.spending_total;
    EXPECT_NEAR(r.spending_total, sum(r.comm_spending), tol);
    EXPECT_GT(r.funding_gap, 0);  // coverage 0.9: a gap from the start
    EXPECT_NEAR(r.funding_gap, sum(r.comm_funding_gap), 1e-9 * r.funding_gap);
    // Services are part of spending (with back offices and transaction costs).
    EXPECT_GT(sum(r.dom_spending), 0.5 * r.spending_total);
    EXPECT_LT(sum(r.dom_spending), r.spending_total);
    // Shares of service spending by provider type add up to one; external types make up the
    // outsourced share.
    double shares = 0, external = 0;
    for (int k = 0; k < kProviderTypes; ++k) {
      shares += r.type_market_share[k];
      if (k != static_cast<int>(ProviderType::InHouse)) external += r.type_market_share[k];
    }
    EXPECT_NEAR(shares, 1.0, 1e-12);
    EXPECT_NEAR(r.outsourced_share, external, 1e-12);
    EXPECT_GT(r.outsourced_share, 0);  // adult social care always goes to market
    for (double share : r.comm_in_house_share) {
      EXPECT_GE(share, 0.0);
      EXPECT_LE(share, 1.0);
    }
    EXPECT_GT(r.hhi, 0.0);
    EXPECT_LE(r.hhi, 10000.0);
  }
}

/// Mean share of need served over the years of one replicate; every year's share checked to
/// lie in [0, 1].
double served_share(const Parameters& p, int replicate) {
  const auto result = run_replicate(p, replicate);
  double total = 0;
  for (const auto& y : result.years) {
    const double served = 1.0 - y.unmet_need;
    EXPECT_GE(served, 0.0);
    EXPECT_LE(served, 1.0);
    total += served;
  }
  return total / static_cast<double>(result.years.size());
}

TEST(Record, ServedShareLiesInZeroOneAndRisesWithFunding) {
  const auto lean = test::small_baseline({"budget.initial_coverage=0.8"}, 4);
  const auto rich = test::small_baseline({"budget.initial_coverage=1.1"}, 4);
  for (int replicate = 0; replicate < 3; ++replicate) {  // paired: same replicate, same draws
    const double low = served_share(lean, replicate), high = served_share(rich, replicate);
    EXPECT_GT(high, low + 0.05) << "replicate " << replicate;
  }
}

/// A world whose year is set by hand: no service paid anything, nobody counted.
struct HandYear {
  Parameters p = test::small_baseline();
  World w = init_world(p, Streams(5, 0));
  CitizenTally t;
  CitizenConditions cond;
  HandYear() {
    const int C = static_cast<int>(w.market.commissioners.size());
    const int D = static_cast<int>(p.domains.size());
    t.reset(C, D);
    cond.domains = D;
    cond.service.resize(static_cast<std::size_t>(C) * D);
    w.market.ledger.begin_year(w.market.commissioners.size(), p.domains.size(),
                               w.market.providers.size());
    for (auto& c : w.market.commissioners) c.funding_gap = c.full_cost = 0;
  }
  /// Commissioner c paid `provider` GBP `paid` for `agent_units` units of quality `quality`.
  void pay(int c, int d, int provider, double paid, int agent_units, double quality) {
    ServiceFlows& s = w.market.ledger.service(c, d);
    s.slot_provider[0] = provider;
    s.slot_spending[0] = paid;
    s.spending = paid;
    t.slot_units[t.ad(c, d) * kChoiceSlots] = agent_units;
    cond.service[t.ad(c, d)].slot_quality[0] = quality;
  }
  int first_of(ProviderType type, int skip = 0) const {
    for (const auto& pr : w.market.providers)
      if (pr.type == type && skip-- == 0) return pr.id;
    return -1;
  }
};

TEST(Record, ConcentrationAndSharesFollowWhoWasPaid) {
  HandYear h;
  const int a = h.first_of(ProviderType::LargePrivate), b = h.first_of(ProviderType::Sme);
  ASSERT_GE(a, 0);
  ASSERT_GE(b, 0);
  h.pay(0, 0, a, 30, 3, 0.4);
  h.pay(1, 0, b, 70, 1, 0.8);
  h.pay(2, 0, h.w.market.commissioners[2].in_house[0], 100, 2, 0.6);
  YearRecord r;
  record(h.w, h.p, h.t, h.cond, r);
  EXPECT_DOUBLE_EQ(r.hhi, 10000.0 * (0.3 * 0.3 + 0.7 * 0.7));
  EXPECT_DOUBLE_EQ(r.outsourced_share, 0.5);
  EXPECT_DOUBLE_EQ(r.type_market_share[static_cast<int>(ProviderType::LargePrivate)], 0.15);
  EXPECT_DOUBLE_EQ(r.type_market_share[static_cast<int>(ProviderType::Sme)], 0.35);
  EXPECT_DOUBLE_EQ(r.type_market_share[static_cast<int>(ProviderType::InHouse)], 0.5);
  EXPECT_DOUBLE_EQ(r.type_quality_mean[static_cast<int>(ProviderType::LargePrivate)], 0.4);
  EXPECT_TRUE(std::isnan(r.type_quality_mean[static_cast<int>(ProviderType::Voluntary)]));
  EXPECT_DOUBLE_EQ(r.comm_in_house_share[0], 0.0);
  EXPECT_DOUBLE_EQ(r.comm_in_house_share[2], 1.0);
  EXPECT_DOUBLE_EQ(r.comm_in_house_share[3], 1.0);  // paid nothing: counted as in-house
  EXPECT_DOUBLE_EQ(r.dom_spending[0], 200 / 1e6);
  EXPECT_DOUBLE_EQ(r.dom_spending[1], 0.0);
}

TEST(Record, QualityByTypeIsWeightedByUnitsDelivered) {
  HandYear h;
  const int a = h.first_of(ProviderType::LargePrivate),
            b = h.first_of(ProviderType::LargePrivate, 1);
  ASSERT_GE(b, 0);
  h.pay(0, 0, a, 30, 3, 0.4);
  h.pay(1, 1, b, 70, 1, 0.8);
  YearRecord r;
  record(h.w, h.p, h.t, h.cond, r);
  EXPECT_DOUBLE_EQ(r.type_quality_mean[static_cast<int>(ProviderType::LargePrivate)],
                   (3 * 0.4 + 1 * 0.8) / 4);
}

TEST(Record, UnmetNeedIsUnitsUnservedOverUnitsDemanded) {
  HandYear h;
  const auto& t = h.t;
  h.t.demand_units[t.ad(0, 0)] = 40, h.t.unmet_units[t.ad(0, 0)] = 10;
  h.t.demand_units[t.ad(1, 1)] = 60, h.t.unmet_units[t.ad(1, 1)] = 0;
  h.t.demand_units[t.ad(1, 0)] = 60, h.t.unmet_units[t.ad(1, 0)] = 30;
  YearRecord r;
  record(h.w, h.p, h.t, h.cond, r);
  EXPECT_DOUBLE_EQ(r.unmet_need, 40.0 / 160.0);
  EXPECT_DOUBLE_EQ(r.comm_unmet_need[0], 0.25);
  EXPECT_DOUBLE_EQ(r.comm_unmet_need[1], 0.25);
  EXPECT_DOUBLE_EQ(r.comm_unmet_need[2], 0.0);  // no demand: nothing unmet
  EXPECT_DOUBLE_EQ(r.dom_unmet_need[0], 0.4);
  EXPECT_DOUBLE_EQ(r.dom_unmet_need[1], 0.0);
  EXPECT_DOUBLE_EQ(r.dom_demand[0], 100 * h.p.population.agent_weight);
}

TEST(Record, PopulationMeansAreOverPeopleInAllAreas) {
  HandYear h;
  h.t.people[0] = 30, h.t.outcome_sum[0] = 30 * 255;  // everyone at the best outcome
  h.t.people[1] = 10, h.t.outcome_sum[1] = 0, h.t.aged65[1] = 10;
  YearRecord r;
  record(h.w, h.p, h.t, h.cond, r);
  EXPECT_DOUBLE_EQ(r.population, 40 * h.p.population.agent_weight);
  EXPECT_DOUBLE_EQ(r.outcome_mean, 0.75);
  EXPECT_DOUBLE_EQ(r.share_65plus, 0.25);
  EXPECT_DOUBLE_EQ(r.comm_outcome_mean[0], 1.0);
  EXPECT_DOUBLE_EQ(r.comm_outcome_mean[1], 0.0);
  EXPECT_DOUBLE_EQ(r.value_for_money, 0.0);  // nothing spent
}

}  // namespace
}  // namespace quasim
