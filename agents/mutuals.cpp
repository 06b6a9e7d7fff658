// agents/mutuals.cpp — spin-outs and their governance variants.
#include "agents/mutuals.hpp"

#include <algorithm>

#include "agents/tendering.hpp"

namespace quasim {

int convert_to_mutual(Market& market, int year, const Parameters& p, int c, int d) {
  const auto& m = p.mutuals;
  Commissioner& cm = market.commissioners[c];
  Service& s = cm.services[d];
  const int unit_id = cm.in_house[d];
  const double price =
      service_unit_price(s, market.providers, p.domains[d]);  // what the service cost in-house
  // The commissioner keeps a dormant in-house unit as provider of last resort.
  Provider fresh = market.providers[unit_id];
  fresh.id = static_cast<int>(market.providers.size());
  fresh.contracts = 0;
  fresh.slack = p.outsourcing.inhouse_slack;
  fresh.cost_mult = p.provider[0].unit_cost;
  fresh.ordinal = ++market.next_ordinal[0];
  // Its staff go with the spin-out: the dormant unit starts with none (agents/capacity.cpp).
  fresh.capacity = 0;
  fresh.pipeline = {};

  Provider& pr = market.providers[unit_id];
  const bool jv = m.governance == Governance::JointVenture;
  pr.type = jv ? ProviderType::JointVenture : ProviderType::Mutual;
  const auto& t = p.provider[static_cast<int>(pr.type)];
  pr.ordinal = ++market.next_ordinal[static_cast<int>(pr.type)];
  pr.spun_out = true;
  pr.home = c;
  pr.domain = d;
  pr.has_bid = true;  // from now on it lives by contracts: idle too long, it leaves
  // Ownership raises the engagement staff move towards (agents/engagement.cpp), and with it
  // productivity and quality, year by year rather than at once (mutual literature).
  const bool multi = m.governance == Governance::MultiStakeholder;
  pr.ownership = m.engagement_gain * (jv ? m.jv_engagement_share : 1.0);  // a partner dilutes
  pr.ownership_productivity = m.productivity_gain * (multi ? m.stakeholder_productivity : 1.0);
  pr.ownership_quality = m.quality_gain;
  if (multi) pr.quality = std::min(1.0, pr.quality + m.user_voice * pr.engagement);  // user voice
  pr.slack = 0;  // as a contractor its costs are its own; the direct-award price keeps the old cost
  pr.bid_skill = t.bid_skill;
  pr.turnover = pr.base_size = std::max(market.ledger.service(c, d).spending, s.funding);
  // Support from the fund was spent on investment readiness while the team applied
  // (agents/spinout_pipeline.cpp); the new mutual starts with its own reserves only.
  pr.reserves = m.initial_reserves * pr.turnover + (jv ? m.partner_capital * pr.turnover : 0.0);
  // A joint venture's private partner stands behind it like a parent group; a mutual has none.
  pr.parent_backing = t.parent_backing * pr.turnover;

  s.contracted = true;
  s.price = price;
  s.pbr_share = 0;
  s.contract_end = year + m.protected_years;
  s.must_tender = true;  // the first open re-tender when protection ends
  s.planned_units = s.unit_price > 0 ? s.funding / s.unit_price : 0;

  market.providers.push_back(fresh);
  cm.in_house[d] = fresh.id;
  ++market.mutuals_created;
  return fresh.id;
}

}  // namespace quasim
