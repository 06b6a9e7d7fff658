// agents/collaboration.cpp — collaboration levers.
#include "agents/collaboration.hpp"

#include <cmath>

namespace quasim {

Eigen::MatrixXd spillover_matrix(const Parameters& p) {
  const int D = static_cast<int>(p.domains.size());
  Eigen::MatrixXd S = Eigen::MatrixXd::Zero(D, D);
  for (int i = 0; i < D; ++i)
    for (int j = 0; j < D; ++j) S(i, j) = p.domains[i].spillover[j];
  return S;
}

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

std::vector<double> value_weights(const Parameters& p, const Eigen::MatrixXd& S) {
  const int D = static_cast<int>(p.domains.size());
  std::vector<double> w(D, 1.0);
  if (!p.collaboration.pooled_budgets) return w;
  const Eigen::VectorXd spill = S.colwise().sum().transpose();  // value of domain j elsewhere
  for (int j = 0; j < D; ++j) w[j] = std::max(0.05, 1.0 + spill(j));
  return w;
}

std::vector<double> onset_multipliers(int areas,
                                      const std::vector<std::vector<double>>& served_share_history,
                                      int year, const Parameters& p, const Eigen::MatrixXd& S) {
  const int D = static_cast<int>(p.domains.size());
  const int A = areas;
  std::vector<double> mult(static_cast<std::size_t>(A) * D, 1.0);
  // Prevention pays off after the same lag as other spill-overs (early intervention).
  const double prevention =
      year >= p.collaboration.spillover_lag
          ? std::exp(-p.collaboration.prevention_effect * p.collaboration.change_fund)
          : 1.0;
  const int lagged = year - p.collaboration.spillover_lag;
  const bool has_history =
      lagged >= 0 && lagged < static_cast<int>(served_share_history.size()) && !S.isZero();
  for (int a = 0; a < A; ++a) {
    Eigen::VectorXd reduction = Eigen::VectorXd::Zero(D);
    if (has_history) {
      const auto& hist = served_share_history[lagged];
      const Eigen::Map<const Eigen::VectorXd> served(hist.data() + static_cast<std::size_t>(a) * D,
                                                     D);
      reduction = S * served;
    }
    for (int d = 0; d < D; ++d)
      mult[static_cast<std::size_t>(a) * D + d] = std::exp(-reduction(d)) * prevention;
  }
  return mult;
}

}  // namespace quasim
