// tests/support/contracted_world.hpp — a small world whose every service has been tendered once
// to external firms: the starting point for tests of failures, step-ins and the books.
#pragma once

#include <string>
#include <vector>

#include "agents/tendering.hpp"
#include "sim/step.hpp"
#include "tests/support/test_scenarios.hpp"

namespace quasim::test {

/// External firms bid for everything (no in-house bids, no standing test, six large firms that
/// always bid, knowing their costs), plus `sets`.
inline Parameters firms_market(std::vector<std::string> sets = {}) {
  std::vector<std::string> base = {"outsourcing.in_house_bids=false",
                                   "outsourcing.financial_standing=0",
                                   "outsourcing.bid_propensity=1", "market.large_private=6",
                                   "bidding.cost_uncertainty=0"};  // bids on true cost: no curse
  base.insert(base.end(), sets.begin(), sets.end());
  return small_baseline(base);
}

/// Every service of a small world put out to tender once; last year's funding stands in for
/// this year's value.
inline World contracted_world(const Parameters& p, const Streams& rng) {
  World w = init_world(p, rng);
  for (int c = 0; c < static_cast<int>(w.market.commissioners.size()); ++c)
    for (int d = 0; d < static_cast<int>(p.domains.size()); ++d)
      run_tender(w.market, w.tally, w.year, p, rng, {c}, d);
  w.market.ledger.begin_year(w.market.commissioners.size(), p.domains.size(),
                             w.market.providers.size());
  for (auto& c : w.market.commissioners)
    for (auto& s : c.services) s.funding = 1e6;
  return w;
}

}  // namespace quasim::test
