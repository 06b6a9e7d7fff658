// The centre and policy over time and by commissioner: a timeline change takes effect in its
// year and not before; a commissioner's own policy changes its results only; a needs-based
// settlement narrows the unmet-need gap between older and younger areas; emergency funding
// lowers statutory unmet need where it binds, and costs money. Paired replicates (the same
// seeds and streams), bands well beyond replicate noise.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "model/rng.hpp"
#include "tests/support/test_scenarios.hpp"

namespace quasim {
namespace {

using test::mean_over;
using test::run_all;

const std::vector<std::string> kSmall = {"population.citizens=40000", "population.agent_weight=10",
                                         "commissioners.count=6", "run.replicates=6"};

/// The baseline, small, with policy tables (TOML) added and `--set` overrides.
Parameters small_with(const std::string& tables, std::vector<std::string> sets = {},
                      int years = 10) {
  auto all = kSmall;
  all.push_back("run.years=" + std::to_string(years));
  all.insert(all.end(), sets.begin(), sets.end());
  const std::string text = "extends = \"" + test::scenario_path("baseline.toml") + "\"\n" + tables;
  return load_scenario_text(text, test::scenario_path("centre_test.toml"), all).params;
}

const std::vector<std::string> kNobodyTenders = {
    "domain.adult_social_care.tender_share=0", "domain.childrens_services.tender_share=0",
    "domain.community_health.tender_share=0", "domain.offender_rehabilitation.tender_share=0",
    "outsourcing.contract_years=3"};

const char* kTendersEverything = R"(
domain.adult_social_care.tender_share = 1
domain.childrens_services.tender_share = 1
domain.community_health.tender_share = 1
domain.offender_rehabilitation.tender_share = 1
)";

/// Mean over replicates and years [from, to) of commissioner c's value of a series.
template <class F>
double comm_mean(const std::vector<ReplicateResult>& rs, F field, int c, int from, int to) {
  return mean_over(
      rs, [&](const YearRecord& y) { return field(y)[c]; }, from, to);
}

TEST(PolicyTimeline, ChangeTakesEffectInItsYearAndNotBefore) {
  // From 2016 (year index 6) budgets grow 5% a year instead of falling.
  const auto with = run_all(small_with(R"(
[[timeline]]
year = 2016
set = {"budget.change_late" = 0.05}
)"));
  const auto without = run_all(small_with(""));
  ASSERT_EQ(with.size(), without.size());
  for (std::size_t r = 0; r < with.size(); ++r) {
    for (int y = 0; y < 6; ++y) {  // identical before: every commissioner, every series
      const auto &a = with[r].years[y], &b = without[r].years[y];
      EXPECT_EQ(a.spending_total, b.spending_total) << "replicate " << r << " year " << y;
      EXPECT_EQ(a.unmet_need, b.unmet_need);
      EXPECT_EQ(a.comm_budget, b.comm_budget);
      EXPECT_EQ(a.comm_unmet_need, b.comm_unmet_need);
    }
    for (int y = 6; y < 10; ++y)  // from its year: +5% a year instead of -0.5%, compounding
      for (std::size_t c = 0; c < with[r].years[y].comm_budget.size(); ++c)
        EXPECT_NEAR(with[r].years[y].comm_budget[c] / without[r].years[y].comm_budget[c],
                    std::pow(1.05 / 0.995, y - 5), 1e-9);
  }
  const auto unmet = [](const YearRecord& y) { return y.unmet_need; };
  EXPECT_LT(mean_over(with, unmet, 7, 10), mean_over(without, unmet, 7, 10) - 0.02);
}

TEST(PolicyTimeline, CentreEndsContractsEarlyAndTheyComeBackInHouse) {
  // Transforming Rehabilitation's shape: offender rehabilitation outsourced on 7-year contracts;
  // from 2014 the centre stops mandating tenders. Ended early in 2014, the contracts come back
  // in-house then; left to run, they stay with their contractors until their term ends.
  const std::vector<std::string> tr = {"domain.adult_social_care.tender_share=0",
                                       "domain.childrens_services.tender_share=0",
                                       "domain.community_health.tender_share=0",
                                       "domain.offender_rehabilitation.tender_share=1",
                                       "outsourcing.contract_years=7",
                                       "outsourcing.in_house_bids=false"};
  const char* stop_mandate = R"(
[[timeline]]
year = 2014
set = {"domain.offender_rehabilitation.tender_share" = 0.0}
)";
  auto with_end = tr;
  with_end.push_back("domain.offender_rehabilitation.end_contracts_year=2014");
  const auto ended = run_all(small_with(stop_mandate, with_end));
  const auto ran_on = run_all(small_with(stop_mandate, tr));
  const auto outsourced = [](const YearRecord& y) { return y.outsourced_share; };
  const auto by_centre = [](const YearRecord& y) { return y.contracts_ended_by_centre; };
  for (std::size_t r = 0; r < ended.size(); ++r)
    for (int y = 0; y < 4; ++y)  // identical before the decision
      EXPECT_EQ(ended[r].years[y].outsourced_share, ran_on[r].years[y].outsourced_share);
  std::printf("outsourced share 2014-2016: ended %.3f, ran on %.3f; ended in 2014: %.1f\n",
              mean_over(ended, outsourced, 4, 7), mean_over(ran_on, outsourced, 4, 7),
              mean_over(ended, by_centre, 4, 5));
  EXPECT_GT(mean_over(ended, by_centre, 4, 5), 1.0);  // several contracts per replicate
  EXPECT_EQ(mean_over(ended, by_centre, 0, 4) + mean_over(ended, by_centre, 5, 10), 0.0);
  EXPECT_EQ(mean_over(ran_on, by_centre, 0, 10), 0.0);
  EXPECT_LT(mean_over(ended, outsourced, 4, 7), 0.5 * mean_over(ran_on, outsourced, 4, 7));
}

TEST(CommissionerPolicy, OneCommissionerTenderingEverythingOutsourcesAloneThere) {
  const auto own = run_all(small_with(
      std::string("[commissioner.\"commissioner-002\"]") + kTendersEverything, kNobodyTenders));
  const auto none = run_all(small_with("", kNobodyTenders));
  const auto in_house = [](const YearRecord& y) { return y.comm_in_house_share; };
  const double own_share = comm_mean(own, in_house, 1, 3, 10);
  std::printf("in-house share: commissioner-002 %.3f (without its table %.3f)\n", own_share,
              comm_mean(none, in_house, 1, 3, 10));
  EXPECT_LT(own_share, comm_mean(none, in_house, 1, 3, 10) - 0.3);
  for (int c : {0, 2, 3, 4, 5}) {
    EXPECT_EQ(comm_mean(own, in_house, c, 0, 10), 1.0) << "commissioner " << c;
    EXPECT_EQ(comm_mean(none, in_house, c, 0, 10), 1.0) << "commissioner " << c;
  }
}

TEST(CommissionerPolicy, OneCouncilComparingCostsWhileTheOthersFollowTheMandate) {
  // No mandate anywhere (tender_share 0): under the draw nobody goes to market. One council
  // compares its in-house units with the market itself (make_or_buy.mode = "decide").
  const auto own = run_all(small_with(R"(
[commissioner."commissioner-003"]
make_or_buy.mode = "decide"
)",
                                      kNobodyTenders));
  const auto in_house = [](const YearRecord& y) { return y.comm_in_house_share; };
  const double own_share = comm_mean(own, in_house, 2, 3, 10);
  std::printf("in-house share: commissioner-003 deciding %.3f\n", own_share);
  EXPECT_LT(own_share, 0.8);  // it buys where the market is expected to be cheaper
  for (int c : {0, 1, 3, 4, 5})
    EXPECT_EQ(comm_mean(own, in_house, c, 0, 10), 1.0) << "commissioner " << c;
  const auto decided = [](const YearRecord& y) {
    return y.make_or_buy_market_value + y.make_or_buy_in_house_value + y.make_or_buy_thin_market +
           y.make_or_buy_poor_record;
  };
  EXPECT_GT(mean_over(own, decided, 0, 10), 0.0);  // the decide reasons appear, from its lots only
  {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 4);
    const auto many = run_all(small_with(R"(
[commissioner."commissioner-003"]
make_or_buy.mode = "decide"
)",
                                         kNobodyTenders));
    for (std::size_t r = 0; r < own.size(); ++r)
      for (int y = 0; y < 10; ++y)
        EXPECT_EQ(own[r].years[y].comm_in_house_share, many[r].years[y].comm_in_house_share);
  }
}

TEST(CommissionerPolicy, GroupMembersShareTheirGroupsValues) {
  const auto grouped = run_all(small_with(std::string(R"(
[group.outsourcers]
members = ["commissioner-001", "commissioner-004"]
)") + kTendersEverything,
                                          kNobodyTenders));
  const auto in_house = [](const YearRecord& y) { return y.comm_in_house_share; };
  for (int c : {0, 3}) EXPECT_LT(comm_mean(grouped, in_house, c, 3, 10), 0.7) << c;
  for (int c : {1, 2, 4, 5}) EXPECT_EQ(comm_mean(grouped, in_house, c, 0, 10), 1.0) << c;
}

/// How a commissioner series rises with the age of its area: the slope of the series on the
/// draw z that sets each area's 65+ share (sim/world_init.cpp: share = national + spread * z),
/// per replicate and year, averaged over years [from, to).
template <class F>
double age_gradient(const Parameters& p, const std::vector<ReplicateResult>& rs, F series, int from,
                    int to) {
  double sum = 0;
  int n = 0;
  const int C = p.commissioners.count;
  for (const auto& r : rs) {
    const Streams rng(static_cast<std::uint64_t>(p.run.seed),
                      static_cast<std::uint32_t>(r.replicate));
    std::vector<double> z(C);
    double z_mean = 0;
    for (int c = 0; c < C; ++c)
      z_mean += (z[c] = rng.normal(0, c, Purpose::InitCommissioner, 3)) / C;
    for (int y = from; y < to; ++y) {
      double v_mean = 0, cov = 0, var = 0;
      for (int c = 0; c < C; ++c) v_mean += series(r.years[y], c) / C;
      for (int c = 0; c < C; ++c) {
        cov += (z[c] - z_mean) * (series(r.years[y], c) - v_mean);
        var += (z[c] - z_mean) * (z[c] - z_mean);
      }
      sum += cov / var;
      ++n;
    }
  }
  return sum / n;
}

/// Mean absolute deviation across areas of a commissioner series, over years [from, to).
template <class F>
double spread_across_areas(const std::vector<ReplicateResult>& rs, F series, int from, int to) {
  return mean_over(
      rs,
      [&](const YearRecord& y) {
        const auto C = static_cast<int>(y.comm_budget.size());
        double mean = 0, dev = 0;
        for (int c = 0; c < C; ++c) mean += series(y, c) / C;
        for (int c = 0; c < C; ++c) dev += std::fabs(series(y, c) - mean) / C;
        return dev;
      },
      from, to);
}

const std::vector<std::string> kAgeingAreas = {
    "commissioners.count=20", "population.area_age_spread=0.1", "budget.change_early=-0.02",
    "budget.change_late=-0.03", "run.replicates=24"};

TEST(Centre, NeedsBasedSettlementNarrowsTheGapBetweenOldAndYoungAreas) {
  // Areas differ in age (area_age_spread); under a flat cut each keeps its first-year share of
  // the national total however its need moves. A needs-based settlement follows need.
  auto needs_sets = kAgeingAreas;
  needs_sets.push_back("centre.settlement=needs_based");
  needs_sets.push_back("centre.needs_phase_in=0.5");
  const Parameters flat_p = small_with("", kAgeingAreas, 15);
  const Parameters needs_p = small_with("", needs_sets, 15);
  const auto flat = run_all(flat_p);
  const auto needs = run_all(needs_p);
  const auto unmet = [](const YearRecord& y, int c) { return y.comm_unmet_need[c]; };
  const auto gap = [](const YearRecord& y, int c) {
    return y.comm_funding_gap[c] / y.comm_budget[c];
  };
  // Money: the funding gap (share of budget) no longer rises or falls with the area's age.
  const double gap_flat = age_gradient(flat_p, flat, gap, 1, 15);
  const double gap_needs = age_gradient(needs_p, needs, gap, 1, 15);
  // Need: unmet need evens out across areas, old and young.
  const double unmet_flat = spread_across_areas(flat, unmet, 1, 15);
  const double unmet_needs = spread_across_areas(needs, unmet, 1, 15);
  std::printf(
      "funding gap / budget per unit of area age: flat %.4f, needs-based %.4f; "
      "spread of unmet need across areas: flat %.4f, needs-based %.4f; "
      "unmet need per unit of area age (years 1-7, not asserted): flat %.4f, "
      "needs-based %.4f\n",
      gap_flat, gap_needs, unmet_flat, unmet_needs, age_gradient(flat_p, flat, unmet, 1, 8),
      age_gradient(needs_p, needs, unmet, 1, 8));
  EXPECT_LT(std::fabs(gap_needs), 0.5 * std::fabs(gap_flat));
  EXPECT_LT(unmet_needs, 0.6 * unmet_flat);
}

TEST(Centre, NeedsBasedWithNoPhaseInIsFlat) {
  const auto flat = run_all(small_with("", kAgeingAreas, 6));
  auto sets = kAgeingAreas;
  sets.push_back("centre.settlement=needs_based");
  sets.push_back("centre.needs_phase_in=0");
  const auto still = run_all(small_with("", sets, 6));
  for (std::size_t r = 0; r < flat.size(); ++r)
    for (int y = 0; y < 6; ++y)
      EXPECT_EQ(flat[r].years[y].comm_budget, still[r].years[y].comm_budget);
}

/// Unmet need in the statutory domains (adult social care, children's services), mean.
double statutory_unmet(const std::vector<ReplicateResult>& rs, int from, int to) {
  return mean_over(
      rs, [](const YearRecord& y) { return 0.5 * (y.dom_unmet_need[0] + y.dom_unmet_need[1]); },
      from, to);
}

TEST(Centre, EmergencyFundingLowersStatutoryUnmetNeedWhereItBindsAndCostsMoney) {
  // Deep cuts: by year 4 budgets no longer cover statutory need.
  const std::vector<std::string> deep = {"budget.change_early=-0.08", "budget.change_late=-0.08"};
  auto on = deep;
  on.insert(on.end(), {"centre.emergency_funding=true", "centre.emergency_cap=0.1",
                       "centre.emergency_pot=0.05"});
  const auto without = run_all(small_with("", deep));
  const auto with = run_all(small_with("", on));
  const auto paid = [](const YearRecord& y) { return y.emergency_funding; };
  const auto spent = [](const YearRecord& y) { return y.spending_total; };
  std::printf(
      "statutory unmet need: without %.4f, with %.4f; emergency funding %.2f GBPm/yr; "
      "spending %.1f vs %.1f\n",
      statutory_unmet(without, 4, 10), statutory_unmet(with, 4, 10), mean_over(with, paid, 4, 10),
      mean_over(with, spent, 4, 10), mean_over(without, spent, 4, 10));
  EXPECT_LT(statutory_unmet(with, 4, 10), statutory_unmet(without, 4, 10) - 0.02);
  EXPECT_GT(mean_over(with, paid, 4, 10), 0.5);
  EXPECT_GT(mean_over(with, spent, 4, 10), mean_over(without, spent, 4, 10));
  for (const auto& r : with)
    for (const auto& y : r.years) {
      double by_commissioner = 0;
      for (double e : y.comm_emergency_funding) by_commissioner += e;
      EXPECT_NEAR(by_commissioner, y.emergency_funding, 1e-9);
    }
}

TEST(Centre, EmergencyFundingIdleWhereBudgetsCoverStatutoryNeed) {
  const std::vector<std::string> ample = {"budget.change_early=0.03", "budget.change_late=0.03",
                                          "budget.initial_coverage=1.3"};
  auto on = ample;
  on.push_back("centre.emergency_funding=true");
  const auto without = run_all(small_with("", ample, 6));
  const auto with = run_all(small_with("", on, 6));
  for (std::size_t r = 0; r < with.size(); ++r)
    for (int y = 0; y < 6; ++y) {
      EXPECT_EQ(with[r].years[y].emergency_funding, 0.0);
      EXPECT_EQ(with[r].years[y].unmet_need, without[r].years[y].unmet_need);
    }
}

TEST(CommissionerPolicy, OwnBudgetPathMovesThatBudgetOnly) {
  const auto own =
      run_all(small_with("[commissioner.\"commissioner-005\"]\n"
                         "budget.change_late = -0.05\n"));
  const auto none = run_all(small_with(""));
  for (std::size_t r = 0; r < own.size(); ++r)
    for (int y = 0; y < 10; ++y)
      for (int c = 0; c < 6; ++c) {
        const double ratio = own[r].years[y].comm_budget[c] / none[r].years[y].comm_budget[c];
        // baseline: -0.5% a year from year 5; commissioner-005 (id 4): -5%
        EXPECT_NEAR(ratio, c == 4 && y >= 5 ? std::pow(0.95 / 0.995, y - 4) : 1.0, 1e-9)
            << "commissioner " << c << " year " << y;
      }
}

TEST(CommissionerPolicy, OwnBudgetCutStaysOwnUnderANeedsBasedSettlement) {
  // The needs formula shares the centre's settlement; a council's own cut is applied after it,
  // so it is not spread over the other councils (in the first year of the cut, when last year's
  // needs are still the same in both runs, the others' budgets are exactly unchanged).
  const std::vector<std::string> needs = {"centre.settlement=\"needs_based\"",
                                          "centre.needs_phase_in=1"};
  const auto own =
      run_all(small_with("[commissioner.\"commissioner-002\"]\n"
                         "budget.change_early = -0.2\n",
                         needs));
  const auto none = run_all(small_with("", needs));
  for (std::size_t r = 0; r < own.size(); ++r)
    for (int c = 0; c < 6; ++c) {
      const double ratio = own[r].years[1].comm_budget[c] / none[r].years[1].comm_budget[c];
      // baseline: no change in the early years; commissioner-002 (id 1): -20%
      EXPECT_NEAR(ratio, c == 1 ? 0.8 : 1.0, 1e-9) << "commissioner " << c;
    }
}

TEST(Centre, PolicyAndSettlementsAreIdenticalOnAnyThreadCount) {
  const Parameters p =
      small_with(std::string(R"(
[[timeline]]
year = 2014
set = {"centre.settlement" = "needs_based", "centre.emergency_funding" = true}

[group.outsourcers]
members = ["commissioner-002", "commissioner-005"]
)") + kTendersEverything,
                 {"population.area_age_spread=0.05", "budget.change_late=-0.06"}, 8);
  std::vector<ReplicateResult> one, many;
  {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
    one = run_all(p);
  }
  {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 4);
    many = run_all(p);
  }
  for (std::size_t r = 0; r < one.size(); ++r)
    for (int y = 0; y < 8; ++y) {
      const auto &a = one[r].years[y], &b = many[r].years[y];
      EXPECT_EQ(a.comm_budget, b.comm_budget);
      EXPECT_EQ(a.comm_unmet_need, b.comm_unmet_need);
      EXPECT_EQ(a.comm_in_house_share, b.comm_in_house_share);
      EXPECT_EQ(a.comm_emergency_funding, b.comm_emergency_funding);
      EXPECT_EQ(a.outcome_mean, b.outcome_mean);
    }
}

}  // namespace
}  // namespace quasim
