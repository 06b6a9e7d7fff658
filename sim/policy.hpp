// sim/policy.hpp — the parameters in force each year and for each commissioner: the run's
// parameters with its policy changes (`[[timeline]]`, `[commissioner."NAME"]`, `[group.NAME]`)
// applied, worked out once before a replicate runs.
#pragma once

#include <vector>

#include "model/derived_tables.hpp"
#include "model/market.hpp"
#include "model/parameters.hpp"

namespace quasim {

/// The parameters of one period: from `from_year` until the next period begins.
struct PolicyPeriod {
  int from_year = 0;            ///< year index
  Parameters national;          ///< every commissioner without values of its own
  DerivedTables tables;         ///< derived from `national`
  std::vector<Parameters> own;  ///< distinct sets of commissioners' own values
  std::vector<int> own_of;      ///< per commissioner id: index into `own`, -1 national
};

class PolicySchedule {
 public:
  /// One period per distinct year in which a change takes effect (one period when none).
  explicit PolicySchedule(const Parameters& p);
  /// The period in force in year index `year`.
  const PolicyPeriod& in(int year) const;
  /// Points market.policy at this year's commissioners' own parameters (empty: none).
  void apply(int year, Market& market) const;
  const std::vector<PolicyPeriod>& periods() const { return periods_; }

 private:
  std::vector<PolicyPeriod> periods_;
};

}  // namespace quasim
