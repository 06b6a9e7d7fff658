// model/market.hpp — the quasi-market of one replicate: the commissioners who buy, the
// providers who sell, their partnerships, the market's memory and this year's ledger. The
// commissioning, settling and entry phases read and write this, never the citizens.
#pragma once

#include <array>
#include <vector>

#include "model/commissioner.hpp"
#include "model/ledger.hpp"
#include "model/parameters.hpp"
#include "model/partnership.hpp"
#include "model/provider.hpp"

namespace quasim {

struct Market {
  std::vector<Commissioner> commissioners;  ///< index == id
  std::vector<Provider> providers;          ///< index == id; failed and exited stay, alive = false
  std::vector<Partnership> partnerships;
  std::vector<int> last_bidders;       ///< per domain: bids in its latest tender (market memory)
  std::vector<double> margin_history;  ///< external providers' margin, per year
  std::array<int, kProviderTypes> next_ordinal{};
  int mutuals_created = 0;
  double support_fund_left = 0, support_fund_spent = 0;
  double typical_lot_value = 0;  ///< GBP/yr: mean initial service value (sizes new firms)
  YearLedger ledger;             ///< this year's flows and events; reset by the start of each year
};

}  // namespace quasim
