// agents/shared_services.cpp — shared back offices: partnerships and their yearly cost.
#include "agents/shared_services.hpp"

#include <algorithm>
#include <cmath>

namespace quasim {

void form_partnerships(std::vector<Commissioner>& commissioners,
                       std::vector<Partnership>& partnerships, const CollaborationParams& cp,
                       const Streams& rng) {
  const int n = cp.shared_service_partners;
  if (n < 2) return;
  const int C = static_cast<int>(commissioners.size());
  for (int lead = 0; lead + 1 < C; lead += n) {
    Partnership ps;
    for (int c = lead; c < std::min(C, lead + n); ++c) ps.members.push_back(c);
    if (ps.members.size() < 2) break;
    double mean = 0, var = 0;
    for (int c : ps.members) mean += commissioners[c].risk_appetite;
    mean /= ps.members.size();
    for (int c : ps.members) var += std::pow(commissioners[c].risk_appetite - mean, 2);
    ps.risk_spread = std::sqrt(var / ps.members.size());
    // NAO 2012: five shared-service centres cost 1.4bn against 0.9bn planned.
    const double z = rng.normal(0, static_cast<std::uint64_t>(lead), Purpose::Collaboration);
    ps.overrun = std::exp(cp.overrun_sd * z + 0.5 * cp.overrun_sd * cp.overrun_sd);
    for (int c : ps.members) commissioners[c].partnership = static_cast<int>(partnerships.size());
    partnerships.push_back(ps);
  }
}

void back_office_costs(std::vector<Commissioner>& commissioners,
                       const std::vector<Partnership>& partnerships, const CollaborationParams& cp,
                       int year, YearEvents& events) {
  for (auto& c : commissioners)
    c.back_office_cost = c.back_office * c.budget / std::max(c.initial_budget, 1.0);
  const int k = year - cp.shared_service_start;  // years since sharing began
  if (k < 0) return;
  for (const auto& ps : partnerships) {
    const double n = static_cast<double>(ps.members.size());
    const double ramp = std::min(1.0, (k + 1.0) / cp.transition_years);
    const double scale_saving = 1.0 - std::pow(n, -cp.scale_elasticity);
    // "The run rate of the project and the decision-making costs more than what you're
    // deciding about" (seed 001): decision cost per extra partner, doubled by a 0.1 spread.
    const double decision_share = cp.decision_cost * (n - 1.0) * (1.0 + ps.risk_spread / 0.1);
    double overrun_pool = 0;
    for (int m : ps.members) {
      auto& c = commissioners[m];
      const double base = c.back_office_cost;
      const double planned_transition =
          k < cp.transition_years ? cp.transition_cost * base / cp.transition_years : 0.0;
      overrun_pool += planned_transition * (ps.overrun - 1.0);
      const double decisions = decision_share * base;
      c.back_office_cost = base * (1.0 - scale_saving * ramp) + planned_transition + decisions;
      events.decision_costs += decisions;
      events.transaction_costs += decisions;
      events.shared_savings += base - c.back_office_cost;
    }
    // Who carries the risk: the lead partner alone, or all partners equally.
    if (cp.risk_holder == RiskHolder::Lead) {
      commissioners[ps.members.front()].back_office_cost += overrun_pool;
    } else {
      for (int m : ps.members) commissioners[m].back_office_cost += overrun_pool / n;
    }
    events.shared_savings -= overrun_pool;
  }
}

}  // namespace quasim
