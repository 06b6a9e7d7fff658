// agents/citizens.hpp — the yearly citizen phase (ageing, death and birth, needs
// arising/escalating/resolving, service use, satisfaction, trust). The phase runs in parallel
// and writes only citizens and its own tally. The citizens' state is model/citizens.hpp.
#pragma once

#include "model/citizens.hpp"
#include "model/parameters.hpp"
#include "model/rng.hpp"

namespace quasim {

/// The citizen phase for one year. Parallel over citizens (TBB); deterministic.
void live(Citizens& c, const CitizenConditions& cond, const Parameters& p, const Streams& rng,
          int year, CitizenTally& tally);

/// What citizens of area `c` see and hear this year, once for the area, into
/// cond.area_view[c] and cond.trust_shock[c]: the share of its need that went unmet last year
/// (`last`: neighbours refused or waiting), what its users receive against what they expect, the
/// need levels its thresholds no longer fund (visible cuts) and its worst service disruption (a
/// provider failure or termination). Needs cond.service, expectation and both vectors sized.
void area_signals(const CitizenTally& last, const Parameters& p, int c, CitizenConditions& cond);

/// End-of-year need counts without advancing the year (used at initialisation).
void count_needs(const Citizens& c, int domains, CitizenTally& tally);

}  // namespace quasim
