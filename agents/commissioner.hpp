// agents/commissioner.hpp — commissioners' rules: budgets on a trajectory, money allocated
// to domains (statutory first), eligibility rationing, contract monitoring. Their state is
// model/commissioner.hpp.
#pragma once

#include <vector>

#include "model/citizens.hpp"
#include "model/commissioner.hpp"
#include "model/parameters.hpp"
#include "model/rng.hpp"

namespace quasim {

/// Budget on its trajectory: real-terms change per year, set per period.
double budget_change(const BudgetParams& b, int year);

/// Need units in area c, domain d at the end of last year: agent_weight * (n1 + 2 n2 + 3 n3).
double need_units(const CitizenTally& last, int c, int d, double agent_weight);

/// The cost, at this year's unit prices, of meeting all need in c's statutory domains (GBP).
double statutory_cost(const Commissioner& c, const Parameters& p, const CitizenTally& last);

/// Splits the money available across domains (statutory first, then the rest pro rata to
/// need, or by value-map weights with pooled budgets) and sets eligibility thresholds so that
/// the highest needs are served first.
void allocate(Commissioner& c, const Parameters& p, const CitizenTally& last,
              const std::vector<double>& value_weights);

/// Noise with which this commissioner observes quality (falls with capability, data lab).
double observation_noise(const Commissioner& c, const Parameters& p);

}  // namespace quasim
