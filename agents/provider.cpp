// agents/provider.cpp — provider traits and yearly accounts.
#include "agents/provider.hpp"

#include <algorithm>
#include <cmath>

#include "agents/capability.hpp"
#include "agents/capacity.hpp"

namespace quasim {

Provider make_provider(const Parameters& p, ProviderType type, int id, int ordinal, int domain,
                       double base_size, double noise_cost, double noise_quality,
                       double noise_reserves) {
  const auto& t = p.provider[static_cast<int>(type)];
  Provider pr;
  pr.id = id;
  pr.type = type;
  pr.ordinal = ordinal;
  pr.domain = domain;
  const auto& m = p.market;
  pr.cost_mult = std::max(m.cost_floor, t.unit_cost * (1.0 + m.cost_spread * noise_cost));
  pr.quality = std::clamp(t.quality + t.quality_spread * noise_quality, 0.05, 1.0);
  pr.engagement = t.engagement;
  pr.bid_skill = t.bid_skill;
  pr.base_size = base_size;
  pr.turnover = base_size;
  const double sd = m.reserve_spread;  // log-normal, mean-preserving
  pr.reserves = t.reserves * base_size * std::exp(sd * noise_reserves - 0.5 * sd * sd);
  pr.parent_backing = t.parent_backing * base_size;  // what its parent group will put in
  entry_capacity(pr, p);  // staff it can redeploy from its other business
  return pr;
}

double delivered_quality(const Provider& pr, const Parameters& p, int d, double capability) {
  const double shading = p.provider[static_cast<int>(pr.type)].profit_motive *
                         (1.0 - p.domains[d].contractibility) * (1.0 - 0.5 * capability) *
                         p.outsourcing.shading_scale * shading_factor(p);
  return std::clamp(pr.quality * (1.0 - shading), 0.0, 1.0);
}

double in_house_cost(const Provider& unit, const DomainParams& dp) {
  return dp.unit_cost * unit.cost_mult * (1.0 + unit.slack);
}

namespace {

/// Reinvested surplus above a cushion of reserves buys quality (mutuals, charities reinvest
/// locally; firms with high distribution rarely get here).
void reinvest(Provider& pr, const LearningParams& l, double retained) {
  const double cushion = l.reinvest_cushion * pr.turnover;
  if (retained > 0 && pr.reserves > cushion && pr.turnover > 0)
    pr.quality =
        std::min(1.0, pr.quality + l.reinvest_quality * std::min(1.0, retained / pr.turnover));
}

/// Learning by doing, on both sides: while it delivers, a provider's unit cost falls at its
/// type's rate, faster with engaged staff and with the data lab.
void learn(Provider& pr, const Parameters& p) {
  if (pr.contracts <= 0) return;
  const auto& l = p.learning;
  double rate =
      p.provider[static_cast<int>(pr.type)].learning_rate * (l.engagement_base + pr.engagement);
  if (p.collaboration.data_lab) rate *= 1.0 + p.collaboration.data_lab_learning;
  if (pr.cost_mult > l.cost_floor)
    pr.cost_mult = std::max(l.cost_floor, pr.cost_mult * (1.0 - rate));
}

}  // namespace

bool close_accounts(Provider& pr, const ProviderFlows& year, const Parameters& p) {
  const auto& t = p.provider[static_cast<int>(pr.type)];
  // Outcome payments earned this year arrive next year: the cash-flow risk of PbR.
  const double income = year.revenue + pr.pbr_due;
  pr.pbr_due = pr.pbr_receivable;
  pr.pbr_receivable = 0;
  const double surplus = income - year.costs;
  pr.turnover = std::max(pr.base_size, income);
  learn(pr, p);
  if (!pr.external()) return false;  // the commissioner carries an in-house unit's result
  double retained = surplus;
  // Owners take their share of a surplus, but not of distress relief paid to keep it afloat.
  if (surplus > 0) retained = surplus - t.distribution * std::max(0.0, surplus - year.relief);
  pr.reserves += retained;
  reinvest(pr, p.learning, retained);
  return pr.reserves < 0;
}

}  // namespace quasim
