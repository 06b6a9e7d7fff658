// model/world.hpp — the state of one replicate: citizens and the quasi-market they are served
// by. Built by sim/world_init.cpp, advanced one year at a time by sim/step.cpp.
#pragma once

#include <vector>

#include "model/agencies.hpp"
#include "model/citizens.hpp"
#include "model/market.hpp"

namespace quasim {

struct World {
  int year = 0;  ///< years since the start
  Citizens citizens;
  Market market;       ///< commissioners, providers, partnerships, market memory, the ledger
  CitizenTally tally;  ///< last year's citizen tally (needs at year end)
  std::vector<std::vector<double>> served_share_history;  ///< per year: [area * D + d]
  AgencyState agencies;  ///< councils' and departments' money, pools, prevention (issue 18)
};

}  // namespace quasim
