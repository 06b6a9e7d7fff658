// model/agencies.hpp — the money of the agencies that pay for services (issue 18): the
// councils (agency 0, whose money is each commissioner's own budget) and national departments
// (`[agency.NAME]`) that pay for their domains in every area. The rules are agents/agencies.cpp.
#pragma once

#include <cstddef>
#include <vector>

namespace quasim {

/// Agencies' money this year and the prevention the change fund has bought. Per agency k
/// (0: the councils); per area a (the commissioners); per domain d.
struct AgencyState {
  int agencies = 1, areas = 0, domains = 0;
  std::vector<double> national;         ///< [k] GBP this year: a department's national total
  std::vector<double> area_money;       ///< [a * agencies + k] GBP this year: k's money in area a
  std::vector<double> pooled;           ///< [a * agencies + k] GBP of k's money spent from area a's
                                        ///< pool this year (its contribution less its part of what
                                        ///< the pool could not spend)
  std::vector<double> prevention;       ///< [a * domains + d] onset multiplier from prevention
  std::vector<double> prevention_base;  ///< [a * domains + d] persons/yr: onsets prevention's
                                        ///< diminishing returns act on (last year's, before
                                        ///< prevention and spill-overs)
  std::vector<double> multiplier;       ///< [a * domains + d] onset multiplier applied this year
                                        ///< (spill-overs x prevention; last year's until phase 4)
  std::vector<double> spill;            ///< [(a * domains + i) * domains + j] S(i, j) x the lagged
                                        ///< served share of j: domain i's onset reduction from j
  /// Per year: GBP of prevention the change fund bought, [a * domains + d].
  std::vector<std::vector<double>> prevention_bought;
  std::size_t ak(int a, int k) const { return static_cast<std::size_t>(a) * agencies + k; }
};

/// This year's flows valued on the onsets that arose (`value_agency_flows`, after the citizen
/// phase). Per agency k, GBP; signed (a negative spill-over raises the receiving agency's demand).
struct AgencyFlows {
  std::vector<double> savings;    ///< [k] demand cost averted in k's domains by others' money
  std::vector<double> generated;  ///< [k] the same, created by k's money in others' domains
  double onsets_averted = 0;      ///< persons/yr: onsets the change fund's prevention averted
};

}  // namespace quasim
