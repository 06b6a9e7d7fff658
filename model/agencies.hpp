// model/agencies.hpp — the money of the agencies that pay for services (issue 18): the
// councils (agency 0, whose money is each commissioner's own budget) and national departments
// (`[agency.NAME]`) that pay for their domains in every area. The rules are agents/agencies.cpp.
#pragma once

#include <vector>

namespace quasim {

/// Agencies' money this year and the prevention the change fund has bought. Per agency k
/// (0: the councils); per area a (the commissioners); per domain d.
struct AgencyState {
  int agencies = 1, areas = 0, domains = 0;
  std::vector<double> national;    ///< [k] GBP this year: a department's national total
  std::vector<double> area_money;  ///< [a * agencies + k] GBP this year: k's money in area a
  std::vector<double> pooled;      ///< [a * agencies + k] GBP put in area a's pool this year
  std::vector<double> savings;     ///< [k] GBP: demand cost averted in k's domains by others
  std::vector<double> generated;   ///< [k] GBP: the same, created by k's domains elsewhere
  std::vector<double> prevention;  ///< [a * domains + d] onset multiplier from prevention
  double onsets_averted = 0;       ///< persons/yr: expected onsets prevention averts this year
  /// Per year: GBP of prevention the change fund bought, [a * domains + d].
  std::vector<std::vector<double>> prevention_bought;
  std::size_t ak(int a, int k) const { return static_cast<std::size_t>(a) * agencies + k; }
};

}  // namespace quasim
