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
#include "model/spinout_pipeline.hpp"

namespace quasim {

struct Market {
  std::vector<Commissioner> commissioners;  ///< index == id
  std::vector<Provider> providers;          ///< index == id; failed and exited stay, alive = false
  std::vector<Partnership> partnerships;
  std::vector<int> last_bidders;       ///< per domain: bids in its latest tender (market memory)
  std::vector<double> margin_history;  ///< external providers' margin, per year
  std::array<int, kProviderTypes> next_ordinal{};
  int mutuals_created = 0;
  SpinoutPipeline spinouts;  ///< teams applying to spin out (agents/spinout_pipeline.cpp)
  double support_fund_left = 0, support_fund_spent = 0;
  double typical_lot_value = 0;  ///< GBP/yr: mean initial service value (sizes new firms)
  YearLedger ledger;             ///< this year's flows and events; reset by the start of each year
  /// The parameters each commissioner acts under this year (its own `[commissioner.NAME]` or
  /// group values, after any timeline change), by commissioner id; set by the replicate at the
  /// start of each year. Empty: every commissioner follows the run's parameters.
  std::vector<const Parameters*> policy;

  /// What commissioner `c` acts under: its own parameters, or `p` where it has none.
  const Parameters& policy_of(int c, const Parameters& p) const {
    const auto i = static_cast<std::size_t>(c);
    return i < policy.size() && policy[i] ? *policy[i] : p;
  }
};

}  // namespace quasim
