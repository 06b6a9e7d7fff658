// tests/support/test_scenarios.hpp — small, fast parameter sets built from the shipped
// baseline, and helpers to summarise replicate results in tests.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "sim/batch.hpp"
#include "sim/scenario.hpp"

namespace quasim::test {

inline std::string scenario_path(const std::string& name) {
  return std::string(QUASIM_SOURCE_DIR) + "/scenarios/" + name;
}

/// The baseline shrunk to a few thousand agents, with extra overrides.
inline Parameters small_baseline(std::vector<std::string> sets = {}, int years = 10) {
  std::vector<std::string> base = {"population.citizens=40000", "population.agent_weight=10",
                                   "commissioners.count=6", "run.years=" + std::to_string(years),
                                   "run.replicates=6"};
  base.insert(base.end(), sets.begin(), sets.end());
  return load_scenario(scenario_path("baseline.toml"), base).params;
}

/// Every domain tendered at each contract end, on three-year contracts: a busy market; plus
/// `extra`.
inline std::vector<std::string> open_market(std::vector<std::string> extra = {}) {
  std::vector<std::string> s = {
      "domain.adult_social_care.tender_share=1", "domain.childrens_services.tender_share=1",
      "domain.community_health.tender_share=1", "domain.offender_rehabilitation.tender_share=1",
      "outsourcing.contract_years=3"};
  s.insert(s.end(), extra.begin(), extra.end());
  return s;
}

/// Transforming Rehabilitation's conditions, which make contractors fail (offender
/// rehabilitation always tendered, in-house not bidding, 30% paid by results, volumes planned at
/// 1.6 x need, high fixed costs, no parent groups standing behind the firms), plus `extra`.
inline std::vector<std::string> failing_market(std::vector<std::string> extra = {}) {
  std::vector<std::string> s = {"domain.offender_rehabilitation.tender_share=1",
                                "outsourcing.in_house_bids=false",
                                "domain.offender_rehabilitation.pbr_share=0.3",
                                "outsourcing.volume_forecast=1.6",
                                "provider.large_private.fixed_cost_share=0.6",
                                "provider.sme.fixed_cost_share=0.6",
                                "provider.voluntary.fixed_cost_share=0.6",
                                "provider.large_private.parent_backing=0",
                                "provider.sme.parent_backing=0",
                                "provider.joint_venture.parent_backing=0"};
  s.insert(s.end(), extra.begin(), extra.end());
  return s;
}

/// Mean over replicates of a scalar series, averaged over years [from, to).
template <class F>
double mean_over(const std::vector<ReplicateResult>& rs, F field, int from, int to) {
  double sum = 0;
  int n = 0;
  for (const auto& r : rs)
    for (int y = from; y < to && y < static_cast<int>(r.years.size()); ++y) {
      const double v = field(r.years[y]);
      if (std::isfinite(v)) sum += v, ++n;
    }
  return n ? sum / n : NAN;
}

/// Spending per need unit served (GBP), over all years of all replicates: what the whole system
/// (services, back office, tendering and monitoring) costs per unit of need it meets.
inline double cost_per_unit_served(const std::vector<ReplicateResult>& rs) {
  double spent = 0, served = 0;
  for (const auto& r : rs)
    for (const auto& y : r.years) {
      spent += y.spending_total * 1e6;
      for (std::size_t d = 0; d < y.dom_demand.size(); ++d)
        served += y.dom_demand[d] * (1.0 - y.dom_unmet_need[d]);
    }
  return served > 0 ? spent / served : NAN;
}

inline std::vector<ReplicateResult> run_all(const Parameters& p) {
  std::vector<int> reps(p.run.replicates);
  for (int i = 0; i < p.run.replicates; ++i) reps[i] = i;
  return run_replicates(p, reps);
}

}  // namespace quasim::test
