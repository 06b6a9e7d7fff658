// agents/waiting_list.hpp — who is served when capacity is short: the year's plan of each
// service (which waiting-list classes its capacity admits, in the order its provider chooses;
// the effort it gives each difficulty group; the congestion wait), and the loads the capacity
// rule plans on. The citizens' side (joining, waiting, leaving) is agents/citizens.cpp.
#pragma once

#include "model/citizens.hpp"
#include "model/parameters.hpp"

namespace quasim {

/// Capacity units one person of class k uses: need level x the group's cost.
double class_load(const DifficultyParams& g, int k);

/// Capacity units (persons) commissioner c's service in domain d used last year.
double served_load(const CitizenTally& t, const Parameters& p, int c, int d);

/// Capacity units (persons) the service would have used last year with no capacity limit:
/// what it served plus those left waiting at the year end.
double eligible_load(const CitizenTally& t, const Parameters& p, int c, int d);

}  // namespace quasim
