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

/// The cost, at this year's unit prices, of meeting all need in the statutory domains c's
/// council pays for (GBP).
double statutory_cost(const Commissioner& c, const Parameters& p, const CitizenTally& last);

/// Splits the money available across domains (statutory first, then the rest pro rata to
/// need, or by value-map weights with pooled budgets) and sets eligibility thresholds so that
/// the highest needs are served first.
void allocate(Commissioner& c, const Parameters& p, const CitizenTally& last,
              const std::vector<double>& value_weights);

/// Money for some of a commissioner's domains (one agency's, or a pool): statutory duties
/// first where `statutory_first`, then the rest pro rata to cost x `weights` (per domain, all
/// domains), each capped at its need.
struct FundingPot {
  double money = 0;          ///< GBP
  std::vector<int> domains;  ///< the domains it may fund
  std::vector<double> weights;
  bool statutory_first = true;
};

/// Funds c's domains from the pots in order (each adds to what earlier pots gave) and sets
/// the funding gap against `money` (all the pots together) and eligibility thresholds. Returns
/// each pot's money left unspent (every domain it may fund capped at its need).
std::vector<double> allocate_pots(Commissioner& c, const Parameters& p, const CitizenTally& last,
                                  const std::vector<FundingPot>& pots, double money);

/// Noise with which this commissioner observes quality (falls with capability, data lab).
double observation_noise(const Commissioner& c, const Parameters& p);

}  // namespace quasim
