// agents/collaboration.hpp — value maps (spill-overs between domains, across agencies), pooled
// budgets and the onset multipliers they and the change fund's prevention make (seeds 001, 004).
// Agencies' money and prevention: agents/agencies.hpp. Shared back offices: shared_services.hpp.
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

/// Onset multipliers per (area, domain) this year: lagged spill-overs from services received
/// in other domains, whichever agency paid (`collaboration.spillover_lag`, or the domain's own
/// `spillover_lag`), and the prevention the change fund bought (agents/agencies.cpp).
std::vector<double> onset_multipliers(const World& w, const Parameters& p,
                                      const Eigen::MatrixXd& S);

}  // namespace quasim
