// agents/make_or_buy.cpp — make-or-buy as a decision (seed 003: "whether they are provided
// in-house and what are bought-in"; seed 000: the intelligent customer and thin markets; seed
// 002: risk aversion at the micro level; MODEL_BRIEF "Outsourcing"; IfG 2019 for the prior).
#include "agents/make_or_buy.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "agents/provider.hpp"

namespace quasim {
namespace {

/// The weighted sum of the memories of `lead` and its neighbours, aged to `year`.
TenderMemory pooled_memory(const Market& market, const MakeOrBuyParams& mp, int lead, int d,
                           int year) {
  TenderMemory sum;
  const int n = static_cast<int>(market.commissioners.size());
  for (int c = std::max(0, lead - mp.neighbours); c <= std::min(n - 1, lead + mp.neighbours); ++c) {
    const auto& memory = market.commissioners[static_cast<std::size_t>(c)].market_memory;
    if (static_cast<std::size_t>(d) >= memory.size()) continue;
    const TenderMemory m = memory[static_cast<std::size_t>(d)].aged(year, mp.memory_decay);
    const double w = c == lead ? 1.0 : mp.neighbour_weight;
    sum.tenders += w * m.tenders;
    sum.price_ratio_sum += w * m.price_ratio_sum;
    sum.bids_sum += w * m.bids_sum;
    sum.contract_years += w * m.contract_years;
    sum.observed_years += w * m.observed_years;
    sum.quality_sum += w * m.quality_sum;
    sum.failures += w * m.failures;
  }
  return sum;
}

}  // namespace

double thin_market_premium(const MakeOrBuyCase& k, const MakeOrBuyParams& mp) {
  if (mp.thin_bids <= 0) return 0.0;
  return mp.thin_premium * (1.0 - k.risk_appetite) *
         std::max(0.0, 1.0 - k.market.bids / mp.thin_bids);
}

double market_advantage(const MakeOrBuyCase& k, const MarketExpectation& m, const Parameters& p,
                        bool thin_premium) {
  const auto& out = p.outsourcing;
  const auto& cm = p.commissioners;
  const double years = std::max(1, out.contract_years);
  double insourcing = k.contracted ? cm.termination_cost * cm.transition_cost / years : 0.0;
  if (k.unit_closed) insourcing += p.last_resort.rebuild_cost / years;  // expertise to rebuild
  const double market_cost = m.price_ratio + cm.monitoring_cost +
                             (out.tender_cost + out.mobilisation_cost) / years +
                             m.failure_rate * (cm.transition_cost + cm.failure_disruption);
  const double quality_value = (1.0 - out.price_weight) / std::max(0.05, out.price_weight);
  double a = (1.0 + insourcing) - market_cost +
             quality_value * (m.quality - k.in_house_quality) / std::max(0.05, k.in_house_quality);
  if (thin_premium) a -= thin_market_premium(k, p.make_or_buy);
  return a;
}

MakeOrBuyChoice decide_make_or_buy(const MakeOrBuyCase& k, const Parameters& p) {
  MakeOrBuyChoice choice;
  // Too few firms able to bid: keep it in-house (S000, tagging: "only two companies could
  // provide this in the UK").
  if (k.capable_bidders < p.make_or_buy.min_bidders) {
    choice.reason = MakeOrBuyReason::ThinMarket;
    choice.advantage = market_advantage(k, k.market, p, true);
    return choice;
  }
  choice.advantage = market_advantage(k, k.market, p, true);
  if (choice.advantage > 0) {
    choice.to_market = true;
    choice.reason = MakeOrBuyReason::MarketValue;
  } else if (market_advantage(k, k.market, p, false) > 0) {
    choice.reason = MakeOrBuyReason::ThinMarket;
  } else if (market_advantage(k, k.neutral, p, true) > 0) {
    choice.reason = MakeOrBuyReason::PoorRecord;
  } else {
    choice.reason = MakeOrBuyReason::InHouseValue;
  }
  return choice;
}

MakeOrBuyCase make_or_buy_case(const Market& market, const Parameters& p, int lead, int d, int year,
                               int capable_bidders) {
  const auto& mp = p.make_or_buy;
  const Commissioner& cm = market.commissioners[static_cast<std::size_t>(lead)];
  const Provider& unit = market.providers[static_cast<std::size_t>(cm.in_house[d])];
  const auto& dp = p.domains[static_cast<std::size_t>(d)];
  MakeOrBuyCase k;
  k.in_house_quality = std::clamp(unit.quality, 0.0, 1.0);
  k.capable_bidders = capable_bidders;
  k.contracted = cm.services[static_cast<std::size_t>(d)].contracted;
  k.unit_closed = cm.services[static_cast<std::size_t>(d)].unit.closed;
  k.risk_appetite = cm.risk_appetite;

  // Prices are remembered per efficient unit cost; the prior is stated against the in-house
  // unit's cost now. The prior counts as prior_weight tenders, or prior_weight contracts'
  // worth of service-years for quality and failures.
  const double in_house = in_house_cost(unit, dp) / dp.unit_cost;
  const TenderMemory m = pooled_memory(market, mp, lead, d, year);
  const double w0 = mp.prior_weight;
  const double years0 = w0 * std::max(1, p.outsourcing.contract_years);
  const double prior_bids = std::max(1, market.last_bidders[static_cast<std::size_t>(d)]);
  MarketExpectation e;
  const double tenders = w0 + m.tenders;
  e.price_ratio =
      tenders > 0 ? (w0 * mp.prior_price_ratio * in_house + m.price_ratio_sum) / tenders / in_house
                  : mp.prior_price_ratio;
  e.bids = tenders > 0 ? (w0 * prior_bids + m.bids_sum) / tenders : prior_bids;
  // Quality over the years it was seen; failures over every contracted year (a contract in its
  // last year is not monitored, but can still fail).
  const double seen = years0 + m.observed_years, years = years0 + m.contract_years;
  e.quality = seen > 0 ? (years0 * k.in_house_quality + m.quality_sum) / seen : k.in_house_quality;
  e.failure_rate = years > 0 ? m.failures / years : 0.0;
  k.market = e;
  k.neutral = e;
  k.neutral.quality = k.in_house_quality;
  k.neutral.failure_rate = 0;
  return k;
}

void remember_tender(Market& market, const Parameters& p, int c, int d, int year, double price,
                     int bids) {
  const Parameters& cp = market.policy_of(c, p);
  TenderMemory& m =
      market.commissioners[static_cast<std::size_t>(c)].market_memory[static_cast<std::size_t>(d)];
  m = m.aged(year, cp.make_or_buy.memory_decay);
  m.tenders += 1.0;
  m.price_ratio_sum += price / std::max(1e-9, p.domains[static_cast<std::size_t>(d)].unit_cost);
  m.bids_sum += bids;
}

}  // namespace quasim
