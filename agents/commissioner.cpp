// agents/commissioner.cpp — budgets, allocation and rationing.
#include "agents/commissioner.hpp"

#include <algorithm>

namespace quasim {

double budget_change(const BudgetParams& b, int year) {
  return year < b.switch_year ? b.change_early : b.change_late;
}

double observation_noise(const Commissioner& c, const Parameters& p) {
  double sd = p.commissioners.quality_noise * (1.0 - c.capability);
  if (p.collaboration.data_lab) sd *= 1.0 - p.collaboration.data_lab_noise_cut;
  return sd;
}

double need_units(const CitizenTally& last, int c, int d, double agent_weight) {
  const std::size_t base = last.ad(c, d) * kNeedLevels;
  return agent_weight * (last.level_count[base + 1] + 2.0 * last.level_count[base + 2] +
                         3.0 * last.level_count[base + 3]);
}

double statutory_cost(const Commissioner& c, const Parameters& p, const CitizenTally& last) {
  double cost = 0;
  for (int d = 0; d < static_cast<int>(p.domains.size()); ++d)
    if (p.domains[d].statutory && p.domains[d].agency == 0)
      cost += need_units(last, c.id, d, p.population.agent_weight) * c.services[d].unit_price;
  return cost;
}

namespace {

/// Need units expected in each domain (last year's end-of-year counts, `agent_weight * (n1 +
/// 2 n2 + 3 n3)`) at this year's unit price: each service's demand cost, and the full cost.
std::vector<double> demand_costs(Commissioner& c, const Parameters& p, const CitizenTally& last) {
  const int D = static_cast<int>(p.domains.size());
  const double w = p.population.agent_weight;
  std::vector<double> cost(D);
  c.full_cost = 0;
  for (int d = 0; d < D; ++d) {
    const double units = need_units(last, c.id, d, w);
    cost[d] = units * c.services[d].unit_price;
    c.services[d].demand_cost = cost[d];
    c.full_cost += cost[d];
  }
  return cost;
}

/// Statutory duties first: a share of statutory cost is protected (funded first), all scaled
/// down together when the money does not cover it. Returns the money left.
double fund_statutory(Commissioner& c, const Parameters& p, const std::vector<double>& cost,
                      const std::vector<int>& domains, double left) {
  const double protection = p.outsourcing.statutory_protection;
  double statutory_cost = 0;
  for (int d : domains)
    if (p.domains[d].statutory)
      statutory_cost += std::max(0.0, protection * cost[d] - c.services[d].funding);
  const double statutory_scale = statutory_cost > 0 ? std::min(1.0, left / statutory_cost) : 0.0;
  for (int d : domains)
    if (p.domains[d].statutory)
      c.services[d].funding +=
          std::max(0.0, protection * cost[d] - c.services[d].funding) * statutory_scale;
  return left - statutory_cost * statutory_scale;
}

/// Non-statutory domains, and the unprotected rest of statutory cost: in proportion to full
/// cost, or to cost times the value-map weight with pooled budgets (money goes first where it
/// also lowers demand elsewhere), each capped at the room left to its need; what capped domains
/// cannot take is shared again, in up to four rounds. Returns the money left unspent.
double fund_other_domains(Commissioner& c, const std::vector<double>& cost,
                          const std::vector<int>& domains, const std::vector<double>& value_weights,
                          double left) {
  std::vector<int> rest;
  for (int d : domains)
    if (c.services[d].funding < cost[d] - 1e-6) rest.push_back(d);
  for (int round = 0; round < 4 && left > 1e-6 && !rest.empty(); ++round) {
    double weight_sum = 0;
    for (int d : rest) weight_sum += cost[d] * value_weights[d];
    if (weight_sum <= 0) break;
    double handed = 0;
    std::vector<int> still;
    for (int d : rest) {
      const double share = left * cost[d] * value_weights[d] / weight_sum;
      const double room = cost[d] - c.services[d].funding;
      const double give = std::min(share, room);
      c.services[d].funding += give;
      handed += give;
      if (c.services[d].funding < cost[d] - 1e-6) still.push_back(d);
    }
    left -= handed;
    rest.swap(still);
  }
  return left;
}

/// Eligibility: serve level 3, then 2, then 1 while the funded units last; the level where
/// they run out is the threshold, served by lottery (`marginal`). 4: nobody is served.
void set_eligibility(Service& s, const CitizenTally& last, std::size_t base, double w) {
  double funded = s.unit_price > 0 ? s.funding / s.unit_price : 0.0;
  s.threshold = 4;
  s.marginal = 0.0;
  for (int level = 3; level >= 1; --level) {
    const double need = w * level * last.level_count[base + level];
    if (need <= 0) {
      s.threshold = static_cast<std::uint8_t>(level);
      s.marginal = 1.0;
      continue;
    }
    if (funded >= need) {
      funded -= need;
      s.threshold = static_cast<std::uint8_t>(level);
      s.marginal = 1.0;
    } else {
      s.threshold = static_cast<std::uint8_t>(level);
      s.marginal = std::clamp(funded / need, 0.0, 1.0);
      break;
    }
  }
}

}  // namespace

std::vector<double> allocate_pots(Commissioner& c, const Parameters& p, const CitizenTally& last,
                                  const std::vector<FundingPot>& pots, double money) {
  std::vector<double> unspent;
  const std::vector<double> cost = demand_costs(c, p, last);
  for (auto& s : c.services) s.funding = 0;
  for (const auto& pot : pots) {
    // Statutory duties first; what is left goes to the other domains.
    const double left = pot.statutory_first
                            ? fund_statutory(c, p, cost, pot.domains, std::max(0.0, pot.money))
                            : std::max(0.0, pot.money);
    unspent.push_back(fund_other_domains(c, cost, pot.domains, pot.weights, left));
  }
  c.funding_gap = std::max(0.0, c.full_cost - money);
  for (int d = 0; d < static_cast<int>(p.domains.size()); ++d)
    set_eligibility(c.services[d], last, last.ad(c.id, d) * kNeedLevels, p.population.agent_weight);
  return unspent;
}

void allocate(Commissioner& c, const Parameters& p, const CitizenTally& last,
              const std::vector<double>& value_weights) {
  FundingPot all;
  all.money = std::max(0.0, c.available);
  for (int d = 0; d < static_cast<int>(p.domains.size()); ++d) all.domains.push_back(d);
  all.weights = value_weights;
  allocate_pots(c, p, last, {all}, all.money);
}

}  // namespace quasim
