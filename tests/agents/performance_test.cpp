// The memory of performance in award: past-performance weight, strike penalty, bar, decay.
#include "agents/performance.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "agents/tendering.hpp"
#include "sim/step.hpp"
#include "tests/support/test_scenarios.hpp"

namespace quasim {
namespace {

/// Three large firms bidding for everything; the first is a little cheaper than the others.
Parameters three_firms(std::vector<std::string> sets = {}) {
  std::vector<std::string> base = {"market.large_private=3",
                                   "market.sme=0",
                                   "market.voluntary=0",
                                   "outsourcing.in_house_bids=false",
                                   "outsourcing.financial_standing=0",
                                   "outsourcing.bid_propensity=1",
                                   "outsourcing.incumbent_advantage=0"};
  base.insert(base.end(), sets.begin(), sets.end());
  return test::small_baseline(base);
}

/// What every commissioner remembers of the cheap firm before the tenders.
struct Memory {
  int year = -1;            ///< when it was recorded (-1: nothing remembered)
  double seen = 0.6;        ///< observed delivered quality, five years of it
  bool terminated = false;  ///< and a termination at the end
};

/// Tenders won by the cheap firm, and tenders held (every commissioner and domain, in `year`),
/// in replicate world `replicate`.
std::pair<int, int> cheap_firm_wins(const Parameters& p, const Memory& memory, int year,
                                    std::uint32_t replicate) {
  const Streams rng(11, replicate);
  World w = init_world(p, rng);
  std::vector<int> firms;
  for (const auto& pr : w.market.providers)
    if (pr.type == ProviderType::LargePrivate) firms.push_back(pr.id);
  for (int id : firms) {
    w.market.providers[id].quality = 0.6;
    w.market.providers[id].bid_skill = 0.3;
    w.market.providers[id].cost_mult = id == firms[0] ? 0.9 : 1.0;
  }
  const int C = static_cast<int>(w.market.commissioners.size());
  const int D = static_cast<int>(p.domains.size());
  if (memory.year >= 0)
    for (int c = 0; c < C; ++c)
      for (int k = 0; k < 5; ++k)
        remember_monitoring(w.market, memory.year, p, c, 0, firms[0], memory.seen,
                            memory.terminated && k == 4);
  int wins = 0, tenders = 0;
  for (int c = 0; c < C; ++c)
    for (int d = 0; d < D; ++d) {
      if (run_tender(w.market, w.tally, year, p, rng, {c}, d).empty()) continue;
      ++tenders;
      wins += w.market.commissioners[c].services[d].provider == firms[0];
    }
  return {wins, tenders};
}

/// Share of tenders (every commissioner and domain, in `year`, in four replicate worlds) won by
/// the cheap firm.
double cheap_firm_share(const Parameters& p, const Memory& memory, int year) {
  int wins = 0, tenders = 0;
  for (std::uint32_t replicate = 0; replicate < 4; ++replicate) {
    const auto [w_, t_] = cheap_firm_wins(p, memory, year, replicate);
    wins += w_;
    tenders += t_;
  }
  return tenders ? static_cast<double>(wins) / tenders : 0.0;
}

TEST(PastPerformance, NoRecordTheCheapFirmWinsMost) {
  EXPECT_GT(cheap_firm_share(three_firms(), {}, 1), 0.45);  // well above its third
}

TEST(PastPerformance, PoorObservedQualityLowersItsAwards) {
  const Memory poor{0, 0.2, false};
  const double without = cheap_firm_share(three_firms({"performance.weight=0"}), poor, 1);
  const double with = cheap_firm_share(three_firms({"performance.weight=0.6"}), poor, 1);
  std::printf("poor record: share %.3f without weight, %.3f with\n", without, with);
  EXPECT_LT(with, without - 0.3);
}

TEST(PastPerformance, StrikesCostScoreAndBarForTheSetYears) {
  const Memory ended{0, 0.6, true};
  // The bar alone: out of every tender for bar_years, then back as before.
  const auto bar_only = three_firms(
      {"performance.weight=0", "performance.strike_penalty=0", "performance.bar_years=3"});
  const double before = cheap_firm_share(bar_only, {}, 4);
  EXPECT_EQ(cheap_firm_share(bar_only, ended, 1), 0.0);
  EXPECT_EQ(cheap_firm_share(bar_only, ended, 3), 0.0);
  EXPECT_NEAR(cheap_firm_share(bar_only, ended, 4), before, 1e-12);
  // The penalty alone: fewer awards than with no record.
  const auto penalty = three_firms(
      {"performance.weight=0", "performance.strike_penalty=0.3", "performance.bar_years=0"});
  EXPECT_LT(cheap_firm_share(penalty, ended, 1), cheap_firm_share(penalty, {}, 1) - 0.3);
}

TEST(PastPerformance, DecayLetsAFirmBackIn) {
  const Memory bad{0, 0.2, true};
  const auto p = three_firms({"performance.weight=0.6", "performance.strike_penalty=0.3",
                              "performance.bar_years=0", "performance.decay=0.3"});
  const double soon = cheap_firm_share(p, bad, 1);
  const double late = cheap_firm_share(p, bad, 20);
  const double clean = cheap_firm_share(p, {}, 20);
  std::printf("decay: %.3f after 1 year, %.3f after 20 (clean %.3f)\n", soon, late, clean);
  EXPECT_GT(late, soon + 0.3);
  EXPECT_NEAR(late, clean, 0.1);
  // Without decay the record holds it back still.
  auto keep = p;
  keep.performance.decay = 0;
  EXPECT_LT(cheap_firm_share(keep, bad, 20), clean - 0.3);
}

}  // namespace
}  // namespace quasim
