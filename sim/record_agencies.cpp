// sim/record_agencies.cpp — the agencies' series: budgets, spending by who is responsible,
// pooled contributions (who pays), spill-over savings (who gains), the change fund's prevention,
// valued on this year's onsets (agents/agencies.cpp `value_agency_flows`).
#include "agents/agencies.hpp"
#include "sim/step.hpp"

namespace quasim {

void record_agencies(const World& w, const Parameters& p, const CitizenTally& t, YearRecord& r) {
  constexpr double kMillion = 1e6;
  const AgencyState& a = w.agencies;
  const int K = static_cast<int>(p.agencies.size());
  for (auto* v : {&r.agency_spending, &r.agency_budget, &r.agency_pooled_contribution,
                  &r.agency_spillover_savings, &r.agency_spillover_generated})
    v->assign(K, 0.0);
  for (const auto& c : w.market.commissioners) {
    const CommissionerFlows& paid = w.market.ledger.commissioner(c.id);
    // A department's spending is its domains' services; the councils pay the rest (back
    // office, transaction costs, the change fund) besides their own domains.
    double departments = 0;
    for (std::size_t d = 0; d < p.domains.size(); ++d) {
      const int k = p.domains[d].agency;
      if (k == 0) continue;
      r.agency_spending[k] += paid.services[d].spending / kMillion;
      departments += paid.services[d].spending;
    }
    r.agency_spending[0] += (paid.spending - departments) / kMillion;
    r.agency_budget[0] += c.budget / kMillion;
  }
  // An area's whole budget includes the departments' money spent there.
  for (int c = 0; c < a.areas; ++c)
    for (int k = 1; k < a.agencies; ++k) r.comm_budget[c] += a.area_money[a.ak(c, k)] / kMillion;
  const AgencyFlows flows = value_agency_flows(w.market, p, t, a);
  for (int k = 0; k < K && k < a.agencies; ++k) {
    if (k > 0) r.agency_budget[k] = a.national[k] / kMillion;
    for (int c = 0; c < a.areas; ++c)
      r.agency_pooled_contribution[k] += a.pooled[a.ak(c, k)] / kMillion;
    r.agency_spillover_savings[k] = flows.savings[k] / kMillion;
    r.agency_spillover_generated[k] = flows.generated[k] / kMillion;
    r.cross_agency_spillover += flows.savings[k] / kMillion;
  }
  r.prevention_onsets_averted = flows.onsets_averted;
}

}  // namespace quasim
