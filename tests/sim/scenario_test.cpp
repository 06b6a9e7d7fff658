// Scenario files: every bad-input class gives one message naming file, line and key.
#include "sim/scenario.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "sim/parameter_table.hpp"
#include "tests/support/test_scenarios.hpp"

namespace quasim {
namespace {

namespace fs = std::filesystem;

const char* kDomains = "[domain.care]\nonset = 0.01\nunit_cost = 5000\n";

std::string error_of(const std::string& text, const std::vector<std::string>& sets = {}) {
  try {
    load_scenario_text(text, "s.toml", sets);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

fs::path write(const fs::path& dir, const std::string& name, const std::string& text) {
  fs::create_directories(dir);
  std::ofstream(dir / name) << text;
  return dir / name;
}

TEST(ScenarioErrors, UnknownKeySuggestsNearest) {
  const auto m = error_of(std::string(kDomains) + "[budget]\nchange_erly = -0.02\n");
  EXPECT_EQ(
      m, "s.toml:5: budget.change_erly: unknown parameter (did you mean 'budget.change_early'?)");
}

TEST(ScenarioErrors, UnknownDomainFieldSuggestsNearest) {
  const auto m = error_of(std::string(kDomains) + "onsett = 0.2\n");
  EXPECT_NE(
      m.find("s.toml:4: domain.care.onsett: unknown parameter (did you mean 'domain.care.onset'?)"),
      std::string::npos)
      << m;
}

TEST(ScenarioErrors, WrongTypeNamesExpectation) {
  const auto m = error_of(std::string(kDomains) + "[run]\nyears = \"ten\"\n");
  EXPECT_EQ(m, "s.toml:5: run.years: expected an integer in [1, 200], got \"ten\"");
}

TEST(ScenarioErrors, OutOfRangeGivesRange) {
  const auto m = error_of(std::string(kDomains) + "pbr_share = 1.5\n");
  EXPECT_EQ(m, "s.toml:4: domain.care.pbr_share: expected a number in [0, 1] (share), got 1.5");
}

TEST(ScenarioErrors, NanAndInfinityRejected) {
  EXPECT_NE(error_of(std::string(kDomains) + "escalation = nan\n").find("expected a finite number"),
            std::string::npos);
  EXPECT_NE(error_of("[domain.care]\nonset = 0.01\nunit_cost = inf\n")
                .find("s.toml:3: domain.care.unit_cost: expected a finite"),
            std::string::npos);
}

TEST(ScenarioErrors, SyntaxErrorNamesLine) {
  const auto m = error_of(std::string(kDomains) + "[budget\nchange_early = 1\n");
  EXPECT_EQ(m.rfind("s.toml:4: TOML syntax error", 0), 0u) << m;
}

TEST(ScenarioErrors, MissingFile) {
  try {
    load_scenario("/nonexistent/x.toml");
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()),
              "/nonexistent/x.toml: cannot open scenario file (does it exist?)");
  }
}

TEST(ScenarioErrors, CircularExtends) {
  const fs::path dir = fs::path(QUASIM_TEST_TMP) / "circular";
  write(dir, "a.toml", "extends = \"b.toml\"\n");
  write(dir, "b.toml", std::string("extends = \"a.toml\"\n") + kDomains);
  try {
    load_scenario((dir / "a.toml").string());
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.key(), "extends");
    EXPECT_EQ(e.line(), 1);
    EXPECT_NE(std::string(e.what()).find("circular extends: a.toml -> b.toml -> a.toml"),
              std::string::npos)
        << e.what();
  }
}

TEST(ScenarioErrors, BadSetOverride) {
  const auto m = error_of(kDomains, {"budget.change_late=-2"});
  EXPECT_EQ(m, "--set: budget.change_late: expected a number in [-0.5, 0.5] (1/yr), got -2");
  EXPECT_NE(error_of(kDomains, {"nonsense"}).find("expected key=value"), std::string::npos);
}

TEST(ScenarioErrors, ChoicesSuggestNearest) {
  const auto m = error_of(std::string(kDomains) + "[mutuals]\ngovernance = \"employee-led\"\n");
  EXPECT_NE(m.find("did you mean 'employee_led'?"), std::string::npos) << m;
}

TEST(ScenarioErrors, NoDomains) {
  EXPECT_NE(error_of("[run]\nyears = 3\n").find("no service domains"), std::string::npos);
}

TEST(ScenarioErrors, ExcludedProviderMustExist) {
  EXPECT_NE(
      error_of(std::string(kDomains) + "[outsourcing]\nexcluded_provider = \"large_private-9\"\n")
          .find("outsourcing.excluded_provider"),
      std::string::npos);
}

TEST(ScenarioPrecedence, DefaultsThenParentThenChildThenSet) {
  const fs::path dir = fs::path(QUASIM_TEST_TMP) / "precedence";
  write(dir, "parent.toml",
        std::string(kDomains) + "[budget]\nchange_early = -0.01\nchange_late = -0.02\n");
  write(dir, "child.toml",
        "extends = \"parent.toml\"\n[budget]\nchange_late = -0.03\nswitch_year = 7\n");
  const auto s = load_scenario((dir / "child.toml").string(), {"budget.switch_year=9"});
  EXPECT_DOUBLE_EQ(s.params.budget.change_early, -0.01);  // parent
  EXPECT_DOUBLE_EQ(s.params.budget.change_late, -0.03);   // child overrides parent
  EXPECT_EQ(s.params.budget.switch_year, 9);              // --set overrides child
  EXPECT_EQ(s.params.run.years, RunParams{}.years);       // default
  EXPECT_NE(s.text.find("change_late = -0.03"), std::string::npos);
  EXPECT_NE(s.text.find("change_early = -0.01"), std::string::npos);  // parent text kept
}

TEST(ScenarioSweep, ListsAndRangesExpandToCartesianProduct) {
  const auto s =
      load_scenario_text(std::string(kDomains) +
                             "[sweep]\n\"budget.change_late\" = [-0.01, -0.03]\n"
                             "\"outsourcing.lot_size\" = {start = 1, stop = 5, step = 2}\n",
                         "s.toml");
  const auto points = sweep_points(s);
  ASSERT_EQ(points.size(), 6u);
  EXPECT_DOUBLE_EQ(points[0].params.budget.change_late, -0.01);
  EXPECT_EQ(points[0].params.outsourcing.lot_size, 1);
  EXPECT_EQ(points[1].params.outsourcing.lot_size, 3);
  EXPECT_EQ(points[5].params.outsourcing.lot_size, 5);
  EXPECT_DOUBLE_EQ(points[5].params.budget.change_late, -0.03);
  EXPECT_EQ(points[1].label, "budget.change_late=-0.01, outsourcing.lot_size=3");
}

TEST(ScenarioSweep, InvalidSweepValueIsCaughtAtLoad) {
  const auto m =
      error_of(std::string(kDomains) + "[sweep]\n\"domain.care.pbr_share\" = [0.5, 2.0]\n");
  EXPECT_NE(m.find("domain.care.pbr_share: expected a number in [0, 1]"), std::string::npos) << m;
}

TEST(ParameterTable, KeysUniqueAndDefaultsInRange) {
  std::set<std::string_view> keys;
  Parameters p;
  p.domains.resize(1);
  p.domains[0].spillover.assign(kMaxDomains, 0.0);
  for (const auto& s : parameter_table()) {
    EXPECT_TRUE(keys.insert(s.key).second) << s.key;
    EXPECT_FALSE(s.description.empty()) << s.key;
    EXPECT_FALSE(s.unit.empty()) << s.key;
    const int n = s.scope == ParamScope::ProviderType ? kProviderTypes : 1;
    for (int i = 0; i < n; ++i) {
      const auto ref = s.ref(p, i);
      double v = 0;
      if (auto* list = std::get_if<std::vector<double>*>(&ref)) {  // every item in range
        EXPECT_FALSE((*list)->empty()) << s.key;
        for (double x : **list) {
          EXPECT_GE(x, s.min) << s.key;
          EXPECT_LE(x, s.max) << s.key;
        }
        continue;
      }
      if (auto* d = std::get_if<double*>(&ref))
        v = **d;
      else if (auto* k = std::get_if<int*>(&ref))
        v = **k;
      else
        continue;
      EXPECT_GE(v, s.min) << s.key;
      EXPECT_LE(v, s.max) << s.key;
    }
  }
}

TEST(ParameterDefaults, DefaultParametersHoldTheDocumentedProviderDefaults) {
  // Parameters{} is the documented defaults: a scenario that sets nothing gets exactly them,
  // and the types differ the way the sources say (firms cheaper, charities better, ...).
  const Parameters d{};
  const auto s = load_scenario_text(kDomains, "s.toml");
  for (int t = 0; t < kProviderTypes; ++t) {
    EXPECT_DOUBLE_EQ(s.params.provider[t].unit_cost, d.provider[t].unit_cost) << t;
    EXPECT_DOUBLE_EQ(s.params.provider[t].profit_motive, d.provider[t].profit_motive) << t;
    EXPECT_DOUBLE_EQ(s.params.provider[t].max_growth, d.provider[t].max_growth) << t;
  }
  const auto& in_house = d.provider[static_cast<int>(ProviderType::InHouse)];
  const auto& large = d.provider[static_cast<int>(ProviderType::LargePrivate)];
  const auto& charity = d.provider[static_cast<int>(ProviderType::Voluntary)];
  EXPECT_DOUBLE_EQ(in_house.unit_cost, 1.0);
  EXPECT_DOUBLE_EQ(large.unit_cost, 0.84);
  EXPECT_LT(large.unit_cost, charity.unit_cost);
  EXPECT_GT(charity.quality, large.quality);
  EXPECT_GT(large.profit_motive, charity.profit_motive);
  EXPECT_DOUBLE_EQ(in_house.profit_motive, 0.0);
  // explain quotes the same defaults.
  const ParamSpec* spec = find_param("provider.large_private.unit_cost", {"care"}, nullptr);
  ASSERT_NE(spec, nullptr);
  EXPECT_NE(default_text(*spec).find("large_private=0.84"), std::string::npos)
      << default_text(*spec);
}

TEST(ScenarioChoices, NamesAreParsedOnceIntoEnums) {
  const Parameters d{};
  EXPECT_EQ(d.mutuals.governance, Governance::EmployeeLed);
  EXPECT_EQ(d.collaboration.risk_holder, RiskHolder::Shared);
  const auto s = load_scenario_text(
      std::string(kDomains) +
          "[mutuals]\ngovernance = \"joint_venture\"\n[collaboration]\nrisk_holder = \"lead\"\n",
      "s.toml");
  EXPECT_EQ(s.params.mutuals.governance, Governance::JointVenture);
  EXPECT_EQ(s.params.collaboration.risk_holder, RiskHolder::Lead);
  const auto m = load_scenario_text(kDomains, "s.toml", {"mutuals.governance=multi_stakeholder"});
  EXPECT_EQ(m.params.mutuals.governance, Governance::MultiStakeholder);
  // The resolved TOML (provenance) writes names, not numbers, and reads back the same enum.
  const std::string text = resolved_toml(s.params);
  EXPECT_NE(text.find("governance = \"joint_venture\""), std::string::npos) << text;
  EXPECT_NE(text.find("risk_holder = \"lead\""), std::string::npos) << text;
  EXPECT_EQ(load_scenario_text(text, "r.toml").params.mutuals.governance, Governance::JointVenture);
  // A number or a wrong name is refused with the choices.
  EXPECT_NE(error_of(std::string(kDomains) + "[collaboration]\nrisk_holder = 1\n")
                .find("collaboration.risk_holder: expected a string"),
            std::string::npos);
  EXPECT_NE(
      error_of(kDomains, {"collaboration.risk_holder=both"}).find("expected one of lead|shared"),
      std::string::npos);
}

TEST(ShippedScenarios, EveryScenarioValidates) {
  int count = 0;
  for (const auto& e : fs::directory_iterator(std::string(QUASIM_SOURCE_DIR) + "/scenarios")) {
    if (e.path().extension() != ".toml") continue;
    ++count;
    EXPECT_NO_THROW({
      const auto s = load_scenario(e.path().string());
      EXPECT_FALSE(s.description.empty()) << e.path();
    }) << e.path();
  }
  EXPECT_GE(count, 10);
}

TEST(ResolvedParameters, RoundTripThroughToml) {
  const auto s = load_scenario(test::scenario_path("baseline.toml"));
  const auto again = load_scenario_text(resolved_toml(s.params), "resolved.toml");
  EXPECT_EQ(resolved_toml(again.params), resolved_toml(s.params));
}

// --- policy timeline, commissioners' own and group tables -------------------------------

TEST(PolicyTables, TimelineFormsParseToTheSameChange) {
  const std::string inline_form =
      "[[timeline]]\nyear = 2017\nset = {\"domain.care.pbr_share\" = 0.1}\n";
  const std::string dotted_form = "[[timeline]]\nyear = 2017\nset.domain.care.pbr_share = 0.1\n";
  const std::string table_form =
      "[[timeline]]\nyear = 2017\n[timeline.set]\n"
      "\"domain.care.pbr_share\" = 0.1\n";
  for (const auto& form : {inline_form, dotted_form, table_form}) {
    const auto s = load_scenario_text(std::string(kDomains) + form, "s.toml");
    ASSERT_EQ(s.params.policy_changes.size(), 1u) << form;
    const auto& c = s.params.policy_changes[0];
    EXPECT_EQ(c.from_year, 7);  // 2017 - run.start_year 2010
    EXPECT_TRUE(c.commissioners.empty());
    ASSERT_EQ(c.settings.size(), 1u);
    EXPECT_EQ(c.settings[0].first, "domain.care.pbr_share");
    EXPECT_EQ(c.settings[0].second, "0.1");
    EXPECT_DOUBLE_EQ(s.params.domains[0].pbr_share, 0.0);  // the first year's value stays
  }
}

TEST(PolicyTables, TimelineErrorsNameFileLineAndKey) {
  const std::string d(kDomains);  // 3 lines; the entry starts on line 4
  EXPECT_EQ(error_of(d + "[[timeline]]\nyear = 2017\nset = {\"domain.care.pbr_shar\" = 0.1}\n"),
            "s.toml:6: domain.care.pbr_shar: unknown parameter (did you mean "
            "'domain.care.pbr_share'?)");
  EXPECT_EQ(error_of(d + "[[timeline]]\nyear = 2017\nset = {\"domain.care.pbr_share\" = 1.5}\n"),
            "s.toml:6: domain.care.pbr_share: expected a number in [0, 1] (share), got 1.5");
  EXPECT_EQ(error_of(d + "[[timeline]]\nyear = 2017\nset = {\"outsourcing.lot_size\" = 0.5}\n"),
            "s.toml:6: outsourcing.lot_size: expected an integer in [1, 2000], got 0.5");
  EXPECT_EQ(error_of(d + "[[timeline]]\nyear = 2035\nset = {\"domain.care.pbr_share\" = 0.1}\n"),
            "s.toml:5: timeline.year: 2035 is outside the run (2010 to 2029, run.start_year and "
            "run.years)");
  EXPECT_EQ(
      error_of(d + "[[timeline]]\nyear = \"2017\"\nset = {\"domain.care.pbr_share\" = 0.1}\n"),
      "s.toml:5: timeline.year: expected a calendar year (an integer), got \"2017\"");
  EXPECT_EQ(error_of(d + "[[timeline]]\nyeer = 2017\n"),
            "s.toml:5: timeline.yeer: unknown key in a [[timeline]] entry (expected year, set, "
            "commissioners or group) (did you mean 'year'?)");
  EXPECT_EQ(error_of(d + "[[timeline]]\nset = {\"domain.care.pbr_share\" = 0.1}\n"),
            "s.toml:4: timeline: entry without year = (the calendar year the change takes effect)");
  EXPECT_EQ(error_of(d + "[[timeline]]\nyear = 2017\nset = {\"run.years\" = 5}\n"),
            "s.toml:6: run.years: holds for the whole run: it shapes the run or acts when the "
            "world is built (ODD 1 Overview); a [[timeline]] entry cannot change it");
  EXPECT_NE(error_of(d + "[[timeline]]\nyear = 2017\n"
                         "set = {\"collaboration.shared_service_partners\" = 3}\n")
                .find("s.toml:6: collaboration.shared_service_partners: holds for the whole run"),
            std::string::npos);
  // The year is checked against the run as resolved, --set included.
  EXPECT_NE(error_of(d + "[[timeline]]\nyear = 2017\nset = {\"domain.care.pbr_share\" = 0.1}\n",
                     {"run.start_year=2018"}),
            "no error");
}

TEST(PolicyTables, CommissionerAndGroupErrors) {
  const std::string d(kDomains);
  EXPECT_EQ(error_of(d + "[commissioner.\"commissioner-011\"]\nbudget.change_late = 0\n"),
            "s.toml:4: commissioner: unknown commissioner \"commissioner-011\" (this run's "
            "commissioners are commissioner-001 to commissioner-010) (did you mean "
            "'commissioner-001'?)");
  const auto national = error_of(d + "[commissioner.\"commissioner-003\"]\nrun.years = 5\n");
  EXPECT_EQ(national.rfind("s.toml:5: run.years: a national parameter; a [commissioner] or [group] "
                           "table may set only budget.change_early, ",
                           0),
            0u)
      << national;
  EXPECT_NE(error_of(d + "[commissioner.\"commissioner-003\"]\npopulation.citizens = 5\n")
                .find("population.citizens: a national parameter"),
            std::string::npos);
  EXPECT_EQ(error_of(d + "[group.coast]\nmembers = [\"comissioner-002\"]\n"
                         "budget.change_late = 0\n"),
            "s.toml:5: group.coast.members: unknown commissioner \"comissioner-002\" (this run's "
            "commissioners are commissioner-001 to commissioner-010) (did you mean "
            "'commissioner-002'?)");
  EXPECT_EQ(error_of(d + "[[timeline]]\nyear = 2017\ngroup = \"coats\"\n"
                         "set = {\"budget.change_late\" = 0}\n[group.coast]\n"
                         "members = [\"commissioner-002\"]\n"),
            "s.toml:6: timeline.group: no [group.coats] table (did you mean 'coast'?)");
  EXPECT_EQ(error_of(d + "[commissioner]\ncount = 3\n"),
            "s.toml:5: commissioner.count: expected a table of parameters (commissioners' own "
            "settings; did you mean [commissioners]?)");
  EXPECT_EQ(error_of(d + "[commissioner.\"commissioner-002\"]\ndomain.care.tender_share = 2\n"),
            "s.toml:5: domain.care.tender_share: expected a number in [0, 1] (share), got 2");
}

TEST(PolicyTables, MoreSpecificValuesApplyLast) {
  const auto s = load_scenario_text(std::string(kDomains) + R"(
[[timeline]]
year = 2012
set = {"domain.care.tender_share" = 0.5}

[commissioner."commissioner-002"]
domain.care.tender_share = 1

[group.pair]
members = ["commissioner-002", "commissioner-004"]
domain.care.tender_share = 0.2
)",
                                    "s.toml");
  const auto& c = s.params.policy_changes;
  ASSERT_EQ(c.size(), 3u);
  EXPECT_TRUE(c[0].commissioners.empty());                                      // national
  EXPECT_EQ(c[1].group, "pair");                                                // then the group
  EXPECT_EQ(c[2].commissioners, std::vector<std::string>{"commissioner-002"});  // then its own
}

TEST(PolicyTables, ExtendsAppendsTimelineAndMergesTablesKeyByKey) {
  const fs::path dir = fs::path(QUASIM_TEST_TMP) / "policy_extends";
  write(dir, "parent.toml", std::string(kDomains) + R"(
[[timeline]]
year = 2012
set = {"budget.change_late" = -0.01}

[commissioner."commissioner-002"]
budget.change_late = -0.05
domain.care.tender_share = 1

[group.g]
members = ["commissioner-001"]
budget.change_early = 0.01
)");
  write(dir, "child.toml", R"(extends = "parent.toml"
[[timeline]]
year = 2015
set = {"budget.change_late" = -0.02}

[commissioner."commissioner-002"]
domain.care.tender_share = 0.5

[group.g]
members = ["commissioner-005", "commissioner-006"]
)");
  const auto s = load_scenario((dir / "child.toml").string());
  const auto& c = s.params.policy_changes;
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(c[0].from_year, 2);  // the parent's entry first
  EXPECT_EQ(c[1].from_year, 5);  // the child's appended
  EXPECT_EQ(c[2].group, "g");
  EXPECT_EQ(c[2].commissioners,
            (std::vector<std::string>{"commissioner-005", "commissioner-006"}));  // replaced
  EXPECT_EQ(c[2].settings.size(), 1u);  // the parent's value kept
  ASSERT_EQ(c[3].settings.size(), 2u);  // merged key by key, the child's value winning
  EXPECT_EQ(c[3].settings[1],
            (std::pair<std::string, std::string>{"domain.care.tender_share", "0.5"}));
}

TEST(PolicyTables, SetAndSweepChangeTheBaseAndTheTimelineStillApplies) {
  const std::string text = std::string(kDomains) +
                           "[[timeline]]\nyear = 2015\nset = {\"budget.change_late\" = 0.01}\n"
                           "[sweep]\n\"budget.change_early\" = [-0.01, -0.02]\n";
  const auto s = load_scenario_text(text, "s.toml", {"budget.change_late=-0.04"});
  EXPECT_DOUBLE_EQ(s.params.budget.change_late, -0.04);
  const auto points = sweep_points(s);
  ASSERT_EQ(points.size(), 2u);
  for (const auto& pt : points) {
    ASSERT_EQ(pt.params.policy_changes.size(), 1u);
    EXPECT_EQ(pt.params.policy_changes[0].from_year, 5);
  }
}

TEST(ResolvedParameters, RecordTheTimelineAndLoadBackToTheSame) {
  const auto s = load_scenario_text(std::string(kDomains) + R"(
[[timeline]]
year = 2017
set = {"domain.care.pbr_share" = 0.1, "mutuals.governance" = "joint_venture"}

[commissioner."commissioner-003"]
domain.care.tender_share = 1

[group.coast]
members = ["commissioner-001", "commissioner-004"]
budget.change_late = -0.06
)",
                                    "s.toml");
  const std::string text = resolved_toml(s.params);
  EXPECT_NE(text.find("[[timeline]]  # s.toml:5\nyear = 2017\nset = {\"domain.care.pbr_share\" = "
                      "0.1, \"mutuals.governance\" = \"joint_venture\"}"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("[group.\"coast\"]\nmembers = [\"commissioner-001\", \"commissioner-004\"]"),
            std::string::npos);
  EXPECT_NE(text.find("commissioners = [\"commissioner-003\"]"), std::string::npos);
  const auto again = load_scenario_text(text, "resolved.toml");
  ASSERT_EQ(again.params.policy_changes.size(), s.params.policy_changes.size());
  for (std::size_t k = 0; k < s.params.policy_changes.size(); ++k) {
    const auto &a = again.params.policy_changes[k], &b = s.params.policy_changes[k];
    EXPECT_EQ(a.from_year, b.from_year);
    EXPECT_EQ(a.commissioners, b.commissioners);
    EXPECT_EQ(a.group, b.group);
    EXPECT_EQ(a.settings, b.settings);
  }
}

// --- list-valued parameters: [difficulty] -------------------------------------------------

const char* kTwoGroups =
    "[difficulty]\ngroups = [\"easy\", \"hard\"]\nshare = [0.75, 0.25]\nease = [1.2, 0.5]\n"
    "cost = [0.9, 1.6]\npbr_payment = [1, 2.5]\n";

TEST(ScenarioLists, DifficultyListsAreReadInGroupOrder) {
  const auto s = load_scenario_text(std::string(kDomains) + kTwoGroups, "s.toml");
  const DifficultyParams& g = s.params.difficulty;
  EXPECT_EQ(g.groups, (std::vector<std::string>{"easy", "hard"}));
  EXPECT_EQ(g.share, (std::vector<double>{0.75, 0.25}));
  EXPECT_EQ(g.ease, (std::vector<double>{1.2, 0.5}));
  EXPECT_EQ(g.cost, (std::vector<double>{0.9, 1.6}));
  EXPECT_EQ(g.pbr_payment, (std::vector<double>{1.0, 2.5}));  // integers read as numbers
  // The defaults: three groups, shares summing to 1.
  const Parameters d{};
  EXPECT_EQ(d.difficulty.groups.size(), 3u);
  EXPECT_EQ(load_scenario_text(kDomains, "s.toml").params.difficulty.share, d.difficulty.share);
  // Provenance writes them as TOML arrays that load back to the same.
  const std::string text = resolved_toml(s.params);
  EXPECT_NE(text.find("[difficulty]\ngroups = [\"easy\", \"hard\"]\nshare = [0.75, 0.25]\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("pbr_payment = [1.0, 2.5]"), std::string::npos) << text;
  EXPECT_EQ(load_scenario_text(text, "r.toml").params.difficulty.pbr_payment, g.pbr_payment);
  // One group is allowed; so are --set arrays.
  const auto one = load_scenario_text(
      kDomains, "s.toml",
      {"difficulty.groups=[\"all\"]", "difficulty.share=[1]", "difficulty.ease=[1]",
       "difficulty.cost=[1]", "difficulty.pbr_payment=[1]"});
  EXPECT_EQ(one.params.difficulty.groups, (std::vector<std::string>{"all"}));
}

TEST(ScenarioLists, AListOfTheWrongLengthNamesFileLineAndKey) {
  const std::string base = std::string(kDomains) + kTwoGroups;  // [difficulty] is on line 3
  EXPECT_EQ(error_of(base + "[waiting]\n", {"difficulty.ease=[1, 1, 1]"}),
            "--set: difficulty.ease: has 3 values but difficulty.groups names 2 groups; give one "
            "value per group, in the same order");
  EXPECT_EQ(error_of(std::string(kDomains) +
                     "[difficulty]\ngroups = [\"a\", \"b\"]\nshare = [0.5, 0.5]\n"),
            "s.toml:5: difficulty.groups: names 2 groups but difficulty.ease keeps its default "
            "of 3 values; set difficulty.ease too (one value per group, in the same order)");
  EXPECT_EQ(error_of(std::string(kDomains) + "[difficulty]\ncost = [1, 1, 1, 1, 1]\n"),
            "s.toml:5: difficulty.cost: expected an array of 1 to 4 numbers in [0.01, 10] (one "
            "per difficulty group), got an array of 5 items");
  EXPECT_EQ(error_of(std::string(kDomains) + "[difficulty]\ngroups = []\n"),
            "s.toml:5: difficulty.groups: expected an array of 1 to 4 names, e.g. [\"easier\", "
            "\"typical\", \"hardest\"], got an array of 0 items");
}

TEST(ScenarioLists, NotAnArrayOrWrongItemsAreRefused) {
  EXPECT_EQ(error_of(std::string(kDomains) + "[difficulty]\nease = 1.0\n"),
            "s.toml:5: difficulty.ease: expected an array of 1 to 4 numbers in [0, 10] (one per "
            "difficulty group), got 1");
  EXPECT_EQ(error_of(std::string(kDomains) + "[difficulty]\ngroups = \"easy\"\n"),
            "s.toml:5: difficulty.groups: expected an array of 1 to 4 names, e.g. [\"easier\", "
            "\"typical\", \"hardest\"], got \"easy\"");
  EXPECT_EQ(error_of(std::string(kDomains) + "[difficulty]\ngroups = [\"a\", 2, \"c\"]\n"),
            "s.toml:5: difficulty.groups: expected names (strings), got 2");
  EXPECT_EQ(error_of(std::string(kDomains) + "[difficulty]\ncost = [1, \"x\", 1]\n"),
            "s.toml:5: difficulty.cost: expected a number (x), got \"x\"");
  EXPECT_EQ(error_of(std::string(kDomains) + "[difficulty]\nshare = [0.5, -0.1, 0.6]\n"),
            "s.toml:5: difficulty.share: expected a number in [0, 1] (share), got -0.1");
}

TEST(ScenarioLists, SharesMustSumToOne) {
  EXPECT_EQ(error_of(std::string(kDomains) + "[difficulty]\nshare = [0.3, 0.5, 0.3]\n"),
            "s.toml:5: difficulty.share: the shares must sum to 1 (they are the whole "
            "population), got 1.1");
  // Within 1e-6 is a sum of 1 (decimal shares rarely add up exactly in binary).
  EXPECT_EQ(error_of(std::string(kDomains) + "[difficulty]\nshare = [0.1, 0.2, 0.7000005]\n"),
            "no error");
}

TEST(ScenarioLists, GroupNamesAreUniqueAndNotEmpty) {
  EXPECT_EQ(
      error_of(std::string(kDomains) + "[difficulty]\ngroups = [\"easy\", \"hard\", \"easy\"]\n"),
      "s.toml:5: difficulty.groups: \"easy\" is named twice (groups 1 and 3); each group "
      "needs its own name");
  EXPECT_EQ(error_of(std::string(kDomains) + "[difficulty]\ngroups = [\"easy\", \"\", \"x\"]\n"),
            "s.toml:5: difficulty.groups: group 2 has an empty name");
}

TEST(ScenarioLists, TheTimelineMayChangeListsButNotTheGroups) {
  const std::string base = std::string(kDomains) + kTwoGroups;
  const auto s = load_scenario_text(
      base + "[[timeline]]\nyear = 2012\nset = {\"difficulty.pbr_payment\" = [1, 3]}\n", "s.toml");
  ASSERT_EQ(s.params.policy_changes.size(), 1u);
  Parameters later = s.params;
  apply_setting(later, "difficulty.pbr_payment", s.params.policy_changes[0].settings[0].second);
  EXPECT_EQ(later.difficulty.pbr_payment, (std::vector<double>{1.0, 3.0}));
  // Still one value per group.
  EXPECT_EQ(error_of(base + "[[timeline]]\nyear = 2012\nset = {\"difficulty.ease\" = [1]}\n"),
            "s.toml:12: difficulty.ease: has 1 value but difficulty.groups names 2 groups; give "
            "one value per group, in the same order");
  // Who is in which group is fixed at birth: the groups and their shares hold for the run.
  for (const char* set :
       {"{\"difficulty.groups\" = [\"x\", \"y\"]}", "{\"difficulty.share\" = [0.5, 0.5]}"}) {
    const std::string m =
        error_of(base + "[[timeline]]\nyear = 2012\nset = " + std::string(set) + "\n");
    EXPECT_NE(m.find("holds for the whole run"), std::string::npos) << m;
    EXPECT_EQ(m.rfind("s.toml:12: difficulty.", 0), 0u) << m;
  }
}

TEST(ScenarioLists, ASweepOverAListLabelsItsPoints) {
  const auto s = load_scenario_text(std::string(kDomains) + kTwoGroups +
                                        "[sweep]\n\"difficulty.pbr_payment\" = [[1, 1], [1, 2]]\n",
                                    "s.toml");
  const auto points = sweep_points(s);
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(points[1].label, "difficulty.pbr_payment=[1, 2]");
  EXPECT_EQ(points[1].params.difficulty.pbr_payment, (std::vector<double>{1.0, 2.0}));
}

TEST(ScenarioChoices, WaitingOrderIsAnEnum) {
  EXPECT_EQ(Parameters{}.waiting.order, WaitingOrder::ByNeed);
  const auto s = load_scenario_text(kDomains, "s.toml", {"waiting.order=first_come_first_served"});
  EXPECT_EQ(s.params.waiting.order, WaitingOrder::FirstComeFirstServed);
  EXPECT_NE(resolved_toml(s.params).find("[waiting]\norder = \"first_come_first_served\""),
            std::string::npos);
  EXPECT_EQ(error_of(kDomains, {"waiting.order=fifo"}),
            "--set: waiting.order: expected one of first_come_first_served|by_need, got \"fifo\"");
}

}  // namespace
}  // namespace quasim

namespace quasim {
namespace {

// A domain is declared by a table giving onset and unit_cost; any other [domain.NAME] table
// changes a declared one, so a misspelt heading is an error, not a fifth domain.
TEST(DeclaredDomains, MisspeltHeadingNamesLineAndNearestDomain) {
  const std::string base = "extends = \"" + test::scenario_path("baseline.toml") + "\"\n\n";
  EXPECT_EQ(error_of(base + "[domain.adult_socal_care]\ntender_share = 0.3\n"),
            "s.toml:4: domain.adult_socal_care: unknown domain (did you mean "
            "'adult_social_care'?): a [domain.NAME] table changes a domain declared in this file "
            "or one it extends; a new domain must give onset and unit_cost");
  EXPECT_EQ(error_of(base, {"domain.childrens_servises.tender_share=1"})
                .rfind("--set: domain.childrens_servises: unknown domain (did you mean "
                       "'childrens_services'?)",
                       0),
            0u);
  // Changing a declared domain, and declaring a new one, still load.
  const Scenario changed = load_scenario_text(
      base +
          "[domain.adult_social_care]\ntender_share = 0.3\n\n[domain.prisons]\nonset = "
          "0.001\nunit_cost = 30000\n",
      "s.toml");
  ASSERT_EQ(changed.params.domains.size(), 5u);
  EXPECT_EQ(changed.params.domains[0].tender_share, 0.3);
}

TEST(DeclaredDomains, ANewDomainMustGiveItsRequiredKeys) {
  EXPECT_EQ(error_of("[domain.care]\nonset = 0.01\n"),
            "s.toml:2: domain.care: undeclared domain: a new domain must give unit_cost");
  EXPECT_EQ(error_of(std::string(kDomains) + "[domain.prisons]\ntender_share = 1\n"),
            "s.toml:5: domain.prisons: undeclared domain: a new domain must give onset and "
            "unit_cost (or, to change a declared domain, name one of care)");
}

TEST(DeclaredDomains, EveryShippedScenarioDeclaresItsDomains) {
  for (const auto& e :
       fs::recursive_directory_iterator(std::string(QUASIM_SOURCE_DIR) + "/scenarios"))
    if (e.path().extension() == ".toml") {
      SCOPED_TRACE(e.path().string());
      EXPECT_NO_THROW(load_scenario(e.path().string()));
    }
}

}  // namespace
}  // namespace quasim
