// agents/capacity.hpp — providers' delivery capacity: the workforce each provider has, in
// capacity units per year (need units served at difficulty cost 1, persons), how it grows with
// hiring and shrinks with leavers, how it is shared among the services a provider delivers and
// what it lets a provider bid for. State is model/provider.hpp.
#pragma once

#include "model/citizens.hpp"
#include "model/market.hpp"
#include "model/parameters.hpp"

namespace quasim {

/// Capacity units per year (persons, not agents) that commissioner c's service in domain d has
/// this year: its main provider's capacity shared among the services it delivers, plus any
/// framework places'. Read by the waiting-list plan (agents/waiting_list.cpp).
double service_capacity(const Market& m, const Parameters& p, int c, int d);

}  // namespace quasim
