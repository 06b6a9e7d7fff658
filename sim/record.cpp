// sim/record.cpp — turning a year's state into the plain numbers of a YearRecord.
#include <algorithm>
#include <cmath>

#include "agents/capacity.hpp"
#include "agents/engagement.hpp"
#include "sim/step.hpp"

namespace quasim {
namespace {
constexpr double kMillion = 1e6;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Sizes the per-commissioner, per-domain and per-difficulty-group series, all zero.
void size_series(YearRecord& r, int C, int D, int G, int agencies) {
  r.comm_budget.assign(C, 0);
  r.comm_spending.assign(C, 0);
  r.comm_funding_gap.assign(C, 0);
  r.comm_in_house_share.assign(C, 0);
  r.comm_unmet_need.assign(C, 0);
  r.comm_outcome_mean.assign(C, 0);
  r.comm_capability.assign(C, 0);
  r.comm_insourcing_events.assign(C, 0);
  r.comm_emergency_funding.assign(C, 0);
  r.dom_spending.assign(D, 0);
  r.dom_unmet_need.assign(D, 0);
  r.dom_outcome_mean.assign(D, 0);
  r.dom_demand.assign(D, 0);
  for (auto* v : {&r.comm_waiting_list, &r.comm_waiting_time_mean, &r.comm_waiting_time_p90,
                  &r.comm_capacity_utilisation})
    v->assign(C, 0);
  for (auto* v : {&r.dom_waiting_list, &r.dom_waiting_time_mean, &r.dom_waiting_time_p90,
                  &r.dom_capacity_utilisation})
    v->assign(D, 0);
  for (auto* v : {&r.grp_people, &r.grp_service_received, &r.grp_unmet_need, &r.grp_waiting_list,
                  &r.grp_waiting_time_mean, &r.grp_outcome_mean, &r.grp_resolution_rate})
    v->assign(G, 0);
  r.age_people.assign(kAgeBands, 0);
  r.agency_spending.assign(agencies, 0);
}

/// Sums over every service of the year, accumulated in commissioner order. GBP; need units.
struct ServiceTotals {
  double services = 0, outsourced = 0, full_cost = 0, demand = 0, unmet = 0;
  TypeArray type_spend{}, type_units{}, type_quality{}, type_cost{};
  std::vector<double> provider_spend;  ///< per provider id: paid to external providers
  std::vector<double> dom_unmet, dom_demand;
  ServiceTotals(std::size_t providers, int D)
      : provider_spend(providers, 0.0), dom_unmet(D, 0), dom_demand(D, 0) {}
};

/// One commissioner's sums over its services. GBP; need units (agents, unweighted).
struct CommissionerTotals {
  double services = 0, in_house = 0, demand = 0, unmet = 0;
};

/// Adds what each provider slot of one service was paid and delivered, by provider type.
void add_slots(const ServiceFlows& s, const std::vector<Provider>& providers, const CitizenTally& t,
               const ServiceCondition& sc, std::size_t ad, double weight, ServiceTotals& all,
               CommissionerTotals& own) {
  for (int k = 0; k < kChoiceSlots; ++k) {
    if (s.slot_provider[k] < 0) continue;
    const Provider& pr = providers[s.slot_provider[k]];
    const int type = static_cast<int>(pr.type);
    const double spent = s.slot_spending[k];
    all.type_spend[type] += spent;
    const double units = weight * t.slot_units[ad * kChoiceSlots + k];
    all.type_units[type] += units;
    all.type_quality[type] += units * sc.slot_quality[k];
    all.type_cost[type] += units * pr.cost_mult * (1.0 + pr.slack);
    if (pr.external()) {
      all.outsourced += spent;
      all.provider_spend[pr.id] += spent;
    } else {
      own.in_house += spent;
    }
  }
}

/// Adds commissioner c's services to the totals (and its domains' spending to `r`).
CommissionerTotals add_services(const Commissioner& c, const CommissionerFlows& paid,
                                const std::vector<Provider>& providers, const Parameters& p,
                                const CitizenTally& t, const CitizenConditions& cond,
                                ServiceTotals& all, YearRecord& r) {
  const int D = static_cast<int>(p.domains.size());
  CommissionerTotals own;
  for (int d = 0; d < D; ++d) {
    const ServiceFlows& s = paid.services[d];
    const std::size_t ad = t.ad(c.id, d);
    own.services += s.spending;
    r.dom_spending[d] += s.spending / kMillion;
    add_slots(s, providers, t, cond.service[ad], ad, p.population.agent_weight, all, own);
    own.demand += t.demand_units[ad];
    own.unmet += t.unmet_units[ad];
    all.dom_demand[d] += t.demand_units[ad];
    all.dom_unmet[d] += t.unmet_units[ad];
  }
  return own;
}

/// Commissioner c's series, and its part of the national totals.
void record_commissioner(const Commissioner& c, const CommissionerFlows& paid,
                         const CommissionerTotals& own, const CitizenTally& t, ServiceTotals& all,
                         YearRecord& r) {
  const double spending = paid.spending;
  r.comm_budget[c.id] = c.budget / kMillion;
  r.comm_spending[c.id] = spending / kMillion;
  r.comm_funding_gap[c.id] = c.funding_gap / kMillion;
  r.comm_in_house_share[c.id] = own.services > 0 ? own.in_house / own.services : 1.0;
  r.comm_unmet_need[c.id] = own.demand > 0 ? own.unmet / own.demand : 0.0;
  r.comm_outcome_mean[c.id] =
      t.people[c.id] > 0 ? t.outcome_sum[c.id] / (255.0 * t.people[c.id]) : 0.0;
  r.comm_capability[c.id] = c.capability;
  r.capability_mean += c.capability;
  r.comm_insourcing_events[c.id] = paid.insourcing;
  r.comm_emergency_funding[c.id] = c.emergency / kMillion;
  r.emergency_funding += c.emergency / kMillion;
  r.spending_total += spending / kMillion;
  r.funding_gap += c.funding_gap / kMillion;
  all.full_cost += c.full_cost;
  all.services += own.services;
  all.demand += own.demand;
  all.unmet += own.unmet;
}

/// Per domain: unmet need, demand (persons' need units) and the outcome index from need levels.
void record_domains(const ServiceTotals& all, const CitizenTally& t, double weight, int C, int D,
                    YearRecord& r) {
  for (int d = 0; d < D; ++d) {
    r.dom_unmet_need[d] = all.dom_demand[d] > 0 ? all.dom_unmet[d] / all.dom_demand[d] : 0.0;
    r.dom_demand[d] = all.dom_demand[d] * weight;
    double level_sum = 0, people = 0;
    for (int a = 0; a < C; ++a) {
      for (int l = 0; l < kNeedLevels; ++l) {
        const double n = static_cast<double>(t.level_count[t.ad(a, d) * kNeedLevels + l]);
        level_sum += n * l;
        people += n;
      }
      level_sum += static_cast<double>(t.hidden_low[t.ad(a, d)]);  // counted at level 0 there
    }
    r.dom_outcome_mean[d] = people > 0 ? 1.0 - level_sum / (3.0 * people) : 1.0;
  }
}

/// Live external providers, by type with the in-house units now delivering; trading mutuals.
void count_active_providers(const std::vector<Provider>& providers, YearRecord& r) {
  for (const auto& pr : providers) {
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
}

/// Market shares, failures, quality and unit cost by provider type; concentration (HHI) and
/// the outsourced share of spending.
void record_provider_types(const ServiceTotals& all, const YearEvents& e, YearRecord& r) {
  for (int k = 0; k < kProviderTypes; ++k) {
    r.type_market_share[k] = all.services > 0 ? all.type_spend[k] / all.services : 0.0;
    r.type_failures[k] = e.failures_by_type[k];
    r.type_quality_mean[k] = all.type_units[k] > 0 ? all.type_quality[k] / all.type_units[k] : kNaN;
    r.type_unit_cost_mean[k] = all.type_units[k] > 0 ? all.type_cost[k] / all.type_units[k] : kNaN;
  }
  for (double s : all.provider_spend)
    if (all.outsourced > 0) r.hhi += 10000.0 * (s / all.outsourced) * (s / all.outsourced);
  r.outsourced_share = all.services > 0 ? all.outsourced / all.services : 0.0;
}

/// Make-or-buy decisions by outcome and reason, and deliberate insourcing.
void record_make_or_buy(const YearEvents& e, YearRecord& r) {
  const auto n = [&e](MakeOrBuyReason why) {
    return static_cast<double>(e.make_or_buy[static_cast<int>(why)]);
  };
  r.insourcing_events = e.insourcing;
  r.make_or_buy_mandate = n(MakeOrBuyReason::Mandate);
  r.make_or_buy_market_value = n(MakeOrBuyReason::MarketValue);
  r.make_or_buy_in_house_value = n(MakeOrBuyReason::InHouseValue);
  r.make_or_buy_thin_market = n(MakeOrBuyReason::ThinMarket);
  r.make_or_buy_poor_record = n(MakeOrBuyReason::PoorRecord);
  r.make_or_buy_not_mandated = n(MakeOrBuyReason::NotMandated);
  r.make_or_buy_market = r.make_or_buy_mandate + r.make_or_buy_market_value;
  r.make_or_buy_in_house = r.make_or_buy_in_house_value + r.make_or_buy_thin_market +
                           r.make_or_buy_poor_record + r.make_or_buy_not_mandated;
}

/// Bidding (agents/bidding.cpp): declined bids, mean risk premium, winners' curse, bids by type.
void record_bidding(const YearEvents& e, YearRecord& r) {
  r.bids_declined = e.bids_declined;
  r.risk_premium_mean = e.premium_bids > 0 ? e.premium_sum / e.premium_bids : kNaN;
  r.winners_curse = e.curse_awards > 0 ? e.curse_sum / e.curse_awards : kNaN;
  r.abnormal_bids_rejected = e.abnormal_rejected;
  for (int k = 0; k < kProviderTypes; ++k) r.type_bids[k] = e.bids_by_type[k];
}

/// The year's market events: entries, exits, failures, tenders and their costs (GBP m).
void record_market_events(const YearEvents& e, YearRecord& r) {
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
  r.contracts_ended_by_centre = e.ended_by_centre;
  record_make_or_buy(e, r);
  record_bidding(e, r);
  r.change_fund_spent = e.change_fund / kMillion;
  r.distress_payments = e.distress_payments / kMillion;
  r.step_ins_novation = e.step_ins_novation;
  r.step_ins_direct_award = e.step_ins_direct_award;
  r.step_ins_in_house = e.step_ins_in_house;
  r.in_house_units_closed = e.units_closed;
  r.in_house_units_rebuilt = e.units_rebuilt;
  r.detection_rate =
      e.poor_watched > 0 ? static_cast<double>(e.poor_caught) / e.poor_watched : kNaN;
}

/// Failure that spreads: parents' support, the services and areas failures touched and what
/// they cost the public purse (GBP m); the share of main-contract value subcontracted, by the
/// subcontractor's type.
void record_failure_spread(const YearLedger& ledger, YearRecord& r) {
  const YearEvents& e = ledger.events;
  r.parent_support = e.parent_support / kMillion;
  r.failure_contracts = e.failure_contracts;
  r.contracts_per_failure =
      e.failures > 0 ? static_cast<double>(e.failure_contracts) / e.failures : kNaN;
  for (const auto& c : ledger.commissioners) r.failure_areas += c.failure_hit ? 1 : 0;
  r.failure_cost = e.failure_cost / kMillion;
  for (int k = 0; k < kProviderTypes; ++k) {
    r.type_subcontracted_share[k] =
        e.contract_value > 0 ? e.subcontracted_value[k] / e.contract_value : 0.0;
    r.subcontracted_share += r.type_subcontracted_share[k];
  }
}

/// Provider switches under personal budgets (persons) and the spin-outs' record; needs
/// count_active_providers first (mutuals_active).
void record_choice_and_mutuals(const World& w, const CitizenTally& t, double weight,
                               YearRecord& r) {
  for (auto n : t.switches) r.provider_switches += weight * static_cast<double>(n);
  r.mutuals_created = w.market.mutuals_created;
  r.spinout_survival =
      w.market.mutuals_created > 0 ? r.mutuals_active / w.market.mutuals_created : 1.0;
  r.support_fund_spent = w.market.support_fund_spent / kMillion;
}
}  // namespace

double gini_from_histogram(std::span<const std::int64_t> h) {
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
  const int C = static_cast<int>(w.market.commissioners.size());
  r = YearRecord{};
  size_series(r, C, D, static_cast<int>(p.difficulty.groups.size()),
              static_cast<int>(p.agencies.size()));
  ServiceTotals all(w.market.providers.size(), D);
  for (const auto& c : w.market.commissioners) {
    const CommissionerTotals own =
        add_services(c, w.market.ledger.commissioner(c.id), w.market.providers, p, t, cond, all, r);
    record_commissioner(c, w.market.ledger.commissioner(c.id), own, t, all, r);
  }
  r.capability_mean = C > 0 ? r.capability_mean / C : 0.0;
  record_domains(all, t, p.population.agent_weight, C, D, r);
  r.funding_gap_share = all.full_cost > 0 ? r.funding_gap * kMillion / all.full_cost : 0.0;
  r.unmet_need = all.demand > 0 ? all.unmet / all.demand : 0.0;
  record_outcomes(t, p, C, r);  // outcomes, harm, hidden need, satisfaction, trust
  count_active_providers(w.market.providers, r);
  record_provider_types(all, w.market.ledger.events, r);
  record_market_events(w.market.ledger.events, r);
  record_failure_spread(w.market.ledger, r);  // parents, failures' reach and cost, supply chains
  record_choice_and_mutuals(w, t, p.population.agent_weight, r);
  record_waiting(t, cond, p, C, D, r);
  record_capacity(w.market, r);                  // providers' workforce (agents/capacity.cpp)
  record_engagement(w.market, r);                // staff engagement (agents/engagement.cpp)
  record_agencies(w, p, t, r);                   // councils and departments (agents/agencies.cpp)
  record_collaboration(w.market, w.year, p, r);  // partnerships, the spin-out pipeline
  record_value_for_money(t, p, r);               // need averted per GBP m (sim/record_outcomes.cpp)
}

}  // namespace quasim
