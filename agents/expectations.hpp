// agents/expectations.hpp — rising expectations: the quality citizens expect each year, the
// part of the rise a commissioner pays its services to meet, and what meeting it costs.
#pragma once

#include "model/parameters.hpp"

namespace quasim {

/// Quality (0-1) citizens expect in year `year`: 0.5 rising by population.expectation_growth a
/// year, capped at 0.95.
double expected_quality(const Parameters& p, int year);

/// Quality points a commissioner acting under `own` adds to its services in year `year` to meet
/// rising expectations: commissioners.expectation_meet of the rise since the first year.
double expectation_quality(const Parameters& own, int year);

/// What meeting them does to the cost of a unit of service (1: nothing):
/// 1 + commissioners.expectation_cost x the quality points added.
double expectation_premium(const Parameters& own, int year);

}  // namespace quasim
