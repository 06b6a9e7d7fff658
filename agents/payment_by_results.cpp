// agents/payment_by_results.cpp — the outcome-payment formula (seed 000: TR and the Work
// Programme paid partly by results).
#include "agents/payment_by_results.hpp"

#include <algorithm>

namespace quasim {

double pbr_ratio(double rate, const DomainParams& dp, const OutsourcingParams& out) {
  return std::clamp(rate / std::max(1e-9, out.pbr_target * dp.resolution), 0.0, out.pbr_cap);
}

double weighted_outcome_rate(const CitizenTally& t, const DifficultyParams& g, std::size_t ad) {
  const double served = static_cast<double>(t.served_people[ad]);
  if (served <= 0) return 0.0;
  double outcomes = 0;
  for (std::size_t k = 0; k < g.groups.size(); ++k)
    outcomes += g.pbr_payment[k] * t.group_resolved[ad * kMaxDifficultyGroups + k];
  return outcomes / served;
}

double published_pbr_ratio(const CitizenTally& t, const Parameters& p, int d) {
  double served = 0, weighted = 0;
  for (int a = 0; a < t.areas; ++a) {
    const std::size_t ad = t.ad(a, d);
    if (ad >= t.served_people.size()) return 1.0;  // no year counted yet
    const double n = static_cast<double>(t.served_people[ad]);
    served += n;
    weighted += n * weighted_outcome_rate(t, p.difficulty, ad);
  }
  if (served <= 0) return 1.0;
  return pbr_ratio(weighted / served, p.domains[d], p.outsourcing);
}

}  // namespace quasim
