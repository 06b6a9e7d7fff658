// Pricing and bid/no-bid on expected profit (agents/bidding.cpp): each rule on a hand-built case.
#include "agents/bidding.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace quasim {
namespace {

/// A lot worth 1m a year on five-year terms, a new bidder with a true cost of 90 per unit where
/// the service costs 100 now and five bids are expected; no PbR, ample reserves.
BidCase lot() {
  BidCase c;
  c.cost = c.estimate = 90;
  c.reference = 100;
  c.expected_bids = 5;
  c.value = 1e6;
  c.contract_years = 5;
  c.fixed_cost_share = 0.2;
  c.markup = 0.05;
  c.bid_skill = 0.3;
  c.risk_capacity = c.reserves = 5e6;
  c.bid_cost = 1e4;
  c.mobilisation = 3e4;
  return c;
}

/// The same lot as a bidder of `kind` sees it: risk capacity and sophistication by type.
BidCase large_firm() {
  BidCase c = lot();
  c.risk_capacity = c.reserves = 1.5e6;  // 25% of six services' turnover
  c.markup = 0.08;
  c.bid_skill = 0.55;
  c.profit_motive = 0.6;
  return c;
}
BidCase charity() {
  BidCase c = lot();
  c.risk_capacity = c.reserves = 4e4;  // 8% of a third of a service's turnover
  c.markup = 0.03;
  c.bid_skill = 0.15;
  c.profit_motive = 0.05;
  return c;
}

const BiddingParams kB{};

TEST(Bidding, ALargeFirmsPremiumIsLowerThanACharitysForTheSameLot) {
  BidCase firm = large_firm(), small = charity();
  firm.pbr_share = small.pbr_share = 0.5;
  const double firm_premium = risk_premium(firm, kB), charity_premium = risk_premium(small, kB);
  EXPECT_GT(firm_premium, 0);
  EXPECT_GT(charity_premium, 10 * firm_premium);  // risk capacity 1.5m against 40k
  // The charity cannot carry it: above max_premium it does not bid; the firm does.
  EXPECT_GT(charity_premium, kB.max_premium);
  EXPECT_EQ(decide_bid(small, kB).choice, BidChoice::TooRisky);
  EXPECT_EQ(decide_bid(firm, kB).choice, BidChoice::Bids);
  // Parent backing counts as risk capacity.
  BidCase backed = small;
  backed.risk_capacity += 2e6;
  EXPECT_LT(risk_premium(backed, kB), firm_premium);
}

TEST(Bidding, NoRiskNoPremiumAndNoCapacityNoBid) {
  BidCase c = lot();
  c.fixed_cost_share = 0;
  EXPECT_EQ(risk_premium(c, kB), 0);
  c.risk_capacity = 0;
  EXPECT_EQ(risk_premium(c, kB), 0);  // it bears no risk
  c.pbr_share = 0.1;
  EXPECT_TRUE(std::isinf(risk_premium(c, kB)));
}

TEST(Bidding, PbrRaisesThePriceThroughShortfallLagAndPremium) {
  BidCase c = lot();
  const double plain = price_bid(c, kB).full_cost;
  c.pbr_share = 0.5;
  const double full_pay = price_bid(c, kB).full_cost;  // ratio 1: lag and premium only
  c.pbr_ratio = 0.7;
  const double short_pay = price_bid(c, kB).full_cost;
  EXPECT_GT(full_pay, plain * (1 + 0.5 * kB.cost_of_capital) - 1e-9);
  EXPECT_NEAR(short_pay / full_pay, 1.0 / pbr_revenue_factor(0.5, 0.7), 1e-12);
  EXPECT_NEAR(pbr_revenue_factor(0.5, 0.7), 0.85, 1e-12);
  EXPECT_EQ(pbr_revenue_factor(0.5, 1.4), 1.0);  // outperformance is not priced in
}

TEST(Bidding, LongerContractsLowerPricesMoreWhereFixedCostsAreHigh) {
  const auto saving = [](double fixed) {
    BidCase c = lot();
    c.expected_bids = 50;  // margin at the type's floor: cost terms only
    c.fixed_cost_share = fixed;
    c.contract_years = 3;
    const double short_term = price_bid(c, kB).price;
    c.contract_years = 10;
    return 1.0 - price_bid(c, kB).price / short_term;
  };
  EXPECT_GT(saving(0.2), 0);
  EXPECT_GT(saving(0.6), 1.5 * saving(0.2));
}

TEST(Bidding, MarginFollowsTheRivalsExpected) {
  BidCase c = lot();
  c.knows_cost = true;  // no curse correction, which grows with N
  c.reference = 130;    // room above cost for the rivals to compete away
  c.expected_bids = 1;
  const Pricing alone = price_bid(c, kB);
  EXPECT_NEAR(alone.price, c.reference, 1e-9);  // a lone bidder prices at what it costs now
  double previous = alone.price;
  for (int n : {2, 3, 5}) {
    c.expected_bids = n;
    const Pricing q = price_bid(c, kB);
    EXPECT_LT(q.price, previous) << n;
    EXPECT_NEAR(q.margin, std::max(c.markup, (c.reference / q.full_cost - 1) / n), 1e-12);
    previous = q.price;
  }
  c.expected_bids = 100;
  EXPECT_NEAR(price_bid(c, kB).margin, c.markup, 1e-12);  // never below the type's least margin
}

TEST(Bidding, TheIncumbentKnowsItsCostNewBiddersEstimateAndCorrect) {
  EXPECT_EQ(estimate_cost(90, true, 2.0, kB), 90);
  EXPECT_NEAR(estimate_cost(90, false, -1.0, kB), 90 * (1 - kB.cost_uncertainty), 1e-9);
  EXPECT_EQ(lowest_estimate_shortfall(1), 0);
  EXPECT_NEAR(lowest_estimate_shortfall(5), std::sqrt(2 * std::log(5.0)), 1e-12);
  BidCase c = lot();
  const double naive = price_bid(c, kB).corrected;
  c.bid_skill = 0.6;
  EXPECT_NEAR(price_bid(c, kB).corrected / c.estimate,
              1 + kB.curse_correction * 0.6 * kB.cost_uncertainty * lowest_estimate_shortfall(5),
              1e-12);
  EXPECT_GT(price_bid(c, kB).corrected, naive);
  c.knows_cost = true;
  EXPECT_EQ(price_bid(c, kB).corrected, c.estimate);
}

TEST(Bidding, AProfitSeekingNewcomerBuysInIfItCanCarryTheLoss) {
  BidCase c = large_firm();
  c.expected_bids = 10;
  const BidDecision in = decide_bid(c, kB);
  EXPECT_NEAR(in.pricing.buy_in, kB.buy_in * in.pricing.corrected, 1e-9);
  EXPECT_LT(in.pricing.price, in.pricing.full_cost * (1 + in.pricing.margin));
  EXPECT_GT(in.pricing.price, 0);
  EXPECT_EQ(in.choice, BidChoice::Bids);  // weighed on its margin before the cut
  BidCase present = c;
  present.in_domain = true;  // it already holds a contract here
  EXPECT_EQ(price_bid(present, kB).buy_in, 0);
  // A cut deeper than its margin is a loss over the contract: only reserves that carry it buy in.
  BiddingParams deep = kB;
  deep.buy_in = 0.3;
  EXPECT_GT(price_bid(c, deep).buy_in, 0);
  BidCase poor = c;
  poor.risk_capacity = poor.reserves = 2e4;
  EXPECT_EQ(price_bid(poor, deep).buy_in, 0);
  BidCase mission = c;
  mission.profit_motive = 0;
  EXPECT_EQ(price_bid(mission, kB).buy_in, 0);
}

TEST(Bidding, BidsOnlyWhereItCanWinFinanceAndProfit) {
  BidCase c = lot();
  EXPECT_EQ(decide_bid(c, kB).choice, BidChoice::Bids);
  BidCase dear = c;
  dear.cost = dear.estimate = 130;  // would need more than 1.1 x what the service costs now
  EXPECT_EQ(decide_bid(dear, kB).choice, BidChoice::AboveCeiling);
  BidCase broke = c;
  broke.reserves = 5e3;
  EXPECT_EQ(decide_bid(broke, kB).choice, BidChoice::CannotPay);
  BidCase crowded = c;
  crowded.expected_bids = 60;  // 1/60 chance at a 5% margin does not pay a 1% bid
  crowded.contract_years = 1;
  EXPECT_EQ(decide_bid(crowded, kB).choice, BidChoice::NoProfit);
  BidCase pbr = c;
  pbr.pbr_share = 0.5;
  pbr.risk_capacity = pbr.reserves = 3e5;  // less than half a year's value to wait for
  pbr.fixed_cost_share = 0;
  EXPECT_EQ(decide_bid(pbr, kB).choice, BidChoice::CannotFinance);
  // The incumbent's advantage and a strike in its record move its chance of winning.
  BidCase incumbent = c;
  incumbent.incumbent_advantage = 0.1;
  EXPECT_NEAR(win_chance(incumbent), 0.3, 1e-12);
  incumbent.strike_penalty = 0.5;
  EXPECT_EQ(win_chance(incumbent), 0);
  EXPECT_EQ(decide_bid(incumbent, kB).choice, BidChoice::NoProfit);
}

}  // namespace
}  // namespace quasim
