// sim/settle.cpp — money moves: payments (with payment by results), provider accounts,
// failures and the provider of last resort; monitoring and termination.
#include <algorithm>

#include "agents/capability.hpp"
#include "agents/capacity.hpp"
#include "agents/commissioner.hpp"
#include "agents/expectations.hpp"
#include "agents/last_resort.hpp"
#include "agents/parent_backing.hpp"
#include "agents/payment_by_results.hpp"
#include "agents/performance.hpp"
#include "agents/provider.hpp"
#include "agents/subcontracting.hpp"
#include "agents/tendering.hpp"
#include "agents/waiting_list.hpp"
#include "sim/step.hpp"

namespace quasim {
namespace {

/// Where one service's year sits in the citizen tally, and what its main provider served.
struct ServiceUse {
  std::size_t ad = 0;   ///< (area, domain) index into the tally
  double units = 0;     ///< need units served by the main provider (persons x weight)
  double case_mix = 1;  ///< cost of the people served per need unit: their groups' mean cost
                        ///< x the premium
  double premium = 1;   ///< what meeting rising expectations adds to a unit's cost and price
};

/// Capacity units per need unit among those service (c, d) served this year (1 when nobody was
/// served): harder cases cost more to serve (`difficulty.cost`).
double case_mix(const CitizenTally& t, const Parameters& p, int c, int d) {
  const double units = p.population.agent_weight * static_cast<double>(t.served_units[t.ad(c, d)]);
  return units > 0 ? served_load(t, p, c, d) / units : 1.0;
}

/// Pays framework places (choice domains) their bid price per unit used; their costs are
/// variable. Returns what they were paid, GBP.
double pay_framework_places(const Service& s, ServiceFlows& paid,
                            const std::vector<Provider>& providers, YearLedger& ledger,
                            const DomainParams& dp, const CitizenTally& t, const ServiceUse& use,
                            double weight) {
  const std::size_t ad = use.ad;
  double alternatives = 0;
  for (int k = 0; k < kChoiceSlots - 1 && s.alternatives[k] >= 0; ++k) {
    const Provider& alt = providers[s.alternatives[k]];
    const double used = weight * t.slot_units[ad * kChoiceSlots + 1 + k];
    const double pay = used * s.alternative_price[k] * use.premium;
    ProviderFlows& earned = ledger.provider(alt.id);
    earned.revenue += pay;
    earned.costs += used * use.case_mix * dp.unit_cost * alt.cost_mult;
    paid.slot_spending[1 + k] = pay;
    paid.slot_provider[1 + k] = alt.id;
    alternatives += pay;
  }
  return alternatives;
}

/// An in-house unit is paid its cost, slack included: it makes neither profit nor loss.
void pay_in_house(ServiceFlows& paid, const Provider& pr, ProviderFlows& earned,
                  const DomainParams& dp, const ServiceUse& use, double alternatives) {
  const double cost = use.units * use.case_mix * dp.unit_cost * pr.cost_mult * (1.0 + pr.slack);
  paid.slot_spending[0] = cost;
  paid.spending = cost + alternatives;
  earned.revenue += cost;
  earned.costs += cost;
}

/// Payment by results: part of income depends on the share of people served whose need fell
/// (an outcome in a difficulty group counts `difficulty.pbr_payment` times: differential
/// payments), against `outsourcing.pbr_target` of the domain's best-case resolution rate, capped
/// at `outsourcing.pbr_cap` (agents/payment_by_results.cpp): the share of the full payment due.
double pbr_due_ratio(const Service& s, const Parameters& p, const CitizenTally& t, std::size_t ad,
                     int d) {
  if (s.pbr_share <= 0) return 0;
  const double rate = weighted_outcome_rate(t, p.difficulty, ad);
  return pbr_ratio(rate, p.domains[d], p.outsourcing);
}

/// A contractor is paid its price per unit, the PbR share of it by results (booked as
/// receivable, paid next year); its fixed costs follow the volume planned at award. A
/// subcontractor delivers and costs its share of the units, paid by the prime.
void pay_contractor(Service& s, ServiceFlows& paid, std::vector<Provider>& providers,
                    YearLedger& ledger, const Parameters& p, const CitizenTally& t, int d,
                    const ServiceUse& use, double alternatives) {
  const auto& dp = p.domains[d];
  Provider& pr = providers[s.provider];
  const double units = use.units;
  const double base = units * s.price * use.premium;  // the quality asked for on top is paid
  const double ratio = pbr_due_ratio(s, p, t, use.ad, d);
  const double pbr = base * s.pbr_share * ratio;  // GBP, paid next year
  if (s.pbr_share > 0) {
    pr.pbr_receivable += pbr;
    ledger.events.pbr_payments += pbr;
  }
  const double own = pay_subcontractor(s, providers, ledger, p, d, units, use.case_mix, ratio);
  const double fixed = p.provider[static_cast<int>(pr.type)].fixed_cost_share;
  // Fixed costs are set by the volume planned at award: volumes below plan mean losses
  // (Transforming Rehabilitation: paid volumes 16-48% below plan).
  const double planned = std::max(s.planned_units, units);
  ProviderFlows& earned = ledger.provider(pr.id);
  earned.costs +=
      dp.unit_cost * pr.cost_mult * own * (fixed * planned + (1.0 - fixed) * units * use.case_mix);
  earned.revenue += base * (1.0 - s.pbr_share);
  paid.slot_spending[0] = base * (1.0 - s.pbr_share) + pbr;
  paid.spending = paid.slot_spending[0] + alternatives;
  ledger.events.contract_value += paid.slot_spending[0];
  if (s.subcontract.provider >= 0)
    ledger.events.subcontracted_value[static_cast<int>(providers[s.subcontract.provider].type)] +=
        s.subcontract.share * paid.slot_spending[0];
}

/// Pays for commissioner c's service in domain d: framework places, then the main provider.
void pay_for_service(Service& s, std::vector<Provider>& providers, YearLedger& ledger,
                     const Parameters& p, const CitizenTally& t, int c, int d, double premium) {
  s.disruption = 0;  // a failure's disruption lasts the year after it
  Provider& pr = providers[s.provider];
  const auto& dp = p.domains[d];
  const double weight = p.population.agent_weight;
  ServiceUse use;
  use.ad = t.ad(c, d);
  use.units = weight * t.slot_units[use.ad * kChoiceSlots];
  use.premium = premium;  // rising expectations met cost more per unit (agents/expectations.cpp)
  use.case_mix = case_mix(t, p, c, d) * premium;
  ServiceFlows& paid = ledger.service(c, d);
  paid.slot_provider[0] = pr.id;
  const double alternatives = pay_framework_places(s, paid, providers, ledger, dp, t, use, weight);
  if (!s.contracted)
    pay_in_house(paid, pr, ledger.provider(pr.id), dp, use, alternatives);
  else
    pay_contractor(s, paid, providers, ledger, p, t, d, use, alternatives);
}

/// Adds `relief` to the main-provider payments of every service `provider` delivers, in
/// proportion to what each paid it this year. False, and nothing added, where no commissioner
/// paid it as main provider (framework places only): then nobody pays relief.
bool spread_relief(const std::vector<Commissioner>& commissioners, YearLedger& ledger, int provider,
                   double relief) {
  double paid_to = 0;
  for (const auto& c : commissioners)
    for (std::size_t d = 0; d < c.services.size(); ++d)
      if (c.services[d].provider == provider)
        paid_to += ledger.service(c.id, static_cast<int>(d)).slot_spending[0];
  for (const auto& c : commissioners)
    for (std::size_t d = 0; d < c.services.size(); ++d)
      if (c.services[d].provider == provider && paid_to > 0) {
        ServiceFlows& paid = ledger.service(c.id, static_cast<int>(d));
        const double part = relief * paid.slot_spending[0] / paid_to;
        paid.slot_spending[0] += part;
        paid.spending += part;
      }
  return paid_to > 0;
}

/// A contractor whose year would leave its reserves below zero is rescued only where that
/// keeps it solvent: its parent injects from its backing while the remaining contracts justify
/// it (into reserves: capital, not income); the commissioners it serves pay the rest as relief
/// only when cheaper for them than its failure (TR: CRCs forecast 443m of losses and were given
/// up to 342m more). A rescue leaves `outsourcing.relief_cushion` of the year's income, so a
/// rescued contractor does not fail on rounding.
void rescue_distressed(Market& market, int year, const Parameters& p) {
  for (Provider& pr : market.providers) {
    if (!pr.alive || !pr.external() || pr.contracts == 0) continue;
    const ProviderFlows& flows = market.ledger.provider(pr.id);
    // What closing the accounts will keep: a surplus is partly distributed.
    const double surplus = flows.revenue + pr.pbr_due - flows.costs;
    const double distribution = p.provider[static_cast<int>(pr.type)].distribution;
    const double projected = pr.reserves + (surplus > 0 ? surplus * (1.0 - distribution) : surplus);
    if (projected >= 0) continue;
    const double needed = -projected + p.outsourcing.relief_cushion * flows.revenue;
    const double parent =
        parent_offer(pr, needed, remaining_margin(market, p, year, pr), p.failure);
    const double rest = needed - parent;
    double relief = 0;
    if (rest > 0 && p.outsourcing.distress_relief > 0) {
      relief = relief_offer(rest, flows.revenue, expected_failure_cost(market, year, p, pr.id),
                            p.outsourcing);
      if (relief > 0 && !spread_relief(market.commissioners, market.ledger, pr.id, relief))
        relief = 0;
    }
    if (rest > 0 && relief <= 0) continue;  // nobody saves it: the parent keeps its money
    pr.reserves += parent;
    pr.parent_backing -= parent;  // spent backing is gone
    market.ledger.events.parent_support += parent;
    if (relief <= 0) continue;
    market.ledger.provider(pr.id).revenue += relief;
    market.ledger.provider(pr.id).relief += relief;  // kept, not paid out to owners
    market.ledger.events.distress_payments += relief;
    market.ledger.events.failure_cost += relief;  // what avoiding the failure cost the purse
  }
}

/// Provider `pr` is insolvent: it stops trading and is counted.
void mark_failed(Provider& pr, YearEvents& events) {
  pr.alive = false;
  ++events.failures;
  ++events.failures_by_type[static_cast<int>(pr.type)];
}

/// Provider `i` has failed: its framework places end and each commissioner it served finds its
/// service a new provider, within what each can absorb (agents/last_resort.cpp).
void fail_provider(Market& market, int year, const Parameters& p, std::size_t i) {
  const int D = static_cast<int>(p.domains.size());
  const int id = market.providers[i].id;
  remember_failure(market, year, p, id);  // before its services move
  mark_failed(market.providers[i], market.ledger.events);
  drop_subcontractor(market, id);  // its primes take back the parts it delivered
  const std::vector<int> stranded = strand_subcontractors(market, p, id);
  StepInLoad load(market.providers.size(), 0.0);
  for (auto& c : market.commissioners)
    for (int d = 0; d < D; ++d) {
      const auto& places = c.services[d].alternatives;
      const bool main = c.services[d].provider == id;
      if (main || std::find(places.begin(), places.end(), id) != places.end()) {
        ++market.ledger.events.failure_contracts;
        market.ledger.commissioner(c.id).failure_hit = true;
      }
      drop_alternative(market, c.services[d], id);
      if (main) step_in(market, year, market.policy_of(c.id, p), c.id, d, load);
    }
  market.providers[i].contracts = 0;
  release_workforce(market.providers[i], market.ledger.events);  // the staff who did not move
  // Its unpaid subcontractors: one whose accounts are closed fails now if its reserves are gone;
  // the others fail, if they must, when their accounts close later this year.
  for (int sub : stranded)
    if (sub < id && market.providers[sub].alive && market.providers[sub].reserves < 0)
      fail_provider(market, year, p, static_cast<std::size_t>(sub));
}

/// Closes every live provider's accounts in id order (a failure moves its services before
/// later providers close) and records external contractors' margin for the year.
void close_provider_accounts(Market& market, int year, const Parameters& p) {
  double margin_num = 0, margin_den = 0;
  for (std::size_t i = 0; i < market.providers.size(); ++i) {
    Provider& pr = market.providers[i];
    if (!pr.alive) continue;
    // A copy: a failure may add providers, and with them grow the ledger.
    const ProviderFlows flows = market.ledger.provider(pr.id);
    if (pr.external() && pr.contracts > 0) {
      margin_num += flows.revenue + pr.pbr_receivable - flows.costs;
      margin_den += flows.revenue + pr.pbr_receivable;
    }
    if (!pr.external() && pr.contracts > 0) {
      // Without competition an in-house unit's slack creeps back.
      pr.slack = std::min(p.outsourcing.inhouse_slack, pr.slack + p.learning.slack_creep);
    }
    if (close_accounts(pr, flows, p)) fail_provider(market, year, p, i);
  }
  market.margin_history.push_back(margin_den > 0 ? margin_num / margin_den
                                                 : p.entry.default_margin);
}

/// Noise with which commissioner c sees delivered quality when monitoring: its observation
/// noise (capability, data lab), cut by what it spends monitoring.
double monitoring_noise(const Commissioner& c, const Parameters& pc) {
  return observation_noise(c, pc) * detection_factor(pc);
}

/// A contract is watched for early termination while it has more than a year left.
bool under_watch(const Service& s, int year) {
  return s.contracted && s.contract_end > year + 1;
}

/// Delivered quality of commissioner c's service in domain d as the commissioner sees it.
double observed_quality(const CitizenConditions& cond, const Streams& rng, double noise, int year,
                        int c, int d, int D) {
  return cond.service[static_cast<std::size_t>(c) * D + d].quality +
         noise *
             rng.normal(year, static_cast<std::uint64_t>(c * kMaxDomains + d), Purpose::Monitor);
}

/// Counts a watched contract whose true delivered quality is below the bar, and whether it
/// was caught (the detection rate).
void count_detection(YearEvents& events, const CitizenConditions& cond, int c, int d, int D,
                     double bar, bool caught) {
  if (cond.service[static_cast<std::size_t>(c) * D + d].quality >= bar) return;
  ++events.poor_watched;
  if (caught) ++events.poor_caught;
}

/// Ends commissioner c's contract in domain d early: the service goes back in-house.
void terminate_contract(Market& market, int year, const Parameters& pc, int c, int d) {
  const auto& cm = pc.commissioners;
  take_back_in_house(market, year, pc, c, d, cm.termination_disruption,
                     cm.termination_cost * cm.transition_cost);
  ++market.ledger.events.terminations;
}

}  // namespace

void settle(Market& market, int year, const Parameters& p, const CitizenTally& t) {
  const int D = static_cast<int>(p.domains.size());
  for (auto& c : market.commissioners) {
    const double premium = expectation_premium(market.policy_of(c.id, p), year);
    for (int d = 0; d < D; ++d)
      pay_for_service(c.services[d], market.providers, market.ledger, p, t, c.id, d, premium);
  }
  rescue_distressed(market, year, p);  // parents first, then relief where cheaper than failure
  close_provider_accounts(market, year, p);  // failures go to the provider of last resort
}

void monitor(Market& market, int year, const Parameters& p, const Streams& rng,
             const CitizenConditions& cond, const CitizenTally& t) {
  const int D = static_cast<int>(p.domains.size());
  for (auto& c : market.commissioners) {
    const Parameters& pc = market.policy_of(c.id, p);
    const double noise = monitoring_noise(c, pc);
    for (int d = 0; d < D; ++d) {
      if (!under_watch(c.services[d], year)) continue;
      // What was seen this year was delivered by the provider paid for it; one that stepped in
      // after a failure is judged from next year.
      const int paid = market.ledger.service(c.id, d).slot_provider[0];  // -1: not settled
      if (paid >= 0 && paid != c.services[d].provider) continue;
      const double bar = pc.commissioners.termination_quality;
      // Late delivery is seen too: eligible people left waiting count against the contractor.
      const double seen = observed_quality(cond, rng, noise, year, c.id, d, D) -
                          pc.capacity.late_penalty * waiting_share(t, p, c.id, d);
      const bool caught = seen < bar;
      count_detection(market.ledger.events, cond, c.id, d, D, bar, caught);
      remember_monitoring(market, year, p, c.id, d, c.services[d].provider, seen, caught);
      if (caught) terminate_contract(market, year, pc, c.id, d);
    }
  }
}

}  // namespace quasim
