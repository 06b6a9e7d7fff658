// agents/parent_backing.cpp — parent groups' finite backing and commissioners' distress relief
// as decisions with reasons (issue 17; Carillion 2018, Transforming Rehabilitation).
#include "agents/parent_backing.hpp"

#include <algorithm>

#include "agents/last_resort.hpp"

namespace quasim {

double remaining_margin(const Market& market, const Parameters& p, int year, const Provider& pr) {
  double margin = 0;
  for (const Commissioner& cm : market.commissioners)
    for (std::size_t d = 0; d < cm.services.size(); ++d) {
      const Service& s = cm.services[d];
      if (s.provider != pr.id || !s.contracted) continue;
      const int years_left = std::max(0, s.contract_end - year - 1);
      const double own = s.price - p.domains[d].unit_cost * pr.cost_mult;
      const double part = s.subcontract.provider >= 0 ? s.subcontract.share : 0.0;
      const double fee = s.price - s.subcontract.price;  // per unit it passed on
      margin += (own * (1.0 - part) + fee * part) * s.planned_units * years_left;
    }
  return margin;
}

double parent_offer(const Provider& pr, double needed, double prospects, const FailureParams& f) {
  const double offer = std::min(needed, std::max(0.0, pr.parent_backing));
  if (offer <= 0 || offer > f.walk_away * prospects) return 0;  // the parent walks away
  return offer;
}

double expected_failure_cost(const Market& market, int year, const Parameters& p, int provider) {
  // Each service's taker fills up as step_in would fill it: a firm with many contracts cannot
  // pass them all to the one cheapest provider.
  StepInLoad load(market.providers.size(), 0.0);
  double cost = 0;
  for (const Commissioner& cm : market.commissioners)
    for (std::size_t d = 0; d < cm.services.size(); ++d) {
      if (cm.services[d].provider != provider) continue;
      const int dd = static_cast<int>(d);
      const Parameters& pc = market.policy_of(cm.id, p);
      const auto options = step_in_options(market, year, pc, cm.id, dd, load);
      // Without a choice of routes the service goes in-house (the last option).
      const StepInOption& o = pc.last_resort.step_in ? cheapest_option(options) : options.back();
      const double value = annual_value(market, cm.id, dd);
      cost += o.expected * value;
      if (o.route != StepInRoute::InHouse) load[o.provider] += value;
    }
  return cost;
}

double relief_offer(double rest, double income, double failure_cost, const OutsourcingParams& out) {
  if (rest <= 0 || rest > out.distress_relief * income || rest >= failure_cost) return 0;
  return rest;
}

}  // namespace quasim
