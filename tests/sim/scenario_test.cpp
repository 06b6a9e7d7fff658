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

const char* kDomains = "[domain.care]\nonset = 0.01\n";

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
      m, "s.toml:4: budget.change_erly: unknown parameter (did you mean 'budget.change_early'?)");
}

TEST(ScenarioErrors, UnknownDomainFieldSuggestsNearest) {
  const auto m = error_of(std::string(kDomains) + "onsett = 0.2\n");
  EXPECT_NE(
      m.find("s.toml:3: domain.care.onsett: unknown parameter (did you mean 'domain.care.onset'?)"),
      std::string::npos)
      << m;
}

TEST(ScenarioErrors, WrongTypeNamesExpectation) {
  const auto m = error_of(std::string(kDomains) + "[run]\nyears = \"ten\"\n");
  EXPECT_EQ(m, "s.toml:4: run.years: expected an integer in [1, 200], got \"ten\"");
}

TEST(ScenarioErrors, OutOfRangeGivesRange) {
  const auto m = error_of(std::string(kDomains) + "pbr_share = 1.5\n");
  EXPECT_EQ(m, "s.toml:3: domain.care.pbr_share: expected a number in [0, 1] (share), got 1.5");
}

TEST(ScenarioErrors, NanAndInfinityRejected) {
  EXPECT_NE(error_of(std::string(kDomains) + "escalation = nan\n").find("expected a finite number"),
            std::string::npos);
  EXPECT_NE(error_of(std::string(kDomains) + "unit_cost = inf\n")
                .find("s.toml:3: domain.care.unit_cost: expected a finite"),
            std::string::npos);
}

TEST(ScenarioErrors, SyntaxErrorNamesLine) {
  const auto m = error_of(std::string(kDomains) + "[budget\nchange_early = 1\n");
  EXPECT_EQ(m.rfind("s.toml:3: TOML syntax error", 0), 0u) << m;
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
  p.provider = default_provider_types();
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

}  // namespace
}  // namespace quasim
