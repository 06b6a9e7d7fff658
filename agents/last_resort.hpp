// agents/last_resort.hpp — the provider of last resort, with limits (MODEL_BRIEF: commissioners
// "act as provider of last resort when a provider fails (at a transition cost)"; Carillion).
// When a provider fails the commissioner chooses how the service goes on: novation to the
// runner-up or another provider already delivering in the area or domain, an emergency direct
// award, or the in-house unit, which must be rebuilt if it was closed.
#pragma once

#include <cstdint>
#include <vector>

#include "model/market.hpp"
#include "model/parameters.hpp"

namespace quasim {

enum class StepInRoute : std::uint8_t { Novation, DirectAward, InHouse };

/// One way to keep a failed service going, as the commissioner weighs it.
struct StepInOption {
  StepInRoute route = StepInRoute::InHouse;
  int provider = -1;      ///< who takes the service on (in-house: the unit)
  double price = 0;       ///< GBP per need unit under the new arrangement (0 in-house)
  double one_off = 0;     ///< one-off cost, share of annual value
  double disruption = 0;  ///< share of service lost the year after
  double expected = 0;    ///< share of annual value: one-off, weighted disruption, extra price
};

/// Annual value (GBP/yr) each provider has taken on at this failure, by provider id: a provider
/// absorbs at most `last_resort.absorb_share` of its turnover.
using StepInLoad = std::vector<double>;

/// GBP/yr at stake in commissioner c's service in domain d: the larger of this year's spending
/// and its funding.
double annual_value(const Market& market, int c, int d);

/// The options open for commissioner c's failed service in domain d: each live provider with
/// room that could take it on (novation or direct award), then the in-house unit (always last).
std::vector<StepInOption> step_in_options(const Market& market, int year, const Parameters& pc,
                                          int c, int d, const StepInLoad& load);

/// The option with the lowest expected cost (the first of equals).
const StepInOption& cheapest_option(const std::vector<StepInOption>& options);

/// Commissioner c's service in domain d has lost its provider: hands it to the cheapest route
/// (always in-house without `last_resort.step_in`), books its cost and disruption, counts it,
/// and adds what it costs the public purse to `failure_cost` (one-off and rebuild costs, and
/// the new arrangement's extra price over the failed contract for the years it runs).
StepInRoute step_in(Market& market, int year, const Parameters& pc, int c, int d, StepInLoad& load);

/// Whether commissioner c's in-house unit in domain d was closed; if so it is rebuilt now:
/// `last_resort.rebuild_cost` of annual value, extra disruption for `rebuild_years`.
bool reopen_unit(Market& market, int year, const Parameters& pc, int c, int d);

/// Year end: counts the years each service has been under contract, closes in-house units after
/// `last_resort.closure_years`, and carries a rebuilt unit's disruption into next year.
void update_in_house_units(Market& market, int year, const Parameters& p);

}  // namespace quasim
