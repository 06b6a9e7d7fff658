// agents/bidding.cpp — pricing and bid/no-bid on expected profit (issue 17; NAO on aggressive
// bidding and the winner's curse, London buses' bids falling from 7 to 3, TR and the Work
// Programme on PbR risk; docs/ODD.md "4 Submodels: bidding and pricing").
#include "agents/bidding.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace quasim {

double estimate_cost(double cost, bool knows_cost, double z, const BiddingParams& b) {
  if (knows_cost) return cost;
  return cost * std::max(0.1, 1.0 + b.cost_uncertainty * z);
}

double lowest_estimate_shortfall(int n) {
  return n > 1 ? std::sqrt(2.0 * std::log(static_cast<double>(n))) : 0.0;
}

double pbr_revenue_factor(double pbr_share, double published_ratio) {
  // Outperformance is not priced in: a bidder does not count on payments above the full amount.
  return (1.0 - pbr_share) + pbr_share * std::clamp(published_ratio, 0.0, 1.0);
}

double risk_premium(const BidCase& c, const BiddingParams& b) {
  const double pbr = c.pbr_share * b.pbr_sd;
  const double volume = c.fixed_cost_share * b.volume_sd;
  const double variance = pbr * pbr + volume * volume;
  if (variance <= 0) return 0.0;
  if (c.risk_capacity <= 0) return std::numeric_limits<double>::infinity();
  // Mean-variance with risk tolerance equal to risk capacity: the premium on a year's value.
  return b.risk_aversion * variance * c.value / c.risk_capacity;
}

double pbr_risk_premium(double at_risk, double capacity, const BiddingParams& b) {
  if (at_risk <= 0) return 0;
  if (capacity <= 0) return std::numeric_limits<double>::infinity();
  const double sd = b.pbr_sd * at_risk;
  return b.risk_aversion * sd * sd / capacity;
}

Pricing price_bid(const BidCase& c, const BiddingParams& b) {
  Pricing q;
  const int n = std::max(1, c.expected_bids);
  // The lowest of n estimates wins: a sophisticated bid team adds back part of the shortfall.
  const double curse = c.knows_cost ? 0.0
                                    : b.curse_correction * c.bid_skill * b.cost_uncertainty *
                                          lowest_estimate_shortfall(n);
  q.corrected = c.estimate * (1.0 + curse);
  q.premium = risk_premium(c, b);
  const double value = std::max(c.value, 1.0);
  q.setup = (c.mobilisation / value + c.bid_cost / value + b.sunk_share * c.fixed_cost_share) /
            std::max(1, c.contract_years);
  const double lag = c.pbr_share * b.cost_of_capital;  // the PbR part is paid a year later
  const double cover = 1.0 + lag + std::min(q.premium, b.max_premium) + q.setup;
  q.full_cost = q.corrected * cover / std::max(1e-6, pbr_revenue_factor(c.pbr_share, c.pbr_ratio));
  // First-price auction with costs spread up to R: b = c + (R - c) / N, at least the type's
  // least margin.
  q.margin = std::max(c.markup, (c.reference / q.full_cost - 1.0) / n);
  q.price = q.full_cost * (1.0 + q.margin);
  if (c.profit_motive > 0 && !c.in_domain && !c.knows_cost) {
    // Buying in: a cut below cost now, paid for by incumbency later, if reserves carry the loss.
    const double cut = std::min(b.buy_in * q.corrected, q.price - 0.01 * q.corrected);
    const double units = value / std::max(c.reference, 1e-9);
    const double loss =
        std::max(0.0, q.full_cost - (q.price - cut)) * units * std::max(1, c.contract_years);
    if (cut > 0 && c.risk_capacity >= loss) q.buy_in = cut;
  }
  return q;
}

double win_chance(const BidCase& c) {
  return std::clamp(1.0 / std::max(1, c.expected_bids) + c.incumbent_advantage - c.strike_penalty,
                    0.0, 1.0);
}

double pbr_working_capital(const BidCase& c) {
  return c.pbr_share * std::clamp(c.pbr_ratio, 0.0, 1.0) * std::max(c.value, 0.0);
}

BidDecision decide_bid(const BidCase& c, const BiddingParams& b) {
  BidDecision d;
  d.pricing = price_bid(c, b);
  d.win_chance = win_chance(c);
  // Its margin as it estimates it, on the units the lot buys at today's price (V / R); a buy-in
  // cut is an investment in later incumbency, so the bidder weighs the margin before the cut.
  // The bid cost is in full_cost (recovered if it wins), so what it risks is losing it.
  const double units = std::max(c.value, 0.0) / std::max(c.reference, 1e-9);
  d.expected_profit = d.win_chance * (d.pricing.price - d.pricing.full_cost) * units *
                          std::max(1, c.contract_years) -
                      (1.0 - d.win_chance) * c.bid_cost;
  d.pricing.price -= d.pricing.buy_in;
  if (d.pricing.premium > b.max_premium)
    d.choice = BidChoice::TooRisky;
  else if (c.risk_capacity < pbr_working_capital(c))
    d.choice = BidChoice::CannotFinance;  // the first year's outcome payments come a year late
  else if (d.pricing.price > b.price_ceiling * c.reference)
    d.choice = BidChoice::AboveCeiling;
  else if (c.reserves < c.bid_cost)
    d.choice = BidChoice::CannotPay;
  else if (d.expected_profit <= 0)
    d.choice = BidChoice::NoProfit;
  else
    d.choice = BidChoice::Bids;
  return d;
}

}  // namespace quasim
