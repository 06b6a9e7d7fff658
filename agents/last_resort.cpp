// agents/last_resort.cpp — step-in when a provider fails, and the in-house unit's life
// (closed after years of full outsourcing, rebuilt at a cost). BRIEF: Carillion, 2018.
#include "agents/last_resort.hpp"

#include <algorithm>

#include "agents/capacity.hpp"
#include "agents/performance.hpp"
#include "agents/provider.hpp"
#include "agents/tendering.hpp"

namespace quasim {
namespace {

/// The price `pr` asks per need unit outside a tender: its cost plus its usual margin.
double usual_price(const Provider& pr, const Parameters& pc, int d) {
  return pc.domains[d].unit_cost * pr.cost_mult *
         (1.0 + pc.provider[static_cast<int>(pr.type)].markup);
}

/// Whether `pr` already delivers in commissioner c's area (any domain) or in domain d (any
/// area), or was runner-up for the service: it can take the contract over as it stands.
bool already_there(const Market& market, const Provider& pr, int c, int d) {
  const Service& s = market.commissioners[c].services[d];
  if (pr.id == s.runner_up) return true;
  for (const Commissioner& cm : market.commissioners)
    for (std::size_t e = 0; e < cm.services.size(); ++e) {
      const Service& other = cm.services[e];
      if (cm.id != c && static_cast<int>(e) != d) continue;
      if (other.provider == pr.id) return true;
      if (std::find(other.alternatives.begin(), other.alternatives.end(), pr.id) !=
          other.alternatives.end())
        return true;
    }
  return false;
}

/// Whether `pr` could take on commissioner c's service in domain d worth `value` a year now:
/// alive, external, in the domain, local if a spin-out, and with room left in its turnover.
bool can_absorb(const Provider& pr, const Parameters& pc, int c, int d, double value,
                const StepInLoad& load) {
  if (!pr.alive || !pr.external() || pr.reserves < 0) return false;
  if (pr.domain >= 0 && pr.domain != d) return false;
  if (pr.spun_out && pr.home != c) return false;
  const double taken = static_cast<std::size_t>(pr.id) < load.size() ? load[pr.id] : 0.0;
  return taken + value <= pc.last_resort.absorb_share * std::max(pr.turnover, pr.base_size);
}

/// GBP the new arrangement's price costs above the failed contract's over `years` (0 when it is
/// cheaper: a failed price below cost is no saving to count).
double extra_price(double old_price, double price, int years, double value) {
  if (old_price <= 0) return 0;
  return std::max(0.0, price / old_price - 1.0) * std::max(1, years) * value;
}

/// Years the option's price runs before make-or-buy again.
int option_years(const StepInOption& o, const Service& s, int year, const LastResortParams& lr) {
  if (o.route == StepInRoute::Novation) return s.contract_end - year - 1;
  return o.route == StepInRoute::DirectAward ? lr.direct_award_years : 1;
}

/// The expected cost of an option, share of annual value: its one-off cost, the service lost
/// (weighted) and the change in price over the years it runs before make-or-buy again.
double expected_cost(const StepInOption& o, double old_price, double price, int years,
                     const LastResortParams& lr) {
  const double change = old_price > 0 ? price / old_price - 1.0 : 0.0;
  return o.one_off + lr.disruption_weight * o.disruption + change * std::max(1, years);
}

/// Taking the service back in-house: the transition cost, a rebuild where the unit was closed.
StepInOption in_house_option(const Market& market, const Parameters& pc, int c, int d) {
  const Commissioner& cm = market.commissioners[c];
  const Service& s = cm.services[d];
  const Provider& unit = market.providers[cm.in_house[d]];
  const auto& lr = pc.last_resort;
  StepInOption o;
  o.route = StepInRoute::InHouse;
  o.provider = unit.id;
  o.one_off = pc.commissioners.transition_cost;
  o.disruption = pc.commissioners.failure_disruption;
  if (s.unit.closed) {
    o.one_off += lr.rebuild_cost;
    o.disruption += lr.rebuild_disruption * lr.rebuild_years;  // over the rebuild, all told
  }
  o.expected = expected_cost(o, s.price, in_house_cost(unit, pc.domains[d]), 1,
                             lr);  // decided again next year
  return o;
}

/// The service handed to external provider o.provider: it takes over the contract (novation,
/// on the remaining term) or gets an emergency one (direct award, and pays to mobilise).
void hand_over(Market& market, int year, const Parameters& pc, int c, int d,
               const StepInOption& o) {
  Service& s = market.commissioners[c].services[d];
  drop_alternative(market, s, o.provider);  // a framework place becomes the main contract
  assign(market, s, o.provider, pc.capacity);
  Provider& pr = market.providers[o.provider];
  s.contracted = true;
  s.price = o.price;
  s.must_tender = false;
  s.disruption = o.disruption;
  s.runner_up = -1;
  if (o.route == StepInRoute::DirectAward) {
    s.pbr_share = pc.domains[d].pbr_share;
    s.contract_end = year + pc.last_resort.direct_award_years;
    const double mob = pc.outsourcing.mobilisation_cost * std::max(s.funding, 1.0);
    pr.reserves -= mob;
    market.ledger.events.transaction_costs += mob;
  } else {
    s.contract_end = std::max(s.contract_end, year + 1);
  }
}

}  // namespace

double annual_value(const Market& market, int c, int d) {
  return std::max(market.ledger.service(c, d).spending,
                  market.commissioners[c].services[d].funding);
}

std::vector<StepInOption> step_in_options(const Market& market, int year, const Parameters& pc,
                                          int c, int d, const StepInLoad& load) {
  const auto& lr = pc.last_resort;
  const Service& s = market.commissioners[c].services[d];
  const double value = annual_value(market, c, d);
  // Staff who would move from the failed provider; who takes the service on must have the
  // rest of its load spare now (agents/capacity.cpp): no provider of last resort is unlimited.
  const double transfer = pc.capacity.failure_transfer * serving_capacity(market, c, d);
  const std::vector<double> carried = carried_loads(market);
  std::vector<StepInOption> options;
  for (const Provider& pr : market.providers) {
    if (pr.id == s.provider || !can_absorb(pr, pc, c, d, value, load)) continue;
    if (!capacity_to_absorb(pr, pc.capacity, carried[pr.id], s.load, transfer)) continue;
    if (barred(market.commissioners[c].performance.find(pr.id), year)) continue;  // its own bar
    StepInOption o;
    o.provider = pr.id;
    const double usual = usual_price(pr, pc, d);
    if (already_there(market, pr, c, d)) {
      // Novation: the contract as it stands, at no less than the provider's usual price.
      o.route = StepInRoute::Novation;
      o.price = std::max(s.price, usual);
      o.one_off = lr.novation_cost;
      o.disruption = lr.novation_disruption;
      o.expected = expected_cost(o, s.price, o.price, s.contract_end - year - 1, lr);
    } else {
      o.route = StepInRoute::DirectAward;
      o.price = usual * (1.0 + lr.direct_award_premium);
      o.one_off = lr.direct_award_cost;  // the commissioner's; mobilisation is the provider's
      o.disruption = lr.direct_award_disruption;
      o.expected = expected_cost(o, s.price, o.price, lr.direct_award_years, lr);
    }
    options.push_back(o);
  }
  options.push_back(in_house_option(market, pc, c, d));
  return options;
}

const StepInOption& cheapest_option(const std::vector<StepInOption>& options) {
  return *std::min_element(
      options.begin(), options.end(),
      [](const StepInOption& a, const StepInOption& b) { return a.expected < b.expected; });
}

StepInRoute step_in(Market& market, int year, const Parameters& pc, int c, int d,
                    StepInLoad& load) {
  const auto& cm = pc.commissioners;
  YearEvents& events = market.ledger.events;
  // Without a choice of routes (last_resort.step_in off) the service always goes in-house.
  const auto options = pc.last_resort.step_in ? step_in_options(market, year, pc, c, d, load)
                                              : std::vector<StepInOption>{};
  const StepInOption in_house{.route = StepInRoute::InHouse};
  const StepInOption& o = options.empty() ? in_house : cheapest_option(options);
  const double value = annual_value(market, c, d);
  const Service& s = market.commissioners[c].services[d];
  const double old_price = s.price;
  if (o.route == StepInRoute::InHouse) {
    const Provider& unit = market.providers[market.commissioners[c].in_house[d]];
    const double unit_cost = in_house_cost(unit, pc.domains[d]);
    double& booked = market.ledger.commissioner(c).transaction_costs;
    const double before = booked;  // the transition and any rebuild
    take_back_in_house(market, year, pc, c, d, cm.failure_disruption, cm.transition_cost);
    events.failure_cost += booked - before + extra_price(old_price, unit_cost, 1, value);
    ++events.step_ins_in_house;
    return o.route;
  }
  const double cost = o.one_off * value;
  events.failure_cost +=
      cost + extra_price(old_price, o.price, option_years(o, s, year, pc.last_resort), value);
  market.ledger.commissioner(c).transaction_costs += cost;
  events.transaction_costs += cost;
  if (static_cast<std::size_t>(o.provider) >= load.size()) load.resize(o.provider + 1, 0.0);
  load[o.provider] += value;
  hand_over(market, year, pc, c, d, o);
  ++(o.route == StepInRoute::Novation ? events.step_ins_novation : events.step_ins_direct_award);
  return o.route;
}

bool reopen_unit(Market& market, int year, const Parameters& pc, int c, int d) {
  Service& s = market.commissioners[c].services[d];
  s.unit.outsourced_years = 0;
  if (!s.unit.closed) return false;
  s.unit.closed = false;
  s.unit.rebuild_until = year + pc.last_resort.rebuild_years;
  const double cost = pc.last_resort.rebuild_cost * annual_value(market, c, d);
  market.ledger.commissioner(c).transaction_costs += cost;
  market.ledger.events.transaction_costs += cost;
  ++market.ledger.events.units_rebuilt;
  return true;
}

void update_in_house_units(Market& market, int year, const Parameters& p) {
  for (Commissioner& cm : market.commissioners) {
    const auto& lr = market.policy_of(cm.id, p).last_resort;
    for (std::size_t d = 0; d < cm.services.size(); ++d) {
      Service& s = cm.services[d];
      InHouseUnit& u = s.unit;
      if (s.contracted) {
        ++u.outsourced_years;
        if (!u.closed && lr.closure_years > 0 && u.outsourced_years >= lr.closure_years) {
          u.closed = true;  // its staff and know-how have gone
          release_workforce(market.providers[cm.in_house[d]], market.ledger.events);
          ++market.ledger.events.units_closed;
        }
      } else {
        u.outsourced_years = 0;
        // A rebuilt unit is still finding its feet: part of next year's service is lost.
        if (year + 1 <= u.rebuild_until)
          s.disruption = std::min(1.0, s.disruption + lr.rebuild_disruption);
      }
    }
  }
}

}  // namespace quasim
