// tests/agents/shared_services_test.cpp — partnerships' rules on hand-built commissioners:
// deciding takes longer with more, more dispersed partners; a block; partial migration;
// members that keep losing leave, and the partnership dissolves.
#include "agents/shared_services.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace quasim {
namespace {

std::vector<Commissioner> with_appetites(const std::vector<double>& appetites) {
  std::vector<Commissioner> cs(appetites.size());
  for (std::size_t i = 0; i < cs.size(); ++i) {
    cs[i].id = static_cast<int>(i);
    cs[i].risk_appetite = appetites[i];
    cs[i].budget = cs[i].initial_budget = 100e6;
    cs[i].back_office = 8e6;
  }
  return cs;
}

CollaborationParams sharing(int partners) {
  CollaborationParams cp;
  cp.shared_service_partners = partners;
  cp.shared_service_start = 1;
  cp.overrun_sd = 0.65;  // NAO 2012
  return cp;
}

/// Runs years first..last; returns the events of each year.
std::vector<YearEvents> run_years(std::vector<Commissioner>& cs, std::vector<Partnership>& ps,
                                  const CollaborationParams& cp, int last, int first = 0) {
  std::vector<YearEvents> out;
  for (int y = first; y <= last; ++y) {
    YearEvents e;
    back_office_costs(cs, ps, cp, y, e);
    out.push_back(e);
  }
  return out;
}

TEST(SharedServices, ManyDispersedPartnersDecideLaterThanTwoAlike) {
  const Streams rng(7, 0);
  auto two = with_appetites({0.3, 0.3});
  std::vector<double> spread;
  for (int i = 0; i < 13; ++i) spread.push_back(0.15 + 0.025 * i);  // sd about 0.09
  auto many = with_appetites(spread);
  std::vector<Partnership> p2, p13;
  form_partnerships(two, p2, sharing(2), rng);
  form_partnerships(many, p13, sharing(13), rng);
  ASSERT_EQ(p2.size(), 1u);
  ASSERT_EQ(p13.size(), 1u);
  EXPECT_EQ(p2[0].decided_year, 1);       // alike pair: decides at once
  EXPECT_GE(p13[0].decided_year, 1 + 2);  // 0.1 x 12 x (1 + 0.09 / 0.1): about 2 years
  // While deciding the run rate is paid and nothing is saved.
  const auto e = run_years(many, p13, sharing(13), p13[0].decided_year - 1);
  EXPECT_GT(e[1].decision_costs, 0);
  EXPECT_DOUBLE_EQ(e[1].shared_savings, -e[1].decision_costs);
}

TEST(SharedServices, DecisionIsBlockedWhenAppetitesDifferTooMuch) {
  const Streams rng(7, 0);
  auto cs = with_appetites({0.05, 0.9, 0.1, 0.85});  // sd about 0.4, above 0.2
  std::vector<Partnership> ps;
  const auto cp = sharing(4);
  form_partnerships(cs, ps, cp, rng);
  const auto e = run_years(cs, ps, cp, ps[0].decided_year + 3);
  EXPECT_TRUE(ps[0].blocked);
  double paid = 0, saved = 0;
  for (const auto& y : e) paid += y.decision_costs, saved += y.shared_savings;
  EXPECT_GT(paid, 0);  // abandoned after paying
  EXPECT_LT(saved, 0);
  for (const auto& c : cs) EXPECT_EQ(c.partnership, -1);
  EXPECT_EQ(e.back().decision_costs, 0);  // nothing more to pay once abandoned
}

TEST(SharedServices, RiskAversePartnerDoesNotMigrate) {
  // Five partners weigh a five-year saving (1 - 5^-0.25 = 33% a year) against the transition
  // cost they plan for: appetite 0.5 plans for the median overrun (1 year of cost), 0.02 for the
  // 98th percentile (3.8 years).
  const Streams rng(7, 0);
  auto cs = with_appetites({0.5, 0.5, 0.5, 0.5, 0.02});
  auto cp = sharing(5);
  cp.decision_years = 0;
  cp.block_spread = 1;
  std::vector<Partnership> ps;
  form_partnerships(cs, ps, cp, rng);
  run_years(cs, ps, cp, 1);
  ASSERT_EQ(ps[0].migrated.size(), 5u);
  EXPECT_EQ(ps[0].migrated[4], 0);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(ps[0].migrated[i], 1);
  // It keeps its own back office and pays only its share of deciding.
  const double own = cs[4].back_office * cs[4].budget / cs[4].initial_budget;
  EXPECT_GT(cs[4].back_office_cost, own);
}

TEST(SharedServices, PartnersThatKeepLosingLeaveAndThePartnershipDissolves) {
  // Two partners: sharing saves 1 - 2^-0.25 = 16% a year, 0.8 over five years, under the
  // transition cost either plans for, so neither migrates; both pay decision costs and gain
  // nothing, so after dissolve_years years both leave.
  const Streams rng(7, 0);
  auto cp = sharing(2);
  cp.dissolve_years = 3;
  auto cs = with_appetites({0.4, 0.4});
  std::vector<Partnership> ps;
  form_partnerships(cs, ps, cp, rng);
  run_years(cs, ps, cp, ps[0].decided_year + 1);
  EXPECT_FALSE(ps[0].dissolved);
  run_years(cs, ps, cp, ps[0].decided_year + 2, ps[0].decided_year + 2);
  ASSERT_TRUE(ps[0].dissolved);
  EXPECT_EQ(cs[0].partnership, -1);
  // A partner that gains stays: with thirteen alike members all migrate and none leaves.
  auto thirteen = with_appetites(std::vector<double>(13, 0.4));
  auto cp13 = sharing(13);
  std::vector<Partnership> p13;
  form_partnerships(thirteen, p13, cp13, rng);
  run_years(thirteen, p13, cp13, 12);
  EXPECT_FALSE(p13[0].dissolved);
  EXPECT_EQ(p13[0].members.size(), 13u);
}

}  // namespace
}  // namespace quasim
