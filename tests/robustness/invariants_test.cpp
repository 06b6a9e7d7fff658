// Run-time guards: a broken invariant stops the replicate with an InvariantError naming the
// year, the replicate and the agent, instead of letting a NaN into the result file.
#include "sim/invariants.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "model/rng.hpp"
#include "sim/derived_tables.hpp"
#include "sim/step.hpp"
#include "tests/support/test_scenarios.hpp"

namespace quasim {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// A world after its first year (2010 in the baseline), with that year's record.
struct SteppedWorld {
  Parameters p = test::small_baseline({}, 3);
  Streams rng{static_cast<std::uint64_t>(p.run.seed), 7};
  World w = init_world(p, rng);
  YearRecord r;
  SteppedWorld() { step(w, p, derive_tables(p), rng, r); }
};

std::string violation(const SteppedWorld& s, int replicate = 7) {
  try {
    check_invariants(s.w, s.p, s.r, replicate);
  } catch (const InvariantError& e) {
    return e.what();
  }
  return "no violation";
}

TEST(Invariants, AHealthyYearPasses) {
  SteppedWorld s;
  EXPECT_EQ(violation(s), "no violation");
}

TEST(Invariants, NanBudgetNamesYearReplicateAndCommissioner) {
  SteppedWorld s;
  s.w.market.commissioners[1].budget = kNaN;
  EXPECT_EQ(violation(s),
            "invariant violated in year 2010, replicate 7: " + s.w.market.commissioners[1].name +
                ": budget or spending is not finite");
}

TEST(Invariants, InfiniteSpendingIsCaught) {
  SteppedWorld s;
  s.w.market.ledger.commissioner(0).spending = std::numeric_limits<double>::infinity();
  EXPECT_NE(
      violation(s).find(s.w.market.commissioners[0].name + ": budget or spending is not finite"),
      std::string::npos);
}

TEST(Invariants, NanReservesNameTheProvider) {
  SteppedWorld s;
  s.w.market.providers.back().reserves = kNaN;
  EXPECT_EQ(violation(s, 3), "invariant violated in year 2010, replicate 3: provider " +
                                 s.w.market.providers.back().name() +
                                 ": reserves, cost or quality is not finite");
}

TEST(Invariants, ServiceWithoutAnExistingProviderNamesCommissionerAndDomain) {
  SteppedWorld s;
  s.w.market.commissioners[0].services[0].provider = static_cast<int>(s.w.market.providers.size());
  const auto m = violation(s);
  EXPECT_NE(m.find("year 2010, replicate 7: " + s.w.market.commissioners[0].name + " domain " +
                   s.p.domains[0].name + ": served by provider " +
                   std::to_string(s.w.market.providers.size()) + ", which does not exist"),
            std::string::npos)
      << m;
}

TEST(Invariants, ServiceByAFailedProviderIsCaught) {
  SteppedWorld s;
  const int id = s.w.market.commissioners[0].services[0].provider;
  s.w.market.providers[id].alive = false;
  EXPECT_NE(violation(s).find("which does not exist or has failed"), std::string::npos);
}

TEST(Invariants, MarketSharesMustSumToOne) {
  SteppedWorld s;
  s.r.type_market_share[0] += 0.01;
  EXPECT_NE(violation(s).find("market shares sum to"), std::string::npos);
}

TEST(Invariants, NanNationalSeriesIsCaught) {
  SteppedWorld s;
  s.r.unmet_need = kNaN;
  EXPECT_EQ(violation(s),
            "invariant violated in year 2010, replicate 7: a national series is not finite");
}

}  // namespace
}  // namespace quasim
