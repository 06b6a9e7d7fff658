// tests/sim/agencies_test.cpp — national departments beside the councils: money that follows
// need, the wrong pocket, pooled budgets between agencies (who pays, who gains), and the change
// fund's prevention after its lag (issue 18; agents/agencies.cpp).
#include "agents/agencies.hpp"

#include <gtest/gtest.h>

#include <cmath>

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
      "[agency.dwp]\npool_share = 0\n\n[domain.care]\nagency = \"dhsc\"\nonset = 0.01\nunit_cost = "
      "5000\n";
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
  // What the pool spent is at most what was put in, and the councils' pooled money raises
  // their spending by about what the department put in (the pool is spent).
  const auto pool_in = [](auto& y) { return y.agency_pooled_contribution[1]; };
  EXPECT_LT(mean_over(pooled, council, 2, 10) - mean_over(none, council, 2, 10),
            1.05 * mean_over(pooled, pool_in, 2, 10));
}

/// A tally and books for `areas` areas and `D` domains with every onset multiplier 1.
struct Books {
  CitizenTally t;
  AgencyState a;
  Books(int agencies, int areas, int D) {
    t.reset(areas, D);
    a.agencies = agencies;
    a.areas = areas;
    a.domains = D;
    a.prevention.assign(static_cast<std::size_t>(areas) * D, 1.0);
    a.prevention_base.assign(a.prevention.size(), 0.0);
    a.multiplier.assign(a.prevention.size(), 1.0);
  }
};

TEST(Agencies, SpilloversAreValuedOnTheOnsetsThatAroseWithTheirSignsAcrossThreeAgencies) {
  Parameters p = small_cross_agency();
  const int D = static_cast<int>(p.domains.size());
  ASSERT_GE(D, 3);
  AgencyParams dhsc;
  dhsc.name = "dhsc";
  dhsc.national = true;
  p.agencies.push_back(dhsc);
  p.domains[0].agency = 1, p.domains[1].agency = 2, p.domains[2].agency = 0;
  for (int d = 3; d < D; ++d) p.domains[d].agency = 0;
  Market m;
  m.commissioners.resize(1);
  m.commissioners[0].services.resize(D);
  m.commissioners[0].services[0].unit_price = 1000;
  Books b(3, 1, D);
  b.t.onsets[b.t.ad(0, 0)] = 100;  // agents: x agent_weight persons
  // Domain 0 (agency 1): the councils' domain 2 lowers its onset, agency 2's domain 1 raises it.
  b.a.spill.assign(static_cast<std::size_t>(D) * D, 0.0);
  b.a.spill[0 * D + 2] = 0.3;
  b.a.spill[0 * D + 1] = -0.1;
  const AgencyFlows f = value_agency_flows(m, p, b.t, b.a);
  const double arose = 100 * p.population.agent_weight;
  const double net = arose * std::expm1(0.2) * 1000;  // onsets averted, net, valued
  EXPECT_NEAR(f.savings[1], net, 1e-6 * net);
  EXPECT_NEAR(f.generated[0], net * 0.3 / 0.2, 1e-6 * net);   // the councils' service saves ...
  EXPECT_NEAR(f.generated[2], -net * 0.1 / 0.2, 1e-6 * net);  // ... agency 2's costs agency 1
  EXPECT_NEAR(f.savings[0] + f.savings[2], 0.0, 1e-9);
  EXPECT_EQ(f.onsets_averted, 0.0);
}

TEST(Agencies, PreventionActsOnLastYearsOnsetsBeforeMultipliersAndIsValuedOnThisYears) {
  Parameters p = small_cross_agency();
  const int D = static_cast<int>(p.domains.size());
  const int work = domain_index(p, "employment_support");  // the department's
  p.collaboration.change_fund = 0.01;
  p.domains[work].prevention_share = 1;
  p.domains[work].prevention_lag = 0;
  p.domains[work].prevention_cost = 1e4;
  Market m;
  m.commissioners.resize(1);
  m.commissioners[0].services.resize(D);
  m.commissioners[0].services[work].unit_price = 2000;
  m.commissioners[0].change_fund = 3e6;
  Books b(2, 1, D);
  b.t.onsets[b.t.ad(0, work)] = 60;  // last year's, under a multiplier of 0.5
  b.a.multiplier[work] = 0.5;
  buy_prevention(m, p, b.t, 0, b.a);
  const double base = 60 * p.population.agent_weight / 0.5;
  EXPECT_NEAR(b.a.prevention_base[work], base, 1e-9);
  const double kept = std::exp(-3e6 / (1e4 * base));
  ASSERT_NEAR(b.a.prevention[work], kept, 1e-12);
  CitizenTally now;
  now.reset(1, D);
  now.onsets[now.ad(0, work)] = 40;  // this year's, after prevention
  const AgencyFlows f = value_agency_flows(m, p, now, b.a);
  const double averted = 40 * p.population.agent_weight * (1 / kept - 1);
  EXPECT_NEAR(f.onsets_averted, averted, 1e-9 * averted);
  // The councils' fund bought it in the department's domain: a cross-agency gain.
  EXPECT_NEAR(f.savings[1], averted * 2000, 1e-6 * averted);
  EXPECT_NEAR(f.generated[0], averted * 2000, 1e-6 * averted);
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
  EXPECT_GT(mean_over(four, averted, 3, 10), 1.3 * mean_over(two, averted, 3, 10));
  const auto demand = [](auto& y) { return y.dom_demand[2]; };  // community health
  EXPECT_NEAR(mean_over(two, demand, 0, 3), mean_over(none, demand, 0, 3),
              0.02 * mean_over(none, demand, 0, 3));
  EXPECT_LT(mean_over(four, demand, 6, 10), 0.95 * mean_over(none, demand, 6, 10));
  // The onsets recorded as averted are of the size of the demand that went away: need units
  // (persons x level, lasting about a year or more) fall by at least a third of them and at
  // most a few times them.
  const double drop = mean_over(none, demand, 4, 10) - mean_over(four, demand, 4, 10);
  const double recorded = mean_over(four, averted, 4, 10);
  EXPECT_GT(drop, 0.33 * recorded);
  EXPECT_LT(drop, 6.0 * recorded);
}

TEST(Agencies, TimelineCannotSetWhoPaysNorBuyPreventionWithoutNamedDomains) {
  const std::string base =
      "[run]\nstart_year = 2010\nyears = 10\n\n[domain.care]\nonset = 0.01\nunit_cost = 5000\n";
  const auto message = [&](const std::string& extra) -> std::string {
    try {
      load_scenario_text(base + extra, "t.toml");
    } catch (const ScenarioError& e) {
      return e.what();
    }
    return "";
  };
  std::string m =
      message("\n[[timeline]]\nyear = 2014\nset = {\"domain.care.agency\" = \"council\"}\n");
  EXPECT_NE(m.find("t.toml:11"), std::string::npos) << m;
  EXPECT_NE(m.find("holds for the whole run"), std::string::npos) << m;
  m = message("\n[[timeline]]\nyear = 2014\nset = {\"collaboration.change_fund\" = 0.02}\n");
  EXPECT_NE(m.find("t.toml:11"), std::string::npos) << m;
  EXPECT_NE(m.find("named domains"), std::string::npos) << m;
  // Every share set to 0 while the fund is on: the entry's line.
  m = message(
      "prevention_share = 1\n\n[collaboration]\nchange_fund = 0.02\n\n[[timeline]]\nyear = "
      "2014\nset = {\"domain.care.prevention_share\" = 0.0}\n");
  EXPECT_NE(m.find("t.toml:15"), std::string::npos) << m;
  EXPECT_NE(m.find("domain.care.prevention_share"), std::string::npos) << m;
  // Named in an earlier year: the fund may start later.
  EXPECT_EQ(message("\n[[timeline]]\nyear = 2012\nset = {\"domain.care.prevention_share\" = "
                    "1.0}\n\n[[timeline]]\nyear = 2014\nset = {\"collaboration.change_fund\" = "
                    "0.02}\n"),
            "");
  // An empty [agency.NAME] table is not seen: the message says what to add.
  m = message("agency = \"dwp\"\n\n[agency.dwp]\n");
  EXPECT_NE(m.find("at least one key"), std::string::npos) << m;
}

}  // namespace
}  // namespace quasim
