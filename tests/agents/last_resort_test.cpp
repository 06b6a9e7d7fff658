// The provider of last resort with limits: step-in routes and their choice, the in-house unit
// closed after years of outsourcing and rebuilt on its return (agents/last_resort.cpp).
#include "agents/last_resort.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "agents/tendering.hpp"
#include "sim/step.hpp"
#include "tests/support/contracted_world.hpp"

namespace quasim {
namespace {

using test::contracted_world;

/// External firms bid for everything, plus `sets`.
Parameters market_params(std::vector<std::string> sets = {}) {
  return test::firms_market(sets);
}

/// The first contracted service (commissioner, domain) whose runner-up is a live firm.
std::pair<int, int> service_with_runner_up(const World& w) {
  for (const auto& c : w.market.commissioners)
    for (int d = 0; d < static_cast<int>(c.services.size()); ++d) {
      const Service& s = c.services[d];
      if (s.contracted && s.runner_up >= 0 && w.market.providers[s.runner_up].alive)
        return {c.id, d};
    }
  return {-1, -1};
}

TEST(LastResort, RunnerUpIsOfferedNovationAndTakesTheContractOver) {
  const auto p = market_params();
  const Streams rng(21, 0);
  World w = contracted_world(p, rng);
  const auto [c, d] = service_with_runner_up(w);
  ASSERT_GE(c, 0);
  const Service before = w.market.commissioners[c].services[d];
  StepInLoad load(w.market.providers.size(), 0.0);
  const auto options = step_in_options(w.market, w.year, p, c, d, load);
  const auto runner = std::find_if(options.begin(), options.end(), [&](const StepInOption& o) {
    return o.provider == before.runner_up;
  });
  ASSERT_NE(runner, options.end());
  EXPECT_EQ(runner->route, StepInRoute::Novation);
  EXPECT_GE(runner->price, before.price);  // on the contract's terms, or its usual price
  EXPECT_EQ(options.back().route, StepInRoute::InHouse);

  const StepInRoute route = step_in(w.market, w.year, p, c, d, load);
  ASSERT_EQ(route, StepInRoute::Novation);  // far cheaper than going back in-house
  const Service& s = w.market.commissioners[c].services[d];
  EXPECT_NE(s.provider, before.provider);
  EXPECT_TRUE(s.contracted);
  EXPECT_DOUBLE_EQ(s.disruption, p.last_resort.novation_disruption);
  EXPECT_EQ(s.contract_end, before.contract_end);  // the remaining term
  EXPECT_EQ(w.market.ledger.events.step_ins_novation, 1);
  EXPECT_NEAR(w.market.ledger.commissioner(c).transaction_costs, p.last_resort.novation_cost * 1e6,
              1e-6);
  EXPECT_DOUBLE_EQ(load[s.provider], 1e6);
}

TEST(LastResort, WithoutRoomAnywhereTheServiceGoesInHouse) {
  const auto p = market_params({"last_resort.absorb_share=0"});
  const Streams rng(22, 0);
  World w = contracted_world(p, rng);
  const auto [c, d] = service_with_runner_up(w);
  ASSERT_GE(c, 0);
  StepInLoad load;
  ASSERT_EQ(step_in_options(w.market, w.year, p, c, d, load).size(), 1u);
  EXPECT_EQ(step_in(w.market, w.year, p, c, d, load), StepInRoute::InHouse);
  const Service& s = w.market.commissioners[c].services[d];
  EXPECT_EQ(s.provider, w.market.commissioners[c].in_house[d]);
  EXPECT_FALSE(s.contracted);
  EXPECT_DOUBLE_EQ(s.disruption, p.commissioners.failure_disruption);
  EXPECT_EQ(w.market.ledger.events.step_ins_in_house, 1);
}

TEST(LastResort, AProviderTakesOnOnlyWhatItsTurnoverAllows) {
  const auto p = market_params();
  const Streams rng(23, 0);
  World w = contracted_world(p, rng);
  const auto [c, d] = service_with_runner_up(w);
  ASSERT_GE(c, 0);
  const int runner = w.market.commissioners[c].services[d].runner_up;
  const Provider& pr = w.market.providers[runner];
  StepInLoad load(w.market.providers.size(), 0.0);
  load[runner] = p.last_resort.absorb_share * std::max(pr.turnover, pr.base_size);  // full
  for (const auto& o : step_in_options(w.market, w.year, p, c, d, load))
    EXPECT_NE(o.provider, runner);
}

TEST(LastResort, DirectAwardIsShortAndAtAPremium) {
  // Novation and in-house made prohibitive: an emergency award to a firm not yet there.
  const auto p = market_params({"last_resort.novation_cost=5", "commissioners.transition_cost=5",
                                "market.large_private=12"});
  const Streams rng(24, 0);
  World w = contracted_world(p, rng);
  int chosen = 0;
  for (const auto& cm : w.market.commissioners)
    for (int d = 0; d < static_cast<int>(p.domains.size()); ++d) {
      if (!cm.services[d].contracted) continue;
      StepInLoad load(w.market.providers.size(), 0.0);
      const auto options = step_in_options(w.market, w.year, p, cm.id, d, load);
      const auto& best = cheapest_option(options);
      if (best.route != StepInRoute::DirectAward) continue;
      const Provider& pr = w.market.providers[best.provider];
      const double usual = p.domains[d].unit_cost * pr.cost_mult *
                           (1.0 + p.provider[static_cast<int>(pr.type)].markup);
      EXPECT_NEAR(best.price, usual * (1.0 + p.last_resort.direct_award_premium), 1e-9);
      const double reserves = pr.reserves;
      step_in(w.market, w.year, p, cm.id, d, load);
      const Service& s = w.market.commissioners[cm.id].services[d];
      EXPECT_EQ(s.provider, best.provider);
      EXPECT_EQ(s.contract_end, w.year + p.last_resort.direct_award_years);
      EXPECT_LT(w.market.providers[best.provider].reserves, reserves);  // it mobilises
      ++chosen;
    }
  EXPECT_GT(chosen, 0);
  EXPECT_EQ(w.market.ledger.events.step_ins_direct_award, chosen);
}

TEST(LastResort, UnitClosesAfterYearsOutsourcedAndIsRebuiltOnReturn) {
  const auto p = market_params({"last_resort.closure_years=2"});
  const Streams rng(25, 0);
  World w = contracted_world(p, rng);
  const auto [c, d] = service_with_runner_up(w);
  ASSERT_GE(c, 0);
  update_in_house_units(w.market, 0, p);
  EXPECT_FALSE(w.market.commissioners[c].services[d].unit.closed);
  const StepInOption open = step_in_options(w.market, 1, p, c, d, {}).back();
  update_in_house_units(w.market, 1, p);
  EXPECT_TRUE(w.market.commissioners[c].services[d].unit.closed);
  EXPECT_GT(w.market.ledger.events.units_closed, 0);

  // The in-house route now costs a rebuild and disrupts for longer.
  const StepInOption closed = step_in_options(w.market, 1, p, c, d, {}).back();
  const auto& lr = p.last_resort;
  EXPECT_NEAR(closed.one_off - open.one_off, lr.rebuild_cost, 1e-12);
  EXPECT_NEAR(closed.disruption - open.disruption, lr.rebuild_disruption * lr.rebuild_years, 1e-12);
  EXPECT_GT(closed.expected, open.expected);

  // Taken back: transition plus rebuild paid; rebuild disruption in each of the next years.
  w.market.ledger.begin_year(w.market.commissioners.size(), p.domains.size(),
                             w.market.providers.size());
  take_back_in_house(w.market, 2, p, c, d, 0.25, p.commissioners.transition_cost);
  Service& s = w.market.commissioners[c].services[d];
  EXPECT_FALSE(s.unit.closed);
  EXPECT_EQ(w.market.ledger.events.units_rebuilt, 1);
  EXPECT_NEAR(w.market.ledger.commissioner(c).transaction_costs,
              (p.commissioners.transition_cost + lr.rebuild_cost) * 1e6, 1e-6);
  update_in_house_units(w.market, 2, p);
  EXPECT_DOUBLE_EQ(s.disruption, 0.25 + lr.rebuild_disruption);
  for (int year = 3; year < 3 + lr.rebuild_years + 1; ++year) {
    s.disruption = 0;  // as settle resets it each year
    update_in_house_units(w.market, year, p);
    EXPECT_DOUBLE_EQ(s.disruption, year + 1 <= 2 + lr.rebuild_years ? lr.rebuild_disruption : 0.0)
        << year;
  }
}

TEST(LastResort, AClosedUnitCannotBid) {
  auto p = market_params({"outsourcing.in_house_bids=true"});
  const Streams rng(26, 0);
  World w = init_world(p, rng);
  Commissioner& cm = w.market.commissioners[0];
  cm.services[0].unit.closed = true;
  for (const auto& b : run_tender(w.market, w.tally, w.year, p, rng, {0}, 0))
    EXPECT_NE(b.provider, cm.in_house[0]);
  // An open unit bids (in_house_bids, first round).
  const auto bids = run_tender(w.market, w.tally, w.year, p, rng, {1}, 0);
  const int unit = w.market.commissioners[1].in_house[0];
  EXPECT_TRUE(
      std::any_of(bids.begin(), bids.end(), [&](const Bid& b) { return b.provider == unit; }));
}

}  // namespace
}  // namespace quasim
