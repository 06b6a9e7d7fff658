// sim/step.cpp — one year, in order. A phase's signature is its data contract.
#include "sim/step.hpp"

#include <algorithm>
#include <optional>

#include "agents/agencies.hpp"
#include "agents/capability.hpp"
#include "agents/capacity.hpp"
#include "agents/centre.hpp"
#include "agents/collaboration.hpp"
#include "agents/commissioner.hpp"
#include "agents/demography.hpp"
#include "agents/engagement.hpp"
#include "agents/expectations.hpp"
#include "agents/last_resort.hpp"
#include "agents/market.hpp"
#include "agents/mutuals.hpp"
#include "agents/performance.hpp"
#include "agents/provider.hpp"
#include "agents/shared_services.hpp"
#include "agents/spinout_pipeline.hpp"
#include "agents/tendering.hpp"
#include "agents/waiting_list.hpp"

namespace quasim {
namespace {

/// The centre's settlements move along the national trajectory (the first year is the initial
/// budget) and a needs-based settlement re-shares their total; then each commissioner's own
/// trajectory, where its policy table sets one, scales its own budget only (so its cut is not
/// shared out by the needs formula). National departments' money moves on their own paths and
/// follows need across areas (agents/agencies.cpp).
void set_budgets(Market& m, const Parameters& p, const CitizenTally& last, int year,
                 AgencyState& agencies) {
  if (year == 0) return;
  set_department_budgets(p, last, year, agencies);
  const double national = 1.0 + budget_change(p.budget, year);
  for (auto& c : m.commissioners) c.budget = c.settlement * national;
  if (p.centre.settlement == Settlement::NeedsBased)
    reweight_by_need(m.commissioners, assessed_need(m.commissioners, p, last),
                     p.centre.needs_phase_in);
  for (auto& c : m.commissioners) {
    c.settlement = c.budget;
    c.own_path *= (1.0 + budget_change(m.policy_of(c.id, p).budget, year)) / national;
    c.budget = c.settlement * c.own_path;
  }
}

/// The centre tops up commissioners whose money cannot cover their statutory services.
void grant_emergency_funding(Market& m, const Parameters& p, const CitizenTally& last) {
  std::vector<double> shortfall(m.commissioners.size(), 0.0);
  for (const auto& c : m.commissioners)
    shortfall[static_cast<std::size_t>(c.id)] =
        std::max(0.0, statutory_cost(c, m.policy_of(c.id, p), last) - std::max(0.0, c.available));
  const auto award = emergency_awards(shortfall, m.commissioners, p.centre);
  for (auto& c : m.commissioners) {
    c.emergency = award[static_cast<std::size_t>(c.id)];
    c.available += c.emergency;
  }
}

/// Unit prices; the change fund and monitoring off the top; any emergency funding; money to
/// domains by agency, eligibility; the prevention the fund buys; the onset multipliers, for
/// valuing who gains from whose spill-overs once the year's onsets are known. Each commissioner
/// under its own policy where it has one.
void fund_services(World& w, const Parameters& p, const DerivedTables& t) {
  Market& m = w.market;
  const CitizenTally& last = w.tally;
  const int D = static_cast<int>(p.domains.size());
  for (auto& c : m.commissioners) {
    const Parameters& own = m.policy_of(c.id, p);
    for (int d = 0; d < D; ++d)
      c.services[d].unit_price = service_unit_price(c.services[d], m.providers, p.domains[d]) *
                                 expectation_premium(own, w.year);  // rising expectations met
    // A ring-fenced change fund comes off the top: it cannot be used to fill gaps.
    c.change_fund = p.collaboration.change_fund * c.budget;
    m.ledger.events.change_fund += c.change_fund;
    double contracted = 0;
    for (const auto& s : c.services)
      if (s.contracted) contracted += s.funding;
    const double monitoring = own.commissioners.monitoring_cost * contracted;
    double& transaction_costs = m.ledger.commissioner(c.id).transaction_costs;
    transaction_costs += monitoring;
    m.ledger.events.transaction_costs += monitoring;
    c.available = c.budget - c.back_office_cost - c.change_fund - transaction_costs;
    c.emergency = 0;
  }
  if (p.centre.emergency_funding) grant_emergency_funding(m, p, last);
  for (auto& c : m.commissioners) {
    if (w.agencies.agencies > 1)
      allocate_by_agency(c, m.policy_of(c.id, p), last, t.spillover, w.agencies);
    else
      allocate(c, m.policy_of(c.id, p), last, t.value_weights);
  }
  buy_prevention(m, p, last, w.year, w.agencies);         // acts after each domain's lag
  note_onset_multipliers(w, p, t.spillover, w.agencies);  // valued after the citizen phase
}

/// What each commissioner spent this year, all told.
void close_books(const std::vector<Commissioner>& commissioners, YearLedger& ledger) {
  for (const auto& c : commissioners) {
    CommissionerFlows& paid = ledger.commissioner(c.id);
    paid.spending = paid.transaction_costs + c.back_office_cost + c.change_fund;
    for (const auto& s : paid.services) paid.spending += s.spending;
  }
}

/// This year's served share per (area, domain), for spill-overs that act with a lag.
void remember_service(const CitizenTally& t, std::vector<std::vector<double>>& history) {
  std::vector<double> share(t.demand_units.size(), 0.0);
  for (std::size_t i = 0; i < share.size(); ++i)
    share[i] =
        t.demand_units[i] > 0 ? static_cast<double>(t.served_units[i]) / t.demand_units[i] : 1.0;
  history.push_back(std::move(share));
}

/// Service (c, d)'s capacity and its plan for the year: whom capacity admits, the effort each
/// difficulty group gets, the congestion wait; planned on last year-end's queue.
void plan_waiting_list(const World& w, const Parameters& pc, int c, int d, const Provider& pr,
                       ServiceCondition& sc, CitizenConditions& cond) {
  const Service& s = w.market.commissioners[c].services[d];
  const std::size_t ad = static_cast<std::size_t>(c) * cond.domains + d;
  ServicePlanInputs in;
  if (!w.tally.queue_count.empty()) in.queue = &w.tally.queue_count[ad * kQueueClasses];
  in.threshold = s.threshold;
  in.marginal = s.marginal;
  in.disruption = s.disruption;
  in.capacity = service_capacity(w.market, pc, c, d) / pc.population.agent_weight;
  in.creaming = creaming_degree(pr, s.contracted ? s.pbr_share : 0.0, pc);
  const ServicePlan plan = plan_service(in, pc);
  sc.capacity = in.capacity;
  sc.wait_weeks = plan.wait_weeks;
  std::copy(plan.admit.begin(), plan.admit.end(), cond.admit.begin() + ad * kQueueClasses);
  std::copy(plan.effort.begin(), plan.effort.end(),
            cond.effort.begin() + ad * kMaxDifficultyGroups);
}

}  // namespace

CitizenConditions service_conditions(const World& w, const Parameters& p, const DerivedTables& t) {
  const int D = static_cast<int>(p.domains.size());
  CitizenConditions cond;
  cond.domains = D;
  cond.mortality = t.mortality_in(w.year);
  cond.expectation = expected_quality(p, w.year);
  // Spill-overs and prevention, worked out once in fund_services (note_onset_multipliers).
  const std::vector<double>& onset = w.agencies.multiplier;
  cond.service.resize(w.market.commissioners.size() * D);
  cond.groups = static_cast<int>(p.difficulty.groups.size());
  cond.admit.resize(cond.service.size() * kQueueClasses);
  cond.effort.resize(cond.service.size() * kMaxDifficultyGroups);
  cond.area_view.assign(w.market.commissioners.size(), 0.5);
  cond.trust_shock.assign(w.market.commissioners.size(), 0.0);
  for (const auto& c : w.market.commissioners) {
    const Parameters& pc = w.market.policy_of(c.id, p);  // its monitoring deters shading
    const double met = expectation_quality(pc, w.year);  // paid for in the unit price
    for (int d = 0; d < D; ++d) {
      const Service& s = c.services[d];
      const Provider& pr = w.market.providers[s.provider];
      auto& sc = cond.service[static_cast<std::size_t>(c.id) * D + d];
      sc.threshold = s.threshold;
      sc.marginal = s.marginal;
      sc.disruption = s.disruption;
      sc.onset_multiplier = onset[static_cast<std::size_t>(c.id) * D + d];
      // Hospital cleaning: MRSA 2.28 vs 1.46 per 100,000 bed-days where contracts could not
      // specify what mattered.
      // What monitoring, records and tenders see is the provider's own quality; the quality
      // bought to meet rising expectations is added where citizens meet the service.
      sc.met = met;
      sc.quality = s.contracted ? delivered_quality(pr, pc, d, c.capability)
                                : std::clamp(pr.quality, 0.0, 1.0);
      sc.slot_quality[0] = sc.quality;
      sc.slots = 1;
      if (p.domains[d].choice)
        for (int k = 0; k < kChoiceSlots - 1 && s.alternatives[k] >= 0; ++k) {
          sc.slot_quality[++sc.slots - 1] =
              delivered_quality(w.market.providers[s.alternatives[k]], pc, d, c.capability);
        }
      plan_waiting_list(w, pc, c.id, d, pr, sc, cond);
    }
    area_signals(w.tally, p, c.id, cond);  // per area, once: what non-users see and hear
  }
  return cond;
}

void step(World& w, const Parameters& p, const DerivedTables& t, const Streams& rng,
          YearRecord& rec, PhaseClock* clock) {
  Market& m = w.market;
  const int year = w.year;
  std::optional<PhaseTimer> timer(std::in_place, clock, Phase::Commission);
  // The year's flows start at zero: events, what commissioners pay, what providers earn.
  m.ledger.begin_year(m.commissioners.size(), p.domains.size(), m.providers.size());
  set_budgets(m, p, w.tally, year, w.agencies);  // serial: trajectories, the centre's settlement
  back_office_costs(m.commissioners, m.partnerships, p.collaboration, year, m.ledger.events);
  spin_out_mutuals(m, year, p, rng);     // Right to Provide: the spin-out pipeline
  commission(m, w.tally, year, p, rng);  // make-or-buy, tenders, awards
  // Money to domains and eligibility thresholds, planned on last year's need counts.
  fund_services(w, p, t);
  const CitizenConditions cond = service_conditions(w, p, t);
  CitizenTally tally;
  timer.emplace(clock, Phase::Citizens);
  live(w.citizens, cond, p, rng, year, tally);  // parallel: writes only citizens
  timer.emplace(clock, Phase::Settle);
  remember_service(tally, w.served_share_history);  // for lagged spill-overs
  remember_contract_years(m, year, p);              // exposure for the failures settle may bring
  settle(m, year, p, tally);                        // serial: money moves, failures
  monitor(m, year, p, rng, cond, tally);            // terminations for poor or late service
  update_engagement(m, p, year);  // staff respond to ownership, security, pay and finances
  // Workforce for next year: leavers, hires arriving after the lag, shedding.
  update_capacity(m, p, tally, year);
  update_in_house_units(m, year, p);  // units closed after years outsourced; rebuilds go on
  update_capability(m, p);            // the intelligent customer: eroded, rebuilt by monitoring
  enter_and_exit(m, year, p, rng);    // market entry and exit
  close_books(m.commissioners, m.ledger);  // what each commissioner spent, all told
  record(w, p, tally, cond, rec);
  w.tally = std::move(tally);
  ++w.year;
}

}  // namespace quasim
