// tests/sim/agencies_test.cpp — national departments beside the councils: money that follows
// need, the wrong pocket, pooled budgets between agencies (who pays, who gains), and the change
// fund's prevention after its lag (issue 18; agents/agencies.cpp).
#include "agents/agencies.hpp"

#include <gtest/gtest.h>

#include "sim/scenario.hpp"
#include "tests/support/test_scenarios.hpp"

namespace quasim {
namespace {

using test::mean_over;
using test::run_all;
using test::small_baseline;

/// scenarios/cross_agency.toml shrunk like small_baseline, plus `sets`.
Parameters small_cross_agency(std::vector<std::string> sets = {}, int years = 10) {
  std::vector<std::string> base = {"population.citizens=40000", "population.agent_weight=10",
                                   "commissioners.count=6", "run.years=" + std::to_string(years),
                                   "run.replicates=6"};
  base.insert(base.end(), sets.begin(), sets.end());
  return load_scenario(test::scenario_path("cross_agency.toml"), base).params;
}

int domain_index(const Parameters& p, const std::string& name) {
  for (std::size_t d = 0; d < p.domains.size(); ++d)
    if (p.domains[d].name == name) return static_cast<int>(d);
  return -1;
}

TEST(Agencies, DomainsNameWhoPaysAndDepartmentsFollowTheBudgetPathByDefault) {
  const Parameters p = small_cross_agency();
  ASSERT_EQ(p.agencies.size(), 2u);
  EXPECT_EQ(p.agencies[1].name, "dwp");
  EXPECT_TRUE(p.agencies[1].national);
  EXPECT_EQ(p.domains[domain_index(p, "employment_support")].agency, 1);
  EXPECT_EQ(p.domains[domain_index(p, "community_health")].agency, 0);
  EXPECT_DOUBLE_EQ(p.agencies[1].budget.change_late, -0.005);  // its own path
  const Parameters q =
      small_baseline({"agency.dwp.pool_share=0", "domain.community_health.agency=dwp",
                      "budget.change_early=-0.04"});
  EXPECT_DOUBLE_EQ(q.agencies[1].budget.change_early, -0.04);  // [budget]'s
}

TEST(Agencies, UnknownAgencyIsAnErrorNamingFileLineKeyAndTheAgenciesDeclared) {
  const std::string text =
      "[agency.dwp]\npool_share = 0\n\n[domain.care]\nagency = \"dhsc\"\nonset = 0.01\n";
  try {
    load_scenario_text(text, "x.toml");
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("x.toml:5"), std::string::npos) << m;
    EXPECT_NE(m.find("domain.care.agency"), std::string::npos) << m;
    EXPECT_NE(m.find("unknown agency \"dhsc\""), std::string::npos) << m;
    EXPECT_NE(m.find("\"council\", \"dwp\""), std::string::npos) << m;
  }
}

TEST(Agencies, ChangeFundWithoutNamedDomainsIsAnError) {
  EXPECT_THROW(small_baseline({"collaboration.change_fund=0.02"}), ScenarioError);
  EXPECT_NO_THROW(small_baseline(
      {"collaboration.change_fund=0.02", "domain.community_health.prevention_share=1"}));
}

TEST(Agencies, DepartmentMoneyFollowsNeedAcrossAreas) {
  const Parameters p = small_cross_agency();
  const int D = static_cast<int>(p.domains.size());
  const int work = domain_index(p, "employment_support");
  const int health = domain_index(p, "community_health");
  AgencyState a;
  a.agencies = 2;
  a.areas = 2;
  a.domains = D;
  a.national = {0.0, 1e6};
  a.area_money.assign(4, 0.0);
  CitizenTally t;
  t.reset(2, D);
  t.level_count[t.ad(0, work) * kNeedLevels + 1] = 100;
  t.level_count[t.ad(1, work) * kNeedLevels + 1] = 300;
  t.level_count[t.ad(0, health) * kNeedLevels + 3] = 5000;  // a council domain: not counted
  set_department_budgets(p, t, 1, a);                       // year 1: the department's path is flat
  EXPECT_NEAR(a.national[1], 1e6, 1e-6);
  EXPECT_NEAR(a.area_money[a.ak(0, 1)], 0.25e6, 1e-6);
  EXPECT_NEAR(a.area_money[a.ak(1, 1)], 0.75e6, 1e-6);
}

TEST(Agencies, PooledBudgetRaisesTheDepartmentsSavingsAndTheCouncilsSpending) {
  const auto none = run_all(small_cross_agency());
  const auto pooled = run_all(small_cross_agency({"agency.dwp.pool_share=0.25"}));
  const auto savings = [](auto& y) { return y.agency_spillover_savings[1]; };
  const auto council = [](auto& y) { return y.agency_spending[0]; };
  const auto paid_in = [](auto& y) { return y.agency_pooled_contribution[1]; };
  EXPECT_EQ(mean_over(none, paid_in, 0, 10), 0.0);
  EXPECT_GT(mean_over(pooled, paid_in, 0, 10), 0.0);
  EXPECT_GT(mean_over(none, savings, 4, 10), 0.0);  // the council's service already spills over
  EXPECT_GT(mean_over(pooled, savings, 4, 10), 1.08 * mean_over(none, savings, 4, 10));
  EXPECT_GT(mean_over(pooled, council, 2, 10), 1.01 * mean_over(none, council, 2, 10));
  // Who gains is who the value map says: the department, from the council's domain.
  const auto generated = [](auto& y) { return y.agency_spillover_generated[0]; };
  EXPECT_NEAR(mean_over(pooled, generated, 4, 10), mean_over(pooled, savings, 4, 10), 1e-9);
}

TEST(Agencies, WrongPocketTheValueMapMovesNoMoneyWhenTheSavingFallsToAnotherAgency) {
  const int health = domain_index(small_cross_agency(), "community_health");
  const auto served = [health](auto& y) { return 1.0 - y.dom_unmet_need[health]; };
  // The department gains: the councils' value map (into their own domains) changes nothing.
  const auto dwp_map = run_all(small_cross_agency());
  const auto dwp_flat = run_all(small_cross_agency({"collaboration.pooled_budgets=false"}));
  EXPECT_DOUBLE_EQ(mean_over(dwp_map, served, 0, 10), mean_over(dwp_flat, served, 0, 10));
  // The council gains: the same value map moves money into early support.
  const std::vector<std::string> own = {"domain.employment_support.agency=council"};
  auto own_flat = own;
  own_flat.push_back("collaboration.pooled_budgets=false");
  const auto council_map = run_all(small_cross_agency(own));
  const auto council_flat = run_all(small_cross_agency(own_flat));
  EXPECT_GT(mean_over(council_map, served, 2, 10), mean_over(council_flat, served, 2, 10) + 0.03);
}

TEST(Agencies, ChangeFundPreventsOnsetsOnlyAfterItsLagAndMoreWithMoreMoney) {
  const std::vector<std::string> base = {"budget.initial_coverage=1.6",
                                         "domain.community_health.prevention_share=1",
                                         "domain.community_health.prevention_lag=3"};
  auto small = base, large = base;
  small.push_back("collaboration.change_fund=0.02");
  large.push_back("collaboration.change_fund=0.04");
  const auto none = run_all(small_baseline({"budget.initial_coverage=1.6"}));
  const auto two = run_all(small_baseline(small));
  const auto four = run_all(small_baseline(large));
  const auto averted = [](auto& y) { return y.prevention_onsets_averted; };
  EXPECT_EQ(mean_over(two, averted, 0, 3), 0.0);
  EXPECT_GT(mean_over(two, averted, 3, 10), 0.0);
  const double ratio = mean_over(four, averted, 3, 10) / mean_over(two, averted, 3, 10);
  EXPECT_GT(ratio, 1.3);  // more money, more onsets averted ...
  EXPECT_LT(ratio, 2.0);  // ... with diminishing returns
  const auto demand = [](auto& y) { return y.dom_demand[2]; };  // community health
  EXPECT_NEAR(mean_over(two, demand, 0, 3), mean_over(none, demand, 0, 3),
              0.02 * mean_over(none, demand, 0, 3));
  EXPECT_LT(mean_over(four, demand, 6, 10), 0.95 * mean_over(none, demand, 6, 10));
}

}  // namespace
}  // namespace quasim
