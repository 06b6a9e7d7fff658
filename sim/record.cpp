// sim/record.cpp — turning a year's state into the plain numbers of a YearRecord.
#include <algorithm>
#include <cmath>

#include "sim/step.hpp"

namespace quasim {
namespace {
constexpr double kMillion = 1e6;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

double gini_from_histogram(const std::vector<std::int64_t>& h) {
  double n = 0, total = 0, weighted = 0, rank = 0;
  for (std::size_t v = 0; v < h.size(); ++v) {
    n += static_cast<double>(h[v]);
    total += static_cast<double>(h[v]) * static_cast<double>(v);
  }
  if (n == 0 || total == 0) return 0.0;
  for (std::size_t v = 0; v < h.size(); ++v) {
    const double c = static_cast<double>(h[v]);
    // Sum over ranks k = rank+1 .. rank+c of (2k - n - 1), times the value.
    weighted += static_cast<double>(v) * (2.0 * (c * rank + c * (c + 1) / 2.0) - c * (n + 1));
    rank += c;
  }
  return weighted / (n * total);
}

void record(const World& w, const Parameters& p, const CitizenTally& t,
            const CitizenConditions& cond, YearRecord& r) {
  const int D = static_cast<int>(p.domains.size());
  const int C = static_cast<int>(w.commissioners.size());
  const double weight = p.population.agent_weight;
  r = YearRecord{};
  r.comm_budget.assign(C, 0);
  r.comm_spending.assign(C, 0);
  r.comm_funding_gap.assign(C, 0);
  r.comm_in_house_share.assign(C, 0);
  r.comm_unmet_need.assign(C, 0);
  r.comm_outcome_mean.assign(C, 0);
  r.dom_spending.assign(D, 0);
  r.dom_unmet_need.assign(D, 0);
  r.dom_outcome_mean.assign(D, 0);
  r.dom_demand.assign(D, 0);

  double services_total = 0, outsourced = 0, full_cost = 0, demand = 0, unmet = 0;
  TypeArray type_spend{}, type_units{}, type_quality{}, type_cost{};
  std::vector<double> provider_spend(w.providers.size(), 0.0);
  std::vector<double> dom_unmet(D, 0), dom_demand(D, 0);
  for (const auto& c : w.commissioners) {
    double services = 0, in_house = 0, c_demand = 0, c_unmet = 0;
    for (int d = 0; d < D; ++d) {
      const Service& s = c.services[d];
      const std::size_t ad = t.ad(c.id, d);
      services += s.spending;
      r.dom_spending[d] += s.spending / kMillion;
      for (int k = 0; k < kChoiceSlots; ++k) {
        if (s.slot_provider[k] < 0) continue;
        const Provider& pr = w.providers[s.slot_provider[k]];
        const int type = static_cast<int>(pr.type);
        const double spent = s.slot_spending[k];
        type_spend[type] += spent;
        const double units = weight * t.slot_units[ad * kChoiceSlots + k];
        type_units[type] += units;
        type_quality[type] += units * cond.service[ad].slot_quality[k];
        type_cost[type] += units * pr.cost_mult * (1.0 + pr.slack);
        if (pr.external()) {
          outsourced += spent;
          provider_spend[pr.id] += spent;
        } else {
          in_house += spent;
        }
      }
      c_demand += t.demand_units[ad];
      c_unmet += t.unmet_units[ad];
      dom_demand[d] += t.demand_units[ad];
      dom_unmet[d] += t.unmet_units[ad];
    }
    const double spending = c.spending;
    r.comm_budget[c.id] = c.budget / kMillion;
    r.comm_spending[c.id] = spending / kMillion;
    r.comm_funding_gap[c.id] = c.funding_gap / kMillion;
    r.comm_in_house_share[c.id] = services > 0 ? in_house / services : 1.0;
    r.comm_unmet_need[c.id] = c_demand > 0 ? c_unmet / c_demand : 0.0;
    r.comm_outcome_mean[c.id] =
        t.people[c.id] > 0 ? t.outcome_sum[c.id] / (255.0 * t.people[c.id]) : 0.0;
    r.spending_total += spending / kMillion;
    r.funding_gap += c.funding_gap / kMillion;
    full_cost += c.full_cost;
    services_total += services;
    demand += c_demand;
    unmet += c_unmet;
  }
  for (int d = 0; d < D; ++d) {
    r.dom_unmet_need[d] = dom_demand[d] > 0 ? dom_unmet[d] / dom_demand[d] : 0.0;
    r.dom_demand[d] = dom_demand[d] * weight;
    double level_sum = 0, people = 0;
    for (int a = 0; a < C; ++a)
      for (int l = 0; l < kNeedLevels; ++l) {
        const double n = static_cast<double>(t.level_count[t.ad(a, d) * kNeedLevels + l]);
        level_sum += n * l;
        people += n;
      }
    r.dom_outcome_mean[d] = people > 0 ? 1.0 - level_sum / (3.0 * people) : 1.0;
  }
  r.funding_gap_share = full_cost > 0 ? r.funding_gap * kMillion / full_cost : 0.0;
  r.unmet_need = demand > 0 ? unmet / demand : 0.0;

  double people = 0, aged = 0, outcome = 0, sat = 0, trust = 0, disengaged = 0;
  for (int a = 0; a < C; ++a) {
    people += t.people[a];
    aged += t.aged65[a];
    outcome += t.outcome_sum[a];
    sat += t.satisfaction_sum[a];
    trust += t.trust_sum[a];
    disengaged += t.disengaged_count[a];
  }
  r.population = people * weight;
  r.share_65plus = people > 0 ? aged / people : 0.0;
  r.outcome_mean = people > 0 ? outcome / (255.0 * people) : 0.0;
  r.satisfaction_mean = people > 0 ? sat / (255.0 * people) : 0.0;
  r.trust_mean = people > 0 ? trust / (255.0 * people) : 0.0;
  r.disengaged_share = people > 0 ? disengaged / people : 0.0;
  r.outcome_inequality = gini_from_histogram(t.outcome_histogram);

  for (const auto& pr : w.providers) {
    if (!pr.alive) continue;
    const int type = static_cast<int>(pr.type);
    if (pr.external()) {
      r.providers_active += 1;
      r.type_providers_active[type] += 1;
    } else if (pr.contracts > 0) {
      r.type_providers_active[type] += 1;  // in-house units delivering a service
    }
    if (pr.spun_out && pr.contracts > 0) r.mutuals_active += 1;  // trading: delivering a service
  }
  for (int k = 0; k < kProviderTypes; ++k) {
    r.type_market_share[k] = services_total > 0 ? type_spend[k] / services_total : 0.0;
    r.type_failures[k] = w.events.failures_by_type[k];
    r.type_quality_mean[k] = type_units[k] > 0 ? type_quality[k] / type_units[k] : kNaN;
    r.type_unit_cost_mean[k] = type_units[k] > 0 ? type_cost[k] / type_units[k] : kNaN;
  }
  for (double s : provider_spend)
    if (outsourced > 0) r.hhi += 10000.0 * (s / outsourced) * (s / outsourced);
  r.outsourced_share = services_total > 0 ? outsourced / services_total : 0.0;

  const auto& e = w.events;
  r.provider_entries = e.entries;
  r.provider_exits = e.exits;
  r.provider_failures = e.failures;
  r.tenders = e.tenders;
  r.bids_per_tender = e.tenders > 0 ? static_cast<double>(e.bids) / e.tenders : kNaN;
  r.contract_price_index = e.tenders > 0 ? e.price_index_sum / e.tenders : kNaN;
  r.tender_savings = e.tenders > 0 ? e.savings_sum / e.tenders : kNaN;
  r.quality_gap = e.tenders > 0 ? e.quality_gap_sum / e.tenders : kNaN;
  r.transaction_costs = e.transaction_costs / kMillion;
  r.shared_service_savings = e.shared_savings / kMillion;
  r.collaboration_decision_costs = e.decision_costs / kMillion;
  r.pbr_payments = e.pbr_payments / kMillion;
  r.contract_terminations = e.terminations;
  r.change_fund_spent = e.change_fund / kMillion;
  r.distress_payments = e.distress_payments / kMillion;
  for (auto n : t.switches) r.provider_switches += weight * static_cast<double>(n);
  r.mutuals_created = w.mutuals_created;
  r.spinout_survival = w.mutuals_created > 0 ? r.mutuals_active / w.mutuals_created : 1.0;
  r.support_fund_spent = w.support_fund_spent / kMillion;
  // Outcome per pound: outcome-index points per GBP 1000 of spending per citizen.
  const double per_citizen = r.population > 0 ? r.spending_total * kMillion / r.population : 0.0;
  r.value_for_money = per_citizen > 0 ? r.outcome_mean / (per_citizen / 1000.0) : 0.0;
}

}  // namespace quasim
