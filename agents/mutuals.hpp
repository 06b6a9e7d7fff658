// agents/mutuals.hpp — Right to Provide: in-house units spinning out as mutuals (seed 002).
#pragma once

#include "model/parameters.hpp"
#include "model/rng.hpp"
#include "model/world.hpp"

namespace quasim {

/// Each in-house unit delivering its service may spin out, with a chance rising with staff
/// engagement and the commissioner's stance. A spin-out gets a direct award for the protected
/// period, support from the fund, and faces open competition when the period ends.
void spin_out_mutuals(Market& market, int year, const Parameters& p, const Streams& rng);

/// Turns in-house unit `unit` of commissioner `c` in domain `d` into a mutual (or joint venture)
/// under the scenario's governance; returns the new in-house unit left behind.
int convert_to_mutual(Market& market, int year, const Parameters& p, int c, int d);

}  // namespace quasim
