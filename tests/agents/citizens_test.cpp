// The citizen phase (`live`), step by step, on small hand-built worlds: ageing, death and
// birth; needs arising, served or not, resolving and escalating; choice of provider;
// satisfaction, trust and disengagement; the outcome index and the tally. Comparisons are
// paired: the same citizens and the same random streams, one condition changed.
#include "agents/citizens.hpp"

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cmath>
#include <numeric>

#include "tests/support/hand_built_citizens.hpp"

namespace quasim {
namespace {

using test::citizens;
using test::conditions;
using test::kYear;
using test::live_once;
using test::params;
using test::still_domain;

std::int64_t sum(const std::vector<std::int64_t>& v) {
  return std::accumulate(v.begin(), v.end(), std::int64_t{0});
}

// ---- rationing: who is served

TEST(CitizenPhase, NoOneAboveTheThresholdIsRefusedAndNoOneBelowIsServed) {
  const auto p = params(1);
  Citizens c = citizens(1, 2000, 30);
  for (std::size_t i = 0; i < c.size(); ++i)
    c.needs[i] = i % 2 ? 3 : 2;  // half high, half moderate
  auto cond = conditions(1, 1);
  cond.service[0].threshold = 3;
  cond.service[0].marginal = 1.0;
  const auto t = live_once(c, cond, p);
  EXPECT_EQ(t.served_people[0], 1000);
  EXPECT_EQ(t.served_units[0], 3 * 1000);
  EXPECT_EQ(t.unmet_units[0], 2 * 1000);
  EXPECT_EQ(t.demand_units[0], 5 * 1000);
}

TEST(CitizenPhase, ThresholdFourServesNobody) {
  const auto p = params(1);
  Citizens c = citizens(1, 1000, 30, 3);
  auto cond = conditions(1, 1);
  cond.service[0].threshold = 4;
  const auto t = live_once(c, cond, p);
  EXPECT_EQ(t.served_people[0], 0);
  EXPECT_EQ(t.unmet_units[0], t.demand_units[0]);
}

TEST(CitizenPhase, TheThresholdLevelIsServedByLottery) {
  const auto p = params(1);
  Citizens c = citizens(1, 20000, 30, 2);
  auto cond = conditions(1, 1);
  cond.service[0].threshold = 2;
  cond.service[0].marginal = 0.25;
  const auto t = live_once(c, cond, p);
  EXPECT_NEAR(t.served_people[0] / 20000.0, 0.25, 0.02);  // sd 0.003
}

TEST(CitizenPhase, FullDisruptionServesNobody) {
  const auto p = params(1);
  Citizens c = citizens(1, 1000, 30, 3);
  auto cond = conditions(1, 1);
  cond.service[0].disruption = 1.0;
  EXPECT_EQ(live_once(c, cond, p).served_people[0], 0);
}

TEST(CitizenPhase, TheDisengagedDoNotComeForwardWithLowNeedsButHighNeedBringsThemBack) {
  const auto p = params(1);
  Citizens low = citizens(1, 500, 30, 1), high = citizens(1, 500, 30, 2);
  low.disengaged.assign(low.size(), 1);
  high.disengaged.assign(high.size(), 1);
  const auto cond = conditions(1, 1);
  const auto t_low = live_once(low, cond, p);
  const auto t_high = live_once(high, cond, p);
  EXPECT_EQ(t_low.served_people[0], 0);
  EXPECT_EQ(t_low.disengaged_count[0], 500);
  EXPECT_EQ(t_high.served_people[0], 500);
  EXPECT_EQ(t_high.disengaged_count[0], 0);  // a level-2 need: back to public channels
}

// ---- needs: arising, resolving, escalating

TEST(CitizenPhase, NeedsAriseAtTheOnsetRateAndCoproductionLowersIt) {
  auto p = params(1);
  p.domains[0].onset = 0.2;
  Citizens a = citizens(1, 20000, 30);
  const auto cond = conditions(1, 1);
  const auto t = live_once(a, cond, p);
  EXPECT_NEAR(t.level_count[1] / 20000.0, 0.2, 0.015);  // sd 0.003
  // Full co-production by fully capable citizens: no need arises.
  p.population.coproduction = 1.0;
  Citizens b = citizens(1, 20000, 30);
  b.capability.assign(b.size(), 255);
  EXPECT_EQ(live_once(b, cond, p).level_count[0], 20000);
}

TEST(CitizenPhase, OnsetFollowsTheAgeBandAfterAgeing) {
  auto p = params(1);
  p.domains[0].onset = 1.0;
  p.domains[0].age_weights = {0, 0, 0, 1, 0};  // only 65-84
  const auto cond = conditions(1, 1);
  Citizens young = citizens(1, 1000, 63), old = citizens(1, 1000, 64);  // 64 turns 65
  EXPECT_EQ(live_once(young, cond, p).level_count[1], 0);
  EXPECT_EQ(live_once(old, cond, p).level_count[1], 1000);
}

TEST(CitizenPhase, ServedNeedsResolveWithQualityAndUnservedOnesEscalate) {
  auto p = params(1);
  p.domains[0].resolution = 1.0;
  p.domains[0].escalation = 1.0;
  Citizens served = citizens(1, 1000, 30, 2), refused = citizens(1, 1000, 30, 2);
  auto cond = conditions(1, 1);
  cond.service[0].quality = 1.0;  // resolution x quality = 1: every served need falls a level
  const auto t_served = live_once(served, cond, p);
  EXPECT_EQ(t_served.resolved_people[0], 1000);
  EXPECT_EQ(t_served.level_count[1], 1000);
  cond.service[0].threshold = 4;  // nobody served, escalation 1: every need rises a level
  const auto t_refused = live_once(refused, cond, p);
  EXPECT_EQ(t_refused.level_count[3], 1000);
  EXPECT_EQ(t_refused.resolved_people[0], 0);
}

TEST(CitizenPhase, UnservedNeedsResolveNaturallyAndLevelsStayInRange) {
  auto p = params(1);
  p.domains[0].natural_resolution = 1.0;
  Citizens c = citizens(1, 1000, 30, 1);
  auto cond = conditions(1, 1);
  cond.service[0].threshold = 4;
  EXPECT_EQ(live_once(c, cond, p).level_count[0], 1000);
  p.domains[0].natural_resolution = 0;
  p.domains[0].escalation = 1.0;
  Citizens top = citizens(1, 1000, 30, 3);
  EXPECT_EQ(live_once(top, cond, p).level_count[3], 1000);  // capped at 3
}

TEST(CitizenPhase, BetterQualityResolvesMoreNeeds) {
  auto p = params(1);
  p.domains[0].resolution = 0.5;
  Citizens low = citizens(1, 20000, 30, 2), high = citizens(1, 20000, 30, 2);
  auto cond = conditions(1, 1);
  cond.service[0].quality = 0.3;
  const auto t_low = live_once(low, cond, p);
  cond.service[0].quality = 0.9;
  const auto t_high = live_once(high, cond, p);
  EXPECT_NEAR(t_low.resolved_people[0] / 20000.0, 0.15, 0.015);
  EXPECT_NEAR(t_high.resolved_people[0] / 20000.0, 0.45, 0.015);
}

// ---- choice of provider

TEST(CitizenPhase, DissatisfiedUsersSwitchProviderAboutAThirdOfTheTime) {
  const auto p = params(1);
  Citizens c = citizens(1, 20000, 30, 2);  // chosen 0: everyone uses slot 0
  auto cond = conditions(1, 1);
  cond.service[0].slots = 2;
  cond.service[0].slot_quality = {0.2, 0.9, 0, 0};  // slot 0 far below expectation 0.5
  const auto t = live_once(c, cond, p);
  EXPECT_EQ(t.served_people[0], 20000);
  EXPECT_NEAR(t.switches[0] / 20000.0, 0.3, 0.015);
  EXPECT_EQ(t.slot_units[1], 2 * t.switches[0]);  // movers are counted at their new provider
  EXPECT_EQ(t.slot_units[0] + t.slot_units[1], t.served_units[0]);
  int moved = 0;
  for (std::size_t i = 0; i < c.size(); ++i) moved += need_level(c.chosen[i], 0) == 1;
  EXPECT_EQ(moved, t.switches[0]);
}

TEST(CitizenPhase, NewUsersPreferTheBestRegardedProvider) {
  auto p = params(1);
  p.domains[0].onset = 1.0;
  Citizens c = citizens(1, 20000, 30);
  auto cond = conditions(1, 1);
  cond.service[0].slots = 4;
  cond.service[0].slot_quality = {0.5, 0.6, 0.9, 0.4};
  live_once(c, cond, p);
  int best = 0;
  for (std::size_t i = 0; i < c.size(); ++i) best += need_level(c.chosen[i], 0) == 2;
  EXPECT_NEAR(best / 20000.0, 0.5 + 0.5 / 4, 0.015);  // half pick the best, half any of four
}

// ---- satisfaction, trust, disengagement

TEST(CitizenPhase, HigherQualityRaisesSatisfactionAndTrust) {
  const auto p = params(1);
  Citizens low = citizens(1, 20000, 30, 3), high = citizens(1, 20000, 30, 3);
  auto cond = conditions(1, 1);
  cond.service[0].quality = 0.3;
  const auto t_low = live_once(low, cond, p);
  cond.service[0].quality = 0.9;
  const auto t_high = live_once(high, cond, p);
  EXPECT_GT(t_high.satisfaction_sum[0], t_low.satisfaction_sum[0]);
  EXPECT_GT(t_high.trust_sum[0], t_low.trust_sum[0]);
  // sat += response (0.5 + quality - expectation - sat); stochastic rounding keeps the mean.
  const double s0 = 128 / 255.0, r = p.population.trust_response;
  EXPECT_NEAR(t_high.satisfaction_sum[0] / 20000.0, 255 * (s0 + r * (0.9 - s0)), 0.5);
  EXPECT_NEAR(t_low.satisfaction_sum[0] / 20000.0, 255 * (s0 + r * (0.3 - s0)), 0.5);
}

TEST(CitizenPhase, UnmetNeedLowersSatisfactionAndNoContactLeavesIt) {
  const auto p = params(1);
  Citizens refused = citizens(1, 20000, 30, 2), untouched = citizens(1, 20000, 30, 0);
  auto cond = conditions(1, 1);
  cond.service[0].threshold = 4;
  const double s0 = 128 / 255.0, r = p.population.trust_response;
  EXPECT_NEAR(live_once(refused, cond, p).satisfaction_sum[0] / 20000.0,
              255 * (s0 + r * (0.1 - s0)), 0.5);
  EXPECT_NEAR(live_once(untouched, cond, p).satisfaction_sum[0] / 20000.0, 128, 0.5);
}

TEST(CitizenPhase, DisengagementOnlyAmongTheYoungAndOnlyWhenItsRateIsPositive) {
  auto p = params(1);
  const auto cond = conditions(1, 1);
  Citizens none = citizens(1, 5000, 20);
  EXPECT_EQ(live_once(none, cond, p).disengaged_count[0], 0);
  p.population.disengagement = 0.5;  // chance 2 x 0.5 x (1 - trust) ~ 0.5
  Citizens young = citizens(1, 5000, 20), older = citizens(1, 5000, 40);
  const auto t_young = live_once(young, cond, p);
  EXPECT_NEAR(t_young.disengaged_count[0] / 5000.0, 0.5, 0.05);
  EXPECT_EQ(live_once(older, cond, p).disengaged_count[0], 0);
}

// ---- ageing, death and birth

TEST(CitizenPhase, MortalityOneKillsEveryoneOfThatAgeAndBirthsReplaceThem) {
  const auto p = params(1);
  Citizens c = citizens(1, 2000, 30, 3);
  for (std::size_t i = 0; i < c.size(); i += 2) c.age[i] = 80;
  auto cond = conditions(1, 1);
  cond.mortality[80] = 1.0;
  const auto t = live_once(c, cond, p);
  double capability = 0;
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (i % 2 == 0) {
      EXPECT_EQ(c.age[i], 0);
      EXPECT_EQ(c.needs[i], 0);        // a newborn starts with no needs (onset is 0 here)
      EXPECT_GE(c.capability[i], 50);  // capability_mean 0.5 +- 0.3
      EXPECT_LE(c.capability[i], 205);
      capability += c.capability[i];
    } else {
      EXPECT_EQ(c.age[i], 31);
      EXPECT_EQ(c.needs[i], 3);
    }
  }
  EXPECT_NEAR(capability / 1000 / 255, p.population.capability_mean, 0.02);
  EXPECT_EQ(t.people[0], 2000);  // the population of an area is constant
  EXPECT_EQ(t.aged65[0], 0);
  EXPECT_EQ(t.level_count[3], 1000);
}

TEST(CitizenPhase, AgeingAddsAYearUpTo110) {
  const auto p = params(1);
  Citizens c = citizens(1, 10, 64);
  for (std::size_t i = 5; i < c.size(); ++i) c.age[i] = 110;
  const auto t = live_once(c, conditions(1, 1), p);
  for (std::size_t i = 0; i < c.size(); ++i) EXPECT_EQ(c.age[i], i < 5 ? 65 : 110);
  EXPECT_EQ(t.aged65[0], 10);
}

// ---- outcome and tally

TEST(CitizenPhase, OutcomeIsOneMinusTheWeightedNeed) {
  const auto p = params(2);
  Citizens none = citizens(1, 100, 30, 0), full = citizens(1, 100, 30, 0xF);  // both at level 3
  auto cond = conditions(1, 2);
  cond.service[0].threshold = cond.service[1].threshold = 4;
  const auto t_none = live_once(none, cond, p);
  const auto t_full = live_once(full, cond, p);
  EXPECT_EQ(t_none.outcome_histogram[255], 100);
  EXPECT_EQ(t_none.outcome_sum[0], 255 * 100);
  EXPECT_EQ(t_full.outcome_histogram[0], 100);
  EXPECT_EQ(t_full.outcome_sum[0], 0);
}

TEST(CitizenPhase, TallySumsEqualPeopleAndUnits) {
  auto p = params(3);
  for (auto& d : p.domains) d.onset = 0.1, d.resolution = 0.3, d.escalation = 0.2;
  Citizens c = citizens(4, 3000, 50, 0b011001);  // levels 1, 2, 1 in the three domains
  for (std::size_t i = 0; i < c.size(); i += 3) c.age[i] = 70;
  auto cond = conditions(4, 3);
  cond.mortality[70] = 0.5;  // by the age before ageing: about half the 70-year-olds die
  for (std::size_t k = 0; k < cond.service.size(); ++k) {
    cond.service[k].threshold = static_cast<std::uint8_t>(1 + k % 3);
    cond.service[k].marginal = 0.5;
  }
  const auto t = live_once(c, cond, p);
  EXPECT_EQ(sum(t.people), static_cast<std::int64_t>(c.size()));
  EXPECT_EQ(sum(t.outcome_histogram), static_cast<std::int64_t>(c.size()));
  for (int a = 0; a < 4; ++a) {
    EXPECT_EQ(t.people[a], 3000);
    EXPECT_NEAR(t.aged65[a], 500, 100);
    for (int d = 0; d < 3; ++d) {
      const std::size_t ad = t.ad(a, d);
      std::int64_t people = 0, slots = 0;
      for (int l = 0; l < kNeedLevels; ++l) people += t.level_count[ad * kNeedLevels + l];
      for (int s = 0; s < kChoiceSlots; ++s) slots += t.slot_units[ad * kChoiceSlots + s];
      EXPECT_EQ(people, 3000);
      EXPECT_EQ(t.served_units[ad] + t.unmet_units[ad], t.demand_units[ad]);
      EXPECT_EQ(slots, t.served_units[ad]);
      EXPECT_LE(t.resolved_people[ad], t.served_people[ad]);
    }
  }
}

TEST(CitizenPhase, SameResultsOnOneAndTwoThreads) {
  auto p = params(4);
  for (auto& d : p.domains) d.onset = 0.05, d.resolution = 0.35, d.escalation = 0.15;
  p.population.disengagement = 0.05;
  auto cond = conditions(3, 4);
  for (std::size_t k = 0; k < cond.service.size(); ++k) {
    cond.service[k].threshold = static_cast<std::uint8_t>(1 + k % 3);
    cond.service[k].marginal = 0.6;
    cond.service[k].slots = k % 4 == 0 ? 3 : 1;
    cond.service[k].slot_quality = {0.3, 0.7, 0.5, 0};
  }
  cond.mortality.assign(111, 0.01);
  auto run = [&](int threads, Citizens& c) {
    const tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    for (std::size_t i = 0; i < c.size(); ++i) {
      c.age[i] = static_cast<std::uint8_t>(i % 100);
      c.needs[i] = static_cast<std::uint16_t>(i * 2654435761u) & 0xFF;  // 4 domains
    }
    CitizenTally t;
    for (int year = 0; year < 3; ++year) live(c, cond, p, Streams(5, 1), year, t);
    return t;
  };
  Citizens one = citizens(3, 20000, 0), two = citizens(3, 20000, 0);  // 60,000: many tasks
  const auto t1 = run(1, one);
  const auto t2 = run(2, two);
  EXPECT_EQ(t1.demand_units, t2.demand_units);
  EXPECT_EQ(t1.served_units, t2.served_units);
  EXPECT_EQ(t1.switches, t2.switches);
  EXPECT_EQ(t1.level_count, t2.level_count);
  EXPECT_EQ(t1.satisfaction_sum, t2.satisfaction_sum);
  EXPECT_EQ(t1.trust_sum, t2.trust_sum);
  EXPECT_EQ(t1.disengaged_count, t2.disengaged_count);
  EXPECT_EQ(t1.outcome_histogram, t2.outcome_histogram);
  EXPECT_TRUE(one.needs == two.needs && one.chosen == two.chosen && one.age == two.age &&
              one.satisfaction == two.satisfaction && one.trust == two.trust);
  EXPECT_GT(sum(t1.served_units), 0);
  EXPECT_GT(sum(t1.switches), 0);
}

}  // namespace
}  // namespace quasim
