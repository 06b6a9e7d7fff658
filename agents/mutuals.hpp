// agents/mutuals.hpp — Right to Provide: in-house units spinning out as mutuals (seed 002).
#pragma once

#include "model/parameters.hpp"
#include "model/rng.hpp"
#include "model/world.hpp"

namespace quasim {

/// Turns in-house unit `unit` of commissioner `c` in domain `d` into a mutual (or joint venture)
/// under the scenario's governance; returns the new in-house unit left behind.
int convert_to_mutual(Market& market, int year, const Parameters& p, int c, int d);

}  // namespace quasim
