// model/tender_memory.hpp — what one commissioner has learnt of the market in one domain from
// its own tenders and contracts: prices won (per efficient unit cost), bids received, quality
// its contractors delivered and failures seen. Read by the make-or-buy decision
// (agents/make_or_buy.cpp); written by tendering, monitoring and failures.
#pragma once

#include <algorithm>

#include "model/decay.hpp"

namespace quasim {

/// Decayed sums (weight lost at `make_or_buy.memory_decay` per year), stated as of `year`.
struct TenderMemory {
  int year = 0;
  double tenders = 0;          ///< decayed count of tenders held
  double price_ratio_sum = 0;  ///< sum of resulting price / the domain's efficient unit cost
  double bids_sum = 0;         ///< sum of bids received
  double contract_years = 0;   ///< decayed count of contracted service-years (failure exposure)
  double observed_years = 0;   ///< decayed count of those years whose quality was monitored
  double quality_sum = 0;      ///< sum of contractors' observed delivered quality, per year seen
  double failures = 0;         ///< decayed count of contractor failures

  /// The memory as of `now`.
  TenderMemory aged(int now, double decay) const {
    TenderMemory m = *this;
    const double f = decay_factor(now, year, decay);
    m.tenders *= f;
    m.price_ratio_sum *= f;
    m.bids_sum *= f;
    m.contract_years *= f;
    m.observed_years *= f;
    m.quality_sum *= f;
    m.failures *= f;
    m.year = std::max(now, year);
    return m;
  }
};

}  // namespace quasim
