// The make-or-buy comparison and the performance record, rule by rule.
#include "agents/make_or_buy.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "agents/performance.hpp"

namespace quasim {
namespace {

/// A case with a healthy market that is no cheaper than the in-house unit's cost.
MakeOrBuyCase even_case() {
  MakeOrBuyCase k;
  k.in_house_quality = 0.62;
  k.market.price_ratio = 1.0;
  k.market.bids = 6;
  k.market.quality = 0.62;
  k.neutral = k.market;
  k.capable_bidders = 8;
  k.risk_appetite = 0.3;
  return k;
}

TEST(MakeOrBuy, CheapMarketIsChosen) {
  MakeOrBuyCase k = even_case();
  k.market.price_ratio = k.neutral.price_ratio = 0.8;
  const auto choice = decide_make_or_buy(k, Parameters{});
  EXPECT_TRUE(choice.to_market);
  EXPECT_EQ(choice.reason, MakeOrBuyReason::MarketValue);
  EXPECT_NEAR(choice.advantage, 1.0 - 0.8 - 0.03 - (0.02 + 0.03) / 5, 1e-12);
}

TEST(MakeOrBuy, InHouseKeptWhenTheMarketIsNoCheaper) {
  // Equal price: the market's transaction costs (monitoring, tendering, mobilisation) decide.
  const auto choice = decide_make_or_buy(even_case(), Parameters{});
  EXPECT_FALSE(choice.to_market);
  EXPECT_EQ(choice.reason, MakeOrBuyReason::InHouseValue);
}

TEST(MakeOrBuy, BetterInHouseQualityKeepsItInHouse) {
  MakeOrBuyCase k = even_case();
  k.market.price_ratio = k.neutral.price_ratio = 0.9;  // 6% net saving...
  k.in_house_quality = 0.75;                           // ...against a better in-house unit
  k.market.quality = k.neutral.quality = 0.62;
  EXPECT_FALSE(decide_make_or_buy(k, Parameters{}).to_market);
  k.in_house_quality = 0.62;
  EXPECT_TRUE(decide_make_or_buy(k, Parameters{}).to_market);
}

TEST(MakeOrBuy, ThinMarketPremiumKeepsACheapishServiceInHouse) {
  MakeOrBuyCase k = even_case();
  k.market.price_ratio = k.neutral.price_ratio = 0.95;  // 1% net saving
  EXPECT_TRUE(decide_make_or_buy(k, Parameters{}).to_market);
  k.market.bids = k.neutral.bids = 1.5;  // premium 0.1 * 0.7 * (1 - 1.5 / 4) = 0.044
  const auto choice = decide_make_or_buy(k, Parameters{});
  EXPECT_FALSE(choice.to_market);
  EXPECT_EQ(choice.reason, MakeOrBuyReason::ThinMarket);
}

TEST(MakeOrBuy, ThinMarketPremiumGrowsWithRiskAversion) {
  MakeOrBuyCase k = even_case();
  k.market.price_ratio = k.neutral.price_ratio = 0.93;
  k.market.bids = k.neutral.bids = 1;
  Parameters p;
  k.risk_appetite = 0.9;  // premium 0.1 * 0.1 * 0.75 = 0.0075 < 0.03 saving
  EXPECT_TRUE(decide_make_or_buy(k, p).to_market);
  k.risk_appetite = 0.1;  // premium 0.1 * 0.9 * 0.75 = 0.0675 > 0.03 saving
  EXPECT_FALSE(decide_make_or_buy(k, p).to_market);
  EXPECT_GT(thin_market_premium(k, p.make_or_buy), 0.06);
}

TEST(MakeOrBuy, TooFewCapableBiddersKeepItInHouseHoweverCheap) {
  MakeOrBuyCase k = even_case();
  k.market.price_ratio = k.neutral.price_ratio = 0.5;
  k.capable_bidders = 1;  // below make_or_buy.min_bidders = 2
  const auto choice = decide_make_or_buy(k, Parameters{});
  EXPECT_FALSE(choice.to_market);
  EXPECT_EQ(choice.reason, MakeOrBuyReason::ThinMarket);
  k.capable_bidders = 2;
  EXPECT_TRUE(decide_make_or_buy(k, Parameters{}).to_market);
}

TEST(MakeOrBuy, FailuresSeenTipItInHouseAsPoorRecord) {
  MakeOrBuyCase k = even_case();
  k.market.price_ratio = k.neutral.price_ratio = 0.9;  // 6% net saving
  k.market.failure_rate = 0.2;  // 0.2 x (transition 0.25 + disruption 0.25) = 0.1 expected cost
  const auto choice = decide_make_or_buy(k, Parameters{});
  EXPECT_FALSE(choice.to_market);
  EXPECT_EQ(choice.reason, MakeOrBuyReason::PoorRecord);
  k.market.failure_rate = 0;
  k.market.quality = 0.45;  // contractors observed delivering much less than the unit
  EXPECT_EQ(decide_make_or_buy(k, Parameters{}).reason, MakeOrBuyReason::PoorRecord);
}

TEST(MakeOrBuy, BringingAContractBackCountsItsTransitionCost) {
  MakeOrBuyCase k = even_case();
  k.market.price_ratio = k.neutral.price_ratio = 1.05;
  const Parameters p;
  const double held_in_house = market_advantage(k, k.market, p, true);
  k.contracted = true;  // insourcing costs termination_cost x transition_cost over a contract
  EXPECT_NEAR(market_advantage(k, k.market, p, true) - held_in_house, 0.5 * 0.25 / 5, 1e-12);
}

/// `commissioners` commissioners with one domain and an in-house unit each (cost 1.2 x efficient).
Market small_market(int commissioners) {
  Market m;
  m.last_bidders = {5};
  for (int c = 0; c < commissioners; ++c) {
    Commissioner cm;
    cm.id = c;
    cm.services.assign(1, Service{});
    cm.in_house.assign(1, c);
    cm.market_memory.assign(1, TenderMemory{});
    m.commissioners.push_back(cm);
    Provider unit;
    unit.id = c;
    unit.type = ProviderType::InHouse;
    unit.quality = 0.6;
    unit.cost_mult = 1.0;
    unit.slack = 0.2;
    m.providers.push_back(unit);
  }
  return m;
}

Parameters one_domain() {
  Parameters p;
  p.domains.resize(1);
  p.domains[0].unit_cost = 1000;
  return p;
}

TEST(MakeOrBuyCase, WithoutMemoryTheCommissionerExpectsThePrior) {
  const Market m = small_market(3);
  const Parameters p = one_domain();
  const auto k = make_or_buy_case(m, p, 1, 0, 0, 4);
  EXPECT_NEAR(k.market.price_ratio, p.make_or_buy.prior_price_ratio, 1e-12);
  EXPECT_NEAR(k.market.bids, 5, 1e-12);
  EXPECT_NEAR(k.market.quality, 0.6, 1e-12);
  EXPECT_EQ(k.market.failure_rate, 0);
  EXPECT_EQ(k.capable_bidders, 4);
}

TEST(MakeOrBuyCase, OwnAndNeighboursTendersMoveTheExpectation) {
  Market m = small_market(4);
  const Parameters p = one_domain();
  // Commissioner 0 saw a tender won at 0.6 of efficient cost (0.5 of its unit's cost 1.2).
  remember_tender(m, p, 0, 0, 0, 600, 2);
  const auto own = make_or_buy_case(m, p, 0, 0, 0, 4);
  EXPECT_NEAR(own.market.price_ratio, (0.9 * 1.2 + 0.6) / 2 / 1.2, 1e-12);
  EXPECT_NEAR(own.market.bids, (5 + 2) / 2.0, 1e-12);
  const auto neighbour = make_or_buy_case(m, p, 1, 0, 0, 4);  // half weight
  EXPECT_NEAR(neighbour.market.price_ratio, (0.9 * 1.2 + 0.5 * 0.6) / 1.5 / 1.2, 1e-12);
  const auto far = make_or_buy_case(m, p, 3, 0, 0, 4);  // beyond make_or_buy.neighbours
  EXPECT_NEAR(far.market.price_ratio, 0.9, 1e-12);
  // The memory fades: five years on, the tender weighs 0.8^5 of a tender.
  const auto later = make_or_buy_case(m, p, 0, 0, 5, 4);
  const double w = std::pow(0.8, 5);
  EXPECT_NEAR(later.market.price_ratio, (0.9 * 1.2 + w * 0.6) / (1 + w) / 1.2, 1e-12);
}

TEST(MakeOrBuyCase, AFailureSeenRaisesTheExpectedFailureRate) {
  Market m = small_market(2);
  const Parameters p = one_domain();
  m.providers.push_back(Provider{});
  const int firm = 2;
  m.providers[firm].id = firm;
  m.providers[firm].type = ProviderType::LargePrivate;
  m.commissioners[0].services[0].provider = firm;
  m.commissioners[0].services[0].contracted = true;
  remember_contract_years(m, 0, p);                      // a contracted year (the exposure) ...
  remember_monitoring(m, 0, p, 0, 0, firm, 0.5, false);  // ... and its quality seen
  remember_failure(m, 1, p, firm);
  const auto k = make_or_buy_case(m, p, 0, 0, 1, 4);
  // One failure over the prior's 5 service-years plus 0.8 contracted (a year, decayed by 0.2).
  EXPECT_NEAR(k.market.failure_rate, 1.0 / (5 + 0.8), 1e-12);
  EXPECT_EQ(k.neutral.failure_rate, 0);
  EXPECT_NEAR(k.market.quality, (5 * 0.6 + 0.8 * 0.5) / 5.8, 1e-12);
  EXPECT_GT(make_or_buy_case(m, p, 1, 0, 1, 4).market.failure_rate, 0);  // the neighbour too
}

TEST(MakeOrBuyCase, UnmonitoredContractYearsCountAsExposureButNotAsQualitySeen) {
  // A contract in its last year is not monitored: it adds to the years a failure is counted
  // against, and leaves the expected quality where the prior put it.
  Market m = small_market(2);
  const Parameters p = one_domain();
  m.providers.push_back(Provider{});
  m.providers[2].id = 2;
  m.providers[2].type = ProviderType::LargePrivate;
  m.commissioners[0].services[0].provider = 2;
  m.commissioners[0].services[0].contracted = true;
  remember_contract_years(m, 0, p);
  remember_failure(m, 1, p, 2);
  const auto k = make_or_buy_case(m, p, 0, 0, 1, 4);
  EXPECT_NEAR(k.market.failure_rate, 1.0 / (5 + 0.8), 1e-12);
  EXPECT_NEAR(k.market.quality, k.in_house_quality, 1e-12);
}

TEST(PerformanceRecord, RecordBlendsIntoJudgedQualityAndFades) {
  PerformanceParams pp;  // weight 0.3, decay 0.2
  EXPECT_EQ(judged_quality(0.7, nullptr, 0, pp), 0.7);
  ProviderRecord r;
  r.observations = 3;
  r.quality_sum = 3 * 0.3;  // it delivered 0.3 where its bids show 0.7
  const double w = 0.3 * 3 / 4.0;
  EXPECT_NEAR(judged_quality(0.7, &r, 0, pp), (1 - w) * 0.7 + w * 0.3, 1e-12);
  EXPECT_GT(judged_quality(0.7, &r, 10, pp), judged_quality(0.7, &r, 0, pp));  // fading
  pp.weight = 0;
  EXPECT_EQ(judged_quality(0.7, &r, 0, pp), 0.7);
}

TEST(PerformanceRecord, StrikesBarForTheSetYearsAndThePenaltyDecays) {
  Market m = small_market(1);
  Parameters p = one_domain();
  m.providers.push_back(Provider{});
  m.providers[1].id = 1;
  m.providers[1].type = ProviderType::Sme;
  remember_monitoring(m, 4, p, 0, 0, 1, 0.1, true);  // terminated in year 4
  const ProviderRecord* r = m.commissioners[0].performance.find(1);
  ASSERT_NE(r, nullptr);
  EXPECT_TRUE(barred(r, 5));
  EXPECT_TRUE(barred(r, 7));
  EXPECT_FALSE(barred(r, 8));  // performance.bar_years = 3: tenders in years 5-7
  EXPECT_NEAR(strike_penalty(r, 4, p.performance), 0.1, 1e-12);
  EXPECT_NEAR(strike_penalty(r, 8, p.performance), 0.1 * std::pow(0.8, 4), 1e-12);
  EXPECT_EQ(m.commissioners[0].performance.find(0), nullptr);
}

}  // namespace
}  // namespace quasim
