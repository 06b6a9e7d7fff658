// sim/derived_tables.cpp — the constants of a parameter set, built once per replicate.
#include "sim/derived_tables.hpp"

#include "agents/collaboration.hpp"
#include "agents/demography.hpp"

namespace quasim {

DerivedTables derive_tables(const Parameters& p) {
  DerivedTables t;
  t.spillover = spillover_matrix(p);
  t.value_weights = value_weights(p, t.spillover);
  t.mortality.reserve(static_cast<std::size_t>(p.run.years));
  for (int year = 0; year < p.run.years; ++year)
    t.mortality.push_back(
        mortality_table(p.population.life_expectancy + p.population.longevity_gain * year));
  return t;
}

}  // namespace quasim
