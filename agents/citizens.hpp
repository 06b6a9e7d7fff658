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

/// End-of-year need counts without advancing the year (used at initialisation).
void count_needs(const Citizens& c, int domains, CitizenTally& tally);

}  // namespace quasim
