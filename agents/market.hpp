// agents/market.hpp — entry of new providers where margins attract, exit of idle ones.
#pragma once

#include "model/parameters.hpp"
#include "model/rng.hpp"
#include "model/world.hpp"

namespace quasim {

/// Base size (GBP/yr of other business) of a new provider of `type`: `provider.TYPE.size` times
/// the typical service value (large firms dwarf one council's service, charities are a fraction).
double typical_size(const Parameters& p, ProviderType type, double typical_lot_value);

/// Providers without a contract for `exit_idle_years` after bidding leave; new firms,
/// SMEs and charities enter at a rate rising with recent margins.
void enter_and_exit(Market& market, int year, const Parameters& p, const Streams& rng);

}  // namespace quasim
