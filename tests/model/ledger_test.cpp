// model/ledger.hpp: the year's flows, reset by the start of each year.
#include "model/ledger.hpp"

#include <gtest/gtest.h>

#include "sim/derived_tables.hpp"
#include "sim/step.hpp"
#include "tests/support/test_scenarios.hpp"

namespace quasim {
namespace {

double ledger_spending(const YearLedger& l) {
  double sum = 0;
  for (const auto& c : l.commissioners) sum += c.spending;
  return sum;
}

TEST(YearLedger, BeginYearZeroesEveryFlowAndSizesIt) {
  YearLedger l;
  l.begin_year(2, 3, 4);
  l.service(1, 2).spending = 5;
  l.service(1, 2).slot_provider[0] = 3;
  l.commissioner(0).transaction_costs = 7;
  l.provider(3).revenue = 9;
  l.events.tenders = 2;
  l.begin_year(2, 3, 4);
  EXPECT_EQ(l.service(1, 2).spending, 0);
  EXPECT_EQ(l.service(1, 2).slot_provider[0], -1);
  EXPECT_EQ(l.commissioner(0).transaction_costs, 0);
  EXPECT_EQ(l.provider(3).revenue, 0);
  EXPECT_EQ(l.events.tenders, 0);
  EXPECT_EQ(l.commissioners.size(), 2u);
  EXPECT_EQ(l.commissioners[1].services.size(), 3u);
  EXPECT_EQ(l.providers.size(), 4u);
}

TEST(YearLedger, AProviderThatEntersMidYearStartsWithEmptyAccounts) {
  YearLedger l;
  l.begin_year(1, 1, 2);
  const YearLedger& seen = l;
  EXPECT_EQ(seen.provider(5).revenue, 0);  // reading an entrant does not grow the ledger
  EXPECT_EQ(l.providers.size(), 2u);
  l.provider(5).costs += 3;
  EXPECT_EQ(l.providers.size(), 6u);
  EXPECT_EQ(l.provider(4).revenue, 0);
  EXPECT_EQ(l.provider(5).costs, 3);
}

TEST(YearLedger, EachYearsSpendingIsThatYearsAloneAndMatchesTheRecord) {
  // Over paired years of one replicate, the ledger after each step holds that year's spending
  // (what the record reports), not a running total: with budgets falling, it falls too.
  const Parameters p = test::small_baseline({}, 4);
  const Streams rng(static_cast<std::uint64_t>(p.run.seed), 0);
  const DerivedTables t = derive_tables(p);
  World w = init_world(p, rng);
  double previous = 0;
  for (int y = 0; y < 4; ++y) {
    YearRecord r;
    step(w, p, t, rng, r);
    const double spent = ledger_spending(w.market.ledger);
    EXPECT_NEAR(spent / 1e6, r.spending_total, 1e-9 * r.spending_total) << y;
    if (y > 1) EXPECT_LT(spent, 1.05 * previous) << y;  // no accumulation across years
    previous = spent;
  }
}

}  // namespace
}  // namespace quasim
