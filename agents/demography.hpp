// agents/demography.hpp — mortality by age and the initial age pyramid.
#pragma once

#include <algorithm>
#include <array>
#include <vector>

#include "model/parameters.hpp"

namespace quasim {

/// Annual chance of death at ages 0..110 under Gompertz mortality (hazard a*exp(0.095*age))
/// with `a` chosen so that period life expectancy at birth equals `life_expectancy`.
std::vector<double> mortality_table(double life_expectancy);

/// Period life expectancy at birth implied by a mortality table (for tests and docs).
double life_expectancy_of(const std::vector<double>& q);

/// An initial age for a citizen from uniform draw `u` (and `v` within the band), matching the
/// population shares: under 18, 18-44, 45-64 (share_45_64_of_adults of 18-64s), 65-84, 85+.
int initial_age(const PopulationParams& p, double u, double v);

/// The age bands of the initial pyramid with their cumulative shares, computed once per world.
struct AgePyramid {
  struct Band {
    double upto;
    int from, to;
  };  ///< cumulative share, ages [from, to)
  std::array<Band, 5> bands;
};
AgePyramid age_pyramid(const PopulationParams& p);

/// initial_age(p, u, v) with the pyramid worked out in advance (the hot loop of init_world).
inline int initial_age(const AgePyramid& pyramid, double u, double v) {
  for (const auto& b : pyramid.bands)
    if (u < b.upto)
      return b.from + std::min(b.to - b.from - 1, static_cast<int>(v * (b.to - b.from)));
  return 99;
}

}  // namespace quasim
