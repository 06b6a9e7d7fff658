// agents/engagement.hpp — staff engagement that moves (docs/ODD.md "4 Submodels: engagement"):
// once a year, after accounts close, every live provider's engagement closes part of the gap to
// a target set by its type, staff ownership, job security, pay restraint and its finances; the
// change moves its unit cost and quality. State is Provider::engagement and the ownership fields
// (model/provider.hpp).
#pragma once

#include <vector>

#include "model/market.hpp"
#include "model/parameters.hpp"
#include "model/provider.hpp"
#include "model/year_record.hpp"

namespace quasim {

/// What staff see at a year end, each in its own units.
struct EngagementDrivers {
  double security = 0.5;  ///< 0..1 job security: contract years left, or the threat of tender
  double squeeze = 0;     ///< 0..1 pay restraint: real-terms cut (in-house) or loss on income
  double health = 0;      ///< -1..1 reserves against the type's usual reserves
};

/// Security of one contract with `years_left` years of delivery after this one: years_left /
/// (years_left + `secure_years`), so a long contract is secure and its last year is not.
double contract_security(int years_left, double secure_years);

/// Reserve health of `pr`: its reserves over the type's usual reserves (`t.reserves` x
/// turnover) minus 1, clipped to [-1, 1]; 0 where the type holds none (in-house units).
double reserve_health(const Provider& pr, const ProviderTypeParams& t);

/// The engagement `pr`'s staff move towards, clamped to [0, 1]: its type's engagement, plus its
/// ownership, plus `engagement.security` x (security - 0.5), minus `engagement.pay_restraint` x
/// squeeze, plus `engagement.finances` x health.
double engagement_target(const Provider& pr, const Parameters& p, const EngagementDrivers& d);

/// Moves `pr`'s engagement `engagement.adjustment` of the way to `target`; the change de cuts
/// its unit cost by (engagement.productivity + ownership_productivity) x de (not below
/// `learning.cost_floor`) and raises its quality by (engagement.quality + ownership_quality) x de
/// (clamped to [0, 1]). Returns de.
double move_engagement(Provider& pr, const Parameters& p, double target);

/// Each live provider's security this year end, by provider id: a contractor's mean
/// contract_security over the places it holds (0 with none); an in-house unit's 1 - its
/// commissioner's `domain.*.tender_share` for its domain (the threat of tender).
std::vector<double> job_security(const Market& m, const Parameters& p, int year);

/// Year end (after accounts close and monitoring, before capacity): every live provider in id
/// order moves its engagement towards its target.
void update_engagement(Market& m, const Parameters& p, int year);

/// The year's engagement series: means over in-house units and contractors delivering a
/// service, of in-house units alone and by provider type (NaN where none).
void record_engagement(const Market& m, YearRecord& r);

}  // namespace quasim
