// agents/needs_equilibrium.hpp — need-level transition matrices by domain and age band
// (Eigen), and their stationary distributions, used to start citizens at a steady state so
// that later change in demand comes from ageing and rationing, not from start-up transients.
#pragma once

#include <Eigen/Dense>
#include <array>

#include "model/parameters.hpp"

namespace quasim {

/// 4x4 yearly transition matrix of need levels 0..3 (rows: from, columns: to) in domain `d`
/// for age band `band` when every need is served at quality `q`; a death (chance `mortality`)
/// is replaced by a birth with no needs.
Eigen::Matrix4d need_transition(const Parameters& p, int d, int band, double q,
                                double mortality = 0.0);

/// Stationary distribution of need levels under that matrix (sums to 1).
Eigen::Vector4d stationary_needs(const Eigen::Matrix4d& P);

}  // namespace quasim
