// agents/collaboration.cpp — value maps, pooled-budget weights and onset multipliers.
#include "agents/collaboration.hpp"

#include <cmath>

#include "agents/agencies.hpp"

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

std::vector<double> onset_multipliers(const World& w, const Parameters& p,
                                      const Eigen::MatrixXd& S) {
  const int D = static_cast<int>(p.domains.size());
  const int A = static_cast<int>(w.market.commissioners.size());
  const auto& history = w.served_share_history;
  const auto& prevention = w.agencies.prevention;
  std::vector<double> mult(static_cast<std::size_t>(A) * D, 1.0);
  bool own_lags = false;
  for (const auto& d : p.domains) own_lags = own_lags || d.spillover_lag > 0;
  const int lagged = w.year - p.collaboration.spillover_lag;
  const bool has_history = lagged >= 0 && lagged < static_cast<int>(history.size()) && !S.isZero();
  for (int a = 0; a < A; ++a) {
    Eigen::VectorXd reduction = Eigen::VectorXd::Zero(D);
    if (own_lags && !S.isZero()) {
      // Each domain feels the service received elsewhere after its own lag.
      for (int d = 0; d < D; ++d) {
        const int then = w.year - spillover_lag(p, d);
        if (then < 0 || then >= static_cast<int>(history.size())) continue;
        const double* served = history[then].data() + static_cast<std::size_t>(a) * D;
        for (int j = 0; j < D; ++j) reduction(d) += S(d, j) * served[j];
      }
    } else if (has_history) {
      const auto& hist = history[lagged];
      const Eigen::Map<const Eigen::VectorXd> served(hist.data() + static_cast<std::size_t>(a) * D,
                                                     D);
      reduction = S * served;
    }
    for (int d = 0; d < D; ++d) {
      const std::size_t ad = static_cast<std::size_t>(a) * D + d;
      mult[ad] = std::exp(-reduction(d)) * (ad < prevention.size() ? prevention[ad] : 1.0);
    }
  }
  return mult;
}

}  // namespace quasim
