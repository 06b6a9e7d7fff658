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
