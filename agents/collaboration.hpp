// agents/collaboration.hpp — value maps (spill-overs between domains), pooled budgets and the
// prevention change fund (seeds 001, 004). Shared back offices: agents/shared_services.hpp.
#pragma once

#include <Eigen/Dense>
#include <vector>

#include "model/parameters.hpp"
#include "model/rng.hpp"
#include "model/world.hpp"

namespace quasim {

/// The value map: S(i, j) = reduction in domain i's onset per unit served share of domain j.
Eigen::MatrixXd spillover_matrix(const Parameters& p);

/// Allocation weights per domain: 1 each, or 1 + (value its service creates elsewhere) with
/// pooled budgets.
std::vector<double> value_weights(const Parameters& p, const Eigen::MatrixXd& S);

/// Onset multipliers per (area, domain): lagged spill-overs from services received in other
/// domains and the change fund's prevention.
std::vector<double> onset_multipliers(int areas,
                                      const std::vector<std::vector<double>>& served_share_history,
                                      int year, const Parameters& p, const Eigen::MatrixXd& S);

}  // namespace quasim
