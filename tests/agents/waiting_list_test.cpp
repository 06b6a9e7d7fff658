// Waiting lists, difficulty and creaming: the service plan (whom capacity admits, effort by
// group, the congestion wait) on hand-made queues, and the citizen phase's side (joining,
// waiting and leaving a list) on hand-built citizens with paired random streams.
#include "agents/waiting_list.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "tests/support/hand_built_citizens.hpp"

namespace quasim {
namespace {

using test::citizens;
using test::conditions;
using test::live_once;
using test::params;

constexpr double kUnlimited = std::numeric_limits<double>::infinity();

/// A queue of `n` persons in one class.
struct Queue {
  std::array<std::int64_t, kQueueClasses> count{};
  Queue& add(int level, int group, int wait, std::int64_t n) {
    count[queue_class(level, group, wait)] += n;
    return *this;
  }
};

ServicePlan plan(const Queue& q, double capacity, const Parameters& p, double creaming = 0) {
  ServicePlanInputs in;
  in.queue = q.count.data();
  in.capacity = capacity;
  in.creaming = creaming;
  return plan_service(in, p);
}

float admitted(const ServicePlan& s, int level, int group, int wait) {
  return s.admit[queue_class(level, group, wait)];
}

// ---- the plan

TEST(WaitingList, UnlimitedCapacityAdmitsEveryoneWithoutAWait) {
  Parameters p;
  const auto s = plan(Queue{}.add(1, 0, 0, 100).add(3, 2, 2, 50), kUnlimited, p);
  for (float a : s.admit) EXPECT_EQ(a, 1.0f);
  EXPECT_EQ(s.wait_weeks, 0.0);
}

TEST(WaitingList, ByNeedServesTheHighestLevelFirstAndFirstComeTheLongestWait) {
  Parameters p;  // group 1 ("typical") costs 1 capacity unit per need unit
  const Queue q = Queue{}.add(1, 1, 2, 100).add(3, 1, 0, 100);  // loads 100 and 300
  p.waiting.order = WaitingOrder::ByNeed;
  const auto need = plan(q, 300, p);
  EXPECT_EQ(admitted(need, 3, 1, 0), 1.0f);
  EXPECT_EQ(admitted(need, 1, 1, 2), 0.0f);
  p.waiting.order = WaitingOrder::FirstComeFirstServed;
  const auto fcfs = plan(q, 300, p);
  EXPECT_EQ(admitted(fcfs, 1, 1, 2), 1.0f);
  EXPECT_NEAR(admitted(fcfs, 3, 1, 0), 200.0 / 300.0, 1e-6);
}

TEST(WaitingList, ClassesRankedEqualShareWhatIsLeftWhateverTheirGroup) {
  Parameters p;  // easier costs 0.75, hardest 1.375 per need unit
  const Queue q = Queue{}.add(2, 0, 0, 100).add(2, 2, 0, 100);  // loads 150 and 275
  const auto s = plan(q, 0.5 * 425, p);
  EXPECT_NEAR(admitted(s, 2, 0, 0), 0.5, 1e-6);
  EXPECT_NEAR(admitted(s, 2, 2, 0), 0.5, 1e-6);
}

TEST(WaitingList, FundingAndDisruptionDecideTheLoadCapacityMustMeet) {
  Parameters p;
  ServicePlanInputs in;
  const Queue q = Queue{}.add(1, 1, 0, 100).add(2, 1, 0, 100);
  in.queue = q.count.data();
  in.capacity = kUnlimited;
  in.threshold = 2;
  EXPECT_NEAR(plan_service(in, p).load, 200, 1e-9);  // level 1 unfunded
  in.threshold = 1;
  in.marginal = 0.5;
  in.disruption = 0.5;
  EXPECT_NEAR(plan_service(in, p).load, 0.5 * (0.5 * 100 + 200), 1e-9);
}

TEST(WaitingList, CongestionWaitRisesWithUtilisationAndIsCapped) {
  WaitingParams w;
  w.congestion_weeks = 1.0;
  EXPECT_EQ(congestion_wait(0, w), 0);
  EXPECT_NEAR(congestion_wait(0.5, w), 1.0, 1e-12);
  EXPECT_NEAR(congestion_wait(0.9, w), 9.0, 1e-9);
  EXPECT_NEAR(congestion_wait(3.0, w), 0.98 / 0.02, 1e-9);
  Parameters p;
  const Queue q = Queue{}.add(1, 1, 0, 90);
  EXPECT_LT(plan(q, 180, p).wait_weeks, plan(q, 100, p).wait_weeks);
}

TEST(WaitingList, HarderGroupsAreResolvedLessAndCostMore) {
  Parameters p;
  const auto s = plan(Queue{}, kUnlimited, p);
  EXPECT_GT(s.effort[0], s.effort[1]);
  EXPECT_GT(s.effort[1], s.effort[2]);
  EXPECT_FLOAT_EQ(s.effort[2], 0.55f);  // ease only: nobody creams
  EXPECT_LT(class_load(p.difficulty, queue_class(2, 0, 0)),
            class_load(p.difficulty, queue_class(2, 2, 0)));
}

// ---- creaming and parking

TEST(Creaming, DegreeRisesWithPbRAndProfitMotiveAndFallsWithMonitoring) {
  Parameters p;
  Provider firm, charity, unit;
  firm.type = ProviderType::LargePrivate;
  charity.type = ProviderType::Voluntary;
  unit.type = ProviderType::InHouse;
  EXPECT_EQ(creaming_degree(firm, 0, p), 0);
  EXPECT_EQ(creaming_degree(unit, 1, p), 0);
  EXPECT_GT(creaming_degree(firm, 0.6, p), 2 * creaming_degree(firm, 0.2, p) * 0.99);
  EXPECT_GT(creaming_degree(firm, 0.6, p), 5 * creaming_degree(charity, 0.6, p));
  Parameters watched = p;
  watched.commissioners.monitoring_cost = 0.2;
  EXPECT_LT(creaming_degree(firm, 0.6, watched), 0.6 * creaming_degree(firm, 0.6, p));
}

TEST(Creaming, AProviderPaidByResultsParksTheHardestAndDifferentialPaymentsNarrowIt) {
  Parameters p;
  const auto fair = plan(Queue{}, kUnlimited, p, 0.0);
  const auto creamed = plan(Queue{}, kUnlimited, p, 0.5);
  EXPECT_FLOAT_EQ(creamed.effort[0], fair.effort[0]);  // the best-paying group loses nothing
  EXPECT_LT(creamed.effort[2], 0.75 * fair.effort[2]);
  Parameters differential = p;
  differential.difficulty.pbr_payment = {1.0, 1.5, 3.0};
  const auto paid = plan(Queue{}, kUnlimited, differential, 0.5);
  EXPECT_GT(paid.effort[2] / paid.effort[0], creamed.effort[2] / creamed.effort[0] + 0.05);
}

TEST(Creaming, ShortCapacityGoesToTheCasesThatPay) {
  Parameters p;
  const Queue q = Queue{}.add(2, 0, 0, 100).add(2, 2, 0, 100);  // loads 150 and 275
  const auto s = plan(q, 150, p, 0.6);
  EXPECT_EQ(admitted(s, 2, 0, 0), 1.0f);
  EXPECT_EQ(admitted(s, 2, 2, 0), 0.0f);
  // by need still wins over pay where the need is much higher and creaming is weak
  const Queue r = Queue{}.add(1, 0, 0, 100).add(3, 2, 0, 100);
  const auto weak = plan(r, 75, p, 0.1);
  EXPECT_EQ(admitted(weak, 1, 0, 0), 0.0f);
  EXPECT_GT(admitted(weak, 3, 2, 0), 0.0f);
}

// ---- the citizens' side

TEST(WaitingList, NeedsCapacityDoesNotReachWaitAndClimbTheList) {
  const auto p = params(1);
  Citizens c = citizens(1, 1000, 30, 2);
  auto cond = conditions(1, 1);
  std::fill(cond.admit.begin(), cond.admit.end(), 0.0f);
  auto t = live_once(c, cond, p);
  EXPECT_EQ(t.served_people[0], 0);
  EXPECT_EQ(t.unmet_units[0], 2000);
  EXPECT_EQ(t.queue_count[queue_class(2, 0, 1)], 1000);  // on the list one year
  t = live_once(c, cond, p, 12);
  EXPECT_EQ(t.queue_count[queue_class(2, 0, 2)], 1000);
  // admitted again: served, off the list, counted in the class it waited in
  std::fill(cond.admit.begin(), cond.admit.end(), 1.0f);
  t = live_once(c, cond, p, 13);
  EXPECT_EQ(t.served_people[0], 1000);
  EXPECT_EQ(t.served_count[queue_class(2, 0, 2)], 1000);
  EXPECT_EQ(t.queue_count[queue_class(2, 0, 0)], 1000);
}

TEST(WaitingList, PeopleLeaveTheListWhenTheyDieResolveGiveUpOrLoseFunding) {
  auto p = params(1);
  auto cond = conditions(1, 1);
  std::fill(cond.admit.begin(), cond.admit.end(), 0.0f);
  auto on_list = [&](std::uint16_t level) {
    Citizens c = citizens(1, 1000, 30, level);
    c.waiting.assign(c.size(), 1);
    return c;
  };
  auto exits = [](const CitizenTally& t, ListExit e) { return t.list_exits[static_cast<int>(e)]; };
  {  // everyone dies
    Citizens c = on_list(2);
    auto dying = cond;
    dying.mortality.assign(111, 1.0);
    EXPECT_EQ(exits(live_once(c, dying, p), ListExit::Died), 1000);
  }
  {  // every need resolves by itself
    Citizens c = on_list(1);
    auto q = p;
    q.domains[0].natural_resolution = 1.0;
    EXPECT_EQ(exits(live_once(c, cond, q), ListExit::Resolved), 1000);
    EXPECT_EQ(c.waiting[0], 0);
  }
  {  // low trust and a certain give-up: everyone with a low need gives up and disengages
    Citizens c = on_list(1);
    c.trust.assign(c.size(), 0);
    auto q = p;
    q.waiting.give_up = 1.0;
    const auto t = live_once(c, cond, q);
    EXPECT_EQ(exits(t, ListExit::GaveUp), 1000);
    EXPECT_EQ(t.disengaged_count[0], 1000);
  }
  {  // the money no longer reaches the level
    Citizens c = on_list(1);
    auto poorer = cond;
    poorer.service[0].threshold = 2;
    EXPECT_EQ(exits(live_once(c, poorer, p), ListExit::Ineligible), 1000);
  }
}

TEST(WaitingList, QueueingBeforeServiceRaisesEscalationAndLowersSatisfaction) {
  auto p = params(1);
  p.domains[0].escalation = 0.3;
  p.population.trust_response = 0.5;
  auto quick = conditions(1, 1), slow = conditions(1, 1);
  slow.service[0].wait_weeks = 40;
  Citizens a = citizens(1, 20000, 30, 1), b = citizens(1, 20000, 30, 1);
  live_once(a, quick, p);
  live_once(b, slow, p);
  auto escalated = [](const Citizens& c) {
    int n = 0;
    for (std::size_t i = 0; i < c.size(); ++i) n += need_level(c.needs[i], 0) == 2;
    return n / static_cast<double>(c.size());
  };
  // escalation 0.3 x (0.4 x 0.5 + 40/52) against 0.3 x 0.2
  EXPECT_NEAR(escalated(a), 0.06, 0.01);
  EXPECT_NEAR(escalated(b), 0.3 * (0.2 + 40.0 / 52.0), 0.015);
  double sat_a = 0, sat_b = 0;
  for (std::size_t i = 0; i < a.size(); ++i) sat_a += a.satisfaction[i], sat_b += b.satisfaction[i];
  EXPECT_LT(sat_b, sat_a - 0.05 * 255 * a.size());
}

}  // namespace
}  // namespace quasim
