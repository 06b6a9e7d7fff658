// agents/parent_backing.hpp — who rescues a provider whose year would leave its reserves below
// zero: first its parent group, while its finite backing lasts and the subsidiary's remaining
// contracts justify it; then the commissioners it serves, only when that is cheaper for them
// than the failure (docs/ODD.md "4 Submodels: provider failure").
#pragma once

#include "model/market.hpp"
#include "model/parameters.hpp"

namespace quasim {

/// GBP the main contracts `pr` holds are expected to earn after this year, as its parent sees
/// them: (price - its unit cost) x planned units x years left, its fee alone on any part
/// subcontracted. Read by the parent's walk-away rule.
double remaining_margin(const Market& market, const Parameters& p, int year, const Provider& pr);

/// GBP the parent of `pr` puts toward `needed` this year: what is left of its backing, up to
/// `needed`, unless that exceeds `failure.walk_away` x `prospects` (remaining_margin): then the
/// parent walks away and puts in nothing.
double parent_offer(const Provider& pr, double needed, double prospects, const FailureParams& f);

/// GBP the commissioners that `provider` serves as main contractor expect its failure to cost
/// them: for each such service, the cheapest step-in option's expected cost (share of annual
/// value, agents/last_resort.hpp) x the service's annual value, each under its own parameters.
double expected_failure_cost(const Market& market, int year, const Parameters& p, int provider);

/// GBP of relief the commissioners pay toward `rest`: all of it when it is at most
/// `outsourcing.distress_relief` x `income` (a policy limit) and less than `failure_cost`;
/// otherwise none (partial relief would not keep the service going).
double relief_offer(double rest, double income, double failure_cost, const OutsourcingParams& out);

}  // namespace quasim
