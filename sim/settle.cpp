// sim/settle.cpp — money moves: payments (with payment by results), provider accounts,
// failures and the provider of last resort; monitoring and termination.
#include <algorithm>

#include "agents/commissioner.hpp"
#include "agents/provider.hpp"
#include "agents/tendering.hpp"
#include "sim/step.hpp"

namespace quasim {

void settle(World& w, const Parameters& p, const CitizenTally& t) {
  const int D = static_cast<int>(p.domains.size());
  const double weight = p.population.agent_weight;
  for (auto& c : w.commissioners) {
    for (int d = 0; d < D; ++d) {
      Service& s = c.services[d];
      s.disruption = 0;  // a failure's disruption lasts the year after it
      Provider& pr = w.providers[s.provider];
      const auto& dp = p.domains[d];
      const std::size_t ad = t.ad(c.id, d);
      const double units = weight * t.slot_units[ad * kChoiceSlots];
      s.slot_provider[0] = pr.id;
      // Framework places (choice domains): paid their bid price per unit used, costs variable.
      double alternatives = 0;
      for (int k = 0; k < kChoiceSlots - 1 && s.alternatives[k] >= 0; ++k) {
        Provider& alt = w.providers[s.alternatives[k]];
        const double used = weight * t.slot_units[ad * kChoiceSlots + 1 + k];
        const double pay = used * s.alternative_price[k];
        alt.revenue += pay;
        alt.costs += used * dp.unit_cost * alt.cost_mult;
        s.slot_spending[1 + k] = pay;
        s.slot_provider[1 + k] = alt.id;
        alternatives += pay;
      }
      if (!s.contracted) {
        const double cost = units * dp.unit_cost * pr.cost_mult * (1.0 + pr.slack);
        s.slot_spending[0] = cost;
        s.spending = cost + alternatives;
        pr.revenue += cost;
        pr.costs += cost;
        continue;
      }
      const double base = units * s.price;
      // Payment by results: part of income depends on the share of people served whose need
      // fell, against a target of 60% of the domain's best-case resolution rate.
      double pbr = 0;
      if (s.pbr_share > 0) {
        const double served = static_cast<double>(t.served_people[ad]);
        const double rate = served > 0 ? t.resolved_people[ad] / served : 0.0;
        const double ratio = std::clamp(rate / std::max(1e-9, 0.6 * dp.resolution), 0.0, 1.5);
        pbr = base * s.pbr_share * ratio;
        pr.pbr_receivable += pbr;
        w.events.pbr_payments += pbr;
      }
      const double fixed = p.provider[static_cast<int>(pr.type)].fixed_cost_share;
      // Fixed costs are set by the volume planned at award: volumes below plan mean losses
      // (Transforming Rehabilitation: paid volumes 16-48% below plan).
      const double planned = std::max(s.planned_units, units);
      pr.costs += dp.unit_cost * pr.cost_mult * (fixed * planned + (1.0 - fixed) * units);
      pr.revenue += base * (1.0 - s.pbr_share);
      s.slot_spending[0] = base * (1.0 - s.pbr_share) + pbr;
      s.spending = s.slot_spending[0] + alternatives;
    }
  }
  // A commissioner may pay a contractor on the brink to keep the service going (TR: CRCs
  // forecast 443m of losses and were given up to 342m more).
  if (p.outsourcing.distress_relief > 0) {
    for (Provider& pr : w.providers) {
      if (!pr.alive || !pr.external() || pr.contracts == 0) continue;
      const double projected = pr.reserves + pr.revenue + pr.pbr_due - pr.costs;
      if (projected >= 0) continue;
      // Enough to leave a small cushion (1% of the year's income), so a rescued contractor does
      // not fail on rounding; never more than the cap.
      const double relief =
          std::min(-projected + 0.01 * pr.revenue, p.outsourcing.distress_relief * pr.revenue);
      if (relief <= 0) continue;
      double paid_to = 0;
      for (auto& c : w.commissioners)
        for (auto& s : c.services)
          if (s.provider == pr.id) paid_to += s.slot_spending[0];
      for (auto& c : w.commissioners)
        for (auto& s : c.services)
          if (s.provider == pr.id && paid_to > 0) {
            const double part = relief * s.slot_spending[0] / paid_to;
            s.slot_spending[0] += part;
            s.spending += part;
          }
      pr.revenue += relief;
      w.events.distress_payments += relief;
    }
  }
  // Provider accounts; failures hand services back to the commissioner (last resort).
  double margin_num = 0, margin_den = 0;
  for (std::size_t i = 0; i < w.providers.size(); ++i) {
    Provider& pr = w.providers[i];
    if (!pr.alive) continue;
    if (pr.external() && pr.contracts > 0) {
      margin_num += pr.revenue + pr.pbr_receivable - pr.costs;
      margin_den += pr.revenue + pr.pbr_receivable;
    }
    if (!pr.external() && pr.contracts > 0) {
      // Without competition an in-house unit's slack creeps back.
      pr.slack = std::min(p.outsourcing.inhouse_slack, pr.slack + 0.01);
    }
    if (close_accounts(pr, p)) {
      pr.alive = false;
      ++w.events.failures;
      ++w.events.failures_by_type[static_cast<int>(pr.type)];
      for (auto& c : w.commissioners)
        for (int d = 0; d < D; ++d) {
          drop_alternative(w, c.services[d], pr.id);
          if (c.services[d].provider == pr.id)
            take_back_in_house(w, p, c.id, d, 0.25, p.commissioners.transition_cost);
        }
      w.providers[i].contracts = 0;
    }
  }
  w.margin_history.push_back(margin_den > 0 ? margin_num / margin_den : 0.08);
}

void monitor(World& w, const Parameters& p, const Streams& rng, const CitizenConditions& cond) {
  const int D = static_cast<int>(p.domains.size());
  for (auto& c : w.commissioners) {
    const double noise = observation_noise(c, p);
    for (int d = 0; d < D; ++d) {
      Service& s = c.services[d];
      if (!s.contracted || s.contract_end <= w.year + 1) continue;
      const double seen =
          cond.service[static_cast<std::size_t>(c.id) * D + d].quality +
          noise * rng.normal(w.year, static_cast<std::uint64_t>(c.id * kMaxDomains + d),
                             Purpose::Monitor);
      if (seen < p.commissioners.termination_quality) {
        take_back_in_house(w, p, c.id, d, 0.1, 0.5 * p.commissioners.transition_cost);
        ++w.events.terminations;
      }
    }
  }
}

}  // namespace quasim
