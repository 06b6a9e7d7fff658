// agents/capacity.cpp — providers' delivery capacity (docs/ODD.md "4 Submodels: capacity").
// Every provider plans its workforce on the load its services are expected to carry: leavers
// go each year (more under pay restraint and low engagement), hires arrive after a lag and
// cost money, capacity above target is shed; staff move with a service (TUPE) and an external
// provider can redeploy staff from its other business (its bench).
#include "agents/capacity.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

#include "agents/commissioner.hpp"
#include "agents/waiting_list.hpp"

namespace quasim {
namespace {

/// Places a service has: its main provider plus any framework places.
int places(const Service& s) {
  int n = 1;
  for (int a : s.alternatives) n += a >= 0;
  return n;
}

/// Share of a main place's load its subcontractor carries (agents/subcontracting.cpp).
double subcontracted(const Service& s) {
  return s.subcontract.provider >= 0 ? s.subcontract.share : 0.0;
}

/// Expected load (persons/yr) of every place provider `id` holds, subcontracted parts with
/// the subcontractor.
double carried_load(const Market& m, int id) {
  double load = 0;
  for (const Commissioner& cm : m.commissioners)
    for (const Service& s : cm.services) {
      if (s.provider == id) load += place_load(s) * (1.0 - subcontracted(s));
      if (s.subcontract.provider == id) load += place_load(s) * subcontracted(s);
      for (int a : s.alternatives)
        if (a == id) load += place_load(s);
    }
  return load;
}

/// Share of provider `pr`'s capacity that one of its places, of load `load`, gets.
double place_share(const Market& m, const Provider& pr, double load) {
  if (pr.contracts <= 1) return 1.0;  // its only place
  const double carried = carried_load(m, pr.id);
  return carried > 0 ? std::min(1.0, load / carried) : 1.0 / pr.contracts;
}

double pipeline_total(const Provider& pr) {
  return std::accumulate(pr.pipeline.begin(), pr.pipeline.end(), 0.0);
}

/// GBP per capacity unit-year of `pr`: its domain's efficient unit cost (a generalist's: the
/// mean over domains) times its cost multiple.
double unit_year_cost(const Provider& pr, const Parameters& p) {
  double cost = 0;
  if (pr.domain >= 0 && pr.domain < static_cast<int>(p.domains.size())) {
    cost = p.domains[pr.domain].unit_cost;
  } else if (!p.domains.empty()) {
    for (const auto& d : p.domains) cost += d.unit_cost;
    cost /= static_cast<double>(p.domains.size());
  }
  return cost * pr.cost_mult;
}

/// Hiring and redundancy costs: an external provider pays from its reserves (its accounts for
/// the year are closed); an in-house unit's are paid by its commissioner: as part of the
/// service's cost where the unit delivered it this year, else (a unit shedding the staff left
/// behind by outsourcing, or taking a service back after a failure) as a transaction cost.
void book_workforce_cost(Market& m, Provider& pr, double cost) {
  if (cost <= 0) return;
  if (pr.external()) {
    m.ledger.provider(pr.id).costs += cost;
    pr.reserves -= cost;
    return;
  }
  ServiceFlows& paid = m.ledger.service(pr.home, pr.domain);
  if (paid.slot_provider[0] == pr.id) {
    ProviderFlows& flows = m.ledger.provider(pr.id);
    flows.revenue += cost;
    flows.costs += cost;
    paid.spending += cost;
    paid.slot_spending[0] += cost;
  } else {
    m.ledger.commissioner(pr.home).transaction_costs += cost;
    m.ledger.events.transaction_costs += cost;
  }
}

/// This year's leaving rates of `pr`: normal (base and engagement) and in all (with pay
/// restraint, `pay_squeeze`).
struct LeavingRates {
  double normal = 0, all = 0;
};

LeavingRates leaving_rates(const Market& m, const Parameters& p, const Provider& pr, int year) {
  const auto& cap = p.capacity;
  LeavingRates r;
  r.normal = cap.leaving + cap.engagement_leaving * (1.0 - std::clamp(pr.engagement, 0.0, 1.0));
  const double squeeze = pay_squeeze(m, p, pr, year);
  r.normal = std::clamp(r.normal, 0.0, 1.0);
  r.all = std::clamp(r.normal + cap.pay_restraint * squeeze, 0.0, 1.0);
  return r;
}

/// One provider's year end, for a load `carried` (persons/yr) of its places.
void update_provider(Market& m, const Parameters& p, Provider& pr, double carried, int year) {
  const auto& cap = p.capacity;
  YearEvents& events = m.ledger.events;
  const LeavingRates rate = leaving_rates(m, p, pr, year);
  const double before = pr.capacity;
  double leavers = rate.all * pr.capacity;
  pr.capacity -= leavers;
  // Last year's (or earlier) hires arrive.
  pr.capacity += pr.pipeline[0];
  std::rotate(pr.pipeline.begin(), pr.pipeline.begin() + 1, pr.pipeline.end());
  pr.pipeline.back() = 0;
  // Its other business replaces staff it lent here.
  if (pr.external()) pr.bench = std::min(pr.bench_max, pr.bench + cap.max_hiring * pr.bench_max);

  const int lag = std::clamp(cap.hiring_lag, 0, kMaxHiringLag);
  const double target = (1.0 + cap.headroom) * carried;
  // What it will have when a hire made now arrives, if it hires nobody: leavers go meanwhile.
  const double keep = std::pow(1.0 - rate.all, lag);
  double projected = (pr.capacity + pipeline_total(pr)) * keep;
  const double unit_cost = unit_year_cost(pr, p);
  if (projected < target) {
    // Redeploy from its other business first: no lag, no hiring cost.
    const double redeployed = std::min(pr.bench, (target - projected) / std::max(keep, 1e-9));
    pr.bench -= redeployed;
    pr.capacity += redeployed;
    projected += redeployed * keep;
    const double limit = cap.max_hiring * pr.capacity + cap.hiring_floor * target;
    const double hires = std::clamp(target - projected, 0.0, limit);
    if (lag == 0)
      pr.capacity += hires;
    else
      pr.pipeline[lag - 1] += hires;
    events.capacity_hired += hires;
    // Replacing normal leavers is part of the unit cost; growth, rebuilding and replacing
    // leavers lost to pay restraint cost extra.
    const double extra = std::max(0.0, hires - rate.normal * before);
    book_workforce_cost(m, pr, cap.hiring_cost * unit_cost * extra);
  } else {
    // Above target even after natural wastage: hires not yet arrived are cancelled first; then
    // part of the excess is shed each year, an external provider returning staff to its other
    // business before making redundancies.
    double excess = projected - target;
    for (int k = kMaxHiringLag - 1; k >= 0 && excess > 0; --k) {
      const double cancelled = std::min(pr.pipeline[k], excess / std::max(keep, 1e-9));
      pr.pipeline[k] -= cancelled;
      excess -= cancelled * keep;
    }
    const double released = std::clamp(cap.shed_rate * excess, 0.0, pr.capacity);
    pr.capacity -= released;
    const double returned =
        pr.external() ? std::clamp(pr.bench_max - pr.bench, 0.0, released) : 0.0;
    pr.bench += returned;
    const double redundancies = released - returned;
    leavers += redundancies;
    events.capacity_shed += redundancies;
    book_workforce_cost(m, pr, cap.redundancy_cost * unit_cost * redundancies);
  }
  events.capacity_leavers += leavers;
}

}  // namespace

double pay_squeeze(const Market& m, const Parameters& p, const Provider& pr, int year) {
  if (!pr.external()) {
    if (year > 0 && pr.home >= 0)
      return std::max(0.0, -budget_change(m.policy_of(pr.home, p).budget, year));
    return 0;
  }
  const ProviderFlows& flows = std::as_const(m.ledger).provider(pr.id);
  const double income = flows.revenue + pr.pbr_due;  // this year's PbR, paid next year
  return income > 0 ? std::clamp((flows.costs - income) / income, 0.0, 1.0) : 0.0;
}

double place_load(const Service& s) {
  return s.load / places(s);
}

double expected_load(const CitizenTally& t, const Parameters& p, const Service& s, int c, int d) {
  if (!t.queue_count.empty()) return funded_load(t, p, c, d, s.threshold, s.marginal);
  const std::size_t ad = t.ad(c, d);
  const double weight = p.population.agent_weight;
  if (t.demand_units[ad] > 0 || t.served_units[ad] > 0) return weight * t.served_units[ad];
  return need_units(t, c, d, weight);
}

double waiting_share(const CitizenTally& t, const Parameters& p, int c, int d) {
  const double eligible = eligible_load(t, p, c, d);
  if (eligible <= 0) return 0;
  return std::clamp((eligible - served_load(t, p, c, d)) / eligible, 0.0, 1.0);
}

std::vector<double> carried_loads(const Market& m) {
  std::vector<double> load(m.providers.size(), 0.0);
  for (const Commissioner& cm : m.commissioners)
    for (const Service& s : cm.services) {
      const double each = place_load(s);
      if (s.provider >= 0) load[s.provider] += each * (1.0 - subcontracted(s));
      if (s.subcontract.provider >= 0) load[s.subcontract.provider] += each * subcontracted(s);
      for (int a : s.alternatives)
        if (a >= 0) load[a] += each;
    }
  return load;
}

double serving_capacity(const Market& m, int c, int d) {
  const Service& s = m.commissioners[c].services[d];
  if (s.provider < 0) return 0;
  const Provider& pr = m.providers[s.provider];
  return pr.capacity * place_share(m, pr, place_load(s) * (1.0 - subcontracted(s)));
}

double service_capacity(const Market& m, const Parameters&, int c, int d) {
  const Service& s = m.commissioners[c].services[d];
  double capacity = serving_capacity(m, c, d);
  if (s.subcontract.provider >= 0) {  // the subcontractor's staff deliver its part
    const Provider& sub = m.providers[s.subcontract.provider];
    capacity += sub.capacity * place_share(m, sub, place_load(s) * subcontracted(s));
  }
  for (int a : s.alternatives)
    if (a >= 0) {
      const Provider& alt = m.providers[a];
      capacity += alt.capacity * place_share(m, alt, place_load(s));
    }
  return capacity;
}

double spare_capacity(const Provider& pr, const CapacityParams& cap, double carried,
                      double target) {
  return pr.capacity + pr.bench + pipeline_total(pr) + cap.max_hiring * pr.capacity +
         cap.hiring_floor * target - carried;
}

bool capacity_to_bid(const Provider& pr, const CapacityParams& cap, double carried, double lot_load,
                     double transfer) {
  if (lot_load <= 0) return true;
  const double target = (1.0 + cap.headroom) * (carried + lot_load);
  return spare_capacity(pr, cap, carried, target) + transfer >= cap.bid_cover * lot_load;
}

bool capacity_to_absorb(const Provider& pr, const CapacityParams&, double carried, double load,
                        double transfer) {
  if (load <= 0) return true;
  return pr.capacity + pr.bench + pipeline_total(pr) - carried + transfer >= load;
}

void entry_capacity(Provider& pr, const Parameters& p) {
  const double unit = unit_year_cost(pr, p);
  pr.bench_max = unit > 0 ? p.capacity.redeploy_share * pr.base_size / unit : 0.0;
  pr.bench = pr.bench_max;
}

void init_capacity(Market& m, const Parameters& p, const CitizenTally& initial) {
  const int lag = std::clamp(p.capacity.hiring_lag, 0, kMaxHiringLag);
  for (Commissioner& cm : m.commissioners)
    for (int d = 0; d < static_cast<int>(cm.services.size()); ++d) {
      Service& s = cm.services[d];
      s.load = expected_load(initial, p, s, cm.id, d);
      Provider& unit = m.providers[cm.in_house[d]];
      unit.capacity = (1.0 + p.capacity.headroom) * s.load;
      // Replacements for this year's normal leavers are already on their way.
      const double normal = std::clamp(
          p.capacity.leaving + p.capacity.engagement_leaving * (1.0 - unit.engagement), 0.0, 1.0);
      for (int k = 0; k < lag; ++k) unit.pipeline[k] = normal * unit.capacity;
    }
}

void transfer_capacity(Market& m, const CapacityParams&, const Service& s, int to, double share) {
  const int from = s.provider;
  if (from < 0 || from == to) return;
  Provider& old = m.providers[from];
  const double moved =
      std::clamp(share, 0.0, 1.0) * old.capacity * place_share(m, old, place_load(s));
  old.capacity -= moved;
  m.providers[to].capacity += moved;
}

void mobilise(Market& m, const CapacityParams& cap, int to) {
  Provider& pr = m.providers[to];
  if (pr.bench <= 0) return;
  const double target = (1.0 + cap.headroom) * carried_load(m, to);
  const double short_by = target - pr.capacity - pipeline_total(pr);
  const double redeployed = std::clamp(short_by, 0.0, pr.bench);
  pr.bench -= redeployed;
  pr.capacity += redeployed;
}

void update_capacity(Market& m, const Parameters& p, const CitizenTally& this_year, int year) {
  for (Commissioner& cm : m.commissioners)
    for (int d = 0; d < static_cast<int>(cm.services.size()); ++d)
      cm.services[d].load = expected_load(this_year, p, cm.services[d], cm.id, d);
  const std::vector<double> carried = carried_loads(m);
  for (Provider& pr : m.providers)
    if (pr.alive) update_provider(m, p, pr, carried[pr.id], year);
}

void release_workforce(Provider& pr, YearEvents& events) {
  events.capacity_leavers += pr.capacity;
  pr.capacity = 0;
  pr.pipeline.fill(0.0);
  pr.bench = 0;
}

void record_capacity(const Market& m, YearRecord& r) {
  r.capacity_total = 0;
  for (const Provider& pr : m.providers)
    if (pr.alive) r.capacity_total += pr.capacity;
  r.capacity_hired = m.ledger.events.capacity_hired;
  r.capacity_leavers = m.ledger.events.capacity_leavers;
}

}  // namespace quasim
