// agents/demography.hpp — mortality by age and the initial age pyramid.
#pragma once

#include <vector>

#include "sim/parameters.hpp"

namespace quasim {

/// Annual chance of death at ages 0..110 under Gompertz mortality (hazard a*exp(0.095*age))
/// with `a` chosen so that period life expectancy at birth equals `life_expectancy`.
std::vector<double> mortality_table(double life_expectancy);

/// Period life expectancy at birth implied by a mortality table (for tests and docs).
double life_expectancy_of(const std::vector<double>& q);

/// An initial age for a citizen from uniform draw `u` (and `v` within the band), matching the
/// population shares: under 18, 18-44, 45-64 (share_45_64_of_adults of 18-64s), 65-84, 85+.
int initial_age(const PopulationParams& p, double u, double v);

}  // namespace quasim
