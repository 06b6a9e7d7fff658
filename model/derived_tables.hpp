// model/derived_tables.hpp — constants derived from one parameter set: built once per
// replicate by derive_tables (sim/derived_tables.cpp) and read by the phases, so that no
// phase rebuilds them or passes them loose.
#pragma once

#include <Eigen/Dense>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace quasim {

struct DerivedTables {
  /// The value map: spillover(i, j) = reduction in domain i's onset per unit served share of
  /// domain j (`domain.*.spillover.*`).
  Eigen::MatrixXd spillover;
  /// Allocation weights per domain: 1 each, or 1 + the value a domain creates elsewhere with
  /// pooled budgets.
  std::vector<double> value_weights;
  /// Per simulated year: chance of death by age 0..110 (life expectancy rising by
  /// `population.longevity_gain` a year).
  std::vector<std::vector<double>> mortality;

  const std::vector<double>& mortality_in(int year) const {
    if (year < 0 || static_cast<std::size_t>(year) >= mortality.size())
      throw std::logic_error("mortality table asked for year " + std::to_string(year) +
                             " of a run of " + std::to_string(mortality.size()));
    return mortality[static_cast<std::size_t>(year)];
  }
};

}  // namespace quasim
