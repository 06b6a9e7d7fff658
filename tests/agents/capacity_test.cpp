// Providers' delivery capacity: leavers, the hiring lag and cap, shedding, TUPE, the bid limit,
// failure absorption, late delivery in monitoring, and a whole run (agents/capacity.cpp).
#include "agents/capacity.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "agents/last_resort.hpp"
#include "agents/tendering.hpp"
#include "sim/step.hpp"
#include "tests/support/contracted_world.hpp"

namespace quasim {
namespace {

using test::contracted_world;
using test::mean_over;
using test::run_all;
using test::small_baseline;

/// The baseline shrunk, with capacity settings isolated by `sets` (no engagement or pay
/// effect on leaving unless a test sets them).
Parameters capacity_params(std::vector<std::string> sets = {}) {
  std::vector<std::string> base = {"capacity.engagement_leaving=0", "capacity.pay_restraint=0",
                                   "capacity.headroom=0"};
  base.insert(base.end(), sets.begin(), sets.end());
  return small_baseline(base);
}

/// A tally in which every service served `persons` (need units, persons) and nobody waits.
CitizenTally flat_tally(const World& w, const Parameters& p, double persons) {
  CitizenTally t;
  t.reset(static_cast<int>(w.market.commissioners.size()), static_cast<int>(p.domains.size()));
  const auto agents = static_cast<std::int64_t>(persons / p.population.agent_weight);
  for (std::size_t i = 0; i < t.served_units.size(); ++i) {
    t.demand_units[i] = agents;
    t.served_units[i] = agents;
    // the same people with a low need next year, typical difficulty (cost 1), funded
    t.queue_count[i * kQueueClasses + queue_class(1, 1, 0)] = agents;
  }
  return t;
}

/// The in-house unit of commissioner 0 in domain 0, set to `capacity` with an empty pipeline.
Provider& unit_with(World& w, double capacity) {
  Provider& u = w.market.providers[w.market.commissioners[0].in_house[0]];
  u.capacity = capacity;
  u.pipeline = {};
  return u;
}

TEST(Capacity, InHouseUnitsStartStaffedForTheirLoadWithHeadroom) {
  const auto p = small_baseline();
  const Streams rng(1, 0);
  const World w = init_world(p, rng);
  for (const auto& c : w.market.commissioners)
    for (int d = 0; d < static_cast<int>(p.domains.size()); ++d) {
      const Service& s = c.services[d];
      EXPECT_GT(s.load, 0);
      EXPECT_NEAR(w.market.providers[c.in_house[d]].capacity, (1 + p.capacity.headroom) * s.load,
                  1e-9 * s.load);
      EXPECT_NEAR(service_capacity(w.market, p, c.id, d), (1 + p.capacity.headroom) * s.load,
                  1e-9 * s.load);
    }
  for (const auto& pr : w.market.providers)
    if (pr.external()) {
      EXPECT_EQ(pr.capacity, 0);
      EXPECT_GT(pr.bench, 0);  // staff it could redeploy from its other business
    }
}

TEST(Capacity, AProvidersCapacityIsSharedAmongItsServicesByLoad) {
  const auto p = capacity_params({"capacity.tupe_share=0", "capacity.redeploy_share=0"});
  const Streams rng(1, 1);
  World w = init_world(p, rng);
  Market& m = w.market;
  int firm = -1;
  for (const auto& pr : m.providers)
    if (pr.type == ProviderType::LargePrivate) firm = pr.id;
  ASSERT_GE(firm, 0);
  Service& a = m.commissioners[0].services[0];
  Service& b = m.commissioners[1].services[1];
  assign(m, a, firm, p.capacity);
  assign(m, b, firm, p.capacity);
  a.load = 100;
  b.load = 300;
  m.providers[firm].capacity = 800;
  EXPECT_NEAR(service_capacity(m, p, 0, 0), 200, 1e-9);
  EXPECT_NEAR(service_capacity(m, p, 1, 1), 600, 1e-9);
  EXPECT_NEAR(serving_capacity(m, 1, 1), 600, 1e-9);
  EXPECT_NEAR(carried_loads(m)[firm], 400, 1e-9);
}

TEST(Capacity, LeaversGoAndTheirReplacementsArriveAfterTheLag) {
  // 10% leave each year; the unit plans for a load of 1000 persons/yr, no headroom.
  for (int lag : {0, 1, 2}) {
    const auto p = capacity_params({"capacity.leaving=0.1", "capacity.max_hiring=5",
                                    "capacity.hiring_lag=" + std::to_string(lag)});
    const Streams rng(2, 0);
    World w = init_world(p, rng);
    const CitizenTally t = flat_tally(w, p, 1000);
    Provider& u = unit_with(w, 1000);
    w.market.ledger.begin_year(w.market.commissioners.size(), p.domains.size(),
                               w.market.providers.size());
    update_capacity(w.market, p, t, 1);
    const double after_one = u.capacity;
    if (lag == 0) {
      EXPECT_NEAR(after_one, 1000, 1e-6) << "no lag: leavers are replaced at once";
    } else {
      EXPECT_NEAR(after_one, 900, 1e-6) << "lag " << lag << ": the leavers' places are empty";
      EXPECT_NEAR(u.pipeline[lag - 1], 1000 - 900 * std::pow(0.9, lag), 1e-6);
    }
    for (int y = 2; y <= lag + 1; ++y) update_capacity(w.market, p, t, y);
    EXPECT_NEAR(u.capacity, 1000, 1.0) << "lag " << lag << ": hires have arrived";
  }
}

TEST(Capacity, LeaversAreCountedInTheLedger) {
  const auto p = capacity_params({"capacity.leaving=0.2", "capacity.hiring_lag=0"});
  const Streams rng(2, 1);
  World w = init_world(p, rng);
  for (auto& pr : w.market.providers) pr.capacity = 0, pr.pipeline = {};
  unit_with(w, 500);
  w.market.ledger.begin_year(w.market.commissioners.size(), p.domains.size(),
                             w.market.providers.size());
  update_capacity(w.market, p, flat_tally(w, p, 500), 1);
  EXPECT_NEAR(w.market.ledger.events.capacity_leavers, 100, 1e-9);
}

TEST(Capacity, HiringIsCappedAtMaxHiringPlusTheFloor) {
  // Capacity 500 for a load of 1000: at most 0.1 x 500 + 0.05 x 1000 = 100 hired in a year.
  const auto p = capacity_params({"capacity.leaving=0", "capacity.hiring_lag=0",
                                  "capacity.max_hiring=0.1", "capacity.hiring_floor=0.05"});
  const Streams rng(3, 0);
  World w = init_world(p, rng);
  const CitizenTally t = flat_tally(w, p, 1000);
  for (auto& pr : w.market.providers) pr.capacity = 0, pr.pipeline = {};
  Provider& u = unit_with(w, 500);
  Provider& empty = w.market.providers[w.market.commissioners[1].in_house[0]];
  w.market.ledger.begin_year(w.market.commissioners.size(), p.domains.size(),
                             w.market.providers.size());
  update_capacity(w.market, p, t, 1);
  EXPECT_NEAR(u.capacity, 600, 1e-6);
  EXPECT_NEAR(empty.capacity, 50, 1e-6) << "an empty unit restarts on the floor alone";
  update_capacity(w.market, p, t, 2);
  EXPECT_NEAR(u.capacity, 710, 1e-6);  // 0.1 x 600 + 50
  EXPECT_NEAR(empty.capacity, 105, 1e-6);
}

TEST(Capacity, HiringBeyondReplacingNormalLeaversCostsTheCommissioner) {
  const auto p =
      capacity_params({"capacity.leaving=0", "capacity.hiring_lag=0", "capacity.hiring_cost=0.2"});
  const Streams rng(3, 1);
  World w = init_world(p, rng);
  const CitizenTally t = flat_tally(w, p, 1000);
  for (auto& pr : w.market.providers) pr.capacity = 1000, pr.pipeline = {};
  Provider& u = unit_with(w, 800);
  w.market.ledger.begin_year(w.market.commissioners.size(), p.domains.size(),
                             w.market.providers.size());
  for (int d = 0; d < 2; ++d)  // the units delivered their services this year
    w.market.ledger.service(0, d).slot_provider[0] = w.market.commissioners[0].in_house[d];
  update_capacity(w.market, p, t, 1);
  EXPECT_NEAR(u.capacity, 1000, 1e-6);
  const double expected = 0.2 * 200 * p.domains[0].unit_cost * u.cost_mult;
  EXPECT_NEAR(w.market.ledger.service(0, 0).spending, expected, 1e-6 * expected);
  EXPECT_NEAR(w.market.ledger.service(0, 0).slot_spending[0], expected, 1e-6 * expected);
  EXPECT_NEAR(w.market.ledger.service(0, 1).spending, 0, 1e-9) << "a unit at target hires none";
}

TEST(Capacity, ALostContractIsShedAtTheShedRateWithRedundancyCosts) {
  const auto p = capacity_params({"capacity.leaving=0", "capacity.hiring_lag=0",
                                  "capacity.shed_rate=0.5", "capacity.redundancy_cost=0.3"});
  const Streams rng(4, 0);
  World w = init_world(p, rng);
  CitizenTally none;
  none.reset(static_cast<int>(w.market.commissioners.size()), static_cast<int>(p.domains.size()));
  none.demand_units.assign(none.demand_units.size(), 1);  // a lived year in which nobody served
  Provider& u = unit_with(w, 400);
  w.market.ledger.begin_year(w.market.commissioners.size(), p.domains.size(),
                             w.market.providers.size());
  update_capacity(w.market, p, none, 1);
  EXPECT_NEAR(u.capacity, 200, 1e-9);
  EXPECT_GE(w.market.ledger.events.capacity_shed, 200);
  // It delivered nothing this year: its redundancies are a transaction cost of its commissioner.
  const double cost = 0.3 * 200 * p.domains[0].unit_cost * u.cost_mult;
  EXPECT_GE(w.market.ledger.commissioner(0).transaction_costs, cost);
  EXPECT_EQ(w.market.ledger.service(0, 0).spending, 0);
  update_capacity(w.market, p, none, 2);
  EXPECT_NEAR(u.capacity, 100, 1e-9);
}

TEST(Capacity, PayRestraintUnderABudgetCutRaisesInHouseLeaving) {
  auto leavers = [](double restraint) {
    const auto p = capacity_params({"capacity.leaving=0.1", "capacity.hiring_lag=0",
                                    "budget.change_early=-0.05",
                                    "capacity.pay_restraint=" + std::to_string(restraint)});
    const Streams rng(5, 0);
    World w = init_world(p, rng);
    for (auto& pr : w.market.providers) pr.capacity = pr.external() ? 0 : 1000, pr.pipeline = {};
    w.market.ledger.begin_year(w.market.commissioners.size(), p.domains.size(),
                               w.market.providers.size());
    update_capacity(w.market, p, flat_tally(w, p, 1000), 1);
    int units = 0;
    for (const auto& pr : w.market.providers) units += !pr.external();
    return w.market.ledger.events.capacity_leavers / units;
  };
  EXPECT_NEAR(leavers(0), 100, 1e-6);
  EXPECT_NEAR(leavers(2), 100 + 2 * 0.05 * 1000, 1e-6);  // 10 points more at a 5% cut
}

TEST(Capacity, ALongerLagLeavesCapacityFurtherBelowTargetAfterADemandRise) {
  auto shortfall = [](int lag, int years) {
    const auto p = capacity_params({"capacity.leaving=0.1", "capacity.max_hiring=5",
                                    "capacity.hiring_lag=" + std::to_string(lag)});
    const Streams rng(6, 0);
    World w = init_world(p, rng);
    init_capacity(w.market, p, flat_tally(w, p, 1000));  // steady at 1000, pipeline primed
    Provider& u = w.market.providers[w.market.commissioners[0].in_house[0]];
    const CitizenTally more = flat_tally(w, p, 1500);
    for (int y = 1; y <= years; ++y) update_capacity(w.market, p, more, y);
    return 1500 - u.capacity;
  };
  EXPECT_NEAR(shortfall(0, 1), 0, 1e-6);
  EXPECT_GT(shortfall(1, 1), 400);  // last year's hires were for 1000
  EXPECT_NEAR(shortfall(1, 2), 0, 1e-6);
  EXPECT_GT(shortfall(2, 2), 300);
  EXPECT_GT(shortfall(2, 2), shortfall(1, 2) + 300);
}

TEST(Capacity, TupeMovesStaffWithTheServiceAndFewerAfterAFailure) {
  const auto p = capacity_params(
      {"capacity.tupe_share=0.8", "capacity.failure_transfer=0.5", "capacity.redeploy_share=0"});
  const Streams rng(7, 0);
  World w = init_world(p, rng);
  Market& m = w.market;
  const int firm = [&] {
    for (const auto& pr : m.providers)
      if (pr.type == ProviderType::LargePrivate) return pr.id;
    return -1;
  }();
  ASSERT_GE(firm, 0);
  Service& s = m.commissioners[0].services[0];
  const int unit = s.provider;
  m.providers[unit].capacity = 1000;
  m.providers[firm].capacity = 0;
  assign(m, s, firm, p.capacity);
  EXPECT_NEAR(m.providers[firm].capacity, 800, 1e-9);
  EXPECT_NEAR(m.providers[unit].capacity, 200, 1e-9);
  // The firm fails: half the staff serving the service come back in-house with it.
  m.providers[firm].alive = false;
  assign(m, s, unit, p.capacity);
  EXPECT_NEAR(m.providers[unit].capacity, 600, 1e-9);
  EXPECT_NEAR(m.providers[firm].capacity, 400, 1e-9);
}

TEST(Capacity, AWinnerRedeploysBenchStaffTowardItsTarget) {
  const auto p = capacity_params(
      {"capacity.tupe_share=0", "capacity.headroom=0.1", "capacity.redeploy_share=1"});
  const Streams rng(7, 1);
  World w = init_world(p, rng);
  Market& m = w.market;
  int firm = -1;
  for (const auto& pr : m.providers)
    if (pr.type == ProviderType::LargePrivate && pr.bench > 2 * m.commissioners[0].services[0].load)
      firm = pr.id;
  ASSERT_GE(firm, 0);
  Service& s = m.commissioners[0].services[0];
  const double bench = m.providers[firm].bench;
  assign(m, s, firm, p.capacity);
  EXPECT_NEAR(m.providers[firm].capacity, 1.1 * s.load, 1e-9 * s.load);
  EXPECT_NEAR(m.providers[firm].bench, bench - 1.1 * s.load, 1e-9 * s.load);
}

/// External providers able to bid for commissioner 0's service in `d` under `p`.
int capable(const Parameters& p, int d) {
  const Streams rng(8, 0);
  const World w = init_world(p, rng);
  return capable_bidders(w.market, p, {0}, d, 0);
}

TEST(Capacity, AProviderWithoutSpareCapacityCannotBidAndOneWithSpareCan) {
  const std::vector<std::string> open = {"outsourcing.financial_standing=0"};
  auto sets = [&](std::vector<std::string> extra) {
    auto s = open;
    s.insert(s.end(), extra.begin(), extra.end());
    return capacity_params(s);
  };
  // No staff of their own, none to redeploy, none from TUPE, no hiring floor: nobody can bid.
  const auto none =
      sets({"capacity.redeploy_share=0", "capacity.tupe_share=0", "capacity.hiring_floor=0"});
  EXPECT_EQ(capable(none, 0), 0);
  // Without the capacity rule (bid_cover 0) the same providers are able to bid.
  auto uncovered = none;
  uncovered.capacity.bid_cover = 0;
  EXPECT_GT(capable(uncovered, 0), 0);
  // Bench staff to redeploy make bidders of them again; so does TUPE.
  EXPECT_GT(capable(sets({"capacity.redeploy_share=1", "capacity.tupe_share=0",
                          "capacity.hiring_floor=0"}),
                    0),
            0);
  EXPECT_GT(capable(sets({"capacity.redeploy_share=0", "capacity.tupe_share=1",
                          "capacity.hiring_floor=0"}),
                    0),
            0);
}

TEST(Capacity, WithoutSpareCapacityAFailedServiceGoesInHouse) {
  auto routes = [](const std::string& redeploy) {
    const auto p = test::firms_market({"capacity.redeploy_share=" + redeploy});
    const Streams rng(9, 0);
    World w = contracted_world(p, rng);
    const Service& s = w.market.commissioners[0].services[0];
    EXPECT_TRUE(s.contracted);
    w.market.providers[s.provider].alive = false;
    StepInLoad load(w.market.providers.size(), 0.0);
    return step_in_options(w.market, w.year, p, 0, 0, load);
  };
  // Firms whose only staff came with their own contracts have none spare: in-house only.
  const auto tight = routes("0");
  ASSERT_EQ(tight.size(), 1u);
  EXPECT_EQ(tight.back().route, StepInRoute::InHouse);
  // With staff to redeploy from their other business, firms can take it over.
  EXPECT_GT(routes("1").size(), 1u);
}

TEST(Capacity, AClosedUnitTakingBackAFailedServiceHasOnlyTheStaffWhoTransfer) {
  const auto p = test::firms_market({"capacity.failure_transfer=0.5"});
  const Streams rng(10, 0);
  World w = contracted_world(p, rng);
  Service& s = w.market.commissioners[0].services[0];
  const int unit = w.market.commissioners[0].in_house[0];
  w.market.providers[unit].capacity = 0;  // closed: its staff have gone
  const double serving = serving_capacity(w.market, 0, 0);
  ASSERT_GT(serving, 0);
  w.market.providers[s.provider].alive = false;
  take_back_in_house(w.market, w.year, p, 0, 0, 0.25, 0.25);
  EXPECT_EQ(s.provider, unit);
  EXPECT_NEAR(service_capacity(w.market, p, 0, 0), 0.5 * serving, 1e-9 * serving);
  EXPECT_LT(service_capacity(w.market, p, 0, 0), s.load);  // citizens will wait
}

/// Terminations when every contracted service delivered quality 0.5 but left `waiting` of its
/// eligible load waiting, over 20 monitoring draws.
int late_terminations(double penalty, double waiting) {
  const auto p = test::firms_market(
      {"capacity.late_penalty=" + std::to_string(penalty), "commissioners.capability=1"});
  int n = 0;
  for (std::uint32_t r = 0; r < 20; ++r) {
    const Streams rng(11, r);
    World w = contracted_world(p, rng);
    CitizenConditions cond;
    cond.domains = static_cast<int>(p.domains.size());
    cond.service.resize(w.market.commissioners.size() * p.domains.size());
    for (auto& sc : cond.service) sc.quality = 0.5;
    CitizenTally t;
    t.reset(static_cast<int>(w.market.commissioners.size()), cond.domains);
    for (std::size_t ad = 0; ad < t.demand_units.size(); ++ad) {
      t.served_count[ad * kQueueClasses + queue_class(1, 1, 0)] = 1000;
      t.queue_count[ad * kQueueClasses + queue_class(1, 1, 1)] =
          static_cast<std::int64_t>(1000 * waiting / (1 - waiting));
    }
    EXPECT_NEAR(waiting_share(t, p, 0, 0), waiting, 1e-3);
    w.market.ledger.begin_year(w.market.commissioners.size(), p.domains.size(),
                               w.market.providers.size());
    monitor(w.market, w.year, p, rng, cond, t);
    n += w.market.ledger.events.terminations;
  }
  return n;
}

TEST(Capacity, LateDeliveryLowersObservedQualityAndEndsContracts) {
  // Quality 0.5 is well above the termination bar (0.3) for a capable commissioner; half the
  // eligible load left waiting at a penalty of 0.5 brings what it sees to 0.25, below it.
  EXPECT_EQ(late_terminations(0.5, 0.0), 0);
  EXPECT_EQ(late_terminations(0.0, 0.5), 0);
  EXPECT_GT(late_terminations(0.5, 0.5), 100);
}

TEST(Capacity, HigherLeavingLowersCapacityAgainstLoadWhenHiringIsCapped) {
  // Paired replicates (same seeds): only capacity.leaving differs. Hiring is capped at 10% of
  // capacity plus 2% of target a year, so leavers at 25% a year cannot all be replaced.
  const std::vector<std::string> capped = {"capacity.max_hiring=0.1", "capacity.hiring_floor=0.02"};
  auto with = [&](const char* leaving) {
    auto s = capped;
    s.push_back(std::string("capacity.leaving=") + leaving);
    return run_all(small_baseline(s));
  };
  const auto low = with("0.05");
  const auto high = with("0.25");
  auto ratio = [](const YearRecord& y) {
    double load = 0;
    for (double v : y.dom_demand) load += v;
    return load > 0 ? y.capacity_total / load : NAN;
  };
  const double r_low = mean_over(low, ratio, 5, 10);
  const double r_high = mean_over(high, ratio, 5, 10);
  EXPECT_GT(r_low, 0.5) << "normal leaving is replaced";
  EXPECT_LT(r_high, 0.6 * r_low) << r_low << " vs " << r_high;
  EXPECT_GT(r_high, 0.05 * r_low) << "the floor keeps some hiring going";
  // Hires go on in both; more leave under high leaving.
  EXPECT_GT(mean_over(
                high, [](auto& y) { return y.capacity_leavers; }, 1, 10),
            mean_over(
                low, [](auto& y) { return y.capacity_leavers; }, 1, 10));
}

}  // namespace
}  // namespace quasim
