// agents/performance.hpp — commissioners' memory of providers' performance: what they record
// when they monitor a contract, terminate it or see its provider fail, and how the record
// enters award (past-performance weight, strike penalty, bar). State: model/performance_record.hpp
// and model/tender_memory.hpp.
#pragma once

#include "model/market.hpp"
#include "model/parameters.hpp"

namespace quasim {

/// Provider `provider` has failed: every commissioner it served (main provider or framework
/// place) records a strike and bars it, and remembers a failure in that domain's market memory.
/// Call before its services move.
void remember_failure(Market& market, int year, const Parameters& p, int provider);

/// Each commissioner counts a contracted service-year in each domain where a contractor holds
/// its service at the year's end (the exposure against which failures are counted).
void remember_contract_years(Market& market, int year, const Parameters& p);

/// Commissioner `c` saw its contractor `provider` deliver quality `seen` in domain `d` this
/// year; `terminated`: it ends the contract early for it (a strike and a bar).
void remember_monitoring(Market& market, int year, const Parameters& p, int c, int d, int provider,
                         double seen, bool terminated);

/// The quality a commissioner judges a bid on: what the bid shows (`bid_seen`) blended with the
/// provider's observed record, weighted by performance.weight times the record's confidence
/// (observations / (observations + 1)). `bid_seen` unchanged without a record.
double judged_quality(double bid_seen, const ProviderRecord* record, int year,
                      const PerformanceParams& pp);

/// Score points lost for remembered failures and terminations.
double strike_penalty(const ProviderRecord* record, int year, const PerformanceParams& pp);

/// Whether the record bars the provider from this year's tenders.
bool barred(const ProviderRecord* record, int year);

}  // namespace quasim
