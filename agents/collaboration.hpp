// agents/collaboration.hpp — shared back offices, value maps (spill-overs between domains),
// pooled budgets and the prevention change fund (seeds 000, 001, 004).
#pragma once

#include <Eigen/Dense>
#include <vector>

#include "model/parameters.hpp"
#include "model/rng.hpp"
#include "model/world.hpp"

namespace quasim {

/// The value map: S(i, j) = reduction in domain i's onset per unit served share of domain j.
Eigen::MatrixXd spillover_matrix(const Parameters& p);

/// Groups consecutive commissioners into shared back offices and draws each one's overrun.
void form_partnerships(std::vector<Commissioner>& commissioners,
                       std::vector<Partnership>& partnerships, const CollaborationParams& cp,
                       const Streams& rng);

/// Each commissioner's back-office cost this year; shared offices cost more at first
/// (transition), then less (scale), and always carry decision costs that grow with partners
/// and with how far their risk appetites differ. Books savings and decision costs.
void back_office_costs(std::vector<Commissioner>& commissioners,
                       const std::vector<Partnership>& partnerships, const CollaborationParams& cp,
                       int year, YearEvents& events);

/// Allocation weights per domain: 1 each, or 1 + (value its service creates elsewhere) with
/// pooled budgets.
std::vector<double> value_weights(const Parameters& p, const Eigen::MatrixXd& S);

/// Onset multipliers per (area, domain): lagged spill-overs from services received in other
/// domains and the change fund's prevention.
std::vector<double> onset_multipliers(int areas,
                                      const std::vector<std::vector<double>>& served_share_history,
                                      int year, const Parameters& p, const Eigen::MatrixXd& S);

}  // namespace quasim
