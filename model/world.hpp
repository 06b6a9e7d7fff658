// model/world.hpp — the state of one replicate: citizens, providers, commissioners, market
// memory. Built by sim/world_init.cpp, advanced one year at a time by sim/step.cpp.
#pragma once

#include <array>
#include <vector>

#include "model/citizens.hpp"
#include "model/commissioner.hpp"
#include "model/ledger.hpp"
#include "model/parameters.hpp"
#include "model/partnership.hpp"
#include "model/provider.hpp"

namespace quasim {

struct World {
  int year = 0;  ///< years since the start
  Citizens citizens;
  std::vector<Provider> providers;  ///< index == id; failed and exited stay, alive = false
  std::vector<Commissioner> commissioners;
  std::vector<Partnership> partnerships;
  CitizenTally tally;  ///< last year's citizen tally (needs at year end)
  std::vector<std::vector<double>> served_share_history;  ///< per year: [area * D + d]
  std::vector<int> last_bidders;       ///< per domain: bids in its latest tender (market memory)
  std::vector<double> margin_history;  ///< external providers' margin, per year
  std::array<int, kProviderTypes> next_ordinal{};
  int mutuals_created = 0;
  double support_fund_left = 0, support_fund_spent = 0;
  double typical_lot_value = 0;  ///< GBP/yr: mean initial service value (sizes new firms)
  YearLedger ledger;             ///< this year's flows and events; reset by the start of each year
};

}  // namespace quasim
