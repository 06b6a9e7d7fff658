// agents/needs_equilibrium.cpp — transition matrices and their stationary distributions.
#include "agents/needs_equilibrium.hpp"

#include <algorithm>

namespace quasim {

Eigen::Matrix4d need_transition(const Parameters& p, int d, int band, double q, double mortality) {
  const auto& dp = p.domains[d];
  const double onset =
      std::min(1.0, dp.onset * dp.age_weights[band] *
                        (1.0 - p.population.coproduction * p.population.capability_mean));
  const double down = std::min(1.0, dp.resolution * q);
  const double up = std::min(1.0 - down, dp.escalation * (1.0 - q) * 0.5);
  Eigen::Matrix4d P = Eigen::Matrix4d::Zero();
  P(0, 1) = onset;
  P(0, 0) = 1.0 - onset;
  for (int l = 1; l <= 3; ++l) {
    P(l, l - 1) = down;
    if (l < 3) {
      P(l, l + 1) = up;
      P(l, l) = 1.0 - down - up;
    } else {
      P(l, l) = 1.0 - down;
    }
  }
  // Deaths replaced by births: every state moves to level 0 with the chance of death.
  Eigen::Matrix4d birth = Eigen::Matrix4d::Zero();
  birth.col(0).setOnes();
  return (1.0 - mortality) * P + mortality * birth;
}

Eigen::Vector4d stationary_needs(const Eigen::Matrix4d& P) {
  // Solve pi (P - I) = 0 with sum(pi) = 1: replace one equation by the normalisation.
  Eigen::Matrix4d A = (P - Eigen::Matrix4d::Identity()).transpose();
  A.row(3).setOnes();
  Eigen::Vector4d b(0, 0, 0, 1);
  Eigen::Vector4d pi = A.fullPivLu().solve(b);
  pi = pi.cwiseMax(0.0);
  return pi / pi.sum();
}

}  // namespace quasim
