// Outcomes, lasting harm, hidden need and trust from the area, on small hand-built citizen
// worlds (agents/citizens.cpp). Paired: the same citizens and streams, one condition changed.
#include <gtest/gtest.h>

#include <numeric>

#include "agents/citizens.hpp"
#include "tests/support/hand_built_citizens.hpp"

namespace quasim {
namespace {

using test::citizens;
using test::conditions;
using test::params;

template <class V>
std::int64_t sum(const V& v) {
  return std::accumulate(v.begin(), v.end(), std::int64_t{0});
}

double mean_byte(const CitizenField<std::uint8_t>& v, std::size_t from, std::size_t to) {
  double s = 0;
  for (std::size_t i = from; i < to; ++i) s += v[i];
  return s / (255.0 * static_cast<double>(to - from));
}

/// Years of the citizen phase under fixed conditions; returns the last year's tally.
CitizenTally live_years(Citizens& c, const CitizenConditions& cond, const Parameters& p,
                        int years) {
  CitizenTally t;
  for (int y = 0; y < years; ++y) live(c, cond, p, Streams(7, 0), test::kYear + y, t);
  return t;
}

// ---- lasting harm

TEST(LastingHarm, UnservedHighNeedLeavesHarmThatRaisesDeaths) {
  auto p = params(1);
  auto cond = conditions(1, 1);
  cond.mortality.assign(111, 0.02);
  Citizens served = citizens(1, 20000, 70, 3);
  Citizens refused = served;
  const CitizenTally ts = live_years(served, cond, p, 3);
  cond.service[0].threshold = 4;  // nobody served
  const CitizenTally tr = live_years(refused, cond, p, 3);
  EXPECT_EQ(sum(ts.band_harm_sum), 0);
  EXPECT_EQ(ts.excess_deaths, 0);
  // Three years refused: harm 1 - 0.7^3 = 0.66 for those alive since the start.
  const double harm = static_cast<double>(sum(tr.band_harm_sum)) / (255.0 * 20000);
  EXPECT_GT(harm, 0.5);
  EXPECT_LT(harm, 0.7);
  // Mortality x (1 + harm): about 0.02 x 0.5 x 20000 = 200 excess deaths in the third year.
  EXPECT_GT(tr.excess_deaths, 100);
  EXPECT_LT(tr.excess_deaths, 300);
}

TEST(LastingHarm, LowersTheOutcomeOfTheSameNeed) {
  const auto p = params(2);
  auto cond = conditions(1, 2);                 // nobody dies, nobody's need changes
  Citizens served = citizens(1, 20000, 70, 3);  // level 3 in domain 0, none in domain 1
  Citizens refused = served;
  const CitizenTally ts = live_years(served, cond, p, 3);
  cond.service[0].threshold = 4;
  const CitizenTally tr = live_years(refused, cond, p, 3);
  // Same level 3 everywhere; harm about 0.66 costs 0.3 x 0.66 = 0.2 of the outcome index.
  const double gap =
      static_cast<double>(sum(ts.outcome_sum) - sum(tr.outcome_sum)) / (255.0 * 20000);
  EXPECT_NEAR(gap, 0.2, 0.03);
}

TEST(LastingHarm, FadesOnceServedAndRaisesOnsetElsewhere) {
  auto p = params(2);
  p.domains[1].onset = 0.1;  // domain 1: needs arise; domain 0: a level-3 need, refused or not
  auto cond = conditions(1, 2);
  Citizens c = citizens(1, 20000, 50, 3);  // level 3 in domain 0
  cond.service[0].threshold = 4;
  live_years(c, cond, p, 3);
  Citizens unharmed = citizens(1, 20000, 50, 3);
  Citizens harmed = c;
  for (std::size_t i = 0; i < c.size(); ++i) harmed.needs[i] = unharmed.needs[i] = 3;
  cond.service[0].threshold = 1;  // now served: harm fades
  const CitizenTally th = live_years(harmed, cond, p, 1);
  const CitizenTally tu = live_years(unharmed, cond, p, 1);
  const double before = mean_byte(c.harm, 0, c.size());
  const double after = mean_byte(harmed.harm, 0, harmed.size());
  EXPECT_NEAR(after, before * (1 - p.outcomes.harm_decay), 0.02);
  // Onset in domain 1 rises with harm: x (1 + 0.5 x harm), harm about 0.66.
  const double onset_h = static_cast<double>(sum(th.queue_count));  // both domains' needs
  const double onset_u = static_cast<double>(sum(tu.queue_count));
  EXPECT_GT(onset_h, onset_u + 0.2 * 0.1 * 20000);
}

// ---- hidden need

TEST(HiddenNeed, DisengagedLowNeedIsNeitherDemandNorUnmet) {
  const auto p = params(1);
  Citizens c = citizens(1, 1000, 30, 1);
  for (std::size_t i = 0; i < 400; ++i) c.disengaged[i] = 1;
  const auto t = test::live_once(c, conditions(1, 1), p);
  EXPECT_EQ(t.demand_units[0], 600);
  EXPECT_EQ(t.unmet_units[0], 0);
  EXPECT_EQ(t.hidden_units[0], 400);
}

// ---- satisfaction and trust from the area

TEST(AreaTrust, NonUsersTrustFallsWhereAProviderFailed) {
  const auto p = params(1);
  Citizens c = citizens(2, 10000, 30, 0);  // nobody has a need: all non-users
  auto cond = conditions(2, 1);
  cond.service[1].disruption = 0.25;  // area 1's provider failed last year
  CitizenTally last;
  last.reset(2, 1);
  for (int a = 0; a < 2; ++a) area_signals(last, p, a, cond);
  EXPECT_DOUBLE_EQ(cond.trust_shock[0], 0.0);
  EXPECT_DOUBLE_EQ(cond.trust_shock[1], 0.25 * p.population.failure_salience);
  live_years(c, cond, p, 5);
  const double calm = mean_byte(c.trust, 0, 10000), failed = mean_byte(c.trust, 10000, 20000);
  // 5 years at 0.5 x 0.15 a year toward 0.25 lower: about 0.08 lower.
  EXPECT_LT(failed, calm - 0.05);
  EXPECT_GT(failed, calm - 0.12);
}

TEST(AreaTrust, NonUsersHearOfNeighboursRefusedAndOfCuts) {
  const auto p = params(1);
  auto cond = conditions(2, 1);
  CitizenTally last;
  last.reset(2, 1);
  last.demand_units = {1000, 1000};
  last.unmet_units = {0, 800};    // area 1: most need refused or waiting last year
  cond.service[1].threshold = 3;  // and its thresholds have risen
  for (int a = 0; a < 2; ++a) area_signals(last, p, a, cond);
  EXPECT_NEAR(cond.area_view[0], 0.5 + 0.6 - 0.5, 1e-12);  // served neighbours' view
  EXPECT_LT(cond.area_view[1], cond.area_view[0] - 0.4);
  Citizens c = citizens(2, 10000, 30, 0);
  live_years(c, cond, p, 5);
  EXPECT_LT(mean_byte(c.satisfaction, 10000, 20000), mean_byte(c.satisfaction, 0, 10000) - 0.1);
  EXPECT_LT(mean_byte(c.trust, 10000, 20000), mean_byte(c.trust, 0, 10000) - 0.02);
}

// ---- value for money's counterfactual: what service changed

TEST(ValueForMoney, ServedNeedEndsLowerThanUnservedWouldHave) {
  auto p = params(1);
  p.domains[0].resolution = 0.5;
  p.domains[0].escalation = 0.1;
  Citizens c = citizens(1, 20000, 30, 1);
  const auto t = test::live_once(c, conditions(1, 1), p);
  // Served at quality 0.6: resolves with 0.3, escalates with 0.1 x 0.2 of the rest; unserved
  // it would have ended at 1 + 0.1 on average. Averted about 0.1 + 0.3 - 0.02 = 0.38 a person.
  const double expected = 20000 * 1.1;
  const double averted = (expected - static_cast<double>(t.served_next[0])) / 20000;
  EXPECT_NEAR(averted, 0.38, 0.03);
}

}  // namespace
}  // namespace quasim
